import { AuthFailure } from '@/data/auth'

type Translate = (key: string) => string

/** The Chinese sentence for a failed sign-in. */
export function loginErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof AuthFailure) {
    if (error.kind === 'invalid-credentials') return t('auth.errors.invalidCredentials')
    if (error.kind === 'network') return t('auth.errors.network')
  }
  return t('auth.errors.unknown')
}

/** The server's own message (e.g. 邀请码无效) when it refused the join, else a generic one. */
export function joinErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof AuthFailure) {
    if (error.kind === 'network') return t('join.errors.network')
    if (error.kind === 'rejected' && error.message) return error.message
  }
  return t('join.errors.unknown')
}
