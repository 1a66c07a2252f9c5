import type { Repositories, RefusedChange } from '@/data/repositories'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'

export interface UseSyncRejectedOptions {
  /** Default: the provided (or the app's) repositories. */
  repositories?: Pick<Repositories, 'changes'>
}

/** The 需处理 list: changes the server refused, to fix and resend, force, or discard on purpose. */
export function useSyncRejected(options: UseSyncRejectedOptions = {}) {
  const { changes } = options.repositories ?? useRepositories()
  const { data: items, error } = useLiveQuery(() => changes.refused, [] as RefusedChange[])
  return {
    items,
    error,
    resend: ({ entry }: RefusedChange, force = false) => changes.resend(entry.id!, entry.ops, force),
    discard: ({ entry }: RefusedChange) => changes.discard(entry.id!),
  }
}
