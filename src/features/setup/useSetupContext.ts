import { computed, shallowRef } from 'vue'
import { useRoute } from 'vue-router'
import { chinaDay } from '@/domain/chinaTime'
import { useClock } from '@/composables/useClock'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import type { YearSetupProblemCode, YearSetupResult } from '@/data/repositories/yearSetup'
import { useSessionStore } from '@/stores/session'

/**
 * What every 年度工作 screen needs: the repositories, the organisation (the roster link's, else the
 * one this device holds: an admin need not be on a roster) and the year shown (`?year=`, else this
 * year in China time).
 */
export function useSetupContext() {
  const repos = useRepositories()
  const session = useSessionStore()
  const route = useRoute()
  const clock = useClock()
  const held = useLiveQuery(() => (session.member ? null : () => repos.yearSetup.orgIds()), [] as string[])
  const orgId = computed(() => session.member?.org_id ?? held.data.value[0] ?? null)
  const thisYear = computed(() => Number(chinaDay(clock()).slice(0, 4)))
  const year = computed(() => {
    const asked = Number(route.query.year)
    return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear.value
  })
  return { repos, session, clock, orgId, orgReady: held.ready, year, thisYear }
}

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
