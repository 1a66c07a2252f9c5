import { describe, expect, test, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import SyncIndicator from '@/components/SyncIndicator.vue'
import { useSyncStore } from '@/stores/sync'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'

const Blank = defineComponent({ render: () => null })

async function mountIndicator(state: Partial<{ pending: number; rejectedCount: number; syncing: boolean; offline: boolean; lastSyncedAt: string | null; persisted: boolean | null }>, locale: Locale = 'zh-CN') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const store = useSyncStore()
  store.start = vi.fn(async () => undefined)
  store.syncNow = vi.fn(async () => undefined)
  Object.assign(store, { pending: 0, rejectedCount: 0, syncing: false, offline: false, lastSyncedAt: null, persisted: true, ...state })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: Blank }, { path: '/sync/rejected', name: 'sync-rejected', component: Blank }],
  })
  await router.push('/')
  const wrapper = mount(SyncIndicator, { global: { plugins: [pinia, router, createAppI18n(locale)] } })
  await flushPromises()
  return { wrapper, store, router }
}

describe('SyncIndicator', () => {
  test('should show how many changes wait to be synced', async () => {
    const { wrapper } = await mountIndicator({ pending: 3 })
    expect(wrapper.text()).toBe('待同步 3')
  })

  test('should show 同步中 while syncing and 离线 when offline', async () => {
    expect((await mountIndicator({ syncing: true, pending: 1 })).wrapper.text()).toBe('同步中')
    expect((await mountIndicator({ offline: true })).wrapper.text()).toBe('离线')
    expect((await mountIndicator({ offline: true, pending: 2 })).wrapper.text()).toBe('离线 · 待同步 2')
  })

  test('should show the time of the last sync', async () => {
    const at = new Date(2026, 10, 24, 9, 5).toISOString()
    expect((await mountIndicator({ lastSyncedAt: at })).wrapper.text()).toBe('已同步 09:05')
  })

  test('should put rejected changes first and open 需处理 when tapped', async () => {
    const { wrapper, router } = await mountIndicator({ rejectedCount: 2, pending: 5, offline: true })
    expect(wrapper.text()).toBe('需处理 2')
    await wrapper.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('sync-rejected')
  })

  test('should sync now when tapped otherwise, and start syncing when shown', async () => {
    const { wrapper, store } = await mountIndicator({ pending: 1 })
    expect(store.start).toHaveBeenCalled()
    await wrapper.trigger('click')
    expect(store.syncNow).toHaveBeenCalled()
  })

  test('should warn when unsynced work sits in storage the browser may evict', async () => {
    const { wrapper } = await mountIndicator({ pending: 1, persisted: false })
    expect(wrapper.find('.sync-indicator__risk').exists()).toBe(true)
    expect(wrapper.attributes('title')).toMatch(/清除/)
    expect(wrapper.get('.sync-indicator__risk').attributes('aria-label')).toBe('未同步的数据有丢失风险')
  })

  test('should speak English when the app does', async () => {
    expect((await mountIndicator({ pending: 3 }, 'en')).wrapper.text()).toBe('3 unsynced')
    expect((await mountIndicator({ offline: true, pending: 2 }, 'en')).wrapper.text()).toBe('Offline · 2 unsynced')
    expect((await mountIndicator({ rejectedCount: 1 }, 'en')).wrapper.text()).toBe('To fix: 1')
    expect((await mountIndicator({ syncing: true, pending: 1 }, 'en')).wrapper.text()).toBe('Syncing')
    expect((await mountIndicator({ offline: true }, 'en')).wrapper.text()).toBe('Offline')
    expect((await mountIndicator({}, 'en')).wrapper.text()).toBe('Synced')
    const at = new Date(2026, 10, 24, 9, 5).toISOString()
    expect((await mountIndicator({ lastSyncedAt: at }, 'en')).wrapper.text()).toBe('Synced 09:05')
    const risky = (await mountIndicator({ pending: 1, persisted: false }, 'en')).wrapper
    expect(risky.attributes('title')).toBe('The browser may clear the data on this device: sync as soon as you can')
    expect(risky.get('.sync-indicator__risk').attributes('aria-label')).toBe('Unsynced data could be lost')
  })
})
