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
import { device, startBackend } from './harness'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

/** Operations that the server refuses at once (no such row): cheap to send by the thousand. */
const missingStudyLog = (): SyncOp => ({ table: 'study_logs', op: 'update', id: randomUUID(), row: { note: '心得' } })
const checkin = (): SyncOp => ({ table: 'attendance', op: 'update', id: randomUUID(), row: { checkin_token: 'ABCDEF' } })
const entry = (ops: SyncOp[]): OutboxEntry => ({ tx_id: randomUUID(), created_at: new Date().toISOString(), ops, attempts: 0, rows: [] })
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make)

describe('push limits', () => {
  test('a request over 5,000 operations is refused with 400, a code and a Chinese message', async () => {
    const d = await device(server, 'member')
    const txs = times(11, () => ({ tx_id: randomUUID(), ops: times(500, missingStudyLog) }))
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

  test('a device with 5,500 operations, 120 check-ins and one oversized change queued pushes them in 4 requests, none refused', async () => {
    const d = await device(server, 'member')
    const big = times(11, () => entry(times(500, missingStudyLog)))
    const checkins = times(120, () => entry([checkin()]))
    const oversized = entry(times(501, missingStudyLog))
    await d.db._outbox.bulkAdd([...big, ...checkins, oversized])

    const run = await d.engine.sync()
    expect(run.failure).toBeUndefined()
    expect(run.ok).toBe(true)
    expect(d.faults.calls.sync_push).toBe(4)
    expect(run.rejected).toBe(132)
    expect(await d.db._outbox.count()).toBe(0)
    const rejected = await d.db._rejected.toArray()
    const codes: Record<string, number> = {}
    for (const r of rejected) codes[r.code] = (codes[r.code] ?? 0) + 1
    expect(codes).toEqual({ not_found_or_forbidden: 131, too_many_operations: 1 })
  })
})
