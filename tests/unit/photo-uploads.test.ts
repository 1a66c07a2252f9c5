// @vitest-environment node
import 'fake-indexeddb/auto'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import { useEvidencePhotos } from '@/composables/useEvidencePhotos'
import { ZhibuDb } from '@/data/db'
import { supabaseEvidenceStorage, type EvidenceStorage } from '@/data/photos/evidenceStorage'
import { photoRepository, type StorageEstimate } from '@/data/photos/photoStore'
import { changeRepository } from '@/data/repositories/changes'
import { createRowRepository } from '@/data/repositories/rows'
import { SyncEngine } from '@/data/sync/engine'
import { runPhotoUploads } from '@/data/sync/photoUploads'
import type { SyncTransport } from '@/data/sync/transport'
import { parseEvidencePath, storageOutcome } from '@/domain/photos'
import { startStorageServer, type StorageServer } from '../helpers/storageServer'

const ORG = '0a000000-0000-4000-8000-000000000001'
const BRANCH = '0b000000-0000-4000-8000-000000000001'
const EVENT = '0e000000-0000-4000-8000-000000000001'
const record = { table: 'events' as const, id: EVENT, org_id: ORG, branch_id: BRANCH }
const jpeg = (n: number) => ({ bytes: new Uint8Array([0xff, 0xd8, n, n, 0xff, 0xd9]), type: 'image/jpeg' as const, width: 1600, height: 1200 })

let server: StorageServer
let storage: EvidenceStorage
let db: ZhibuDb
let clock: Date
let estimate: StorageEstimate
let serial = 0

beforeAll(async () => {
  server = await startStorageServer()
  storage = supabaseEvidenceStorage(createClient(server.url, 'anon-key', { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: WebSocket as never } }))
})
afterAll(() => server.close())

beforeEach(async () => {
  db = new ZhibuDb(`photo-uploads-${++serial}`)
  clock = new Date('2026-06-01T08:00:00Z')
  estimate = { usage: 0, quota: 1e9 }
  server.objects.clear()
  server.requests.length = 0
  server.refuse.clear()
  server.failNext = { count: 0, status: 503 }
  // The event as the server sent it (a 主题党日 record the organizer writes).
  await db.data('events').put({ id: EVENT, org_id: ORG, branch_id: BRANCH, kind: 'theme_day', title: '主题党日', starts_at: '2026-05-30T01:00:00Z', photos: [], _ver: 3 })
})
afterEach(async () => {
  db.close()
  await db.delete()
})

const now = () => clock
const later = (ms: number) => (clock = new Date(clock.getTime() + ms))
const rows = () => createRowRepository({ db, now })
const photos = () => photoRepository({ db, rows: rows(), storage, estimate: async () => estimate, now })
const run = () => runPhotoUploads({ db, storage, now, random: () => 0.5 })
const uploads = () => server.requests.filter((r) => r.startsWith('POST')).length

