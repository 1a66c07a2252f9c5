/**
 * 补课 (make-up) of the branch's own meetings: a member marked absent or on leave at a 三会一课 or a
 * 主题党日 that has ended owes one, whether or not the committee has flagged it yet
 * (`makeup_required`); the committee records how and when it was done, and the secretary confirms it
 * (the server writes who confirmed and when). Events of the whole organisation (branch_id null) are
 * the 机关党委's study and training, not the branch's meetings: nobody owes a make-up for them here.
 * Pure: codes only, worded by the `branch.*` catalogue section.
 */
import { chinaDay } from './chinaTime'
import { checkTextLength } from './textInput'

/** The meetings whose absentees owe a make-up (三会一课 and 主题党日). */
export const MAKEUP_KINDS: readonly string[] = ['general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day', 'org_life_meeting', 'member_appraisal']

/** How a make-up was done: reading the minutes, a make-up session, or another way (said in the note). */
export const MAKEUP_METHODS = ['minutes', 'session', 'other'] as const
export type MakeupMethod = (typeof MAKEUP_METHODS)[number]

/** Where a make-up stands: owed, recorded (awaiting the secretary), confirmed. */
export type MakeupState = 'owed' | 'recorded' | 'confirmed'

/** The database's limit on `attendance.makeup_note` (code points). */
export const MAKEUP_NOTE_MAX = 1000

export interface MakeupAttendance {
  status: string
  makeup_required?: boolean | null
  makeup_method?: string | null
  makeup_done_at?: string | null
  makeup_confirmed_at?: string | null
}

export interface MakeupEvent {
  kind: string
  branch_id?: string | null
  starts_at: string
  ends_at?: string | null
  cancelled_at?: string | null
}

/** Whether this attendance owes a make-up by the rule (absent or on leave at an ended branch meeting). */
export function owesMakeup(row: MakeupAttendance, event: MakeupEvent | null, now: Date): boolean {
  if (!event || event.branch_id == null || event.cancelled_at) return false
  if (!MAKEUP_KINDS.includes(event.kind)) return false
  if (row.status !== 'absent' && row.status !== 'leave') return false
  const end = Date.parse(event.ends_at ?? event.starts_at)
  return Number.isFinite(end) && end <= now.getTime()
}

/** Where this attendance's make-up stands, or null when none is owed. */
export function makeupState(row: MakeupAttendance, event: MakeupEvent | null, now: Date): MakeupState | null {
  if (row.makeup_confirmed_at) return 'confirmed'
  if (row.makeup_done_at && row.makeup_method) return 'recorded'
  if (row.makeup_required || owesMakeup(row, event, now)) return 'owed'
  return null
}

export type MakeupProblemCode = 'methodRequired' | 'dateRequired' | 'dateFuture' | 'dateBeforeEvent' | 'methodNoteRequired' | 'noteTooLong'

export interface MakeupProblem {
  code: MakeupProblemCode
  params?: Record<string, number>
}

export interface MakeupInput {
  method: string
  /** The day it was done, YYYY-MM-DD (China time). */
  day: string
  note: string
}

export type MakeupChecked =
  | { ok: true; value: { method: MakeupMethod; doneAt: Date; note: string | null } }
  | { ok: false; problems: Partial<Record<keyof MakeupInput, MakeupProblem>> }

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * A make-up as typed: a method, a day not after today and not before the meeting, and a note
 * (required for 其他方式, at most 1,000 characters, never cut). The day becomes its China-time start.
 */
export function checkMakeup(input: MakeupInput, context: { now: Date; event: MakeupEvent | null }): MakeupChecked {
  const problems: Partial<Record<keyof MakeupInput, MakeupProblem>> = {}
  const method = (MAKEUP_METHODS as readonly string[]).includes(input.method) ? (input.method as MakeupMethod) : null
  if (!method) problems.method = { code: 'methodRequired' }
  const doneAt = DAY.test(input.day) ? new Date(`${input.day}T00:00:00+08:00`) : null
  if (!doneAt || Number.isNaN(doneAt.getTime())) problems.day = { code: 'dateRequired' }
  else if (input.day > chinaDay(context.now)) problems.day = { code: 'dateFuture' }
  else if (context.event && input.day < chinaDay(new Date(context.event.starts_at))) problems.day = { code: 'dateBeforeEvent' }
  const note = input.note.trim()
  const length = checkTextLength(input.note, { max: MAKEUP_NOTE_MAX })
  if (!length.ok) problems.note = { code: 'noteTooLong', params: { ...length.params } as Record<string, number> }
  else if (method === 'other' && !note) problems.note = { code: 'methodNoteRequired' }
  if (Object.keys(problems).length > 0 || !method || !doneAt) return { ok: false, problems }
  return { ok: true, value: { method, doneAt, note: note || null } }
}
