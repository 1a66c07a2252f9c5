/**
 * The leaders' review (统计): the shapes of the server's review aggregates (`review_*` functions,
 * each answering jsonb for the caller's organisation) and the pure rules the 统计 screens and the
 * annual report apply to them: attendance rate, the trend by month, branches ranked by
 * participation and by compliance. Compliance is the compliance calendar's own rule
 * (`complianceCalendar.ts`) applied to the server's count of held obligations; it is not restated here.
 */
import { z } from 'zod'
import { chinaDay } from './chinaTime'
import { complianceCalendar, type ObligationSummary } from './complianceCalendar'

const count = z.number().int().nonnegative()
const month = z.number().int().min(1).max(12)
const year = z.number().int().min(2000).max(2100)
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}/)

/** `review_participation(p_year)`: events held (not cancelled) per branch, China-time month and kind. */
export const participationRowSchema = z.object({
  /** The attendees' branch; null only if the server counts an organisation-wide event apart. */
  branch_id: z.string().nullable(),
  month,
  kind: z.string(),
  events: count,
  expected: count,
  present: count,
  late: count,
  leave: count,
  absent: count,
})
export const participationSchema = z.object({ year, rows: z.array(participationRowSchema) })

/** `review_held(p_year)`: how many events of an obligation's kind a branch held in a month. */
export const heldRowSchema = z.object({
  branch_id: z.string(),
  month,
  kind: z.string(),
  held: count,
  /** The party group of a 党小组会, when the server tells it. */
  group_id: z.string().nullable().optional(),
})
export const heldSchema = z.object({ year, rows: z.array(heldRowSchema) })

/** `review_branches()`: the organisation's branches with their unit and head counts. */
export const reviewBranchSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit_id: z.string().nullable(),
  unit_name: z.string().nullable(),
  active: z.boolean(),
  party_members: count,
  staff: count,
})
export const branchesSchema = z.object({ branches: z.array(reviewBranchSchema) })

/** Every figure of `review_totals`, in the order the 统计 home shows them. */
export const FIGURE_KEYS = [
  'group_study_sessions',
  'seminar_sessions',
  'study_minutes',
  'three_meetings_held',
  'party_lectures_held',
  'theme_days_held',
  'donation_fen',
  'donation_persons',
  'donation_handed_over_fen',
  'blood_donors',
  'blood_ml',
  'visits_retired_member_persons',
  'visits_retired_member_funds_fen',
  'visits_staff_hardship_persons',
  'visits_staff_hardship_funds_fen',
  'visits_poverty_households',
  'visits_poverty_funds_fen',
  'pledge_department_units',
  'pledge_subunit_units',
  'pledge_units_total',
  'pledge_persons',
  'pledge_persons_expected',
  'xuexi_using',
  'xuexi_total',
  'training_participants',
] as const
export type FigureKey = (typeof FIGURE_KEYS)[number]

export function isFigureKey(value: unknown): value is FigureKey {
  return typeof value === 'string' && (FIGURE_KEYS as readonly string[]).includes(value)
}

/** How a figure is read: money in fen (shown in yuan), minutes, millilitres, or a plain count. */
export type FigureUnit = 'fen' | 'minutes' | 'ml' | 'count'
export function figureUnit(key: FigureKey): FigureUnit {
  if (key.endsWith('_fen')) return 'fen'
  if (key === 'study_minutes') return 'minutes'
  if (key === 'blood_ml') return 'ml'
  return 'count'
}

/** A figure: a number, or null when the year's data holds nothing to count (暂无数据, never 0). */
const figure = z.number().nonnegative().nullable()
export const totalsSchema = z.object({
  year,
  figures: z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, figure])) as Record<FigureKey, typeof figure>),
  goods: z.array(z.object({ name: z.string(), unit: z.string(), quantity: z.number().positive() })),
})

/** `review_figure_records(p_year, p_figure)`: the records one figure counts. */
export const figureRecordsSchema = z.object({
  figure: z.string(),
  rows: z.array(
    z.object({
      id: z.string(),
      on: day,
      branch_name: z.string().nullable(),
      label: z.string(),
      detail: z.string().nullable(),
      value: z.number().nullable(),
    }),
  ),
})

