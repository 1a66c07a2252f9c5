import { computed, shallowRef } from 'vue'
import { useClock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import type { VisitRow } from '@/domain/rows'
import { chinaDay } from '@/domain/chinaTime'
import { VISIT_KINDS, visitTotals, visitYears, visitsOf, type VisitKind } from '@/domain/visits'
import { useVisitScope } from './useVisitScope'

/** The branch's visits on this device (an admin's pick of branch), by year and kind, with the list's totals. */
export function useVisitList() {
  const repositories = useRepositories()
  const clock = useClock()
  const { scope, ready: scopeReady, branchRead } = useVisitScope()
  const read = useLiveRows<VisitRow>(() => {
    const branchId = scope.value?.branchId
    return branchId ? () => repositories.visits.ofBranch(branchId) : null
  })
  const year = shallowRef(Number(chinaDay(clock()).slice(0, 4)))
  const kind = shallowRef<VisitKind | ''>('')
  const years = computed(() => visitYears(read.rows.value, clock()))
  const visits = computed(() => visitsOf(read.rows.value, year.value, kind.value || null))
  const totals = computed(() => visitTotals(visits.value))
  const problems = useDataProblems(read, branchRead)
  const ready = computed(() => scopeReady.value && (!scope.value || read.ready.value))
  return { scope, ready, visits, totals, years, year, kind, kinds: VISIT_KINDS, problems }
}
