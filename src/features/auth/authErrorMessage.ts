import { AuthFailure } from '@/data/auth'
import zhCN from '@/i18n/zh-CN'

type Translate = (key: string) => string

/** The message for a failed sign-in, in the current language. */
export function loginErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof AuthFailure) {
    if (error.kind === 'invalid-credentials') return t('auth.errors.invalidCredentials')
    if (error.kind === 'network') return t('auth.errors.network')
    if (error.kind === 'unknown' && isLoginRateLimit(error.message)) return t('auth.errors.tooManyAttempts')
  }
  return t('auth.errors.unknown')
}

/**
 * The server's refusal after too many failed sign-ins: the local backend's words (429), or the
 * rate-limit message of a real Supabase project.
 */
function isLoginRateLimit(message: string): boolean {
  return message.trim() === zhCN.auth.errors.tooManyAttempts || /rate limit/i.test(message)
}

type JoinRefusal = keyof typeof zhCN.errors.join

/** Which of join_branch's refusals the server's (Chinese) message is, if one it is known to raise. */
export function joinRefusal(message: string): JoinRefusal | null {
  const text = message.trim()
  const entries = Object.entries(zhCN.errors.join) as [JoinRefusal, string][]
  return entries.find(([, zh]) => zh === text)?.[0] ?? null
}

/**
 * Why joining failed: a refusal the server is known to raise (e.g. 邀请码无效) in the current
 * language; another refusal as the server worded it; else a generic message.
 */
export function joinErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof AuthFailure) {
    if (error.kind === 'network') return t('join.errors.network')
    if (error.kind === 'rejected' && error.message) {
      const refusal = joinRefusal(error.message)
      return refusal ? t(`errors.join.${refusal}`) : error.message
    }
  }
  return t('join.errors.unknown')
}
