import { computed } from 'vue'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import { isGone } from '@/domain/eventAudience'
import type { RowOf } from '@/domain/syncTables'

/** Someone a visit may name, with the branch whose roster he is on. */
export interface VisitPerson {
  id: string
  name: string
  branchId: string
  branch: string
}

/** People in runs of the same branch (their order kept), those whose name or branch holds `search` only. */
export function peopleByBranch<P extends { name: string; branch?: string }>(people: readonly P[], search = ''): { branch: string; people: P[] }[] {
  const q = search.trim()
  const out: { branch: string; people: P[] }[] = []
  for (const p of people) {
    if (q && !p.name.includes(q) && !(p.branch ?? '').includes(q)) continue
    const last = out[out.length - 1]
    if (last && last.branch === (p.branch ?? '')) last.people.push(p)
    else out.push({ branch: p.branch ?? '', people: [p] })
  }
  return out
}

/**
 * Who may be picked for a visit, from the rosters on this device, without those who left them:
 * `visited` every branch of the organisation the device holds (an admin's phone: all of them, so the
 * 离退休党支部's retired members; a committee member's: his branch), by branch; `participants` the
 * visit's branch only (the server takes no one else as a participant).
 */
export function useVisitPeople(options: { branches: () => readonly { id: string; name: string }[]; branchId: () => string | null }) {
  const repositories = useRepositories()
  const read = useLiveRows<RowOf<'members'>>(() => {
    // The visit's own branch even before its branch row is on the device.
    const own = options.branchId()
    const ids = [...new Set([...options.branches().map((b) => b.id), ...(own ? [own] : [])])]
    return ids.length ? () => repositories.members.where('branch_id', ids) : null
  })
  const visited = computed<VisitPerson[]>(() => {
    const branches = options.branches()
    const order = new Map(branches.map((b, i) => [b.id, i]))
    const names = new Map(branches.map((b) => [b.id, b.name]))
    return read.rows.value
      .filter((m) => !isGone(m.status))
      .map((m) => ({ id: m.id, name: m.name, branchId: m.branch_id, branch: names.get(m.branch_id) ?? '' }))
      .sort((a, b) => (order.get(a.branchId) ?? 0) - (order.get(b.branchId) ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))
  })
  const participants = computed(() => visited.value.filter((p) => p.branchId === options.branchId()))
  /** Every name on the device's rosters, the gone included (a saved visit shows whom it named). */
  const nameOf = computed(() => new Map(read.rows.value.map((m) => [m.id, m.name])))
  return { visited, participants, nameOf, read, problems: useDataProblems(read) }
}
