/**
 * The roll of a meeting as the record book keeps it: who was expected (应到, by the rule of
 * src/domain/eventAudience.ts), who was there (实到), who was not and why, who came although not
 * expected, and the quorum over it.
 */
import { attendanceState, expectsMember, isPresent, type AttendanceState } from '@/domain/eventAudience'
import { quorumOf, type Quorum } from '@/domain/quorum'
import type { RowOf } from '@/domain/syncTables'

type Member = RowOf<'members'>
type Attendance = RowOf<'attendance'>
type Event = RowOf<'events'>

/** How an expected member stands at a meeting, for the record book. */
export type RollStatus = AttendanceState

export interface RollEntry {
  member: Member
  status: RollStatus
  /** The leave reason or the committee's note on an absence, as written. */
  reason: string | null
}

export interface MeetingRoll {
  /** Everyone expected (应到), by name. */
  expected: RollEntry[]
  /** Expected and present or late (实到). */
  present: RollEntry[]
  /** Expected and not there (on leave, absent, 待核实 or no record), with the reason. */
  absent: RollEntry[]
  /** Present although not expected (e.g. from another party group). */
  others: RollEntry[]
}

const byName = (a: Member, b: Member) => a.name.localeCompare(b.name, 'zh-Hans-CN')

/** Who a meeting expects among these roster rows, by name. */
export function expectedMembers(event: Event, members: readonly Member[]): Member[] {
  return members.filter((m) => expectsMember(event, m)).sort(byName)
}

/** What the record says beside a status: the committee's note on an absence, else the leave reason. */
function reasonOf(status: RollStatus, row: Attendance | undefined): string | null {
  if (status === 'absent') return row?.mark_reason ?? null
  return status === 'leave' || status === 'leavePending' || status === 'leaveRejected' ? (row?.leave_reason ?? null) : null
}

/** The roll of a meeting from the roster and the attendance rows on this device. */
export function meetingRoll(event: Event, members: readonly Member[], attendance: readonly Attendance[]): MeetingRoll {
  const rows = new Map(attendance.filter((a) => a.event_id === event.id && !a._deleted).map((a) => [a.member_id, a]))
  const entry = (member: Member): RollEntry => {
    const row = rows.get(member.id)
    const status = attendanceState(row)
    return { member, status, reason: reasonOf(status, row) }
  }
  const expected = expectedMembers(event, members).map(entry)
  const expectedIds = new Set(expected.map((e) => e.member.id))
  return {
    expected,
    present: expected.filter((e) => isPresent(e.status)),
    absent: expected.filter((e) => !isPresent(e.status)),
    others: members.filter((m) => !expectedIds.has(m.id) && !m._deleted).sort(byName).map(entry).filter((e) => isPresent(e.status)),
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
