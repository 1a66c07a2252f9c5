import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import SyncIndicator from '@/components/SyncIndicator.vue'
import { ZhibuDb } from '@/data/db'
import type { EvidenceStorage } from '@/data/photos/evidenceStorage'
import { photoRepository } from '@/data/photos/photoStore'
import { createRowRepository } from '@/data/repositories/rows'
import { SyncEngine } from '@/data/sync/engine'
import { runPhotoUploads } from '@/data/sync/photoUploads'
import { createSyncScheduler } from '@/data/sync/scheduler'
import type { SyncTransport } from '@/data/sync/transport'
import { useSyncStore } from '@/stores/sync'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'

const ORG = '0a000000-0000-4000-8000-000000000001'
const BRANCH = '0b000000-0000-4000-8000-000000000001'
const EVENT = '0e000000-0000-4000-8000-000000000001'
const record = { table: 'events' as const, id: EVENT, org_id: ORG, branch_id: BRANCH }
const jpeg = (n: number) => ({ bytes: new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]), type: 'image/jpeg' as const, width: 1600, height: 1200 })
const Blank = defineComponent({ render: () => null })

/** The server is down for a while (503): nothing leaves the device, the page is not offline. */
const serverDown: SyncTransport = { rpc: async () => ({ ok: false, error: { status: 503, message: 'Service Unavailable' } }) }
/** A bucket that stores every upload. */
const bucket = (): EvidenceStorage & { paths: string[] } => {
  const paths: string[] = []
  const upload = async (path: string) => {
    paths.push(path)
    return null
  }
  return { paths, upload, remove: async () => null, download: async () => ({ ok: false, error: { status: 404, message: 'not found' } }) }
}

let db: ZhibuDb
let serial = 0
let wrapper: VueWrapper | null = null

beforeEach(async () => {
  db = new ZhibuDb(`sync-indicator-photos-${++serial}`)
  await db.data('events').put({ id: EVENT, org_id: ORG, branch_id: BRANCH, kind: 'theme_day', title: '主题党日', starts_at: '2026-05-30T01:00:00Z', photos: [], _ver: 3 })
})
afterEach(async () => {
  wrapper?.unmount()
  wrapper = null
  db.close()
  await db.delete()
})

/** The real sync store, started on this test's device database, and the indicator drawing it. */
async function startIndicator(locale: Locale = 'zh-CN') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const store = useSyncStore()
  const engine = new SyncEngine({ db, transport: serverDown })
  const scheduler = createSyncScheduler({ engine, onState: (s) => store.applyState(s), window: null, document: null })
  await store.start({ db, engine, scheduler, repo: createRowRepository({ db, onWrite: () => scheduler.notifyWrite() }) })
  // Drawn without starting sync again: this store was started on the test's database above.
  const start = vi.spyOn(store, 'start').mockResolvedValue(undefined)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Blank }, { path: '/sync/rejected', name: 'sync-rejected', component: Blank }] })
  await router.push('/')
  wrapper = mount(SyncIndicator, { global: { plugins: [pinia, router, createAppI18n(locale)] } })
  await flushPromises()
  expect(start).toHaveBeenCalledTimes(1)
  return { store, label: () => wrapper!.text() }
}

describe('the sync indicator counts photos waiting to upload', () => {
  test('should count photos saved on the device until they are uploaded', async () => {
    const { store, label } = await startIndicator()
    await vi.waitFor(() => expect(store.lastError).toBe('Service Unavailable'))
    const photos = photoRepository({ db, rows: createRowRepository({ db }), estimate: async () => ({ usage: 0, quota: 1e9 }) })
    expect((await photos.add(record, jpeg(1))).ok).toBe(true)
    expect((await photos.add(record, jpeg(2))).ok).toBe(true)
    // Each photo changes the record's photos list (a change to send) and waits for the bucket itself.
    expect(await db._outbox.count()).toBe(2)
    await vi.waitFor(() => expect(label()).toBe('待同步 2 · 照片 2'))
    expect(store.indicator).toEqual({ kind: 'pending', count: 2, photos: 2 })

    const storage = bucket()
    expect(await runPhotoUploads({ db, storage })).toMatchObject({ uploaded: 2, waiting: 0 })
    expect(storage.paths).toHaveLength(2)
    await vi.waitFor(() => expect(label()).toBe('待同步 2'))
    expect(store.pendingPhotos).toBe(0)
    store.stop()
  })

  test('should count photos alone, and while offline', async () => {
    const { store, label } = await startIndicator()
    await vi.waitFor(() => expect(store.lastError).toBe('Service Unavailable'))
    const photos = photoRepository({ db, rows: createRowRepository({ db }), estimate: async () => ({ usage: 0, quota: 1e9 }) })
    expect((await photos.add(record, jpeg(1))).ok).toBe(true)
    expect((await photos.add(record, jpeg(2))).ok).toBe(true)
    // The record reached the server; its photos did not.
    await db._outbox.clear()
    await vi.waitFor(() => expect(label()).toBe('2 张照片待上传'))
    store.applyState({ syncing: false, offline: true, lastSyncedAt: null, lastError: null, nextRetryAt: null })
    await vi.waitFor(() => expect(label()).toBe('离线 · 2 张照片待上传'))
    store.stop()
  })

  test('should say it in English when the app does', async () => {
    const { store, label } = await startIndicator('en')
    const photos = photoRepository({ db, rows: createRowRepository({ db }), estimate: async () => ({ usage: 0, quota: 1e9 }) })
    expect((await photos.add(record, jpeg(1))).ok).toBe(true)
    await vi.waitFor(() => expect(label()).toBe('1 unsynced · photos: 1'))
    await db._outbox.clear()
    await vi.waitFor(() => expect(label()).toBe('Photos to upload: 1'))
    store.applyState({ syncing: false, offline: true, lastSyncedAt: null, lastError: null, nextRetryAt: null })
    await vi.waitFor(() => expect(label()).toBe('Offline · Photos to upload: 1'))
    store.stop()
  })
})
