import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import JoinView from '@/features/auth/JoinView.vue'
import { AuthFailure } from '@/data/auth'
import type { Profile } from '@/domain/profile'
import { makeProfile, mountView, signedInDependencies } from './support'

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountJoin(join: (code: string, phone: string) => Promise<Profile>) {
  const unlinked = makeProfile({ member: null, phone: '8613900000004', roles: [] })
  return mountView(JoinView, { deps: signedInDependencies(unlinked, { join }), restored: true })
}

describe('JoinView', () => {
  test('prefills the phone of the login, without the country code', async () => {
    const { wrapper } = await mountJoin(async () => makeProfile())
    expect((wrapper.get('#join-phone').element as HTMLInputElement).value).toBe('13900000004')
  })

  test('asks for the invite code before calling the server', async () => {
    const join = vi.fn(async () => makeProfile())
    const { wrapper } = await mountJoin(join)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.text()).toContain('请输入邀请码')
    expect(join).not.toHaveBeenCalled()
  })

  test('shows the server’s message when the code is refused', async () => {
    const { wrapper } = await mountJoin(async () => {
      throw new AuthFailure('rejected', '邀请码无效')
    })
    await wrapper.get('#join-invite-code').setValue('WRONG1')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="join-error"]').text()).toBe('邀请码无效')
  })

  test('words the server’s known refusals in English, and passes an unknown one on as sent', async () => {
    let refusal = '该手机号不在支部名册中'
    const { wrapper, i18n } = await mountJoin(async () => {
      throw new AuthFailure('rejected', refusal)
    })
    i18n.global.locale.value = 'en'
    await wrapper.get('#join-invite-code').setValue('BR01-2026')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="join-error"]').text()).toBe('This number is not on the branch roster')
    refusal = '服务器维护中'
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="join-error"]').text()).toBe('服务器维护中')
  })

  test('keeps a long typed phone number whole instead of cutting it into another number', async () => {
    const join = vi.fn(async () => makeProfile())
    const { wrapper } = await mountJoin(join)
    await wrapper.get('#join-invite-code').setValue('BR01-2026')
    await wrapper.get('#join-phone').setValue('+86 139 0000 00012')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(join).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('手机号格式不正确')
    await wrapper.get('#join-phone').setValue('+86 139 0000 0001')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(join).toHaveBeenCalledExactlyOnceWith('BR01-2026', '13900000001')
  })

  test('joins with the code and phone, then opens 首页', async () => {
    const join = vi.fn(async () => makeProfile())
    const { wrapper, router } = await mountJoin(join)
    await wrapper.get('#join-invite-code').setValue(' BR01-2026 ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(join).toHaveBeenCalledWith('BR01-2026', '13900000004')
    expect(router.currentRoute.value.path).toBe('/')
  })
})
