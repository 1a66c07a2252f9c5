import type { SyncOp } from '@/domain/syncProtocol'
import { uuidv7 } from '@/domain/syncIds'
import type { RejectedEntry, ZhibuDb } from '../db'
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

export function listRejected(db: ZhibuDb): Promise<RejectedEntry[]> {
  return db._rejected.orderBy('rejected_at').reverse().toArray()
}
