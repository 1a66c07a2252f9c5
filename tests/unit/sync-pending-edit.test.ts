/**
 * A pull never hides a pending edit: the engine applies a pulled row under the device's queued
 * operations, on the device database (fake-indexeddb). The server side is a scripted transport;
 * tests/sync/pull.test.ts runs the same story against the real server and its rules.
 */
import { describe, expect, test } from 'vitest'
import { ZhibuDb, type DataRow } from '@/data/db'
import { SyncEngine } from '@/data/sync/engine'
import { createSyncLock } from '@/data/sync/lock'
import type { RpcReply, SyncTransport } from '@/data/sync/transport'
import { createRowRepository, newRowId } from '@/data/repositories/rows'
import type { PullResponse, PushResponse, SyncScopes } from '@/domain/syncProtocol'

const scopes: SyncScopes = { org_id: 'o', branch_ids: ['b'], roles: ['secretary:b'] }

function page(rows: DataRow[], xid: string): PullResponse {
  return {
    tables: { events: { rows, gone: [], cursor: { xid, id: null }, more: false } },
    scopes,
    horizon: '0',
    fence: xid,
    reset: [],
  }
}

/** A transport whose every answer the test gives by hand, one request at a time. */
function scriptedTransport() {
  const requests: { fn: string; args: Record<string, unknown>; answer: (data: unknown) => void }[] = []
  let arrived: () => void = () => undefined
  const transport: SyncTransport = {
    rpc<T>(fn: string, args: Record<string, unknown>) {
      return new Promise<RpcReply<T>>((resolve) => {
        requests.push({ fn, args, answer: (data) => resolve({ ok: true, data: data as T }) })
        arrived()
      })
    },
  }
  return {
    transport,
    /** The next request the engine sends (waits for it). */
    async next() {
      if (requests.length === 0) await new Promise<void>((resolve) => (arrived = resolve))
      return requests.shift()!
    },
  }
}

async function setup() {
  const db = new ZhibuDb(`pending-edit-${newRowId()}`)
  await db._meta.put({ key: 'scopes', value: scopes })
  const id = newRowId()
  const server1: DataRow = { id, org_id: 'o', branch_id: 'b', kind: 'committee_meeting', title: '支委会', minutes: null, place: null, _ver: 1, _xid: '100', _deleted: false }
  await db.data('events').put(server1)
  const net = scriptedTransport()
  const engine = new SyncEngine({ db, transport: net.transport, lock: createSyncLock({ locks: null, storage: null }) })
  const repo = createRowRepository({ db })
  return { db, id, server1, net, engine, repo }
}

describe('a pull never hides a pending edit', () => {
  test('should show the pending edit on top of the newer server row a pull brings, then the server row once the edit is applied', async () => {
    const { db, id, server1, net, engine, repo } = await setup()
    // A sync starts with nothing queued: its pull is on the way when the user edits the row.
    const run = engine.sync()
    const pull = await net.next()
    expect(pull.fn).toBe('sync_pull')
    await repo.put('events', { ...server1, minutes: '书记的记录' })
    // Meanwhile another phone changed the same row: the pull answers with version 2.
    const server2 = { ...server1, title: '支委会（改期）', minutes: '组织委员的记录', _ver: 2, _xid: '200' }
    pull.answer(page([server2], '201'))
    expect(await run).toMatchObject({ ok: true, pulled: 1 })

    expect(await db.data('events').get(id)).toEqual({ ...server2, minutes: '书记的记录' })
    expect(await db._outbox.count()).toBe(1)
    expect((await db._base.get(`events:${id}`))?.row).toEqual(server2)

    // The next sync pushes the edit (still based on version 1) and pulls what the server made of it.
    const next = engine.sync()
    const push = await net.next()
    expect(push.fn).toBe('sync_push')
    const [tx] = push.args.p_txs as { tx_id: string; ops: unknown[] }[]
    expect(tx!.ops).toEqual([{ table: 'events', op: 'update', id, row: { minutes: '书记的记录' }, base_ver: 1 }])
    push.answer({ results: [{ tx_id: tx!.tx_id, status: 'applied' }] } satisfies PushResponse)
    const server3 = { ...server2, minutes: '书记的记录', _ver: 3, _xid: '300' }
    const pull2 = await net.next()
    expect(pull2.fn).toBe('sync_pull')
    pull2.answer(page([server3], '301'))
    expect(await next).toMatchObject({ ok: true, applied: 1, rejected: 0, pulled: 1 })
    expect(await db.data('events').get(id)).toEqual(server3)
    expect(await db._outbox.count()).toBe(0)
    expect(await db._base.count()).toBe(0)
  })

  test('should keep a pending edit when the row comes back in a reset of its table', async () => {
    const { db, id, server1, net, engine, repo } = await setup()
    const run = engine.sync()
    const pull = await net.next()
    await repo.put('events', { ...server1, place: '党员活动室' })
    const server2 = { ...server1, title: '支委会（改期）', _ver: 2, _xid: '200' }
    pull.answer({ ...page([server2], '201'), reset: ['events'] })
    expect(await run).toMatchObject({ ok: true })
    expect(await db.data('events').get(id)).toEqual({ ...server2, place: '党员活动室' })
    expect(await db._outbox.count()).toBe(1)
  })
})
