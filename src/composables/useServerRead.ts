import { shallowRef } from 'vue'
import type { YearSetupProblemCode, YearSetupResult } from '@/data/repositories/yearSetup'

/** A read of the server (the year's functions): loading, its value or why it failed, and a retry. */
export function useServerRead<T>(read: () => Promise<YearSetupResult<T>> | null) {
  const value = shallowRef<T | null>(null)
  const problem = shallowRef<YearSetupProblemCode | null>(null)
  /** When the answer shown was fetched, when it is a kept one (offline): 截至 …. */
  const keptFrom = shallowRef<string | null>(null)
  const loading = shallowRef(false)
  let run = 0
  async function load() {
    const pending = read()
    if (!pending) return
    const mine = ++run
    loading.value = true
    problem.value = null
    try {
      const result = await pending
      if (mine !== run) return
      if (result.ok) {
        value.value = result.value
        keptFrom.value = result.stale ? result.fetchedAt : null
      } else {
        problem.value = result.problem
        keptFrom.value = null
      }
    } finally {
      if (mine === run) loading.value = false
    }
  }
  return { value, problem, loading, load, keptFrom }
}
