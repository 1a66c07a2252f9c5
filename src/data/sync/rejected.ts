import type { SyncOp } from '@/domain/syncProtocol'
import { uuidv7 } from '@/domain/syncIds'
import { isSyncedTable, type SyncedTable } from '@/domain/syncTables'
import type { DataRow, RejectedEntry, ZhibuDb } from '../db'
import { rebuildRow, rowKey, syncTxTables } from './localRows'

export interface ResendOptions {
  /** The ops as the user corrected them (default: as they were). */
  ops?: SyncOp[]
  /** Ask the server to apply a change a conflict rule refused (e.g. mark a checked-in member absent). */
  force?: boolean
  now?: () => Date
}

/**
 * Put a rejected change back into the outbox as a new client transaction (a new tx_id: the old
 * one already has its outcome on the server). Returns the new tx_id.
 */
export async function resendRejected(db: ZhibuDb, rejectedId: number, options: ResendOptions = {}): Promise<string> {
  const entry = await db._rejected.get(rejectedId)
  if (!entry) throw new Error('this change is no longer waiting for a decision')
  const ops = (options.ops ?? entry.ops).map((op): SyncOp => (options.force ? { ...op, force: true } : { ...op }))
  const tx_id = uuidv7()
  await db.transaction('rw', syncTxTables(db, ops.map((o) => o.table)), async () => {
    await db._rejected.delete(rejectedId)
    await db._outbox.add({
      tx_id,
      created_at: (options.now ?? (() => new Date()))().toISOString(),
      ops,
      attempts: 0,
      rows: [...new Set(ops.map((o) => rowKey(o.table, o.id)))],
    })
    for (const op of ops) await rebuildRow(db, op.table, op.id)
  })
  return tx_id
}

/** Drop a rejected change for good, as the user decided. */
export async function discardRejected(db: ZhibuDb, rejectedId: number): Promise<RejectedEntry | undefined> {
  return db.transaction('rw', db._rejected, async () => {
    const entry = await db._rejected.get(rejectedId)
    await db._rejected.delete(rejectedId)
    return entry
  })
}

/** A refused change of one record (nothing else in its transaction), the one a record form can correct. */
function singleOpOf(entry: RejectedEntry | undefined, id: string): SyncOp | null {
  const op = entry?.ops.length === 1 ? entry.ops[0]! : null
  return op && op.id === id && op.op !== 'delete' && isSyncedTable(op.table) ? op : null
}

/** The refused change of record `id` waiting as `rejectedId`, with the device's row of that record. */
export async function refusedChangeOf(db: ZhibuDb, rejectedId: number, id: string): Promise<{ op: SyncOp; current: DataRow | null } | null> {
  const op = singleOpOf(await db._rejected.get(rejectedId), id)
  if (!op) return null
  return { op, current: (await db.data(op.table as SyncedTable).get(id)) ?? null }
}

/**
 * Save a corrected record in place of its refused change: `write` queues the new change (through
 * the row repository) and the refused entry is removed in the same Dexie transaction, so the person
 * never sees both, nor neither. When the entry is no longer there (resolved elsewhere), the record is
 * written all the same: what the person typed is never dropped.
 */
export async function replaceRejected<T>(db: ZhibuDb, rejectedId: number, row: DataRow, write: () => Promise<T>): Promise<T> {
  const op = singleOpOf(await db._rejected.get(rejectedId), row.id)
  if (!op) return write()
  return db.transaction('rw', syncTxTables(db, [op.table]), async () => {
    if (singleOpOf(await db._rejected.get(rejectedId), row.id)) await db._rejected.delete(rejectedId)
    return write()
  })
}
