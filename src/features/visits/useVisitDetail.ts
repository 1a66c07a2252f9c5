import { computed } from 'vue'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import type { VisitRow } from '@/domain/rows'
import { goodsItemsOf } from '@/domain/visits'
import { useVisitPeople } from './useVisitPeople'
import { useVisitScope } from './useVisitScope'

/** One visit on this device, with the names of the persons it lists (as the rosters here know them). */
export function useVisitDetail(id: () => string) {
  const repositories = useRepositories()
  const { scope, branches } = useVisitScope()
  const read = useLiveRows<VisitRow>(() => {
    const visitId = id()
    return () => repositories.visits.byId(visitId)
  })
  const visit = computed(() => read.rows.value[0] ?? null)
  const roster = useVisitPeople({ branches: () => branches.value, branchId: () => visit.value?.branch_id ?? null })
  const names = (ids: readonly string[] | null | undefined) => (ids ?? []).map((i) => roster.nameOf.value.get(i) ?? null)
  const goods = computed(() => (visit.value ? goodsItemsOf(visit.value) : []))
  const canEdit = computed(() => !!visit.value && !!scope.value?.canWrite(visit.value.branch_id))
  return { visit, goods, names, canEdit, ready: read.ready, problems: useDataProblems(read, roster.read) }
}
