import { afterEach, describe, expect, test, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import PwaUpdateBanner from '@/components/PwaUpdateBanner.vue'
import AppNotice from '@/components/AppNotice.vue'
import { createAppI18n } from '../helpers/i18n'

function fakeRegister() {
  const needRefresh = ref(false)
  const offlineReady = ref(false)
  const updateServiceWorker = vi.fn(async () => {})
  const register = vi.fn(() => ({ needRefresh, offlineReady, updateServiceWorker }))
  return { register, needRefresh, offlineReady, updateServiceWorker }
}

function mountBanner(register: ReturnType<typeof fakeRegister>['register']) {
  return mount(PwaUpdateBanner, { props: { register }, global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('PwaUpdateBanner', () => {
  test('stays hidden until a new version is waiting', async () => {
    const sw = fakeRegister()
    const wrapper = mountBanner(sw.register)
    expect(wrapper.find('[data-testid="pwa-update"]').exists()).toBe(false)
    sw.needRefresh.value = true
    await nextTick()
    expect(wrapper.text()).toContain('发现新版本')
    expect(wrapper.text()).toContain('立即更新')
    expect(wrapper.text()).toContain('稍后')
  })

  test('updates (and reloads) only when the user taps 立即更新', async () => {
    const sw = fakeRegister()
    sw.needRefresh.value = true
    const wrapper = mountBanner(sw.register)
    await nextTick()
    expect(sw.updateServiceWorker).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="pwa-update-now"]').trigger('click')
    expect(sw.updateServiceWorker).toHaveBeenCalledWith(true)
  })

  test('稍后 hides the banner without updating', async () => {
    const sw = fakeRegister()
    sw.needRefresh.value = true
    const wrapper = mountBanner(sw.register)
    await nextTick()
    await wrapper.get('[data-testid="pwa-later"]').trigger('click')
    expect(wrapper.find('[data-testid="pwa-update"]').exists()).toBe(false)
    expect(sw.updateServiceWorker).not.toHaveBeenCalled()
  })

  test('says once, as a status screen readers announce, that the app now works offline', async () => {
    const sw = fakeRegister()
    const notice = mount(AppNotice, { attachTo: document.body })
    mountBanner(sw.register)
    sw.offlineReady.value = true
    await flushPromises()
    await vi.waitFor(() => expect(notice.get('[role="status"]').text()).toBe('可以离线使用了'))
    expect(sw.offlineReady.value).toBe(false)
  })
})
