import { describe, expect, test } from 'vitest'
import { AuthFailure } from '@/data/auth'
import { loginErrorMessage } from '@/features/auth/authErrorMessage'
import en from '@/i18n/en'
import zhCN from '@/i18n/zh-CN'
import { TOO_MANY_ATTEMPTS_MESSAGE } from '../../supabase/local/login-limit'

// The login screen's words for the server's refusal after too many failed sign-ins (429).

const translate = (messages: typeof zhCN | typeof en) => (key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string

describe('login rate limit message', () => {
  test('should recognise the local backend words and show them in the current language', () => {
    expect(TOO_MANY_ATTEMPTS_MESSAGE).toBe(zhCN.auth.errors.tooManyAttempts)
    const failure = new AuthFailure('unknown', TOO_MANY_ATTEMPTS_MESSAGE)
    expect(loginErrorMessage(failure, translate(zhCN))).toBe('登录失败次数过多，请15分钟后再试')
    expect(loginErrorMessage(failure, translate(en))).toBe('Too many failed sign-ins. Try again in 15 minutes.')
  })

  test("should recognise a real Supabase project's rate-limit message", () => {
    expect(loginErrorMessage(new AuthFailure('unknown', 'Request rate limit reached'), translate(zhCN))).toBe('登录失败次数过多，请15分钟后再试')
  })

  test('should keep the generic message for other unknown failures', () => {
    expect(loginErrorMessage(new AuthFailure('unknown', 'Database error querying schema'), translate(zhCN))).toBe('登录失败，请稍后重试')
  })
})
