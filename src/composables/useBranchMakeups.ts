import { computed } from 'vue'
import { makeupState, type MakeupState } from '@/domain/makeup'
import type { AttendanceRow, EventRow } from '@/domain/rows'
import type { RowOf } from '@/domain/syncTables'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { BranchScope } from './useBranchScope'

export interface BranchMakeupsOptions {
  repositories: Pick<Repositories, 'branchDesk' | 'meetings' | 'members' | 'makeup'>
  clock: Clock
  scope: () => BranchScope | null
}

export interface MakeupItem {
  row: AttendanceRow
  state: MakeupState
  event: EventRow | null
  /** The member's name, or null when he is not on this phone's roster. */
  name: string | null
  /** The name of who confirmed it (a login linked to the roster), or null. */
  confirmedBy: string | null
}

/**
 * The branch's make-ups (补课): every absence or leave at an ended branch meeting, and every row the
 * committee flagged, by state: owed, recorded (awaiting the secretary), confirmed. Newest meeting first.
 */
export function useBranchMakeups(options: BranchMakeupsOptions) {
  const repos = options.repositories
  const byScope = <T>(read: (scope: BranchScope) => Promise<T>) => () => {
    const scope = options.scope()
    return scope ? () => read(scope) : null
  }
  const rowsRead = useLiveRows(byScope((s) => repos.branchDesk.makeupCandidates(s.branchId)))
  const eventsRead = useLiveRows(byScope((s) => repos.meetings.visibleTo(s.branchId, s.orgId)))
  const membersRead = useLiveRows(byScope((s) => repos.members.ofBranch(s.branchId)))
  const problems = useDataProblems(rowsRead, eventsRead, membersRead)
  const ready = computed(() => rowsRead.ready.value && eventsRead.ready.value && membersRead.ready.value)

  const eventsById = computed(() => new Map(eventsRead.rows.value.map((e) => [e.id, e])))
  const members = computed(() => membersRead.rows.value)
  const nameOf = (id: string) => members.value.find((m) => m.id === id)?.name ?? null
  const nameOfLogin = (userId: string | null | undefined) => (userId ? (members.value.find((m: RowOf<'members'>) => m.user_id === userId)?.name ?? null) : null)

  const items = computed<MakeupItem[]>(() => {
    const now = options.clock()
    const out: MakeupItem[] = []
    for (const row of rowsRead.rows.value) {
      const event = eventsById.value.get(row.event_id) ?? null
      const state = makeupState(row, event, now)
      if (state) out.push({ row, state, event, name: nameOf(row.member_id), confirmedBy: nameOfLogin(row.makeup_confirmed_by) })
    }
    return out.sort((a, b) => (b.event?.starts_at ?? '').localeCompare(a.event?.starts_at ?? ''))
  })
  const count = (state: MakeupState) => items.value.filter((i) => i.state === state).length
  const counts = computed(() => ({ owed: count('owed'), recorded: count('recorded'), confirmed: count('confirmed') }))

  /** The secretary confirms a recorded make-up; the server writes who and when. False when he may not. */
  async function confirm(item: MakeupItem): Promise<boolean> {
    if (!options.scope()?.isSecretary || item.state !== 'recorded') return false
    await repos.makeup.confirm(item.row, options.clock())
    return true
  }

  return { items, counts, ready, problems, confirm }
}
