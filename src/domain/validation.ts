/** The part of a zod error (classic or mini) that forms read. */
export interface ValidationIssues {
  issues: readonly {
    path: readonly PropertyKey[]
    message: string
    code?: string
    params?: Record<string, unknown>
    minimum?: number | bigint
    maximum?: number | bigint
  }[]
}

/** A field's refusal as a code and its parameters; the UI words it as `errors.<code>`. */
export interface FieldProblem {
  code: string
  params: Record<string, string | number>
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

/**
 * Field name → its first refusal as `{ code, params }`, for schemas whose messages are codes: a
 * custom issue's `params`, else a size check's bound as `min` / `max`.
 */
export function fieldProblems(error: ValidationIssues): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_')
    out[key] ??= { code: issue.message, params: paramsOf(issue) }
  }
  return out
}

function paramsOf(issue: ValidationIssues['issues'][number]): Record<string, string | number> {
  if (issue.params) {
    const params: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(issue.params)) {
      if (typeof value === 'string' || typeof value === 'number') params[name] = value
    }
    return params
  }
  if (issue.code === 'too_small' && issue.minimum !== undefined) return { min: Number(issue.minimum) }
  if (issue.code === 'too_big' && issue.maximum !== undefined) return { max: Number(issue.maximum) }
  return {}
}