/** `review_branch_events(p_branch_id, p_year)`: a branch's events of the year with their counts. */
export const branchEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  starts_at: z.string(),
  status: z.string(),
  expected: count,
  present: count,
  late: count,
  leave: count,
  absent: count,
})
export const branchEventsSchema = z.object({ events: z.array(branchEventSchema) })

/** `review_event_attendance(p_event_id)`: an event and who stood how (names and statuses only). */
export const eventAttendanceSchema = z.object({
  event: z.looseObject({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    starts_at: z.string(),
    branch_name: z.string().nullable().optional(),
    place: z.string().nullable().optional(),
    status: z.string().optional(),
  }),
  rows: z.array(
    z.object({
      member_id: z.string(),
      name: z.string(),
      group_name: z.string().nullable(),
      status: z.string(),
      checked_in_at: z.string().nullable(),
    }),
  ),
})

export type Participation = z.infer<typeof participationSchema>
export type ParticipationRow = z.infer<typeof participationRowSchema>
export type Held = z.infer<typeof heldSchema>
export type HeldRow = z.infer<typeof heldRowSchema>
export type ReviewBranch = z.infer<typeof reviewBranchSchema>
export type ReviewBranches = z.infer<typeof branchesSchema>
export type Totals = z.infer<typeof totalsSchema>
export type FigureRecords = z.infer<typeof figureRecordsSchema>
export type BranchEvent = z.infer<typeof branchEventSchema>
export type BranchEvents = z.infer<typeof branchEventsSchema>
export type EventAttendance = z.infer<typeof eventAttendanceSchema>

/** `review_member_attendance(p_year)`: each person's attendance over the year's held events (names and counts only). */
export const memberAttendanceRowSchema = z.object({
  member_id: z.string(),
  name: z.string(),
  branch_id: z.string(),
  branch_name: z.string(),
  group_name: z.string().nullable(),
  expected: count,
  present: count,
  late: count,
  leave: count,
  absent: count,
})
export const memberAttendanceSchema = z.object({ year, rows: z.array(memberAttendanceRowSchema) })
export type MemberAttendanceRow = z.infer<typeof memberAttendanceRowSchema>

/** The review functions by name, with the schema of each answer. */
export const REVIEW_ANSWERS = {
  review_participation: participationSchema,
  review_held: heldSchema,
  review_branches: branchesSchema,
  review_totals: totalsSchema,
  review_figure_records: figureRecordsSchema,
  review_branch_events: branchEventsSchema,
  review_event_attendance: eventAttendanceSchema,
  review_member_attendance: memberAttendanceSchema,
} as const
export type ReviewFunction = keyof typeof REVIEW_ANSWERS
export type ReviewAnswer<F extends ReviewFunction> = z.infer<(typeof REVIEW_ANSWERS)[F]>

/** Attendance counts of any grain (an event, a month, a branch). */
export interface Counts {
  events: number
  expected: number
  present: number
  late: number
  leave: number
  absent: number
}

const ZERO: Counts = { events: 0, expected: 0, present: 0, late: 0, leave: 0, absent: 0 }

/** Participation rate: present and late over expected; null when nobody was expected. */
export function attendanceRate(c: Pick<Counts, 'expected' | 'present' | 'late'>): number | null {
  return c.expected > 0 ? (c.present + c.late) / c.expected : null
}

function add(a: Counts, b: Partial<Counts>): Counts {
  return {
    events: a.events + (b.events ?? 0),
    expected: a.expected + (b.expected ?? 0),
    present: a.present + (b.present ?? 0),
    late: a.late + (b.late ?? 0),
    leave: a.leave + (b.leave ?? 0),
    absent: a.absent + (b.absent ?? 0),
  }
}

export interface MonthPoint extends Counts {
  month: number
  rate: number | null
}

export interface TrendOptions {
  /** Only this branch's rows (default: every branch). */
  branchId?: string
  /** Only these event kinds (default: all). */
  kinds?: readonly string[]
}

/** Twelve points, January to December, summing the rows that match. */
export function monthTrend(rows: readonly ParticipationRow[], options: TrendOptions = {}): MonthPoint[] {
  const sums = Array.from({ length: 12 }, () => ({ ...ZERO }))
  for (const r of rows) {
    if (options.branchId !== undefined && r.branch_id !== options.branchId) continue
    if (options.kinds && !options.kinds.includes(r.kind)) continue
    sums[r.month - 1] = add(sums[r.month - 1]!, r)
  }
  return sums.map((c, i) => ({ ...c, month: i + 1, rate: attendanceRate(c) }))
}

