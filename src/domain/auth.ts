import { z } from 'zod'

/** A mainland China mobile number, 11 digits starting with 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/

const emailSchema = z.email()

/**
 * Tidies what people type for a phone number: spaces, dashes and a +86 / 86 country prefix.
 * Returns the input trimmed when it does not look like a phone number.
 */
export function normalizePhone(input: string): string {
  const compact = input.trim().replace(/[\s-]/g, '')
  const national = compact.replace(/^(\+?86)(?=1\d{10}$)/, '')
  return /^\+?\d+$/.test(national) ? national : input.trim()
}

export type LoginIdentifier = { kind: 'phone'; phone: string } | { kind: 'email'; email: string }

/** Error messages are i18n keys; the form translates them. */
export const loginSchema = z
  .object({
    account: z.string().trim().min(1, 'auth.errors.accountRequired'),
    password: z.string().min(1, 'auth.errors.passwordRequired'),
  })
  .superRefine((value, ctx) => {
    if (!value.account || identifierOf(value.account)) return
    const looksLikePhone = /^[+\d\s-]+$/.test(value.account)
    const message = looksLikePhone
      ? 'auth.errors.phoneInvalid'
      : value.account.includes('@')
        ? 'auth.errors.emailInvalid'
        : 'auth.errors.accountInvalid'
    ctx.addIssue({ code: 'custom', path: ['account'], message })
  })

export type LoginInput = z.input<typeof loginSchema>

/** Reads a login account as a phone number or an email address; null when it is neither. */
export function identifierOf(account: string): LoginIdentifier | null {
  const phone = normalizePhone(account)
  if (MOBILE_PATTERN.test(phone)) return { kind: 'phone', phone }
  const email = account.trim().toLowerCase()
  if (emailSchema.safeParse(email).success) return { kind: 'email', email }
  return null
}

export const joinSchema = z.object({
  inviteCode: z
    .string()
    .trim()
    .min(1, 'join.errors.inviteCodeRequired')
    .max(64, 'join.errors.inviteCodeInvalid'),
  phone: z
    .string()
    .transform(normalizePhone)
    .pipe(z.string().min(1, 'join.errors.phoneRequired').regex(MOBILE_PATTERN, 'join.errors.phoneInvalid')),
})

export type JoinInput = z.input<typeof joinSchema>

/** Field name → first error message key, from a failed zod parse. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (!(field in out)) out[field] = issue.message
  }
  return out
}