describe('saving a photo with its record', () => {
  test('writes the photo entry and the record\'s new photos list in one change, shown before any sync', async () => {
    const saved = await photos().add(record, jpeg(1))
    expect(saved.ok).toBe(true)
    const path = (saved as { path: string }).path
    expect(parseEvidencePath(path)).toMatchObject({ orgId: ORG, branchId: BRANCH, table: 'events', recordId: EVENT })
    expect((await db.data('events').get(EVENT))?.photos).toEqual([path])
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([{ table: 'events', op: 'update', id: EVENT, row: { photos: [path] }, base_ver: 3, branch_id: BRANCH }])
    const kept = await photos().ofRecord('events', EVENT)
    expect(kept.map((p) => [p.path, p.state, Array.from(p.bytes!)])).toEqual([[path, 'pending', [0xff, 0xd8, 1, 1, 0xff, 0xd9]]])
  })

  test('refuses when storage is short, stores nothing, after evicting uploaded copies first', async () => {
    await db._photos.put({ id: 'old', path: 'x', record_key: 'events:x', state: 'uploaded', bytes: new Uint8Array(10), type: 'image/jpeg', width: 1, height: 1, saved_at: '2026-01-01', attempts: 0, next_at: null, sent: true, used_at: '2026-01-01' })
    estimate = { usage: 1e9 - 1_000_000, quota: 1e9 }
    expect(await photos().add(record, jpeg(1))).toEqual({ ok: false, code: 'photos.noSpace' })
    expect(await db._photos.get('old')).toBeUndefined()
    expect(await db._photos.count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
    expect((await db.data('events').get(EVENT))?.photos).toEqual([])
  })
})

describe('the upload queue', () => {
  test('uploads a pending photo once and keeps its bytes as the local copy', async () => {
    const { path } = (await photos().add(record, jpeg(2))) as { path: string }
    expect(await run()).toEqual({ uploaded: 1, removed: 0, refused: 0, waiting: 0 })
    expect(Array.from(server.objects.get(path)!.bytes)).toEqual([0xff, 0xd8, 2, 2, 0xff, 0xd9])
    expect(server.objects.get(path)!.type).toBe('image/jpeg')
    const [entry] = await db._photos.toArray()
    expect(entry).toMatchObject({ state: 'uploaded', attempts: 0 })
    expect(entry!.bytes!.byteLength).toBe(6)
    expect(await run()).toEqual({ uploaded: 0, removed: 0, refused: 0, waiting: 0 })
    expect(uploads()).toBe(1)
  })

  test('an upload whose answer was lost is done when the retry finds the object already there', async () => {
    const { path } = (await photos().add(record, jpeg(3))) as { path: string }
    server.dropNextAnswer = true
    expect(await run()).toMatchObject({ uploaded: 0, waiting: 1 })
    expect(await db._photos.get(parseEvidencePath(path)!.photoId)).toMatchObject({ state: 'pending', attempts: 1 })
    later(60_000)
    expect(await run()).toMatchObject({ uploaded: 1, refused: 0 })
    expect(uploads()).toBe(2)
    expect([...server.objects.keys()]).toEqual([path])
    expect(await db._rejected.count()).toBe(0)
  })

  test('retries a 503 and a 429 with growing waits, never before the wait is over', async () => {
    await photos().add(record, jpeg(4))
    server.failNext = { count: 1, status: 503 }
    expect(await run()).toMatchObject({ waiting: 1 })
    const first = (await db._photos.toArray())[0]!
    // random 0.5: three quarters of 1 s after the first failure, of 2 s after the second.
    expect(new Date(first.next_at!).getTime() - clock.getTime()).toBe(750)
    expect(await run()).toMatchObject({ waiting: 1, uploaded: 0 })
    expect(uploads()).toBe(1)
    later(750)
    server.failNext = { count: 1, status: 429 }
    expect(await run()).toMatchObject({ waiting: 1 })
    const second = (await db._photos.toArray())[0]!
    expect(second.attempts).toBe(2)
    expect(new Date(second.next_at!).getTime() - clock.getTime()).toBe(1500)
    later(1500)
    expect(await run()).toMatchObject({ uploaded: 1, waiting: 0 })
    expect(uploads()).toBe(3)
  })

  test('a refused upload goes to 需处理 with its code and is not sent again', async () => {
    const { path } = (await photos().add(record, jpeg(5))) as { path: string }
    server.refuse.add(path)
    expect(await run()).toMatchObject({ refused: 1, uploaded: 0 })
    const rejected = await db._rejected.toArray()
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toMatchObject({ code: 'photo_forbidden', ops: [], photo: { path, record_key: `events:${EVENT}`, removal: false } })
    expect((await db._photos.toArray())[0]!.state).toBe('refused')
    later(3_600_000)
    await run()
    expect(uploads()).toBe(1)
    // The record itself is untouched: its change is still queued for the records' push.
    expect(await db._outbox.count()).toBe(1)
  })

  test('removing an uploaded photo removes its object; a photo never sent is simply dropped', async () => {
    const a = (await photos().add(record, jpeg(6))) as { path: string }
    await run()
    const b = (await photos().add(record, jpeg(7))) as { path: string }
    await photos().remove(record, b.path)
    await photos().remove(record, a.path)
    expect((await db.data('events').get(EVENT))?.photos).toEqual([])
    expect((await db._photos.toArray()).map((p) => p.state)).toEqual(['removing'])
    expect(await run()).toMatchObject({ removed: 1, uploaded: 0 })
    expect(server.objects.size).toBe(0)
    expect(await db._photos.count()).toBe(0)
    expect(uploads()).toBe(1)
  })

  test('deleting the record removes the objects of its photos, its own and other phones\'', async () => {
    const mine = (await photos().add(record, jpeg(8))) as { path: string }
    await run()
    const theirs = `${ORG}/${BRANCH}/events/${EVENT}/0f000000-0000-7000-8000-000000000009.jpg`
    server.objects.set(theirs, { bytes: new Uint8Array([1]), type: 'image/jpeg' })
    await db.data('events').update(EVENT, { photos: [mine.path, theirs] })
    await rows().remove('events', EVENT)
    expect((await db._photos.toArray()).map((p) => [p.path, p.state]).sort()).toEqual([[mine.path, 'removing'], [theirs, 'removing']].sort())
    expect(await run()).toMatchObject({ removed: 2 })
    expect(server.objects.size).toBe(0)
  })

  test('another phone\'s photo is downloaded once and then shown from the device', async () => {
    const theirs = `${ORG}/${BRANCH}/events/${EVENT}/0f000000-0000-7000-8000-00000000000a.jpg`
    server.objects.set(theirs, { bytes: new Uint8Array([9, 9]), type: 'image/jpeg' })
    expect(await photos().fetch(theirs)).toBe('ok')
    expect(await photos().fetch(theirs)).toBe('ok')
    expect(server.requests.filter((r) => r.startsWith('GET'))).toHaveLength(1)
    expect((await photos().ofRecord('events', EVENT)).map((p) => [p.state, Array.from(p.bytes!)])).toEqual([['uploaded', [9, 9]]])
    expect(await photos().fetch(`${ORG}/${BRANCH}/events/${EVENT}/0f000000-0000-7000-8000-00000000000b.jpg`)).toBe('missing')
  })
})

describe('in a sync run', () => {
  /** The records' server: answers every push as applied and pulls nothing new. */
  const recordsServer = (): SyncTransport & { calls: string[] } => {
    const calls: string[] = []
    return {
      calls,
      async rpc<T>(fn: 'sync_push' | 'sync_pull', args: Record<string, unknown>) {
        calls.push(fn)
        const data = fn === 'sync_push'
          ? { results: (args.p_txs as { tx_id: string }[]).map((tx) => ({ tx_id: tx.tx_id, status: 'applied' })) }
          : { tables: {}, scopes: { org_id: ORG, branch_ids: [BRANCH] }, horizon: '0', fence: '1', reset: [] }
        return { ok: true as const, data: data as T }
      },
    }
  }
  /** The bucket, noting each upload in `calls` (shared with the records' server, to see the order). */
  const noting = (calls: string[]): EvidenceStorage => ({
    ...storage,
    upload: (...args) => (calls.push('upload'), storage.upload(...args)),
  })
  const engineWith = (transport: SyncTransport & { calls: string[] }, photoUploads?: () => Promise<unknown>) =>
    new SyncEngine({
      db, transport, lock: (fn) => fn(), now,
      photoUploads: photoUploads ?? (() => runPhotoUploads({ db, storage: noting(transport.calls), now, random: () => 0.5 })),
    })

  test('the photos go after the record\'s push and pull, in the same run', async () => {
    const { path } = (await photos().add(record, jpeg(13))) as { path: string }
    const transport = recordsServer()
    const result = await engineWith(transport).sync()
    expect(result).toMatchObject({ ok: true, applied: 1 })
    expect(transport.calls).toEqual(['sync_push', 'sync_pull', 'upload'])
    expect([...server.objects.keys()]).toEqual([path])
    expect(await db._outbox.count()).toBe(0)
  })

  test('a failed upload does not fail the run, and the record is pushed all the same', async () => {
    await photos().add(record, jpeg(14))
    server.failNext = { count: 1, status: 503 }
    const result = await engineWith(recordsServer()).sync()
    expect(result).toMatchObject({ ok: true, applied: 1 })
    expect((await db._photos.toArray())[0]).toMatchObject({ state: 'pending', attempts: 1 })
  })

  test('a photo queue that throws does not fail the run either', async () => {
    await photos().add(record, jpeg(15))
    const result = await engineWith(recordsServer(), () => Promise.reject(new Error('IndexedDB closed'))).sync()
    expect(result).toMatchObject({ ok: true, applied: 1 })
  })
})

describe('a refused photo on 需处理', () => {
  test('resending puts it back in the queue, which uploads it once the refusal is lifted', async () => {
    const { path } = (await photos().add(record, jpeg(11))) as { path: string }
    server.refuse.add(path)
    await run()
    const [refusal] = await db._rejected.toArray()
    server.refuse.clear()
    await changeRepository(db).resend(refusal!.id!, refusal!.ops, false)
    expect(await db._rejected.count()).toBe(0)
    expect(await run()).toMatchObject({ uploaded: 1 })
    expect([...server.objects.keys()]).toEqual([path])
  })

  test('discarding it takes the photo off its record and the device', async () => {
    const { path } = (await photos().add(record, jpeg(12))) as { path: string }
    server.refuse.add(path)
    await run()
    const [refusal] = await db._rejected.toArray()
    await changeRepository(db).discard(refusal!.id!)
    expect(await db._rejected.count()).toBe(0)
    expect(await db._photos.count()).toBe(0)
    expect((await db.data('events').get(EVENT))?.photos).toEqual([])
    await run()
    expect(uploads()).toBe(1)
  })
})

describe('what a Storage answer means', () => {
  test('409 in the body or "already exists" is done; no answer, 401, 408, 429 and 5xx wait; the rest are refusals', () => {
    expect(storageOutcome({ status: 400, statusCode: '409', message: 'Duplicate' })).toEqual({ kind: 'done' })
    expect(storageOutcome({ status: 409, message: 'The resource already exists' })).toEqual({ kind: 'done' })
    for (const status of [0, 401, 408, 429, 500, 503]) expect(storageOutcome({ status, message: '' })).toEqual({ kind: 'retry' })
    expect(storageOutcome({ status: 400, statusCode: '400', message: 'jwt expired' })).toEqual({ kind: 'retry' })
    expect(storageOutcome({ status: 400, statusCode: '400', message: 'headers must have required property \'authorization\'' })).toEqual({ kind: 'retry' })
    expect(storageOutcome({ status: 400, statusCode: '400', message: 'The url does not match the signature' })).toEqual({ kind: 'refused', code: 'photo_refused' })
    expect(storageOutcome({ status: 400, statusCode: '403', message: '' })).toEqual({ kind: 'refused', code: 'photo_forbidden' })
    expect(storageOutcome({ status: 413, message: '' })).toEqual({ kind: 'refused', code: 'photo_too_large' })
    expect(storageOutcome({ status: 400, statusCode: 'InvalidKey', message: '' })).toEqual({ kind: 'refused', code: 'photo_refused' })
  })
})

describe('a record\'s photos on screen (useEvidencePhotos)', () => {
  const objectUrl = { create: (bytes: Uint8Array) => `blob:${bytes.length}`, revoke: () => undefined }

  test('storage short: the photo is held in memory with its reason, and saved when tried again', async () => {
    const scope = effectScope()
    const online = ref(true)
    const current = () => db.data('events').get(EVENT)
    const view = scope.run(() => useEvidencePhotos({
      record: () => ({ ...record, photos: [] }), repositories: { photos: photos() }, online, objectUrl, compress: async () => jpeg(16),
    }))!
    estimate = { usage: 1e9 - 1000, quota: 1e9 }
    expect(await view.add([new Blob([new Uint8Array([1])])])).toBeNull()
    expect(view.held.value.map((h) => h.code)).toEqual(['photos.noSpace'])
    expect(await db._photos.count()).toBe(0)
    expect((await current())?.photos).toEqual([])
    estimate = { usage: 0, quota: 1e9 }
    await view.retryHeld()
    expect(view.held.value).toEqual([])
    expect((await current())?.photos).toHaveLength(1)
    scope.stop()
  })

  test('another phone\'s photo shows as offline without the network, and from the bucket once online', async () => {
    const theirs = `${ORG}/${BRANCH}/events/${EVENT}/0f000000-0000-7000-8000-00000000000c.jpg`
    server.objects.set(theirs, { bytes: new Uint8Array([7, 7, 7]), type: 'image/jpeg' })
    const online = ref(false)
    const scope = effectScope()
    const view = scope.run(() => useEvidencePhotos({ record: () => ({ ...record, photos: [theirs] }), repositories: { photos: photos() }, online, objectUrl }))!
    await vi.waitFor(() => expect(view.ready.value).toBe(true))
    expect(view.items.value).toEqual([{ path: theirs, url: null, state: 'offline' }])
    online.value = true
    await vi.waitFor(() => expect(view.items.value).toEqual([{ path: theirs, url: 'blob:3', state: 'uploaded' }]))
    scope.stop()
  })
})
