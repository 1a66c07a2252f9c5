/**
 * Who is expected at an event, and where each person stands at it: the one rule behind 活动 (a
 * member's own status), the 签到名单 and the meeting record (its roll, quorum and printed pages).
 * Pure: plain rows in, codes out (each screen words them).
 *
 * Choices, where the three screens used to differ (the server's rules decide where they speak:
 * supabase/migrations/20261201003000_meetings.sql and 20261201003100_checkin_trust.sql):
 * - 支委会 expects the committee whatever its audience says: rows made before the audience column
 *   got the column's default 'branch', and quorum (src/domain/quorum.ts) counts only the committee.
 * - The committee is `is_committee`; a `committee_title` alone (a post not cleared) is not.
 * - A party group's event without its group expects nobody (the server requires the group).
 * - Transferred, deceased and left (离开) roster rows are never expected (the person has a row
 *   elsewhere, or none); retired and suspended members are, and 预备党员 are (without a vote:
 *   `hasVote`).
 * - Branch life (三会一课, 主题党日, 集中学习, 集中研讨, 组织生活会, 民主评议) expects party members
 *   only (正式党员 and 预备党员); the campaigns (`STAFF_EVENT_KINDS`: volunteer service, blood and
 *   donation drives, visits, training) expect everyone else the audience names too, 共青团员, 群众
 *   and 其他 included. A row without `member_type` is a 正式党员 (the roster's default). The
 *   server's twin is `app_private.expects_member` (20261201005000_roster_privacy.sql).
 * - An organisation-wide event (branch_id null) expects every member of the organisation (its
 *   'committee' audience: every branch's committee); a branch's event only its own branch.
 * - A leave refused is `leaveRejected`: the member is expected as anyone else (the 签到名单 counts
 *   him as not yet checked in), but the record says the request was refused.
 * - A check-in the secretary refused is no check-in (`none`): the server then records it absent.
 * - A check-in 待核实 (`pending`, a token that reached the server late) is not presence until the
 *   secretary confirms it, so it does not count for a quorum.
 * - A withdrawn leave request, a deleted row and no row at all are `none`.
 */
import type { AttendanceRow, EventRow } from './rows'

export type EventAudience = 'org' | 'branch' | 'group' | 'committee'

/** The event's columns that decide who is expected. */
export type AudienceEvent = Pick<EventRow, 'branch_id' | 'group_id' | 'audience' | 'kind'>

/** A roster row's facts that decide whether an event expects him (a field left out is not known). */
export interface AudienceMember {
  branch_id?: string | null
  group_id?: string | null
  is_committee?: boolean | null
  status?: string | null
  member_type?: string | null
  _deleted?: boolean
}

/** Roster rows that are not expected anywhere any more. */
const GONE = new Set(['transferred', 'deceased', 'left'])

/** Whether a roster status means the person has left this roster (transferred, deceased, left). */
export const isGone = (status: string | null | undefined): boolean => status != null && GONE.has(status)

/** Event kinds open to all staff; every other kind is branch life, for party members only. */
export const STAFF_EVENT_KINDS: readonly EventRow['kind'][] = ['volunteer', 'blood_drive', 'donation_drive', 'visit', 'training']

/** Whether an event of this kind is branch life, which expects party members only. */
export const isPartyKind = (kind: EventRow['kind']): boolean => !STAFF_EVENT_KINDS.includes(kind)

/** 正式党员 or 预备党员; a row without the field is a 正式党员 (the roster's default). */
export const isPartyMember = (member: Pick<AudienceMember, 'member_type'>): boolean =>
  member.member_type == null || member.member_type === 'full' || member.member_type === 'probationary'

/** Who the event is for: its audience, else what its columns say (rows older than the column). */
export function audienceOf(event: Pick<EventRow, 'branch_id' | 'group_id' | 'audience'>): EventAudience {
  if (event.audience) return event.audience
  if (!event.branch_id) return 'org'
  return event.group_id ? 'group' : 'branch'
}

/** Whether the event expects this member (see the choices above). */
export function expectsMember(event: AudienceEvent, member: AudienceMember): boolean {
  if (member._deleted || isGone(member.status)) return false
  if (event.branch_id && member.branch_id != null && member.branch_id !== event.branch_id) return false
  if (isPartyKind(event.kind) && !isPartyMember(member)) return false
  const audience = audienceOf(event)
  if (audience === 'committee' || event.kind === 'committee_meeting') return member.is_committee === true
  if (audience === 'group') return !!event.group_id && member.group_id === event.group_id
  return true
}

/** Where a person stands at an event, from his attendance row (null: none on this device). */
export type AttendanceState = 'present' | 'late' | 'pending' | 'leave' | 'leavePending' | 'leaveRejected' | 'absent' | 'none'

export function attendanceState(row: Pick<AttendanceRow, 'status' | 'leave_status' | 'verification' | '_deleted'> | null | undefined): AttendanceState {
  if (!row || row._deleted) return 'none'
  switch (row.status) {
    case 'present':
    case 'late':
      if (row.verification === 'refused') return 'none'
      return row.verification === 'pending' ? 'pending' : row.status
    case 'leave':
      if (row.leave_status === 'approved') return 'leave'
      if (row.leave_status === 'rejected') return 'leaveRejected'
      return row.leave_status === 'withdrawn' ? 'none' : 'leavePending'
    default:
      return 'absent'
  }
}

/** Present or late: there, and counted for a quorum (with a vote). */
export const isPresent = (state: AttendanceState): boolean => state === 'present' || state === 'late'
