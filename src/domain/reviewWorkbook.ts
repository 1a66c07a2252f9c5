/**
 * The 统计 workbook (.xlsx): one sheet per subject, made from the review functions' answers (fresh
 * or kept for offline use). Pure: the caller passes the words (Chinese headers by default through
 * the catalogue's `report.workbook` section) and gets sheets of plain cells; writing the file is
 * src/composables/useReviewWorkbook.ts.
 */
import type { BranchEvent, FigureKey, FigureRecords, MemberAttendanceRow, ParticipationRow, ReviewBranch } from './review'
import { rateTenths } from './annualReport'

export type WorkbookCell = string | number | null
export interface WorkbookSheet {
  code: SheetCode
  name: string
  rows: WorkbookCell[][]
}

/** `people`: each person's attendance (出勤明细); `attendance`: each event's (活动出勤). */
export const SHEET_CODES = ['participation', 'people', 'attendance', 'donations', 'blood', 'visits', 'pledges'] as const
export type SheetCode = (typeof SHEET_CODES)[number]

/** The figures whose records fill the record sheets, by sheet. */
export const WORKBOOK_FIGURES = {
  donations: ['donation_fen'],
  blood: ['blood_ml'],
  visits: ['visits_retired_member_funds_fen', 'visits_staff_hardship_funds_fen', 'visits_poverty_funds_fen'],
  pledges: ['pledge_department_units', 'pledge_subunit_units', 'pledge_persons'],
} as const satisfies Partial<Record<SheetCode, readonly FigureKey[]>>

export interface WorkbookInput {
  branches: readonly ReviewBranch[]
  participation: readonly ParticipationRow[]
  /** review_member_attendance's rows, in the server's order (branch, then name). */
  memberAttendance: readonly MemberAttendanceRow[]
  branchEvents: readonly { branchId: string; events: readonly BranchEvent[] }[]
  figureRecords: Partial<Record<FigureKey, FigureRecords['rows']>>
}

export interface WorkbookWords {
  sheet(code: SheetCode): string
  column(code: string): string
  kind(kind: string): string
  eventStatus(status: string): string
  figure(key: FigureKey): string
  /** An event's start as people read it (China time). */
  dateTime(iso: string): string
}

/** Yuan as a number for a spreadsheet cell (1234550 fen → 12345.5), exact to the cent. */
const yuan = (fen: number | null) => (fen === null ? null : Math.round(fen) / 100)

/** Participation in percent with one decimal (87.5), null when nobody was expected. */
function ratePercent(r: Pick<ParticipationRow, 'expected' | 'present' | 'late'>): number | null {
  return r.expected > 0 ? rateTenths(r.present + r.late, r.expected) / 10 : null
}

export function reviewWorkbook(input: WorkbookInput, w: WorkbookWords): WorkbookSheet[] {
  const byId = new Map(input.branches.map((b) => [b.id, b]))
  const branchName = (id: string | null) => (id === null ? '' : (byId.get(id)?.name ?? id))
  // Branches in the order review_branches lists them; rows of an unknown branch last.
  const rank = new Map(input.branches.map((b, i) => [b.id, i]))
  const order = (id: string | null) => (id === null ? input.branches.length : (rank.get(id) ?? input.branches.length))
  const header = (codes: string[]) => codes.map((c) => w.column(c))

  const participation = [...input.participation].sort(
    (a, b) => order(a.branch_id) - order(b.branch_id) || a.month - b.month || a.kind.localeCompare(b.kind),
  )
  const attendance = input.branchEvents.flatMap(({ branchId, events }) =>
    [...events].sort((a, b) => a.starts_at.localeCompare(b.starts_at)).map((e) => [
      branchName(branchId), w.dateTime(e.starts_at), e.title, w.kind(e.kind), w.eventStatus(e.status),
      e.expected, e.present, e.late, e.leave, e.absent,
    ]),
  )
  const records = (keys: readonly FigureKey[], value: (key: FigureKey, v: number | null) => WorkbookCell, withCategory: boolean) =>
    keys.flatMap((key) =>
      (input.figureRecords[key] ?? []).map((r) => [
        ...(withCategory ? [w.figure(key)] : []),
        r.on.slice(0, 10), r.branch_name ?? '', r.label, r.detail ?? '', value(key, r.value),
      ]),
    )

  return [
    {
      code: 'participation',
      name: w.sheet('participation'),
      rows: [
        header(['branch', 'unit', 'month', 'kind', 'events', 'expected', 'present', 'late', 'leave', 'absent', 'rate']),
        ...participation.map((r) => [
          branchName(r.branch_id), (r.branch_id && byId.get(r.branch_id)?.unit_name) || '', r.month, w.kind(r.kind),
          r.events, r.expected, r.present, r.late, r.leave, r.absent, ratePercent(r),
        ]),
      ],
    },
    {
      code: 'people',
      name: w.sheet('people'),
      rows: [
        header(['name', 'branch', 'group', 'personExpected', 'personPresent', 'personLate', 'personLeave', 'personAbsent', 'attendanceRate']),
        ...input.memberAttendance.map((r) => [
          r.name, r.branch_name, r.group_name ?? '', r.expected, r.present, r.late, r.leave, r.absent, ratePercent(r),
        ]),
      ],
    },
    {
      code: 'attendance',
      name: w.sheet('attendance'),
      rows: [header(['branch', 'date', 'title', 'kind', 'status', 'expected', 'present', 'late', 'leave', 'absent']), ...attendance],
    },
    {
      code: 'donations',
      name: w.sheet('donations'),
      rows: [header(['date', 'branch', 'record', 'detail', 'amount']), ...records(WORKBOOK_FIGURES.donations, (_k, v) => yuan(v), false)],
    },
    {
      code: 'blood',
      name: w.sheet('blood'),
      rows: [header(['date', 'branch', 'record', 'detail', 'ml']), ...records(WORKBOOK_FIGURES.blood, (_k, v) => v, false)],
    },
    {
      code: 'visits',
      name: w.sheet('visits'),
      rows: [header(['category', 'date', 'branch', 'record', 'detail', 'amount']), ...records(WORKBOOK_FIGURES.visits, (_k, v) => yuan(v), true)],
    },
    {
      code: 'pledges',
      name: w.sheet('pledges'),
      rows: [header(['category', 'date', 'branch', 'record', 'detail', 'value']), ...records(WORKBOOK_FIGURES.pledges, (_k, v) => v, true)],
    },
  ]
}
