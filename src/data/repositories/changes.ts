import type { SyncOp } from '@/domain/syncProtocol'
import type { RejectedEntry, ZhibuDb } from '../db'
import { discardRejected, resendRejected } from '../sync/rejected'

export interface ChangeCounts {
  /** Changes on this device not yet confirmed by the server. */
  pending: number
  /** Changes the server refused, waiting for the person (需处理). */
  rejected: number
}

/** The device's own changes: how many wait to be sent, and the refused ones to fix, resend or discard. */
export function changeRepository(db: ZhibuDb, onWrite?: () => void) {
  return {
    async counts(): Promise<ChangeCounts> {
      return { pending: await db._outbox.count(), rejected: await db._rejected.count() }
    },
    /** Refused changes, newest first. */
    rejected: (): Promise<RejectedEntry[]> => db._rejected.orderBy('rejected_at').reverse().toArray(),
    /** The person read a refused change and lets it go. */
    async discard(id: number): Promise<void> {
      await discardRejected(db, id)
    },
    /** Send a refused change again (as corrected, or forcing a conflict rule). */
    async resend(id: number, ops: SyncOp[], force: boolean): Promise<void> {
      await resendRejected(db, id, { ops, force })
      onWrite?.()
    },
  }
}
