import type { SyncOp } from '@/domain/syncProtocol'
import { refusedOp, refusedRecord } from '@/domain/syncDescribe'
import type { SyncedTable } from '@/domain/syncTables'
import type { DataRow, RejectedEntry, ZhibuDb } from '../db'
import { settleRefusedPhoto } from '../photos/photoRecords'
import { discardRejected, refusedChangeOf, replaceRejected, resendRejected } from '../sync/rejected'
import { createRowRepository } from './rows'
import { checkRows, type Checked } from './table'

export interface ChangeCounts {
  /** Changes on this device not yet confirmed by the server. */
  pending: number
  /** Changes the server refused, waiting for the person (需处理). */
  rejected: number
  /** Photos saved on this device and not uploaded yet (retries waiting included). */
  photos: number
}

/** A refused change with the device's current row of the record it was refused on (null: none on the device). */
export interface RefusedChange {
  entry: RejectedEntry
  current: DataRow | null
}

/** The device's own changes: how many wait to be sent, and the refused ones to fix, resend or discard. */
export function changeRepository(db: ZhibuDb, onWrite?: () => void) {
  return {
    async counts(): Promise<ChangeCounts> {
      return {
        pending: await db._outbox.count(),
        rejected: await db._rejected.count(),
        photos: await db._photos.where('state').equals('pending').count(),
      }
    },
    /** Refused changes, newest first. */
    rejected: (): Promise<RejectedEntry[]> => db._rejected.orderBy('rejected_at').reverse().toArray(),
    /** Refused changes, newest first, each with the device's row of the record it was refused on. */
    async refused(): Promise<RefusedChange[]> {
      const entries = await db._rejected.orderBy('rejected_at').reverse().toArray()
      return Promise.all(entries.map(async (entry) => {
        const op = refusedOp(entry)
        const table = op?.table as SyncedTable | undefined
        const current = op && table && db.tables.some((t) => t.name === table) ? ((await db.data(table).get(op.id)) ?? null) : null
        return { entry, current }
      }))
    },
    /**
     * Record `id` as its refused change (waiting as `rejectedId`) would have made it, checked like any
     * read; null when no such change waits (a form then shows the stored record).
     */
    async refusedRecord(rejectedId: number, id: string): Promise<Checked<DataRow> | null> {
      const refused = await refusedChangeOf(db, rejectedId, id)
      if (!refused) return null
      const record = refusedRecord(refused.op, refused.current)
      return checkRows(refused.op.table as SyncedTable, record ? [record as DataRow] : []) as Checked<DataRow>
    },
    /** Save a corrected record in place of its refused change (`write` queues it) in one transaction. */
    replaceRefused: <T>(rejectedId: number, row: DataRow, write: () => Promise<T>): Promise<T> => replaceRejected(db, rejectedId, row, write),
    /** The person read a refused change and lets it go. */
    async discard(id: number): Promise<void> {
      if (await settleRefusedPhoto(db, createRowRepository({ db, onWrite }), id, 'discard')) return
      await discardRejected(db, id)
    },
    /** Send a refused change again (as it was, or forcing a conflict rule). */
    async resend(id: number, ops: SyncOp[], force: boolean): Promise<void> {
      // A refused photo goes back to the photo queue; a change of records back to the outbox.
      if (!(await settleRefusedPhoto(db, createRowRepository({ db, onWrite }), id, 'resend'))) await resendRejected(db, id, { ops, force })
      onWrite?.()
    },
  }
}
