/**
 * The secretary's live attendance list (签到名单) of one event: who is expected and what each of
 * them is (the rule of src/domain/eventAudience.ts, grouped as the list shows it: checked in, late,
 * on leave, absent, not yet, 待核实), exact counts, and the rows a hand mark writes. Pure: plain rows
 * in, codes and rows out (the screen words them).
 */
import { attendanceState, expectsMember } from './eventAudience'
import { checkTextLength } from './textInput'
import { attendanceRowId } from './syncIds'
import type { AttendanceRow, EventRow } from './rows'

/** Statuses on the list, in the order the list shows them (what needs the secretary first). */
export const ROLL_STATUSES = ['pending', 'notYet', 'leavePending', 'present', 'late', 'leave', 'absent'] as const
export type RollStatus = (typeof ROLL_STATUSES)[number]

/** What a hand mark may set. */
export const MARK_STATUSES = ['present', 'late', 'leave', 'absent'] as const
export type MarkStatus = (typeof MARK_STATUSES)[number]

/** The longest reason a hand mark keeps (attendance.mark_reason, char_length ≤ 500). */
export const MARK_REASON_MAX = 500

export interface RollMember {
  id: string
  name: string
  branch_id: string
  group_id?: string | null
  is_committee?: boolean | null
  status?: string | null
}

export type RollEvent = Pick<EventRow, 'id' | 'org_id' | 'branch_id' | 'group_id' | 'audience' | 'kind' | 'starts_at' | 'ends_at'>

export interface RollEntry {
  memberId: string
  /** null: the member is not on this device's roster (another branch at an organisation-wide event). */
  name: string | null
  /** The attendee's branch (his attendance row carries it). */
  branchId: string
  /** On the list because the event's audience includes him (else only because he has a row). */
  expected: boolean
  status: RollStatus
  row: AttendanceRow | null
}

export type RollCounts = Record<RollStatus, number> & {
  /** 应到: the expected members. */
  expected: number
  /** Everyone on the list (expected, and others with a row). */
  total: number
}

/** A role the login holds, and where (a branch; null for the organisation's leader or admin). */
export interface RollGrant {
  role: string
  branch_id: string | null
}

const holds = (grants: readonly RollGrant[], roles: readonly string[], branchId: string | null) =>
  grants.some((g) => roles.includes(g.role) && (branchId === null ? g.branch_id === null : g.branch_id === branchId))

/**
 * Whether these grants mark attendance of a member of `branchId` at the event, as the server's
 * policies allow: the branch's organizers and secretary; at an organisation-wide event also the
 * organisation's admins.
 */
export function marksAttendance(grants: readonly RollGrant[], event: Pick<EventRow, 'branch_id'>, branchId: string): boolean {
  if (!event.branch_id && holds(grants, ['admin'], null)) return true
  return holds(grants, ['organizer', 'secretary'], branchId)
}

/**
 * Whether these grants decide on a member's check-in (confirm or refuse 待核实, change a verified
 * check-in): the secretary of his branch; at an organisation-wide event the organisation's admins
 * too (app_private.decides_attendance).
 */
export function decidesAttendance(grants: readonly RollGrant[], event: Pick<EventRow, 'branch_id'>, branchId: string): boolean {
  if (!event.branch_id && holds(grants, ['admin'], null)) return true
  return holds(grants, ['secretary'], branchId)
}

/** Whether these grants open an event's attendance list at all (its branch's committee; admins and any committee for an organisation-wide one). */
export function seesAttendance(grants: readonly RollGrant[], event: Pick<EventRow, 'branch_id'>): boolean {
  if (event.branch_id) return holds(grants, ['organizer', 'secretary'], event.branch_id)
  return holds(grants, ['admin'], null) || grants.some((g) => (g.role === 'organizer' || g.role === 'secretary') && g.branch_id !== null)
}

/**
 * The list status of one member's attendance row: a refused or withdrawn request, a refused
 * check-in and no row are all 未签到 (he is expected as anyone else).
 */
export function rollStatus(row: Pick<AttendanceRow, 'status' | 'leave_status' | 'verification' | '_deleted'> | null): RollStatus {
  const state = attendanceState(row)
  return state === 'none' || state === 'leaveRejected' ? 'notYet' : state
}

function compareNames(a: RollEntry, b: RollEntry): number {
  if (a.name === null || b.name === null) return a.name === b.name ? a.memberId.localeCompare(b.memberId) : a.name === null ? 1 : -1
  return a.name.localeCompare(b.name, 'zh-CN') || a.memberId.localeCompare(b.memberId)
}

/**
 * The list of an event: every expected member, and anyone else with a (live) row, once each, by
 * status (ROLL_STATUSES) then name. Counts are exact: each entry in one status, `total` the sum.
 */
