import { describe, expect, test } from 'vitest'
import { ZhibuDb } from '@/data/db'
import { TooManyChangesError, createRowRepository, newRowId } from '@/data/repositories/rows'
import { PUSH_LIMITS } from '@/data/sync/engine'

let n = 0
function setup() {
  const db = new ZhibuDb(`repo-test-${++n}`)
  let writes = 0
  const repo = createRowRepository({ db, onWrite: () => (writes += 1) })
  return { db, repo, writes: () => writes }
}

const log = (id: string) => ({ id, org_id: 'o', branch_id: 'b', member_id: 'm', studied_on: '2026-11-01', minutes: 30, topic: '学习' })

describe('row repository', () => {
  test('should write the row and its outbox entry together, and tell the sync engine', async () => {
    const { db, repo, writes } = setup()
    const id = newRowId()
    const { tx_id } = await repo.put('study_logs', log(id))
    expect((await db.data('study_logs').get(id))?.topic).toBe('学习')
    const [entry] = await db._outbox.toArray()
    expect(entry).toMatchObject({ tx_id, attempts: 0, ops: [{ table: 'study_logs', op: 'upsert', id, branch_id: 'b' }], rows: [`study_logs:${id}`] })
    expect(await db._outbox.count()).toBe(1)
    expect(writes()).toBe(1)
  })

  test('should write neither the row nor the entry when the transaction fails', async () => {
    const { db, repo } = setup()
    db._outbox.hook('creating', () => {
      throw new Error('disk full')
    })
    const id = newRowId()
    await expect(repo.put('study_logs', log(id))).rejects.toThrow('disk full')
    expect(await db.data('study_logs').get(id)).toBeUndefined()
    expect(await db._outbox.count()).toBe(0)
  })

  test('should refuse a write of more rows than one change may hold before storing any, and take exactly that many', async () => {
    const { db, repo, writes } = setup()
    const rows = (n: number) => Array.from({ length: n }, () => ({ kind: 'put' as const, table: 'study_logs' as const, row: log(newRowId()) }))
    const error = await repo.write(rows(PUSH_LIMITS.opsPerTx + 1)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TooManyChangesError)
    expect(error).toMatchObject({ code: 'too_many_operations', changes: 101 })
    expect(await db.data('study_logs').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
    expect(writes()).toBe(0)
    await repo.write(rows(PUSH_LIMITS.opsPerTx))
    expect((await db._outbox.toArray()).map((e) => e.ops.length)).toEqual([100])
  })

  test('should send only the changed columns of a row the server sent, with the version it was based on', async () => {
    const { db, repo } = setup()
    const id = newRowId()
    await db.data('study_logs').put({ ...log(id), _ver: 3, _xid: '100' })
    await repo.put('study_logs', { ...log(id), _ver: 3, _xid: '100', minutes: 45 })
    const [entry] = await db._outbox.toArray()
    expect(entry!.ops).toEqual([{ table: 'study_logs', op: 'update', id, row: { minutes: 45 }, base_ver: 3, branch_id: 'b' }])
    expect((await db._base.get(`study_logs:${id}`))?.row).toMatchObject({ minutes: 30 })
  })

  test('should queue nothing for a change that changes nothing', async () => {
    const { db, repo } = setup()
    const id = newRowId()
    await db.data('study_logs').put({ ...log(id), _ver: 1 })
    expect(await repo.put('study_logs', { ...log(id), _ver: 1 })).toEqual({ tx_id: null, cancelled: [] })
    expect(await db._outbox.count()).toBe(0)
  })

  test('should cancel a never-sent create when the row is deleted before any sync', async () => {
    const { db, repo } = setup()
    const id = newRowId()
    const a = await repo.put('study_logs', log(id))
    const b = await repo.put('study_logs', { ...log(id), minutes: 50 })
    const removed = await repo.remove('study_logs', id)
    expect(removed).toEqual({ tx_id: null, cancelled: [a.tx_id, b.tx_id] })
    expect(await db._outbox.count()).toBe(0)
    expect(await db.data('study_logs').get(id)).toBeUndefined()
  })

  test('should send a delete for a row whose create was applied but not yet pulled back', async () => {
    const { db, repo } = setup()
    const id = newRowId()
    await repo.put('study_logs', log(id))
    // What settling an applied create leaves: the row, no queued entry, no server copy yet.
    await db._outbox.clear()
    await db._base.clear()
    const removed = await repo.remove('study_logs', id)
    expect(removed.tx_id).not.toBeNull()
    expect((await db._outbox.toArray()).map((e) => e.ops[0]!.op)).toEqual(['delete'])
    expect(await db.data('study_logs').get(id)).toBeUndefined()
  })

  test('should send nothing when removing a row the device does not have', async () => {
    const { db, repo } = setup()
    expect(await repo.remove('study_logs', newRowId())).toEqual({ tx_id: null, cancelled: [] })
    expect(await db._outbox.count()).toBe(0)
  })

  test('should send a delete when the create may already have reached the server', async () => {
    const { db, repo } = setup()
    const id = newRowId()
    await repo.put('study_logs', log(id))
    await db._outbox.toCollection().modify({ attempts: 1 })
    const removed = await repo.remove('study_logs', id)
    expect(removed.tx_id).not.toBeNull()
    expect((await db._outbox.toArray()).map((e) => e.ops[0]!.op)).toEqual(['upsert', 'delete'])
    expect(await db.data('study_logs').get(id)).toBeUndefined()
  })
})
