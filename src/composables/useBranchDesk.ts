import { computed } from 'vue'
import type { AttendanceRow, EventRow } from '@/domain/rows'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import { useBranchMakeups } from './useBranchMakeups'
import type { BranchScope } from './useBranchScope'

export interface BranchDeskOptions {
  repositories: Pick<Repositories, 'branchDesk' | 'meetings' | 'members' | 'makeup'>
  clock: Clock
  scope: () => BranchScope | null
}

export interface PendingLeave {
  row: AttendanceRow
  event: EventRow | null
  name: string | null
}

export interface PendingCheckins {
  eventId: string
  event: EventRow | null
  count: number
}

/**
 * The branch's 待办 for its committee: leave requests awaiting the secretary, check-ins 待核实 per
 * event, and make-ups owed or awaiting confirmation. Soonest event first.
 */
export function useBranchDesk(options: BranchDeskOptions) {
  const repos = options.repositories
  const byScope = <T>(read: (scope: BranchScope) => Promise<T>) => () => {
    const scope = options.scope()
    return scope ? () => read(scope) : null
  }
  const leavesRead = useLiveRows(byScope((s) => repos.branchDesk.pendingLeaves(s.branchId)))
  const checkinsRead = useLiveRows(byScope((s) => repos.branchDesk.pendingCheckins(s.branchId)))
  const eventsRead = useLiveRows(byScope((s) => repos.meetings.visibleTo(s.branchId, s.orgId)))
  const membersRead = useLiveRows(byScope((s) => repos.members.ofBranch(s.branchId)))
  const makeups = useBranchMakeups(options)
  const problems = useDataProblems(leavesRead, checkinsRead, eventsRead, membersRead, {
    invalid: computed(() => makeups.problems.value.invalid),
    error: computed(() => makeups.problems.value.error),
  })
  const ready = computed(() => [leavesRead, checkinsRead, eventsRead, membersRead].every((r) => r.ready.value) && makeups.ready.value)

  const eventOf = (id: string) => eventsRead.rows.value.find((e) => e.id === id) ?? null
  const startOf = (e: EventRow | null) => e?.starts_at ?? ''

  const leaves = computed<PendingLeave[]>(() =>
    leavesRead.rows.value
      .map((row) => ({ row, event: eventOf(row.event_id), name: membersRead.rows.value.find((m) => m.id === row.member_id)?.name ?? null }))
      .sort((a, b) => startOf(a.event).localeCompare(startOf(b.event))),
  )

  const checkins = computed<PendingCheckins[]>(() => {
    const byEvent = new Map<string, number>()
    for (const row of checkinsRead.rows.value) byEvent.set(row.event_id, (byEvent.get(row.event_id) ?? 0) + 1)
    return [...byEvent]
      .map(([eventId, count]) => ({ eventId, event: eventOf(eventId), count }))
      .sort((a, b) => startOf(a.event).localeCompare(startOf(b.event)))
  })

  const makeupCounts = makeups.counts
  const empty = computed(() => !leaves.value.length && !checkins.value.length && !makeupCounts.value.owed && !makeupCounts.value.recorded)

  return { leaves, checkins, makeups: makeupCounts, empty, ready, problems }
}
