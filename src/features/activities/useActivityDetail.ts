import { computed, shallowRef } from 'vue'
import { checkinOpen } from '@/domain/checkin'
import { checkCancelReason, eventPhase, managesEvent, mayAskLeave, myEventStatus, type EventGrant } from '@/domain/events'
import type { MemberLink } from '@/domain/profile'
import { attendanceRowId } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

export interface ActivityDetailOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'members' | 'orgs' | 'activities' | 'meetings'>
  clock: Clock
  eventId: () => string
  member: () => MemberLink | null
  grants: () => readonly EventGrant[]
}

/**
 * One event as a member and the committee see it: its details, the member's status and what he
 * may do (ask leave before it starts, check in while it is open), and for those who manage it
 * cancelling with a reason, or restoring it.
 */
export function useActivityDetail(options: ActivityDetailOptions) {
  const repos = options.repositories
  const eventRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.events.byId(id)
  })
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const mineRead = useLiveRows(() => {
    const member = options.member()
    return member ? () => repos.attendance.byId(attendanceRowId(options.eventId(), member.id)) : null
  })
  const rosterRead = useLiveRows(() => {
    const member = options.member()
    return member ? () => repos.members.byId(member.id) : null
  })
  const orgRead = useLiveRows(() => {
    const org = event.value?.kind === 'theme_day' ? event.value.org_id : null
    return org ? () => repos.orgs.byId(org) : null
  })
  const groupRead = useLiveRows(() => {
    const branch = event.value?.audience === 'group' ? event.value.branch_id : null
    return branch ? () => repos.activities.groupsOf(branch) : null
  })
  const problems = useDataProblems(eventRead, mineRead, rosterRead, orgRead, groupRead)
  // The member's own status is part of the page: shown together with the event, not after it.
  const ready = computed(() => eventRead.ready.value && mineRead.ready.value && rosterRead.ready.value)
  const missing = computed(() => ready.value && !event.value && eventRead.invalid.value.length === 0)

  const manages = computed(() => !!event.value && managesEvent(options.grants(), event.value))
  const status = computed(() => {
    const e = event.value
    if (!e || !options.member()) return null
    return myEventStatus(e, mineRead.rows.value[0] ?? null, rosterRead.rows.value[0] ?? null, options.clock())
  })
  const phase = computed(() => (event.value ? eventPhase(event.value, options.clock()) : null))
  const canLeave = computed(() => !!event.value && !!options.member() && status.value !== 'notExpected' && mayAskLeave(event.value, status.value, options.clock()))
  const canCheckin = computed(() => {
    const e = event.value
    if (!e || e.cancelled_at || !options.member()) return false
    return checkinOpen(e, options.clock()) && (status.value === null || status.value === 'notCheckedIn' || status.value === 'leavePending' || status.value === 'leaveRejected')
  })
  const groupName = computed(() => groupRead.rows.value.find((g) => g.id === event.value?.group_id)?.name ?? null)
  /** The organisation's 主题党日 checklist with what this event has done. */
  const checklist = computed(() => {
    const e = event.value
    if (!e || e.kind !== 'theme_day') return []
    const items = orgRead.rows.value[0]?.theme_day_checklist ?? []
    const done = new Set(e.checklist_done ?? [])
    return items.map((item) => ({ item, done: done.has(item) }))
  })

  const problem = shallowRef<CodedProblem | null>(null)
  const refuse = (p: CodedProblem): false => {
    problem.value = p
    return false
  }
  const saved = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      return refuse({ code: 'record.saveFailed', params: { message: (error as Error).message } })
    }
  }
  /** Cancels the event with the reason; false (and `problem`) when it cannot. */
  async function cancel(reasonText: string): Promise<boolean> {
    problem.value = null
    const e = event.value
    if (!e) return false
    if (!managesEvent(options.grants(), e)) return refuse({ code: 'event.notAllowed' })
    if (e.cancelled_at) return refuse({ code: 'event.alreadyCancelled' })
    const reason = checkCancelReason(reasonText)
    if (!reason.ok) return refuse({ code: reason.code, params: reason.params })
    return saved(() => repos.meetings.cancel(e, reason.value, options.clock()))
  }
  async function uncancel(): Promise<boolean> {
    problem.value = null
    const e = event.value
    if (!e || !e.cancelled_at) return false
    if (!managesEvent(options.grants(), e)) return refuse({ code: 'event.notAllowed' })
    return saved(() => repos.meetings.uncancel(e))
  }

  return { event, ready, missing, problems, manages, status, phase, canLeave, canCheckin, groupName, checklist, problem, cancel, uncancel }
}
