import { afterEach, describe, expect, test, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { flushPromises } from '@vue/test-utils'
import HomeView from '@/features/home/HomeView.vue'
import MeView from '@/features/me/MeView.vue'
import AppTabbar from '@/components/AppTabbar.vue'
import { CLOCK } from '@/composables/useClock'
import { useOnline } from '@/composables/useOnline'
import { makeProfile, mountView, signedInDependencies } from './support'

afterEach(() => {
  document.body.innerHTML = ''
})

const secretary = makeProfile({
  roles: [
    { role: 'member', branch_id: 'branch-1' },
    { role: 'secretary', branch_id: 'branch-1' },
  ],
})

describe('首页', () => {
  test('greets the member by name with branch, role and today’s date in Chinese', async () => {
    const { wrapper } = await mountView(HomeView, {
      deps: signedInDependencies(secretary),
      restored: true,
      provide: { [CLOCK as symbol]: () => new Date(2026, 10, 24, 15, 30) },
    })
    expect(wrapper.get('[data-testid="member-name"]').text()).toBe('王小红')
    expect(wrapper.text()).toContain('下午好')
    expect(wrapper.get('[data-testid="home-branch"]').text()).toBe('第一党支部')
    expect(wrapper.get('[data-testid="home-role"]').text()).toBe('支部书记')
    expect(wrapper.get('[data-testid="home-date"]').text()).toBe('2026年11月24日星期二')
    // The branch's events load after the greeting, from the (empty) local database: opening it
    // takes longer on a loaded machine, so the wait (and the test) allow for that.
    await vi.waitFor(() => expect(wrapper.find('[data-testid="home-events-empty"]').exists()).toBe(true), { timeout: 10_000, interval: 20 })
  }, 15_000)
})

describe('tab bar', () => {
  test('shows a secretary the branch tab but not the review tab', async () => {
    const { wrapper } = await mountView(AppTabbar, { deps: signedInDependencies(secretary), restored: true })
    const labels = wrapper.findAll('[data-testid^="tab-"]').map((item) => item.text())
    expect(labels).toEqual(['首页', '活动', '签到', '支部', '我的'])
  })

  test('shows a member the four common tabs', async () => {
    const { wrapper } = await mountView(AppTabbar, { deps: signedInDependencies(makeProfile()), restored: true })
    expect(wrapper.findAll('[data-testid^="tab-"]')).toHaveLength(4)
    expect(wrapper.find('[data-testid="tab-review"]').exists()).toBe(false)
  })
})

describe('我的', () => {
  test('shows the person, and 退出登录 asks first when changes are unsynced', async () => {
    const confirmSignOut = vi.fn(async () => false)
    const deps = { ...signedInDependencies(secretary), pendingWork: async () => ({ pending: 3, photos: 0 }), confirmSignOut }
    const signOut = vi.spyOn(deps.auth, 'signOut')
    const { wrapper, router } = await mountView(MeView, { deps, restored: true })
    expect(wrapper.get('[data-testid="me-name"]').text()).toContain('王小红')
    expect(wrapper.get('[data-testid="me-phone"]').text()).toContain('13900000001')
    expect(wrapper.get('[data-testid="me-roles"]').text()).toContain('支部书记')
    await wrapper.get('[data-testid="sign-out"]').trigger('click')
    await flushPromises()
    expect(confirmSignOut).toHaveBeenCalledWith({ pending: 3, photos: 0 })
    expect(signOut).not.toHaveBeenCalled()
    expect(router.currentRoute.value.path).toBe('/view')
  })

  test('switches the interface to English and back', async () => {
    const { wrapper } = await mountView(MeView, { deps: signedInDependencies(makeProfile()), restored: true })
    await wrapper.get('[data-testid="language-en"]').trigger('click')
    expect(wrapper.text()).toContain('Sign out')
    expect(document.documentElement.lang).toBe('en')
    await wrapper.get('[data-testid="language-zh-CN"]').trigger('click')
    expect(wrapper.text()).toContain('退出登录')
  })
})

describe('useOnline', () => {
  test('follows the online and offline events', async () => {
    const target = Object.assign(new EventTarget(), { navigator: { onLine: true } })
    const scope = effectScope()
    const online = scope.run(() => useOnline({ window: target }))!
    expect(online.value).toBe(true)
    target.navigator.onLine = false
    target.dispatchEvent(new Event('offline'))
    await nextTick()
    expect(online.value).toBe(false)
    scope.stop()
    target.navigator.onLine = true
    target.dispatchEvent(new Event('online'))
    expect(online.value).toBe(false)
  })
})
