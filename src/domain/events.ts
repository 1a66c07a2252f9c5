/**
 * Branch events (三会一课, 主题党日, study, service, drives) as the committee plans them and members
 * see them: the write schema of an event (columns and limits of supabase/migrations/
 * 20261124000200_records.sql and 20261201003000_meetings.sql), times typed in China time, who may
 * create and change which events, and each member's own status at an event. Pure; refusals are
 * codes worded as `errors.<code>` (src/i18n/codes.ts).
 */
import * as z from 'zod'
import { endOfEventDay } from './checkin'
import { attendanceState, expectsMember, type AudienceMember, type EventAudience } from './eventAudience'
import { eventRow, type AttendanceRow, type EventRow } from './rows'
import { checkTextLength } from './textInput'

/** Every kind the events table accepts, in the order the app offers them. */
export const EVENT_KINDS = eventRow.shape.kind.options
export type EventKind = (typeof EVENT_KINDS)[number]

/** Organs of a branch (its general meeting, committee, party groups): never the whole organisation's. */
export const BRANCH_ONLY_KINDS: readonly EventKind[] = ['general_meeting', 'committee_meeting', 'group_meeting', 'org_life_meeting', 'member_appraisal']
/** What the 机关党委 holds for everyone: lectures, study and training, service, drives, visits. */
export const ORG_WIDE_KINDS: readonly EventKind[] = EVENT_KINDS.filter((k) => !BRANCH_ONLY_KINDS.includes(k))
/** Meetings that may hold an election (4/5 quorum). */
export const ELECTION_KINDS: readonly EventKind[] = ['general_meeting', 'committee_meeting']

export type { EventAudience }
/** A branch's own event, or one of the whole organisation (branch_id null). */
export type EventScope = 'branch' | 'org'
export const AUDIENCES: Record<EventScope, readonly EventAudience[]> = {
  branch: ['branch', 'group', 'committee'],
  org: ['org', 'committee'],
}

/** Column limits of the events table (code points, as char_length counts). */
export const EVENT_LIMITS = {
  title: 200,
  theme: 200,
  place: 200,
  host: 50,
  recorder: 50,
  lecturer: 50,
  agenda: 5000,
  plan: 5000,
  material: 5000,
  cancelReason: 500,
} as const

/** The optional details the form asks for, by kind; a detail that holds text is always shown. */
export const KIND_DETAILS: Record<EventKind, readonly ('theme' | 'lecturer' | 'plan' | 'material' | 'recorder')[]> = {
  general_meeting: ['theme', 'recorder'],
  committee_meeting: ['theme', 'recorder'],
  group_meeting: ['theme', 'recorder'],
  party_lecture: ['theme', 'lecturer', 'material', 'recorder'],
  theme_day: ['theme', 'plan', 'material', 'recorder'],
  group_study: ['theme', 'lecturer', 'material', 'recorder'],
  seminar: ['theme', 'lecturer', 'material', 'recorder'],
  volunteer: ['theme', 'plan'],
  blood_drive: ['plan'],
  donation_drive: ['plan'],
  visit: ['plan'],
  org_life_meeting: ['theme', 'plan', 'material', 'recorder'],
  member_appraisal: ['theme', 'plan', 'recorder'],
  training: ['theme', 'lecturer', 'material'],
}

export const EVENT_ERROR_CODES = [
  'event.kindRequired',
  'event.kindNotOrgWide',
  'event.titleRequired',
  'event.startRequired',
  'event.timeInvalid',
  'event.timeRange',
  'event.endBeforeStart',
  'event.audienceInvalid',
  'event.groupRequired',
  'event.groupMeetingAudience',
  'event.committeeMeetingAudience',
  'event.cancelReasonRequired',
  'event.alreadyCancelled',
  'event.notAllowed',
  'event.noScope',
] as const
export type EventErrorCode = (typeof EVENT_ERROR_CODES)[number]

