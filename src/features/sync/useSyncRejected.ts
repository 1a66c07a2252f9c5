import { onScopeDispose, shallowRef } from 'vue'
import type { RejectedEntry } from '@/data/db'
import type { SyncOp } from '@/domain/syncProtocol'
import { appSync, observeRejected } from '@/data/sync/app'
import { discardRejected, resendRejected } from '@/data/sync/rejected'

export interface UseSyncRejectedOptions {
  /** Injected in tests; defaults to the app's database and scheduler. */
  source?: {
    observe(onEntries: (entries: RejectedEntry[]) => void): () => void
    resend(id: number, ops: SyncOp[], force: boolean): Promise<unknown>
    discard(id: number): Promise<unknown>
  }
}

function appSource(): NonNullable<UseSyncRejectedOptions['source']> {
  const sync = appSync()
  return {
    observe: (fn) => observeRejected(sync.db, fn),
    resend: async (id, ops, force) => {
      await resendRejected(sync.db, id, { ops, force })
      sync.scheduler.notifyWrite()
    },
    discard: (id) => discardRejected(sync.db, id),
  }
}

/** The 需处理 list: changes the server refused, to fix and resend or to discard on purpose. */
export function useSyncRejected(options: UseSyncRejectedOptions = {}) {
  const source = options.source ?? appSource()
  const entries = shallowRef<RejectedEntry[]>([])
  const stop = source.observe((list) => {
    entries.value = list
  })
  onScopeDispose(stop)

  return {
    entries,
    resend: (entry: RejectedEntry, ops: SyncOp[] = entry.ops, force = false) => source.resend(entry.id!, ops, force),
    discard: (entry: RejectedEntry) => source.discard(entry.id!),
  }
}
