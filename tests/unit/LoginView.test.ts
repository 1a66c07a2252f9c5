import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import LoginView from '@/features/auth/LoginView.vue'
import { AuthFailure } from '@/data/auth'
import type { Profile } from '@/domain/profile'
import { makeDependencies, makeProfile, mountView } from './support'

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountLogin(signIn: (...args: unknown[]) => Promise<Profile>, path = '/view') {
  const base = makeDependencies()
  const deps = makeDependencies({ auth: { ...base.auth, signIn } })
  return mountView(LoginView, { deps, path })
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], account: string, password: string) {
  await wrapper.get('#login-account').setValue(account)
  await wrapper.get('#login-password').setValue(password)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('LoginView', () => {
  test('explains a malformed phone number and an empty password, without calling the server', async () => {
    const signIn = vi.fn(async () => makeProfile())
    const { wrapper } = await mountLogin(signIn)
    await fillAndSubmit(wrapper, '1390000', '')
    expect(wrapper.text()).toContain('手机号格式不正确，应为以 1 开头的 11 位数字')
    expect(wrapper.text()).toContain('请输入密码')
    expect(signIn).not.toHaveBeenCalled()
  })

  test('signs in by phone and goes where the user wanted', async () => {
    const signIn = vi.fn(async () => makeProfile())
    const { wrapper, router } = await mountLogin(signIn, '/view?redirect=/login')
    await fillAndSubmit(wrapper, '139 0000 0001', 'Zhibu@2026')
    expect(signIn).toHaveBeenCalledWith({ kind: 'phone', phone: '13900000001' }, 'Zhibu@2026')
    expect(router.currentRoute.value.path).toBe('/login')
  })

  test('shows 账号或密码错误 for wrong credentials', async () => {
    const { wrapper } = await mountLogin(async () => {
      throw new AuthFailure('invalid-credentials')
    })
    await fillAndSubmit(wrapper, 'member@demo.zhibu.cn', 'wrong')
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('账号或密码错误')
  })

  test('shows a network message when the server cannot be reached', async () => {
    const { wrapper } = await mountLogin(async () => {
      throw new AuthFailure('network')
    })
    await fillAndSubmit(wrapper, 'member@demo.zhibu.cn', 'Zhibu@2026')
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('无法连接服务器，请检查网络后重试')
  })

  test('disables the button and shows progress while signing in', async () => {
    let finish!: (profile: Profile) => void
    const signIn = vi.fn(() => new Promise<Profile>((resolve) => (finish = resolve)))
    const { wrapper } = await mountLogin(signIn)
    await wrapper.get('#login-account').setValue('member@demo.zhibu.cn')
    await wrapper.get('#login-password').setValue('Zhibu@2026')
    await wrapper.get('form').trigger('submit')
    const button = wrapper.get('[data-testid="login-submit"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.text()).toContain('正在登录')
    await wrapper.get('form').trigger('submit')
    expect(signIn).toHaveBeenCalledOnce()
    finish(makeProfile())
    await flushPromises()
  })
})
