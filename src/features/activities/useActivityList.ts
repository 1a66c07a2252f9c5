import { computed } from 'vue'
import { eventPhase, filterEvents, myEventStatus, type EventFilter, type EventPhase, type MyEventStatus } from '@/domain/events'
import type { MemberLink } from '@/domain/profile'
import type { EventRow } from '@/domain/rows'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Checked, Repositories } from '@/data/repositories'

export interface ActivityListOptions {
  repositories: Pick<Repositories, 'meetings' | 'activities' | 'attendance' | 'members'>
  clock: Clock
  /** The signed-in member's roster link; null for a leader or admin on no roster. */
  member: () => MemberLink | null
  filter: () => EventFilter
}

export interface ActivityItem {
  event: EventRow
  phase: EventPhase
  orgWide: boolean
  /** The member's own status (null: nothing to say, or not on a roster). */
  mine: MyEventStatus | null
}

/**
 * The 活动 list: the member's branch's events and the organisation's (for a login on no roster,
 * the organisation's only), upcoming or past, of one kind or all, each with the member's status.
 */
export function useActivityList(options: ActivityListOptions) {
  const repos = options.repositories
  const eventRead = useLiveRows<EventRow>(() => {
    const member = options.member()
    if (member) return () => repos.meetings.visibleTo(member.branch_id, member.org_id)
    return async (): Promise<Checked<EventRow>> => {
      const orgs = await repos.activities.organisations()
      const parts = await Promise.all(orgs.rows.map((org) => repos.activities.orgWide(org.id)))
      return { rows: parts.flatMap((p) => p.rows), invalid: [...orgs.invalid, ...parts.flatMap((p) => p.invalid)] }
    }
  })
  const attendanceRead = useLiveRows(() => {
    const member = options.member()
    return member ? () => repos.attendance.ofMember(member.id) : null
  })
  const rosterRead = useLiveRows(() => {
    const member = options.member()
    return member ? () => repos.members.byId(member.id) : null
  })
  const problems = useDataProblems(eventRead, attendanceRead, rosterRead)
  const ready = computed(() => eventRead.ready.value && attendanceRead.ready.value && rosterRead.ready.value)

  const items = computed<ActivityItem[]>(() => {
    const now = options.clock()
    const member = options.member()
    const roster = rosterRead.rows.value[0] ?? null
    const mine = new Map(attendanceRead.rows.value.map((a) => [a.event_id, a]))
    return filterEvents(eventRead.rows.value, options.filter(), now).map((event) => ({
      event,
      phase: eventPhase(event, now),
      orgWide: event.branch_id == null,
      mine: member ? myEventStatus(event, mine.get(event.id) ?? null, roster, now) : null,
    }))
  })

  return { items, ready, problems }
}
