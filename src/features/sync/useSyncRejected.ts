import type { RejectedEntry } from '@/data/db'
import type { Repositories } from '@/data/repositories'
import type { SyncOp } from '@/domain/syncProtocol'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'

export interface UseSyncRejectedOptions {
  /** Default: the provided (or the app's) repositories. */
  repositories?: Pick<Repositories, 'changes'>
}

/** The 需处理 list: changes the server refused, to fix and resend or to discard on purpose. */
export function useSyncRejected(options: UseSyncRejectedOptions = {}) {
  const { changes } = options.repositories ?? useRepositories()
  const { data: entries, error } = useLiveQuery(() => changes.rejected, [] as RejectedEntry[])
  return {
    entries,
    error,
    resend: (entry: RejectedEntry, ops: SyncOp[] = entry.ops, force = false) => changes.resend(entry.id!, ops, force),
    discard: (entry: RejectedEntry) => changes.discard(entry.id!),
  }
}
