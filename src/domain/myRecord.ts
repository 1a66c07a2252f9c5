/**
 * 我的记录: one member's history by month and kind, attendance rate, totals, and the export file.
 * Pure: the rows come from the device's database.
 */

export const RECORD_KINDS = ['attendance', 'leave', 'study', 'donation', 'blood', 'visit', 'pledge'] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

interface HistoryBase {
  id: string
  table: string
  /** ISO date or date-time, used for ordering and the month. */
  at: string
  /**
   * The record's own name as stored (event title, study topic, campaign name, template title, the
   * visit's place); '' when it has none: the UI then names it by its kind.
   */
  name: string
  /** Not yet confirmed by the server. */
  pending: boolean
}

/** What the UI words, per kind: statuses and visit kinds are codes, amounts are numbers. */
export type HistoryFacts =
  | { kind: 'attendance'; /** present / late / absent, or as stored */ status: string }
  | { kind: 'leave'; /** pending / approved / rejected, or '' */ leaveStatus: string }
  | { kind: 'study'; minutes: number; /** where, as the member wrote it */ source: string }
  | { kind: 'donation'; fen: number }
  | { kind: 'blood'; ml: number }
  | { kind: 'visit'; /** poverty / retired_member / staff_hardship, or as stored */ visitKind: string; /** the member's own note */ note: string }
  | { kind: 'pledge' }

export type HistoryItem = HistoryBase & HistoryFacts

type Row = Record<string, unknown> & { id: string }

export interface MyRows {
  events: Row[]
  attendance: Row[]
  study_logs: Row[]
  donations: Row[]
  blood_donations: Row[]
  pledge_signatures: Row[]
  /** The branch's visits (those listing the member in participant_ids count as his). */
  visits?: Row[]
  visit_participants?: Row[]
  campaigns?: Row[]
  templates?: Row[]
}

const live = (rows: Row[], memberId: string) => rows.filter((r) => !r._deleted && r.member_id === memberId)
const isPending = (r: Row) => r._ver === undefined || r._ver === null
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0)

