/**
 * 我的记录: one member's history by month and kind, attendance rate, totals, and the export file.
 * Pure: the rows come from the device's database.
 */
import { fenToYuan } from './money'

export type RecordKind = 'attendance' | 'leave' | 'study' | 'donation' | 'blood' | 'visit' | 'pledge'

export const RECORD_KIND_NAMES: Record<RecordKind, string> = {
  attendance: '签到',
  leave: '请假',
  study: '学习',
  donation: '捐款',
  blood: '献血',
  visit: '走访',
  pledge: '承诺书',
}

export interface HistoryItem {
  kind: RecordKind
  id: string
  table: string
  /** ISO date or date-time, used for ordering and the month. */
  at: string
  title: string
  detail: string
  /** Not yet confirmed by the server. */
  pending: boolean
}

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

const ATTENDANCE_WORDS: Record<string, string> = { present: '出席', late: '迟到', absent: '缺席' }
const LEAVE_WORDS: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' }
const VISIT_WORDS: Record<string, string> = { poverty: '帮扶走访', retired_member: '看望老党员', staff_hardship: '慰问困难职工' }

/** Every record of the member, newest first. */
export function historyOf(rows: MyRows, memberId: string): HistoryItem[] {
  const events = new Map(rows.events.map((e) => [e.id, e]))
  const campaigns = new Map((rows.campaigns ?? []).map((c) => [c.id, c]))
  const templates = new Map((rows.templates ?? []).map((t) => [t.id, t]))
  const items: HistoryItem[] = []
  for (const a of live(rows.attendance, memberId)) {
    const event = events.get(str(a.event_id))
    const title = str(event?.title) || '活动'
    if (a.status === 'leave') {
      items.push({ kind: 'leave', id: a.id, table: 'attendance', at: str(event?.starts_at) || str(a.updated_at), title, detail: `请假 · ${LEAVE_WORDS[str(a.leave_status)] ?? ''}`, pending: isPending(a) })
    } else {
      items.push({ kind: 'attendance', id: a.id, table: 'attendance', at: str(a.checked_in_at) || str(event?.starts_at), title, detail: ATTENDANCE_WORDS[str(a.status)] ?? str(a.status), pending: isPending(a) })
    }
  }
  for (const s of live(rows.study_logs, memberId)) {
    items.push({ kind: 'study', id: s.id, table: 'study_logs', at: str(s.studied_on), title: str(s.topic), detail: `${s.minutes}分钟${s.source ? ` · ${s.source}` : ''}`, pending: isPending(s) })
  }
  for (const d of live(rows.donations, memberId)) {
    items.push({ kind: 'donation', id: d.id, table: 'donations', at: str(d.donated_on), title: str(campaigns.get(str(d.campaign_id))?.name) || '捐款', detail: `${fenToYuan(Number(d.amount_fen))}元`, pending: isPending(d) })
  }
  for (const b of live(rows.blood_donations, memberId)) {
    items.push({ kind: 'blood', id: b.id, table: 'blood_donations', at: str(b.donated_on), title: str(events.get(str(b.event_id))?.title) || '无偿献血', detail: `${b.volume_ml}毫升`, pending: isPending(b) })
  }
  const visits = new Map((rows.visits ?? []).filter((v) => !v._deleted).map((v) => [v.id, v]))
  const visitTitle = (v: Row | undefined) => `${VISIT_WORDS[str(v?.kind)] ?? '走访慰问'}${v?.place ? ` · ${v.place}` : ''}`
  const recorded = new Set<string>()
  for (const p of live(rows.visit_participants ?? [], memberId)) {
    const v = visits.get(str(p.visit_id))
    recorded.add(str(p.visit_id))
    items.push({ kind: 'visit', id: p.id, table: 'visit_participants', at: str(v?.visited_on), title: visitTitle(v), detail: str(p.note) || '参加走访', pending: isPending(p) })
  }
  for (const v of visits.values()) {
    const listed = Array.isArray(v.participant_ids) && (v.participant_ids as unknown[]).includes(memberId)
    if (listed && !recorded.has(v.id)) items.push({ kind: 'visit', id: v.id, table: 'visits', at: str(v.visited_on), title: visitTitle(v), detail: '参加走访', pending: isPending(v) })
  }
  for (const p of live(rows.pledge_signatures, memberId)) {
    items.push({ kind: 'pledge', id: p.id, table: 'pledge_signatures', at: str(p.signed_at), title: str(templates.get(str(p.template_id))?.title) || '廉洁承诺书', detail: '已签署', pending: isPending(p) })
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/** 'YYYY-MM' in China time for date-times, as written for dates. */
export function monthOf(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at.slice(0, 7)
  const ms = Date.parse(at)
  return Number.isNaN(ms) ? '' : new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 7)
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
export const WHOLE_BRANCH_EVENT_KINDS = ['general_meeting', 'party_lecture', 'theme_day', 'group_study', 'seminar'] as const

/** Attendance rate: started events the member was expected at, approved leave not counted, 迟到 counts as attended. */
export function attendanceRate(rows: Pick<MyRows, 'events' | 'attendance'>, memberId: string, branchId: string, now: Date): AttendanceRate {
  const mine = new Map(live(rows.attendance, memberId).map((a) => [str(a.event_id), a]))
  const wholeBranch = new Set<string>(WHOLE_BRANCH_EVENT_KINDS)
  let attended = 0
  let counted = 0
  for (const e of rows.events) {
    if (e._deleted || e.branch_id !== branchId || Date.parse(str(e.starts_at)) > now.getTime()) continue
    const a = mine.get(e.id)
    if (!a && !wholeBranch.has(str(e.kind))) continue
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

/** The member's record as CSV (UTF-8 with BOM so that Excel opens the Chinese correctly). */
export function historyCsv(items: readonly HistoryItem[]): string {
  const lines = [['日期', '类别', '事项', '详情', '状态'].join(',')]
  for (const item of items) {
    lines.push([item.at.slice(0, 10), RECORD_KIND_NAMES[item.kind], item.title, item.detail, item.pending ? '待同步' : '已同步'].map(csvCell).join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
