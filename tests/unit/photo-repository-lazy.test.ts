// @vitest-environment node
import 'fake-indexeddb/auto'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest'
import { ZhibuDb } from '@/data/db'
import { observeLive } from '@/data/live'
import { supabaseEvidenceStorage, type EvidenceStorage } from '@/data/photos/evidenceStorage'
import { lazyPhotoRepository } from '@/data/photos/lazyPhotoRepository'
import { createRepositories } from '@/data/repositories'
import { createRowRepository } from '@/data/repositories/rows'
import { evidencePath } from '@/domain/photos'
import { startStorageServer, type StorageServer } from '../helpers/storageServer'

/**
 * The app's repositories reach the photo store through `lazyPhotoRepository` (its code fetched on
 * first use, so 统计 and 首页 do not load it): the same saving, showing, removing and downloading.
 */
const ORG = '0a000000-0000-4000-8000-000000000001'
const BRANCH = '0b000000-0000-4000-8000-000000000001'
const EVENT = '0e000000-0000-4000-8000-000000000001'
const record = { table: 'events' as const, id: EVENT, org_id: ORG, branch_id: BRANCH }
const jpeg = (n: number) => ({ bytes: new Uint8Array([0xff, 0xd8, n, n, 0xff, 0xd9]), type: 'image/jpeg' as const, width: 1600, height: 1200 })

let server: StorageServer
let storage: EvidenceStorage
let db: ZhibuDb
let serial = 0
const now = () => new Date('2026-06-01T08:00:00Z')

beforeAll(async () => {
  server = await startStorageServer()
  storage = supabaseEvidenceStorage(createClient(server.url, 'anon-key', { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: WebSocket as never } }))
})
afterAll(() => server.close())
beforeEach(async () => {
  db = new ZhibuDb(`photo-lazy-${++serial}`)
  server.objects.clear()
  await db.data('events').put({ id: EVENT, org_id: ORG, branch_id: BRANCH, kind: 'theme_day', title: '主题党日', starts_at: '2026-05-30T01:00:00Z', photos: [], _ver: 3 })
})
afterEach(async () => {
  db.close()
  await db.delete()
})

test('the app\'s photo repository saves, shows and removes a photo with its record', async () => {
  const { photos } = createRepositories({ db, evidenceStorage: storage, now })
  const saved = await photos.add(record, jpeg(7))
  expect(saved.ok).toBe(true)
  const path = (saved as { path: string }).path
  expect((await db.data('events').get(EVENT))?.photos).toEqual([path])
  expect((await photos.ofRecord('events', EVENT)).map((p) => [p.path, p.state])).toEqual([[path, 'pending']])
  await photos.remove(record, path)
  expect((await db.data('events').get(EVENT))?.photos).toEqual([])
  expect(await photos.ofRecord('events', EVENT)).toEqual([])
})

test('the app\'s photo repository brings another phone\'s photo from the bucket', async () => {
  const theirs = evidencePath(record, '01900000-0000-7000-8000-0000000000aa', 'image/jpeg')
  server.objects.set(theirs, { bytes: jpeg(9).bytes, type: 'image/jpeg' })
  const { photos } = createRepositories({ db, evidenceStorage: storage, now })
  expect(await photos.fetch(theirs)).toBe('ok')
  expect((await db._photos.where('path').equals(theirs).first())?.state).toBe('uploaded')
  expect(await photos.fetch(evidencePath(record, '01900000-0000-7000-8000-0000000000bb', 'image/jpeg'))).toBe('missing')
})

test('a live read of a record\'s photos sees a photo saved and one removed, though the photo code arrives later', async () => {
  // In the browser the photo store's code comes by a fetch: a later task, outside the live read.
  const load = () => new Promise<typeof import('@/data/photos/photoStore')>((resolve) => setTimeout(() => resolve(import('@/data/photos/photoStore')), 20))
  const photos = lazyPhotoRepository({ db, rows: createRowRepository({ db, now }), storage, now, load })
  const seen: string[][] = []
  const stop = observeLive(() => photos.ofRecord('events', EVENT), { next: (list) => seen.push(list.map((p) => p.state)), error: (e) => seen.push([String(e)]) })
  try {
    await vi.waitFor(() => expect(seen).toEqual([[]]))
    const saved = await photos.add(record, jpeg(3))
    await vi.waitFor(() => expect(seen.at(-1)).toEqual(['pending']))
    await photos.remove(record, (saved as { path: string }).path)
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([]))
  } finally {
    stop()
  }
})