/** Every record of the member, newest first. */
export function historyOf(rows: MyRows, memberId: string): HistoryItem[] {
  const events = new Map(rows.events.map((e) => [e.id, e]))
  const campaigns = new Map((rows.campaigns ?? []).map((c) => [c.id, c]))
  const templates = new Map((rows.templates ?? []).map((t) => [t.id, t]))
  const items: HistoryItem[] = []
  for (const a of live(rows.attendance, memberId)) {
    const event = events.get(str(a.event_id))
    const name = str(event?.title)
    if (a.status === 'leave') {
      items.push({ kind: 'leave', id: a.id, table: 'attendance', at: str(event?.starts_at) || str(a.updated_at), name, leaveStatus: str(a.leave_status), pending: isPending(a) })
    } else {
      items.push({ kind: 'attendance', id: a.id, table: 'attendance', at: str(a.checked_in_at) || str(event?.starts_at), name, status: str(a.status), pending: isPending(a) })
    }
  }
  for (const s of live(rows.study_logs, memberId)) {
    items.push({ kind: 'study', id: s.id, table: 'study_logs', at: str(s.studied_on), name: str(s.topic), minutes: num(s.minutes), source: str(s.source), pending: isPending(s) })
  }
  for (const d of live(rows.donations, memberId)) {
    items.push({ kind: 'donation', id: d.id, table: 'donations', at: str(d.donated_on), name: str(campaigns.get(str(d.campaign_id))?.name), fen: num(d.amount_fen), pending: isPending(d) })
  }
  for (const b of live(rows.blood_donations, memberId)) {
    items.push({ kind: 'blood', id: b.id, table: 'blood_donations', at: str(b.donated_on), name: str(events.get(str(b.event_id))?.title), ml: num(b.volume_ml), pending: isPending(b) })
  }
  const visits = new Map((rows.visits ?? []).filter((v) => !v._deleted).map((v) => [v.id, v]))
  const recorded = new Set<string>()
  for (const p of live(rows.visit_participants ?? [], memberId)) {
    const v = visits.get(str(p.visit_id))
    recorded.add(str(p.visit_id))
    items.push({ kind: 'visit', id: p.id, table: 'visit_participants', at: str(v?.visited_on), name: str(v?.place), visitKind: str(v?.kind), note: str(p.note), pending: isPending(p) })
  }
  for (const v of visits.values()) {
    const listed = Array.isArray(v.participant_ids) && (v.participant_ids as unknown[]).includes(memberId)
    if (listed && !recorded.has(v.id)) items.push({ kind: 'visit', id: v.id, table: 'visits', at: str(v.visited_on), name: str(v.place), visitKind: str(v.kind), note: '', pending: isPending(v) })
  }
  for (const p of live(rows.pledge_signatures, memberId)) {
    items.push({ kind: 'pledge', id: p.id, table: 'pledge_signatures', at: str(p.signed_at), name: str(templates.get(str(p.template_id))?.title), pending: isPending(p) })
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/** 'YYYY-MM-DD' in China time for date-times, as written for dates; '' when unreadable. */
export function dayOf(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at
  const ms = Date.parse(at)
  return Number.isNaN(ms) ? '' : new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/** 'YYYY-MM' in China time for date-times, as written for dates; '' when unreadable. */
export function monthOf(at: string): string {
  return dayOf(at).slice(0, 7)
}

export interface MonthGroup {
  month: string
  items: HistoryItem[]
}

/** History grouped by month (newest first), optionally only one kind. */
export function historyByMonth(items: readonly HistoryItem[], kind?: RecordKind | null): MonthGroup[] {
  const groups: MonthGroup[] = []
  for (const item of items) {
    if (kind && item.kind !== kind) continue
    const month = monthOf(item.at)
    const last = groups[groups.length - 1]
    if (last && last.month === month) last.items.push(item)
    else groups.push({ month, items: [item] })
  }
  return groups
}

export interface AttendanceRate {
  attended: number
  /** Events that have started and that the member was expected at (approved leave excluded). */
  counted: number
  /** 0..1, or null when nothing counts yet. */
  rate: number | null
}

/** Events every member of the branch is expected at; others (支委会, another group's 党小组会,
 *  drives, visits) count only for those with an attendance row. */
export const WHOLE_BRANCH_EVENT_KINDS = ['general_meeting', 'party_lecture', 'theme_day', 'group_study', 'seminar', 'org_life_meeting', 'member_appraisal'] as const

/**
 * Attendance rate: started events the member was expected at, approved leave not counted, 迟到 counts
 * as attended. Staff who are not party members (`partyMember` false) are not expected at branch life,
 * so for them only events with their own row count.
 */
export function attendanceRate(
  rows: Pick<MyRows, 'events' | 'attendance'>,
  memberId: string,
  branchId: string,
  now: Date,
  partyMember = true,
): AttendanceRate {
  const mine = new Map(live(rows.attendance, memberId).map((a) => [str(a.event_id), a]))
  const wholeBranch = new Set<string>(WHOLE_BRANCH_EVENT_KINDS)
  let attended = 0
  let counted = 0
  for (const e of rows.events) {
    if (e._deleted || e.branch_id !== branchId || Date.parse(str(e.starts_at)) > now.getTime()) continue
    const a = mine.get(e.id)
    if (!a && (!partyMember || !wholeBranch.has(str(e.kind)))) continue
    if (a?.status === 'leave' && a.leave_status === 'approved') continue
    counted++
    if (a?.status === 'present' || a?.status === 'late') attended++
  }
  return { attended, counted, rate: counted === 0 ? null : attended / counted }
}

export interface Totals {
  studyMinutes: number
  donationFen: number
  bloodMl: number
  visits: number
  pledges: number
}

export function totalsOf(rows: MyRows, memberId: string, year?: number): Totals {
  const inYear = (at: unknown) => year === undefined || monthOf(str(at)).startsWith(String(year))
  const sum = (list: Row[], col: string, at: string) =>
    live(list, memberId).filter((r) => inYear(r[at])).reduce((n, r) => n + (Number(r[col]) || 0), 0)
  return {
    studyMinutes: sum(rows.study_logs, 'minutes', 'studied_on'),
    donationFen: sum(rows.donations, 'amount_fen', 'donated_on'),
    bloodMl: sum(rows.blood_donations, 'volume_ml', 'donated_on'),
    visits: historyOf({ ...rows, attendance: [], study_logs: [], donations: [], blood_donations: [], pledge_signatures: [] }, memberId).filter((i) => inYear(i.at)).length,
    pledges: live(rows.pledge_signatures, memberId).filter((r) => inYear(r.signed_at)).length,
  }
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/**
 * Lines of cells as CSV: CRLF line ends, quoted where needed, cells that a spreadsheet would run as
 * a formula quoted, and a BOM so that Excel reads the UTF-8 (Chinese names) correctly.
 */
export function toCsv(lines: readonly (readonly string[])[]): string {
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`
}
