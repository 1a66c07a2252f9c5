import { quorumOf, type Quorum } from '@/domain/quorum'
import type { RowOf } from '@/domain/syncTables'

type Member = RowOf<'members'>
type Attendance = RowOf<'attendance'>
type Event = RowOf<'events'>

/** How an expected member stands at a meeting, for the record book. */
export type RollStatus = 'present' | 'late' | 'leave' | 'leavePending' | 'leaveRejected' | 'absent' | 'none'

export interface RollEntry {
  member: Member
  status: RollStatus
  /** The leave reason or the committee's note on an absence, as written. */
  reason: string | null
}

export interface MeetingRoll {
  /** Everyone expected (应到), in roster order. */
  expected: RollEntry[]
  /** Expected and present or late (实到). */
  present: RollEntry[]
  /** Expected and not there (on leave, absent, or no record), with the reason. */
  absent: RollEntry[]
  /** Present although not expected (e.g. from another party group). */
  others: RollEntry[]
}

/** Roster rows no longer in the branch: never expected at its meetings. */
const GONE = new Set(['transferred', 'deceased'])
const byName = (a: Member, b: Member) => a.name.localeCompare(b.name, 'zh-Hans-CN')

/**
 * Who a meeting expects: the branch (or, for an organisation-wide event, those of its attendees this
 * device holds), narrowed to the party group or the committee the event is for; 支委会 always expects
 * the committee. Members who moved away or died are not expected.
 */
export function expectedMembers(event: Event, members: readonly Member[]): Member[] {
  // Rows older than the audience column: a party group's event has its group_id.
  const audience = event.audience ?? (event.group_id ? 'group' : 'branch')
  const committee = audience === 'committee' || event.kind === 'committee_meeting'
  return members
    .filter((m) => !m._deleted && !GONE.has(m.status ?? 'active'))
    .filter((m) => !event.branch_id || m.branch_id === event.branch_id)
    .filter((m) => (committee ? m.is_committee === true : audience !== 'group' || m.group_id === event.group_id))
    .sort(byName)
}

function rollStatus(row: Attendance | undefined): RollStatus {
  if (!row || row.verification === 'refused') return row?.status === 'absent' ? 'absent' : 'none'
  if (row.status === 'leave') {
    if (row.leave_status === 'withdrawn') return 'none'
    if (row.leave_status === 'approved') return 'leave'
    return row.leave_status === 'rejected' ? 'leaveRejected' : 'leavePending'
  }
  return row.status
}

const isHere = (status: RollStatus) => status === 'present' || status === 'late'

/** The roll of a meeting from the roster and the attendance rows on this device. */
export function meetingRoll(event: Event, members: readonly Member[], attendance: readonly Attendance[]): MeetingRoll {
  const rows = new Map(attendance.filter((a) => a.event_id === event.id && !a._deleted).map((a) => [a.member_id, a]))
  const entry = (member: Member): RollEntry => {
    const row = rows.get(member.id)
    const status = rollStatus(row)
    const reason = status === 'absent' ? (row?.mark_reason ?? null) : status === 'none' || isHere(status) ? null : (row?.leave_reason ?? null)
    return { member, status, reason }
  }
  const expected = expectedMembers(event, members).map(entry)
  const expectedIds = new Set(expected.map((e) => e.member.id))
  return {
    expected,
    present: expected.filter((e) => isHere(e.status)),
    absent: expected.filter((e) => !isHere(e.status)),
    others: members.filter((m) => !expectedIds.has(m.id) && !m._deleted).sort(byName).map(entry).filter((e) => isHere(e.status)),
  }
}

/** The meeting's quorum: its expected members with a vote, and who of them is present or late. */
export function meetingQuorum(event: Event, members: readonly Member[], attendance: readonly Attendance[]): Quorum {
  const roll = meetingRoll(event, members, attendance)
  return quorumOf({
    meeting: event,
    members: roll.expected.map((e) => e.member),
    presentIds: roll.present.map((e) => e.member.id),
  })
}
