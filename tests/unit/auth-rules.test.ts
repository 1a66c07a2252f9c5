import { describe, expect, test } from 'vitest'
import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js'
import { fieldErrors, identifierOf, joinSchema, loginSchema, normalizePhone } from '@/domain/auth'
import { AuthFailure, isDefiniteAuthFailure, isNetworkFailure } from '@/data/auth'
import { joinErrorMessage, loginErrorMessage } from '@/features/auth/authErrorMessage'
import { createAppI18n } from '../helpers/i18n'

const { t } = createAppI18n('zh-CN').global

function loginErrors(account: string, password: string) {
  const parsed = loginSchema.safeParse({ account, password })
  return parsed.success ? {} : fieldErrors(parsed.error)
}

describe('login validation', () => {
  test('accepts a mainland mobile number and an email address', () => {
    expect(loginErrors('13900000001', 'x')).toEqual({})
    expect(loginErrors('member@demo.zhibu.cn', 'x')).toEqual({})
  })

  test('rejects a phone number that is too short, in Chinese', () => {
    const errors = loginErrors('1390000', 'x')
    expect(t(errors.account!)).toBe('手机号格式不正确，应为以 1 开头的 11 位数字')
  })

  test('rejects a number that does not start with 13–19', () => {
    expect(loginErrors('12900000001', 'x').account).toBe('auth.errors.phoneInvalid')
  })

  test('rejects a malformed email', () => {
    expect(t(loginErrors('member@demo', 'x').account!)).toBe('邮箱格式不正确')
  })

  test('asks for both fields when empty', () => {
    const errors = loginErrors('  ', '')
    expect(t(errors.account!)).toBe('请输入手机号或邮箱')
    expect(t(errors.password!)).toBe('请输入密码')
  })

  test('reads +86 and spaces in a phone number', () => {
    expect(identifierOf('+86 139 0000 0001')).toEqual({ kind: 'phone', phone: '13900000001' })
    expect(normalizePhone('8613900000002')).toBe('13900000002')
    expect(identifierOf(' Member@Demo.Zhibu.cn ')).toEqual({ kind: 'email', email: 'member@demo.zhibu.cn' })
  })
})

describe('join validation', () => {
  test('needs an invite code and a valid phone', () => {
    const parsed = joinSchema.safeParse({ inviteCode: ' ', phone: '123' })
    expect(parsed.success).toBe(false)
    const errors = fieldErrors(parsed.error!)
    expect(t(errors.inviteCode!)).toBe('请输入邀请码')
    expect(t(errors.phone!)).toBe('手机号格式不正确，应为以 1 开头的 11 位数字')
  })

  test('trims the code and normalises the phone', () => {
    expect(joinSchema.parse({ inviteCode: ' ABC123 ', phone: '+86 13900000001' })).toEqual({
      inviteCode: 'ABC123',
      phone: '13900000001',
    })
  })
})

describe('error mapping', () => {
  test('wrong credentials read 账号或密码错误', () => {
    expect(loginErrorMessage(new AuthFailure('invalid-credentials'), t)).toBe('账号或密码错误')
  })

  test('a network failure asks to check the connection', () => {
    expect(loginErrorMessage(new AuthFailure('network'), t)).toBe('无法连接服务器，请检查网络后重试')
  })

  test('anything else is a generic failure, never a raw English message', () => {
    expect(loginErrorMessage(new Error('Internal Server Error'), t)).toBe('登录失败，请稍后重试')
  })

  test('a refused join shows the server’s own message', () => {
    expect(joinErrorMessage(new AuthFailure('rejected', '邀请码无效'), t)).toBe('邀请码无效')
    expect(joinErrorMessage(new AuthFailure('network'), t)).toBe('无法连接服务器，请检查网络后重试')
  })

  test('supabase-js network errors are network failures, not auth failures', () => {
    const offline = new AuthRetryableFetchError('Failed to fetch', 0)
    expect(isNetworkFailure(offline)).toBe(true)
    expect(isDefiniteAuthFailure(offline)).toBe(false)
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true)
  })

  test('a revoked refresh token is a definite auth failure', () => {
    const revoked = new AuthApiError('Invalid Refresh Token: Refresh Token Not Found', 400, 'refresh_token_not_found')
    expect(isDefiniteAuthFailure(revoked)).toBe(true)
    expect(isNetworkFailure(revoked)).toBe(false)
  })

  test('a server error is neither', () => {
    const broken = new AuthApiError('boom', 500, undefined)
    expect(isDefiniteAuthFailure(broken)).toBe(false)
  })
})