export function attendanceRoll(input: { event: RollEvent; members: readonly RollMember[]; attendance: readonly AttendanceRow[] }): { entries: RollEntry[]; counts: RollCounts } {
  const rows = new Map<string, AttendanceRow>()
  for (const row of input.attendance) if (row.event_id === input.event.id && !row._deleted) rows.set(row.member_id, row)
  const entries: RollEntry[] = []
  const seen = new Set<string>()
  for (const member of input.members) {
    if (seen.has(member.id)) continue
    const row = rows.get(member.id) ?? null
    const expected = expectsMember(input.event, member)
    if (!expected && !row) continue
    seen.add(member.id)
    entries.push({ memberId: member.id, name: member.name, branchId: row?.branch_id ?? member.branch_id, expected, status: rollStatus(row), row })
  }
  for (const [memberId, row] of rows) {
    if (seen.has(memberId)) continue
    entries.push({ memberId, name: null, branchId: row.branch_id, expected: false, status: rollStatus(row), row })
  }
  const order = new Map(ROLL_STATUSES.map((s, i) => [s, i]))
  entries.sort((a, b) => order.get(a.status)! - order.get(b.status)! || compareNames(a, b))
  const counts = Object.fromEntries(ROLL_STATUSES.map((s) => [s, 0])) as RollCounts
  counts.expected = 0
  counts.total = entries.length
  for (const e of entries) {
    counts[e.status]++
    if (e.expected) counts.expected++
  }
  return { entries, counts }
}

/** A check-in by a token that the server accepted (verified or 待核实): only the secretary changes it. */
export function isProtectedCheckin(row: Pick<AttendanceRow, 'verification'> | null): boolean {
  return row?.verification === 'verified' || row?.verification === 'pending'
}

export type MarkProblem =
  | { code: 'attendance.reasonRequired' }
  | { code: 'text.tooLong'; params: Record<string, number> }
  | { code: 'attendance.protected' }
  | { code: 'attendance.sameStatus' }

export interface HandMark {
  row: { id: string; org_id: string } & Partial<AttendanceRow>
  /**
   * Sent with `force`: the secretary marks absent a member this device shows present or late, a
   * deliberate override of the rule that a check-in wins over an absent mark. An absent mark on a
   * member shown as not yet is not forced, so a check-in that meanwhile reached the server stands.
   */
  force: boolean
}

/**
 * The row a hand mark writes, or why not: a reason is required (at most 500 characters, counted
 * as the database counts); a check-in the server accepted changes only by the secretary (`decider`);
 * a leave marked by the secretary is approved, by an organizer it waits for the secretary. The
 * server sets who marked and flags a committee member marking himself.
 */
export function handMark(input: {
  event: RollEvent
  entry: Pick<RollEntry, 'memberId' | 'branchId' | 'status' | 'row'>
  status: MarkStatus
  reason: string
  now: Date
  /** The user decides on this row (the secretary of the attendee's branch, or an admin at an organisation-wide event). */
  decider: boolean
  /** The user's own roster id: nobody approves his own leave. */
  me: string | null
}): { ok: true; value: HandMark } | { ok: false; problem: MarkProblem } {
  const { entry, status } = input
  const reason = checkTextLength(input.reason, { max: MARK_REASON_MAX, min: 1 })
  if (!reason.ok) return { ok: false, problem: reason.code === 'text.tooLong' ? { code: 'text.tooLong', params: reason.params as Record<string, number> } : { code: 'attendance.reasonRequired' } }
  if (isProtectedCheckin(entry.row) && !input.decider) return { ok: false, problem: { code: 'attendance.protected' } }
  if (entry.status === status || (status === 'leave' && entry.status === 'leavePending' && !input.decider)) return { ok: false, problem: { code: 'attendance.sameStatus' } }
  const text = reason.value.trim()
  const checkedIn = status === 'present' || status === 'late'
  const leaveStatus = status !== 'leave' ? null : input.decider && entry.memberId !== input.me ? 'approved' : 'pending'
  const previous = entry.row
  const row: HandMark['row'] = {
    id: previous?.id ?? attendanceRowId(input.event.id, entry.memberId),
    org_id: input.event.org_id,
    branch_id: entry.branchId,
    event_id: input.event.id,
    member_id: entry.memberId,
    status,
    method: checkedIn ? 'manual' : null,
    checked_in_at: checkedIn ? input.now.toISOString() : null,
    checkin_token: null,
    verification: null,
    mark_reason: text,
    leave_status: leaveStatus,
  }
  if (status === 'leave') {
    // The member's own request keeps his words; a leave the committee records takes the reason.
    row.leave_reason = previous?.status === 'leave' && previous.leave_reason ? previous.leave_reason : text
    if (leaveStatus === 'approved') row.decision_note = text
  }
  const force = status === 'absent' && (entry.status === 'present' || entry.status === 'late' || entry.status === 'pending')
  return { ok: true, value: { row, force } }
}
