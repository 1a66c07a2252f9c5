// zod/mini: the login screen is a first screen, where every KB counts.
import * as z from 'zod/mini'

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
    account: z.string().check(z.trim(), z.minLength(1, 'auth.errors.accountRequired')),
    password: z.string().check(z.minLength(1, 'auth.errors.passwordRequired')),
  })
  .check(z.superRefine((value, ctx) => {
    if (!value.account || identifierOf(value.account)) return
    const looksLikePhone = /^[+\d\s-]+$/.test(value.account)
    const message = looksLikePhone
      ? 'auth.errors.phoneInvalid'
      : value.account.includes('@')
        ? 'auth.errors.emailInvalid'
        : 'auth.errors.accountInvalid'
    ctx.addIssue({ code: 'custom', path: ['account'], message, input: value.account })
  }))

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
    .check(z.trim(), z.minLength(1, 'join.errors.inviteCodeRequired'), z.maxLength(64, 'join.errors.inviteCodeInvalid')),
  phone: z.pipe(
    z.pipe(z.string(), z.transform(normalizePhone)),
    z.string().check(z.minLength(1, 'join.errors.phoneRequired'), z.regex(MOBILE_PATTERN, 'join.errors.phoneInvalid')),
  ),
})

export type JoinInput = z.input<typeof joinSchema>

export { fieldErrors } from './validation'
