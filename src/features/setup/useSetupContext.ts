import { computed } from 'vue'
import { useRoute } from 'vue-router'
import { chinaDay } from '@/domain/chinaTime'
import { useClock } from '@/composables/useClock'
import { useLiveQuery } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
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

export { useServerRead } from '@/composables/useServerRead'
