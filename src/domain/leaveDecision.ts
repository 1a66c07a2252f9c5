/**
 * Who decides a leave request (请假) and what a decision needs, as the server's trigger
 * `guard_attendance_decision` rules it (20261201003000_meetings.sql): the secretary of the
 * attendee's branch decides, an admin of the organisation for an organisation-wide event, nobody
 * his own request; a refusal says why. The committee's organizer sees requests but does not decide.
 * Codes only, worded by the `branch.*` catalogue section.
 */
import { checkTextLength } from './textInput'

/** The database's limit on `attendance.decision_note` (code points). */
export const DECISION_NOTE_MAX = 500

export type LeaveDecision = 'approved' | 'rejected'

export type DeciderProblem = 'onlySecretary' | 'onlyAdmin' | 'own'

export interface RoleGrantLike {
  role: string
  branch_id?: string | null
}

/** Why this person may not decide the request (null: he may). */
export function leaveDeciderProblem(input: {
  row: { branch_id: string; member_id: string }
  event: { branch_id?: string | null } | null
  grants: readonly RoleGrantLike[]
  /** The decider's own roster row, if he has one. */
  memberId: string | null
}): DeciderProblem | null {
  const orgWide = input.event != null && input.event.branch_id == null
  const allowed = orgWide
    ? input.grants.some((g) => g.role === 'admin')
    : input.grants.some((g) => g.role === 'secretary' && g.branch_id === input.row.branch_id)
  if (!allowed) return orgWide ? 'onlyAdmin' : 'onlySecretary'
  if (input.memberId && input.row.member_id === input.memberId) return 'own'
  return null
}

export type DecisionProblem = { code: 'noteRequired' } | { code: 'noteTooLong'; params: { max: number; length: number; over: number } }

/** The note as stored (trimmed, null when empty), or why it cannot be: a refusal needs one. */
export function checkDecisionNote(decision: LeaveDecision, note: string): { ok: true; note: string | null } | { ok: false; problem: DecisionProblem } {
  const length = checkTextLength(note, { max: DECISION_NOTE_MAX })
  if (!length.ok) return { ok: false, problem: { code: 'noteTooLong', params: length.params as { max: number; length: number; over: number } } }
  const trimmed = note.trim()
  if (decision === 'rejected' && !trimmed) return { ok: false, problem: { code: 'noteRequired' } }
  return { ok: true, note: trimmed || null }
}
