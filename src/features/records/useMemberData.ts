import { inject, onScopeDispose, shallowRef, watch, type InjectionKey, type ShallowRef } from 'vue'
import { createMemberDataSource, type LocalSyncState, type MemberDataSource, type RowsQuery } from '@/data/memberDataSource'
import type { DataRow, RejectedEntry } from '@/data/db'
import type { Clock } from '@/composables/useClock'
import { useClock } from '@/composables/useClock'

export type { DataRow, MemberDataSource, RejectedEntry, RowsQuery }

/** The app provides its data source here (tests provide one on their own database). */
export const MEMBER_DATA: InjectionKey<MemberDataSource> = Symbol('member-data')

let fallback: MemberDataSource | null = null

export function useMemberData(): MemberDataSource {
  const provided = inject(MEMBER_DATA, null)
  if (provided) return provided
  fallback ??= createMemberDataSource()
  return fallback
}

/** Rows of a query, kept current; `query` returning null means "nothing to read yet". */
export function useLiveRows(source: MemberDataSource, query: () => RowsQuery | null): { rows: ShallowRef<DataRow[]>; ready: ShallowRef<boolean> } {
  const rows = shallowRef<DataRow[]>([])
  const ready = shallowRef(false)
  let stop: (() => void) | null = null
  watch(
    () => JSON.stringify(query()),
    () => {
      stop?.()
      const q = query()
      if (!q) {
        rows.value = []
        ready.value = true
        return
      }
      stop = source.watch(q, (next) => {
        rows.value = next.filter((r) => !r._deleted)
        ready.value = true
      })
    },
    { immediate: true },
  )
  onScopeDispose(() => stop?.())
  return { rows, ready }
}

export function useRejected(source: MemberDataSource): ShallowRef<RejectedEntry[]> {
  const entries = shallowRef<RejectedEntry[]>([])
  const stop = source.watchRejected((next) => (entries.value = next))
  onScopeDispose(stop)
  return entries
}

export function useLocalSyncState(source: MemberDataSource): ShallowRef<LocalSyncState> {
  const state = shallowRef<LocalSyncState>({ pending: 0, rejected: 0 })
  const stop = source.watchSyncState((next) => (state.value = next))
  onScopeDispose(stop)
  return state
}

export type { Clock }
export { useClock }
