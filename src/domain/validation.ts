/** The part of a zod error (classic or mini) that forms read. */
export interface ValidationIssues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[]
}

/** Field name → its first error message (`_` for an error of the whole record), from a failed parse. */
export function fieldErrors(error: ValidationIssues): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_')
    out[key] ??= issue.message
  }
  return out
}