type Code = EventErrorCode | 'text.tooLong' | 'record.ownerMissing'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = (code: Code) => z.string({ error: code }).regex(UUID, { error: code })
const EARLIEST = Date.parse('1990-01-01T00:00:00Z')
const LATEST = Date.parse('2100-12-31T00:00:00Z')
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** 'YYYY-MM-DDTHH:mm' of a moment in China time (what a datetime-local field shows). */
export function chinaInputOf(iso: string | null | undefined): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? '' : new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16)
}

/**
 * A typed China-time moment as an ISO instant: '' is null (no time), anything not a real
 * calendar moment is `event.timeInvalid`, outside the database's years `event.timeRange`.
 */
export function parseChinaInput(text: string): { ok: true; value: string | null } | { ok: false; code: EventErrorCode } {
  const trimmed = text.trim()
  if (!trimmed) return { ok: true, value: null }
  const m = LOCAL_INPUT.exec(trimmed)
  if (!m) return { ok: false, code: 'event.timeInvalid' }
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(utc)
  // 2026-02-30 or 25:00 roll over into another moment: refuse instead of guessing.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || s > 59) {
    return { ok: false, code: 'event.timeInvalid' }
  }
  const ms = utc - CHINA_OFFSET_MS
  if (ms < EARLIEST || ms > LATEST) return { ok: false, code: 'event.timeRange' }
  return { ok: true, value: new Date(ms).toISOString() }
}

function fitsIn(max: number) {
  return z.string().superRefine((value, ctx) => {
    const checked = checkTextLength(value, { max })
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.code, params: checked.params, input: value })
  })
}

const optionalText = (max: number) =>
  fitsIn(max)
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))

const isInstant = (v: string) => !Number.isNaN(Date.parse(v))
const inRange = (v: string) => Date.parse(v) >= EARLIEST && Date.parse(v) <= LATEST

/**
 * An event as the committee writes it: a branch's (branch_id) or the whole organisation's
 * (branch_id null). Cross-field rules: the end after the start; who is expected fits the scope and
 * the kind (党小组会 for a party group, 支委会 for the committee); a party group when a group is
 * expected. A group chosen for another audience, or an election flag on a kind without elections,
 * is dropped rather than refused (the form hides those fields). Kind, audience and times are
 * checked in one pass with the other rules, so every problem of a form shows at once (zod stops
 * before cross-field rules on a wrong enum or type).
 */
export function eventSchema() {
  return z
    .object({
      id: uuid('record.ownerMissing'),
      org_id: uuid('record.ownerMissing'),
      branch_id: uuid('record.ownerMissing').nullable(),
      kind: z.string().nullish(),
      title: fitsIn(EVENT_LIMITS.title)
        .transform((v) => v.trim())
        .pipe(z.string().min(1, { error: 'event.titleRequired' })),
      theme: optionalText(EVENT_LIMITS.theme),
      starts_at: z.string().nullish(),
      ends_at: z.string().nullish(),
      place: optionalText(EVENT_LIMITS.place),
      host: optionalText(EVENT_LIMITS.host),
      recorder: optionalText(EVENT_LIMITS.recorder),
      lecturer: optionalText(EVENT_LIMITS.lecturer),
      agenda: optionalText(EVENT_LIMITS.agenda),
      plan: optionalText(EVENT_LIMITS.plan),
      material: optionalText(EVENT_LIMITS.material),
      audience: z.string().nullish(),
      group_id: z.string().nullish(),
      is_election: z.boolean(),
    })
    .superRefine((e, ctx) => {
      const issue = (path: string, message: Code) => ctx.addIssue({ code: 'custom', path: [path], message, input: e })
      const scope: EventScope = e.branch_id === null ? 'org' : 'branch'
      const kind = eventKindOf(e.kind)
      if (!kind) issue('kind', 'event.kindRequired')
      else if (scope === 'org' && BRANCH_ONLY_KINDS.includes(kind)) issue('kind', 'event.kindNotOrgWide')
      const time = (name: 'starts_at' | 'ends_at', required: boolean) => {
        const v = e[name]
        if (!v) return required ? void issue(name, 'event.startRequired') : undefined
        if (!isInstant(v)) return void issue(name, 'event.timeInvalid')
        if (!inRange(v)) return void issue(name, 'event.timeRange')
        return Date.parse(v)
      }
      const starts = time('starts_at', true)
      const ends = time('ends_at', false)
      if (starts !== undefined && ends !== undefined && ends <= starts) issue('ends_at', 'event.endBeforeStart')
      const audience = e.audience as EventAudience
      if (!AUDIENCES[scope].includes(audience)) issue('audience', 'event.audienceInvalid')
      else if (kind === 'group_meeting' && audience !== 'group') issue('audience', 'event.groupMeetingAudience')
      else if (kind === 'committee_meeting' && audience !== 'committee') issue('audience', 'event.committeeMeetingAudience')
      else if (audience === 'group' && !(e.group_id && UUID.test(e.group_id))) issue('group_id', 'event.groupRequired')
    })
    .transform((e) => {
      const kind = e.kind as EventKind
      return {
        ...e,
        kind,
        starts_at: e.starts_at as string,
        ends_at: e.ends_at ?? null,
        audience: e.audience as EventAudience,
        group_id: e.audience === 'group' ? (e.group_id ?? null) : null,
        is_election: ELECTION_KINDS.includes(kind) ? e.is_election : false,
      }
    })
}

