/**
 * The compliance calendar of 三会一课 and the other regular branch life: which obligation of a branch
 * fell in which period of a year, in China time, and whether it was held (`done`), may still be held
 * (`due`) or was not held in time (`missed`). Pure: the secretary's device and the leaders' review
 * run the same rules over plain rows. Returns codes only; the UI words them (`compliance.*`).
 */
import { chinaDay } from './chinaTime'

/** Event kinds that are regular obligations of a branch (the events table's `kind`). */
export type ObligationCode =
  | 'committee_meeting'
  | 'group_meeting'
  | 'theme_day'
  | 'general_meeting'
  | 'party_lecture'
  | 'org_life_meeting'
  | 'member_appraisal'

export type PeriodKind = 'month' | 'quarter' | 'year'

/** How often each obligation falls due, in display order. */
export const OBLIGATIONS: readonly { code: ObligationCode; every: PeriodKind; perGroup: boolean }[] = [
  { code: 'committee_meeting', every: 'month', perGroup: false },
  { code: 'group_meeting', every: 'month', perGroup: true },
  { code: 'theme_day', every: 'month', perGroup: false },
  { code: 'general_meeting', every: 'quarter', perGroup: false },
  { code: 'party_lecture', every: 'quarter', perGroup: false },
  { code: 'org_life_meeting', every: 'year', perGroup: false },
  { code: 'member_appraisal', every: 'year', perGroup: false },
]

export type ObligationStatus = 'done' | 'due' | 'missed'

/** Why an event of the obligation's kind in the period did not make it done. */
export type NotCountedReason = 'cancelled' | 'notStarted' | 'noRecord'

export interface CalendarEvent {
  id: string
  kind: string
  group_id?: string | null
  /** ISO 8601 instant. */
  starts_at: string
  cancelled_at?: string | null
  /** null for events of the whole organisation (held by the 机关党委). */
  branch_id: string | null
}

export interface CalendarGroup {
  id: string
  branch_id: string
}

/**
 * A period of the year in China time. `index`: month 1–12, quarter 1–4, or the year itself
 * (2026) for a yearly period. `starts` (inclusive) and `ends` (exclusive) are ISO instants.
 */
export interface CalendarPeriod {
  kind: PeriodKind
  index: number
  starts: string
  ends: string
}

export interface ObligationPeriod {
  obligation: ObligationCode
  /** Set for per-group obligations (党小组会) only. */
  group_id?: string
  period: CalendarPeriod
  status: ObligationStatus
  /** Events that make the period done. */
  events: string[]
  /** Events of the kind in the period that do not count, with the reason (e.g. held, minutes missing). */
  notCounted: { id: string; reason: NotCountedReason }[]
}

export interface ObligationSummary {
  obligation: ObligationCode
  total: number
  done: number
  due: number
  missed: number
}

export interface ComplianceCalendar {
  branch_id: string
  year: number
  periods: ObligationPeriod[]
  summary: ObligationSummary[]
}

export interface ComplianceInput<E extends CalendarEvent> {
  branchId: string
  year: number
  now: Date
  /** Events of the branch (others are ignored, including those of the whole organisation). */
  events: readonly E[]
  /** Party groups (those of other branches are ignored). */
  groups: readonly CalendarGroup[]
  /** Whether a held event has its record (minutes; for 主题党日 the checklist's record): the caller decides. */
  hasRecord: (event: E) => boolean
}

const OBLIGATION_BY_CODE = new Map(OBLIGATIONS.map((o) => [o.code as string, o]))

const pad = (n: number) => String(n).padStart(2, '0')

/** The instant a China-time calendar month begins (month may be 13: January of the next year). */
function chinaMonthStart(year: number, month: number): Date {
  const y = year + Math.floor((month - 1) / 12)
  const m = ((month - 1) % 12) + 1
  return new Date(`${y}-${pad(m)}-01T00:00:00+08:00`)
}

/** The periods of a kind in a year, in order. */
export function periodsOf(kind: PeriodKind, year: number): CalendarPeriod[] {
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12
  const out: CalendarPeriod[] = []
  for (let first = 1; first <= 12; first += months) {
    out.push({
      kind,
      index: kind === 'year' ? year : (first - 1) / months + 1,
      starts: chinaMonthStart(year, first).toISOString(),
      ends: chinaMonthStart(year, first + months).toISOString(),
    })
  }
  return out
}

/** Year and month (1–12) of a moment on the China calendar, or null for an unreadable time. */
function chinaMonthOf(iso: string): { year: number; month: number } | null {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return null
  const day = chinaDay(at)
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) }
}

/** The index of the period of `kind` that holds a month of the year. */
function periodIndex(kind: PeriodKind, year: number, month: number): number {
  return kind === 'month' ? month : kind === 'quarter' ? Math.ceil(month / 3) : year
}

