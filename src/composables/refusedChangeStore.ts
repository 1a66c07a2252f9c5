import type { LocationQuery } from 'vue-router'
import type { DataRow } from '@/data/db'
import type { Repositories } from '@/data/repositories'
import type { RecordStore } from './useRecordForm'

/** The refused change a record form was opened to correct (需处理 → 修改: `?rejected=<id>`), or null. */
export function refusedChangeId(query: LocationQuery): number | null {
  const value = query.rejected
  return typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null
}

/**
 * A record form's store while it corrects a refused change: the record reads as the refused change
 * would have made it (the values the person had entered), and saving queues the corrected record
 * and resolves the refused change in one transaction. Without a refused change, the store itself.
 */
export function refusedChangeStore<R extends { id: string }>(
  store: RecordStore<R>,
  changes: Pick<Repositories['changes'], 'refusedRecord' | 'replaceRefused'>,
  rejectedId: number | null,
): RecordStore<R> {
  if (rejectedId === null) return store
  return {
    async byId(id) {
      const refused = await changes.refusedRecord(rejectedId, id)
      // The refused row is of the same table as the store's rows, checked by the same row schema.
      return refused ? (refused as unknown as Awaited<ReturnType<RecordStore<R>['byId']>>) : store.byId(id)
    },
    put: (row) => changes.replaceRefused(rejectedId, row as DataRow, () => store.put(row)),
    remove: (id) => store.remove(id),
  }
}
