/**
 * sync_push's limits over HTTP (supabase/migrations/20261201001000_sync_limits.sql), and a device
 * whose outbox is larger than one request may carry: the engine splits it so that the server never
 * refuses a whole request, and every change ends applied or in 需处理, none stuck.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import type { OutboxEntry } from '@/data/db'
import type { SyncOp } from '@/domain/syncProtocol'
import { PUSH_LIMITS, TOO_LARGE_CODE, jsonBytes, pushCost, wireTx } from '@/data/sync/engine'
import { DEFAULT_LIMITS } from '../../supabase/local/backend'
import { device, startBackend } from './harness'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

/** Operations that the server refuses at once (no such row): cheap to send by the thousand. */
const missingStudyLog = (note = '心得'): SyncOp => ({ table: 'study_logs', op: 'update', id: randomUUID(), row: { note } })
const checkin = (): SyncOp => ({ table: 'attendance', op: 'update', id: randomUUID(), row: { checkin_token: 'ABCDEF' } })
const entry = (ops: SyncOp[]): OutboxEntry => ({ tx_id: randomUUID(), created_at: new Date().toISOString(), ops, attempts: 0, rows: [] })
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make)

describe('push limits', () => {
  test('a request over 5,000 operations is refused with 400, a code and a Chinese message', async () => {
    const d = await device(server, 'member')
    const txs = times(51, () => ({ tx_id: randomUUID(), ops: times(100, () => missingStudyLog()) }))
    const { error, status } = await d.supabase.rpc('sync_push', { p_client_id: randomUUID(), p_schema: 1, p_txs: txs })
    expect(status).toBe(400)
    expect(error).toMatchObject({ code: '22023', hint: 'sync_too_many_operations', message: '一次同步的操作过多（最多5000个），请稍后重试' })
  })

  test('a request over 50 check-ins is refused with 400, a code and a Chinese message', async () => {
    const d = await device(server, 'member')
    const txs = times(51, () => ({ tx_id: randomUUID(), ops: [checkin()] }))
    const { error, status } = await d.supabase.rpc('sync_push', { p_client_id: randomUUID(), p_schema: 1, p_txs: txs })
    expect(status).toBe(400)
    expect(error).toMatchObject({ code: '22023', hint: 'sync_too_many_checkins', message: '一次同步的签到过多（最多50次），请稍后重试' })
  })

  test('the engine counts a change of 100 operations as the server does, and one of 101 as nothing (rejected unopened)', () => {
    expect(PUSH_LIMITS).toMatchObject({ txs: 500, opsPerTx: 100, ops: 5000, checkins: 50 })
    expect(pushCost(times(100, () => missingStudyLog()))).toEqual({ ops: 100, checkins: 0 })
    expect(pushCost(times(101, () => missingStudyLog()))).toEqual({ ops: 0, checkins: 0 })
    expect(pushCost([...times(50, checkin), missingStudyLog()])).toEqual({ ops: 51, checkins: 50 })
    expect(pushCost(times(51, checkin))).toEqual({ ops: 0, checkins: 0 })
  })

  test('a device with 5,500 operations, 120 check-ins and one oversized change queued pushes them in 4 requests, none refused', async () => {
    const d = await device(server, 'member')
    const big = times(55, () => entry(times(100, () => missingStudyLog())))
    const checkins = times(120, () => entry([checkin()]))
    const oversized = entry(times(101, () => missingStudyLog()))
    await d.db._outbox.bulkAdd([...big, ...checkins, oversized])

    const run = await d.engine.sync()
    expect(run.failure).toBeUndefined()
    expect(run.ok).toBe(true)
    expect(d.faults.calls.sync_push).toBe(4)
    expect(run.rejected).toBe(176)
    expect(await d.db._outbox.count()).toBe(0)
    const rejected = await d.db._rejected.toArray()
    const codes: Record<string, number> = {}
    for (const r of rejected) codes[r.code] = (codes[r.code] ?? 0) + 1
    expect(codes).toEqual({ not_found_or_forbidden: 175, too_many_operations: 1 })
  })
})

describe('push size', () => {
  // 50,000 characters of minutes, as long as a meeting record may be: about 150 KB of UTF-8.
  const minutes = '会议记录'.repeat(12_500)

  test('a device with 40 long changes (about 6 MB) pushes them in requests under the body limit, none refused for size', async () => {
    const d = await device(server, 'member')
    const long = times(40, () => entry([missingStudyLog(minutes)]))
    expect(jsonBytes(long.map(wireTx))).toBeGreaterThan(DEFAULT_LIMITS.maxBytes)
    await d.db._outbox.bulkAdd(long)

    const run = await d.engine.sync()
    expect(run.failure).toBeUndefined()
    expect(d.faults.calls.sync_push).toBe(2)
    expect(run.rejected).toBe(40)
    expect(await d.db._outbox.count()).toBe(0)
    expect((await d.db._rejected.toArray()).map((r) => r.code)).toEqual(times(40, () => 'not_found_or_forbidden'))
  })

  test('one change larger than the server accepts goes alone to 需处理 with a clear code, and the changes behind it are pushed', async () => {
    const d = await device(server, 'member')
    const huge = entry([missingStudyLog('字'.repeat(1_500_000))])
    expect(jsonBytes(wireTx(huge))).toBeGreaterThan(PUSH_LIMITS.bytes)
    const behind = times(3, () => entry([missingStudyLog()]))
    await d.db._outbox.bulkAdd([huge, ...behind])

    const run = await d.engine.sync()
    expect(run.failure).toBeUndefined()
    expect(run.ok).toBe(true)
    expect(d.faults.calls.sync_push).toBe(2)
    expect(await d.db._outbox.count()).toBe(0)
    const rejected = await d.db._rejected.toArray()
    expect(rejected.map((r) => [r.tx_id, r.code])).toEqual([
      [huge.tx_id, TOO_LARGE_CODE],
      ...behind.map((e) => [e.tx_id, 'not_found_or_forbidden']),
    ])
  })
})
