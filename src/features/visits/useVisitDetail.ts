import { computed } from 'vue'
import { useBranchScope } from '@/composables/useBranchScope'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import type { VisitRow } from '@/domain/rows'
import type { RowOf } from '@/domain/syncTables'
import { goodsItemsOf } from '@/domain/visits'

/** One visit on this device, with the names of the persons it lists (as the roster here knows them). */
export function useVisitDetail(id: () => string) {
  const repositories = useRepositories()
  const scope = useBranchScope()
  const read = useLiveRows<VisitRow>(() => {
    const visitId = id()
    return () => repositories.visits.byId(visitId)
  })
  const roster = useLiveRows<RowOf<'members'>>(() => {
    const branchId = scope.value?.branchId
    return branchId ? () => repositories.members.ofBranch(branchId) : null
  })
  const visit = computed(() => read.rows.value[0] ?? null)
  const names = (ids: readonly string[] | null | undefined) => {
    const byId = new Map(roster.rows.value.map((m) => [m.id, m.name]))
    return (ids ?? []).map((i) => byId.get(i) ?? null)
  }
  const goods = computed(() => (visit.value ? goodsItemsOf(visit.value) : []))
  const canEdit = computed(() => !!visit.value && !!scope.value?.isCommittee && visit.value.branch_id === scope.value.branchId)
  return { visit, goods, names, canEdit, ready: read.ready, problems: useDataProblems(read, roster) }
}
