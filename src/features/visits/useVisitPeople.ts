import { computed } from 'vue'
import { useBranchScope } from '@/composables/useBranchScope'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import type { RowOf } from '@/domain/syncTables'

/** Who may be picked for a visit: the branch's roster on this device, without those who left it. */
export function useVisitPeople() {
  const repositories = useRepositories()
  const scope = useBranchScope()
  const read = useLiveRows<RowOf<'members'>>(() => {
    const branchId = scope.value?.branchId
    return branchId ? () => repositories.members.ofBranch(branchId) : null
  })
  const people = computed(() =>
    read.rows.value
      .filter((m) => !['transferred', 'left', 'deceased'].includes(m.status ?? ''))
      .map((m) => ({ id: m.id, name: m.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  )
  return { people, problems: useDataProblems(read) }
}