/**
 * One branch's calendar for a year: every obligation-period with its status. An event counts for
 * a period when it is the branch's own (not the whole organisation's), of the obligation's kind
 * (and group, for 党小组会), starts in the period in China time, is not cancelled, started before
 * `now`, and has its record. A period not done is `due` while it has not ended, `missed` after.
 * A branch without party groups has no 党小组会 obligation.
 */
export function complianceCalendar<E extends CalendarEvent>(input: ComplianceInput<E>): ComplianceCalendar {
  const { branchId, year, now, hasRecord } = input
  const groups = input.groups.filter((g) => g.branch_id === branchId)
  const byPeriod = new Map<string, { events: string[]; notCounted: ObligationPeriod['notCounted'] }>()
  const bucket = (key: string) => {
    let b = byPeriod.get(key)
    if (!b) byPeriod.set(key, (b = { events: [], notCounted: [] }))
    return b
  }

  for (const event of input.events) {
    if (event.branch_id !== branchId) continue
    const obligation = OBLIGATION_BY_CODE.get(event.kind)
    if (!obligation) continue
    const when = chinaMonthOf(event.starts_at)
    if (!when || when.year !== year) continue
    const group = obligation.perGroup ? (event.group_id ?? '') : ''
    const b = bucket(`${obligation.code}|${group}|${periodIndex(obligation.every, year, when.month)}`)
    if (event.cancelled_at) b.notCounted.push({ id: event.id, reason: 'cancelled' })
    else if (!(new Date(event.starts_at).getTime() < now.getTime())) b.notCounted.push({ id: event.id, reason: 'notStarted' })
    else if (!hasRecord(event)) b.notCounted.push({ id: event.id, reason: 'noRecord' })
    else b.events.push(event.id)
  }

  const periods: ObligationPeriod[] = []
  for (const obligation of OBLIGATIONS) {
    const owners = obligation.perGroup ? groups.map((g) => g.id) : ['']
    for (const group of owners) {
      for (const period of periodsOf(obligation.every, year)) {
        const b = byPeriod.get(`${obligation.code}|${group}|${period.index}`)
        const events = b?.events ?? []
        const status: ObligationStatus =
          events.length > 0 ? 'done' : now.getTime() < new Date(period.ends).getTime() ? 'due' : 'missed'
        periods.push({
          obligation: obligation.code,
          ...(obligation.perGroup ? { group_id: group } : {}),
          period,
          status,
          events: [...events],
          notCounted: [...(b?.notCounted ?? [])],
        })
      }
    }
  }

  return { branch_id: branchId, year, periods, summary: summarise(periods) }
}

/** Counts per obligation (per-group obligations summed over the groups), in OBLIGATIONS order. */
export function summarise(periods: readonly ObligationPeriod[]): ObligationSummary[] {
  return OBLIGATIONS.map(({ code }) => {
    const mine = periods.filter((p) => p.obligation === code)
    const count = (status: ObligationStatus) => mine.filter((p) => p.status === status).length
    return { obligation: code, total: mine.length, done: count('done'), due: count('due'), missed: count('missed') }
  })
}

/** The same rules for many branches (the leaders' review): one calendar per branch id, in order. */
export function complianceByBranch<E extends CalendarEvent>(
  input: Omit<ComplianceInput<E>, 'branchId'> & { branchIds: readonly string[] },
): ComplianceCalendar[] {
  const eventsOf = new Map<string, E[]>()
  for (const e of input.events) {
    if (e.branch_id === null) continue
    const list = eventsOf.get(e.branch_id)
    if (list) list.push(e)
    else eventsOf.set(e.branch_id, [e])
  }
  return input.branchIds.map((branchId) =>
    complianceCalendar({ ...input, branchId, events: eventsOf.get(branchId) ?? [] }),
  )
}

const contains = (period: CalendarPeriod, at: Date) =>
  new Date(period.starts).getTime() <= at.getTime() && at.getTime() < new Date(period.ends).getTime()

/**
 * What the secretary still has to hold now: periods not done that contain `now` (this month's
 * meetings, this quarter's, this year's), soonest deadline first.
 */
export function dueThisMonth(calendar: ComplianceCalendar, now: Date): ObligationPeriod[] {
  return calendar.periods
    .filter((p) => p.status === 'due' && contains(p.period, now))
    .sort((a, b) => Date.parse(a.period.ends) - Date.parse(b.period.ends))
}

/** Obligations not held in time, oldest period first (for the leaders' review). */
export function missedObligations(calendar: ComplianceCalendar): ObligationPeriod[] {
  return calendar.periods
    .filter((p) => p.status === 'missed')
    .sort((a, b) => Date.parse(a.period.starts) - Date.parse(b.period.starts))
}