/** The sum of rows (e.g. the whole year of the organisation, or of one branch). */
export function totalCounts(rows: readonly Partial<Counts>[]): Counts & { rate: number | null } {
  const c = rows.reduce<Counts>(add, { ...ZERO })
  return { ...c, rate: attendanceRate(c) }
}

/** Obligations met and missed so far; rate = done over (done + missed), null when none fell due yet. */
export interface ComplianceScore {
  done: number
  missed: number
  due: number
  total: number
  rate: number | null
  summary: ObligationSummary[]
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * Applies the compliance calendar to a branch's `review_held` rows. Each held count becomes that many
 * held events of the kind starting at the month's first moment (China time), each with its record:
 * the server counted them as held, so the calendar decides only which obligation-periods they fill
 * and which are due or missed by `now`. 党小组会 is judged per party group the rows name.
 */
export function branchCompliance(input: { branchId: string; year: number; now: Date; rows: readonly HeldRow[] }) {
  const events: { id: string; kind: string; group_id: string | null; starts_at: string; branch_id: string }[] = []
  const groups = new Map<string, { id: string; branch_id: string }>()
  for (const r of input.rows) {
    if (r.branch_id !== input.branchId) continue
    if (r.group_id) groups.set(r.group_id, { id: r.group_id, branch_id: r.branch_id })
    for (let i = 0; i < r.held; i += 1) {
      events.push({
        id: `${r.kind}:${r.group_id ?? ''}:${r.month}:${i}`,
        kind: r.kind,
        group_id: r.group_id ?? null,
        starts_at: `${input.year}-${pad(r.month)}-01T00:00:00+08:00`,
        branch_id: r.branch_id,
      })
    }
  }
  return complianceCalendar({
    branchId: input.branchId,
    year: input.year,
    now: input.now,
    events,
    groups: [...groups.values()],
    hasRecord: () => true,
  })
}

/** The calendar's summary folded into one score. */
export function complianceScore(summary: readonly ObligationSummary[]): ComplianceScore {
  const done = summary.reduce((n, s) => n + s.done, 0)
  const missed = summary.reduce((n, s) => n + s.missed, 0)
  const due = summary.reduce((n, s) => n + s.due, 0)
  const total = summary.reduce((n, s) => n + s.total, 0)
  return { done, missed, due, total, rate: done + missed > 0 ? done / (done + missed) : null, summary: [...summary] }
}

export interface BranchStanding {
  branch: ReviewBranch
  counts: Counts
  /** Participation rate of the year; null when nobody was expected. */
  rate: number | null
  compliance: ComplianceScore
}

export type RankBy = 'participation' | 'compliance'

/** Higher first; a branch without a rate goes after every branch with one. */
function byRate(a: number | null, b: number | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return b - a
}

/**
 * Every branch with its year's participation and compliance, ranked by one and then the other,
 * then by name. Inactive branches are kept (their year still counts), in the same order.
 */
export function rankBranches(input: {
  branches: readonly ReviewBranch[]
  participation: readonly ParticipationRow[]
  held: readonly HeldRow[]
  year: number
  now: Date
  by: RankBy
}): BranchStanding[] {
  const standings = input.branches.map((branch) => {
    const counts = totalCounts(input.participation.filter((r) => r.branch_id === branch.id))
    const calendar = branchCompliance({ branchId: branch.id, year: input.year, now: input.now, rows: input.held })
    const { rate, ...rest } = counts
    return { branch, counts: rest, rate, compliance: complianceScore(calendar.summary) }
  })
  const first = (s: BranchStanding) => (input.by === 'participation' ? s.rate : s.compliance.rate)
  const second = (s: BranchStanding) => (input.by === 'participation' ? s.compliance.rate : s.rate)
  return standings.sort(
    (a, b) => byRate(first(a), first(b)) || byRate(second(a), second(b)) || a.branch.name.localeCompare(b.branch.name, 'zh-CN'),
  )
}

/** The years the year picker offers: from `first` to the current China-time year, newest first. */
export function reviewYears(now: Date, first = 2024): number[] {
  const current = Number(chinaDay(now).slice(0, 4))
  const out: number[] = []
  for (let y = current; y >= Math.min(first, current); y -= 1) out.push(y)
  return out
}