export type EventWrite = z.output<ReturnType<typeof eventSchema>>

/** Who is expected when the kind is chosen: a 党小组会 its group, a 支委会 the committee, else everyone. */
export function defaultAudience(kind: EventKind, scope: EventScope): EventAudience {
  if (kind === 'group_meeting') return 'group'
  if (kind === 'committee_meeting') return 'committee'
  return scope === 'org' ? 'org' : 'branch'
}

/** Kinds whose audience is fixed by the kind itself. */
export const audienceFixed = (kind: string): boolean => kind === 'group_meeting' || kind === 'committee_meeting'

/** The reason an event is cancelled with: required, at most 500 characters, trimmed. */
export function checkCancelReason(text: string): { ok: true; value: string } | { ok: false; code: Code; params: Record<string, string | number> } {
  const checked = checkTextLength(text, { max: EVENT_LIMITS.cancelReason })
  if (!checked.ok) return { ok: false, code: 'text.tooLong', params: checked.params }
  const value = text.trim()
  return value ? { ok: true, value } : { ok: false, code: 'event.cancelReasonRequired', params: {} }
}

// ---------------------------------------------------------------------------------------------
// Who may plan which events

/** A role the login holds, and where (a branch, or null for the organisation's leader/admin). */
export interface EventGrant {
  role: string
  branch_id: string | null
}

/**
 * Whether these grants change this event, as the server's policies decide: a branch's event by its
 * organizers and secretary; an event of the whole organisation by the organisation's admins.
 */
export function managesEvent(grants: readonly EventGrant[], event: Pick<EventRow, 'branch_id'>): boolean {
  if (event.branch_id == null) return grants.some((g) => g.role === 'admin')
  return grants.some((g) => (g.role === 'organizer' || g.role === 'secretary') && g.branch_id === event.branch_id)
}

/** Where these grants may create events: their branches (own branch first), and the organisation for an admin. */
export function creatableScopes(grants: readonly EventGrant[], ownBranch: string | null): ({ scope: 'branch'; branch_id: string } | { scope: 'org'; branch_id: null })[] {
  const branches = [...new Set(grants.filter((g) => (g.role === 'organizer' || g.role === 'secretary') && g.branch_id).map((g) => g.branch_id!))]
  branches.sort((a, b) => Number(b === ownBranch) - Number(a === ownBranch))
  const out: ({ scope: 'branch'; branch_id: string } | { scope: 'org'; branch_id: null })[] = branches.map((branch_id) => ({ scope: 'branch', branch_id }))
  if (grants.some((g) => g.role === 'admin')) out.push({ scope: 'org', branch_id: null })
  return out
}

