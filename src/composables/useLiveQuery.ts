import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type ShallowRef } from 'vue'
import { observeLive, type LiveRead } from '@/data/live'
import type { Checked, InvalidRow } from '@/data/repositories'

export interface LiveQueryState<T> {
  data: ShallowRef<T>
  /** The first result of the current read has arrived (or there is nothing to read). */
  ready: ShallowRef<boolean>
  /** Why the read failed, or null; shown on screen, never dropped. */
  error: ShallowRef<unknown>
}

/**
 * A read of the device database kept current: `query` returns the read to observe, or null when
 * there is nothing to read yet (no member signed in); when what it depends on changes, the read is
 * replaced. Stops when the calling component (or effect scope) is disposed.
 */
export function useLiveQuery<T>(query: () => LiveRead<T> | null, initial: T): LiveQueryState<T> {
  const data = shallowRef<T>(initial)
  const ready = shallowRef(false)
  const error = shallowRef<unknown>(null)
  let stop: (() => void) | null = null
  watch(
    query,
    (read) => {
      stop?.()
      stop = null
      error.value = null
      if (!read) {
        data.value = initial
        ready.value = true
        return
      }
      ready.value = false
      stop = observeLive(read, {
        next: (value) => {
          data.value = value
          error.value = null
          ready.value = true
        },
        error: (e) => {
          error.value = e
          ready.value = true
        },
      })
    },
    { immediate: true },
  )
  onScopeDispose(() => stop?.())
  return { data, ready, error }
}

const EMPTY: Checked<never> = { rows: [], invalid: [] }

export interface LiveRowsState<T> {
  rows: ComputedRef<T[]>
  /** Stored rows that do not match their schema (kept on the device, reported on screen). */
  invalid: ComputedRef<InvalidRow[]>
  ready: ShallowRef<boolean>
  error: ShallowRef<unknown>
}

/** A repository read (rows checked against their schema) kept current. */
export function useLiveRows<T>(query: () => LiveRead<Checked<T>> | null): LiveRowsState<T> {
  const { data, ready, error } = useLiveQuery<Checked<T>>(query, EMPTY)
  return { rows: computed(() => data.value.rows), invalid: computed(() => data.value.invalid), ready, error }
}

export interface DataProblems {
  /** The first read that failed, or null. */
  error: unknown
  invalid: InvalidRow[]
}

/** Everything that went wrong in several reads, for one problem notice on the screen. */
export function useDataProblems(...reads: Pick<LiveRowsState<unknown>, 'invalid' | 'error'>[]): ComputedRef<DataProblems> {
  return computed(() => ({
    error: reads.map((r) => r.error.value).find((e) => e !== null && e !== undefined) ?? null,
    invalid: reads.flatMap((r) => r.invalid.value),
  }))
}
