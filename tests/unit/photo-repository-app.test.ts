// @vitest-environment node
import 'fake-indexeddb/auto'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { ZhibuDb } from '@/data/db'
import { supabaseEvidenceStorage, type EvidenceStorage } from '@/data/photos/evidenceStorage'
import { createRepositories } from '@/data/repositories'
import { evidencePath } from '@/domain/photos'
import { startStorageServer, type StorageServer } from '../helpers/storageServer'

/** The app's repositories (createRepositories) hold the photo store: saving, showing, removing and downloading. */
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