// ---------------------------------------------------------------------------------------------
// Where an event stands, and the member's own status at it

export type EventPhase = 'upcoming' | 'ongoing' | 'ended'

/** An event's times: ISO instants. */
export interface EventTimes {
  starts_at: string
  ends_at?: string | null
}

/** When the event ends: its end time, else the end of its (China time) day. */
export function eventEnd(event: EventTimes): Date {
  return event.ends_at ? new Date(event.ends_at) : endOfEventDay(new Date(event.starts_at))
}

export function eventPhase(event: EventTimes, now: Date): EventPhase {
  if (now.getTime() < Date.parse(event.starts_at)) return 'upcoming'
  return now.getTime() <= eventEnd(event).getTime() ? 'ongoing' : 'ended'
}

/**
 * The member's status at an event (words: `activities.status.<status>`), or null when there is
 * nothing to say yet (an upcoming event he has not asked leave for, a cancelled one).
 */
export type MyEventStatus =
  | 'present'
  | 'late'
  | 'pending'
  | 'leavePending'
  | 'leaveApproved'
  | 'leaveRejected'
  | 'absent'
  | 'notCheckedIn'
  | 'notExpected'

/**
 * The member's status at an event from his own row and roster row (null: not known yet, taken as
 * expected), by the rule of src/domain/eventAudience.ts.
 */
export function myEventStatus(
  event: Pick<EventRow, 'starts_at' | 'ends_at' | 'cancelled_at' | 'audience' | 'group_id' | 'branch_id' | 'kind'>,
  row: Pick<AttendanceRow, 'status' | 'leave_status' | 'verification' | '_deleted'> | null,
  member: AudienceMember | null,
  now: Date,
): MyEventStatus | null {
  const state = attendanceState(row)
  if (state === 'leave') return 'leaveApproved'
  if (state !== 'none') return state
  if (event.cancelled_at) return null
  if (member && !expectsMember(event, member)) return 'notExpected'
  return eventPhase(event, now) === 'upcoming' ? null : 'notCheckedIn'
}

/**
 * Whether the member may still ask leave (or change a request not yet decided): the event has not
 * started and is not cancelled, and he has neither checked in nor had a request decided.
 */
export function mayAskLeave(event: Pick<EventRow, 'starts_at' | 'ends_at' | 'cancelled_at'>, status: MyEventStatus | null, now: Date): boolean {
  if (event.cancelled_at || eventPhase(event, now) !== 'upcoming') return false
  return status === null || status === 'leavePending'
}

// ---------------------------------------------------------------------------------------------
// The list

export type EventWhen = 'upcoming' | 'past'

export interface EventFilter {
  when: EventWhen
  /** A kind, or null for all. */
  kind: string | null
}

/**
 * The events of a tab: upcoming (not yet ended; soonest first) or past (ended; latest first),
 * of one kind or all. Cancelled events stay in the list (shown as cancelled).
 */
export function filterEvents<E extends { kind: string; starts_at: string; ends_at?: string | null }>(events: readonly E[], filter: EventFilter, now: Date): E[] {
  const ofKind = filter.kind ? events.filter((e) => e.kind === filter.kind) : [...events]
  const past = (e: E) => eventPhase(e, now) === 'ended'
  const picked = ofKind.filter((e) => (filter.when === 'past' ? past(e) : !past(e)))
  // Instants compared as times: the server writes '+00:00', this device 'Z'.
  const order = filter.when === 'past' ? -1 : 1
  return picked.sort((a, b) => order * (Date.parse(a.starts_at) - Date.parse(b.starts_at)))
}

/** A kind from a query string, or null when it is not one. */
export function eventKindOf(value: unknown): EventKind | null {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value) ? (value as EventKind) : null
}
