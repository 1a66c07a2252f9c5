import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ReviewRepository } from '@/data/repositories/review'
import type { BranchEvent, FigureKey, FigureRecords, MemberAttendanceRow, ParticipationRow, ReviewBranch } from '@/domain/review'
import { reviewWorkbook, WORKBOOK_FIGURES, type WorkbookInput, type WorkbookSheet, type WorkbookWords } from '@/domain/reviewWorkbook'
import { formatDate } from './useDateFormat'
import { downloadFile } from './downloadFile'

type Translate = (key: string, named?: Record<string, unknown>) => string
type Repo = Pick<ReviewRepository, 'branches' | 'participation' | 'memberAttendance' | 'branchEvents' | 'figureRecords'>

/** What a fetch could not get (offline with nothing kept): named in the message the user reads. */
export interface WorkbookGather {
  input: WorkbookInput
  missing: string[]
}

/**
 * Gathers the year's answers for the workbook, each through the review repository (so offline it
 * uses what was kept), reporting progress after every call. A call that has neither a fresh nor a
 * kept answer leaves its part empty and is listed in `missing`.
 */
export async function gatherWorkbook(repo: Repo, year: number, onProgress: (done: number, total: number) => void = () => {}): Promise<WorkbookGather> {
  const missing: string[] = []
  const figureKeys = Object.values(WORKBOOK_FIGURES).flat() as FigureKey[]
  let done = 0
  let total = 3 + figureKeys.length
  const step = () => onProgress(++done, total)
  async function get<T>(what: string, call: () => Promise<{ value: T }>): Promise<T | null> {
    try {
      return (await call()).value
    } catch {
      missing.push(what)
      return null
    } finally {
      step()
    }
  }
  onProgress(0, total)
  const branches: readonly ReviewBranch[] = (await get('review_branches', () => repo.branches()))?.branches ?? []
  total += branches.length
  const participation: readonly ParticipationRow[] = (await get('review_participation', () => repo.participation(year)))?.rows ?? []
  const memberAttendance: readonly MemberAttendanceRow[] = (await get('review_member_attendance', () => repo.memberAttendance(year)))?.rows ?? []
  const branchEvents: { branchId: string; events: readonly BranchEvent[] }[] = []
  for (const b of branches) {
    const answer = await get(`review_branch_events:${b.name}`, () => repo.branchEvents(b.id, year))
    if (answer) branchEvents.push({ branchId: b.id, events: answer.events })
  }
  const figureRecords: Partial<Record<FigureKey, FigureRecords['rows']>> = {}
  for (const key of figureKeys) {
    const answer = await get(`review_figure_records:${key}`, () => repo.figureRecords(year, key))
    if (answer) figureRecords[key] = answer.rows
  }
  return { input: { branches, participation, memberAttendance, branchEvents, figureRecords }, missing }
}

/** The workbook's words in the app's language (`report.workbook`; kinds as 活动 words them). */
export function workbookWords(t: Translate, te: (key: string) => boolean, locale: string): WorkbookWords {
  const or = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  return {
    sheet: (code) => t(`report.workbook.sheets.${code}`),
    column: (code) => t(`report.workbook.columns.${code}`),
    kind: (kind) => or(`activities.kinds.${kind}`, kind),
    eventStatus: (status) => or(`report.workbook.eventStatus.${status}`, status),
    figure: (key) => t(`report.figures.${key}`),
    dateTime: (iso) => formatDate(locale, iso, 'dateTime'),
  }
}

/** The .xlsx file of the sheets (write-excel-file is loaded only when a workbook is made). */
export async function workbookBlob(sheets: readonly WorkbookSheet[]): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const data = sheets.map((s) => ({
    sheet: s.name,
    data: s.rows.map((row, i) => row.map((value) => (i === 0 ? { value, fontWeight: 'bold' as const } : value))),
  }))
  return writeXlsxFile(data as never).toBlob()
}

/**
 * 导出 Excel for 统计: `exportWorkbook(year)` fetches what it needs with progress (`progress`), makes
 * the workbook in the browser and downloads it; `missing` names what an offline device lacked.
 */
export function useReviewWorkbook(options: { repo: Repo; download?: (file: { name: string; blob: Blob }) => void }) {
  const { t, te, locale } = useI18n()
  const busy = ref(false)
  const progress = shallowRef<{ done: number; total: number } | null>(null)
  const missing = shallowRef<string[]>([])
  const problem = ref<string | null>(null)

  async function exportWorkbook(year: number) {
    if (busy.value) return
    busy.value = true
    problem.value = null
    try {
      const gathered = await gatherWorkbook(options.repo, year, (done, total) => (progress.value = { done, total }))
      missing.value = gathered.missing
      const sheets = reviewWorkbook(gathered.input, workbookWords(t as Translate, te, locale.value))
      const file = { name: t('report.workbook.fileName', { year }), blob: await workbookBlob(sheets) }
      ;(options.download ?? downloadFile)(file)
    } catch (e) {
      problem.value = e instanceof Error ? e.message : String(e)
    } finally {
      busy.value = false
      progress.value = null
    }
  }

  return { busy, progress, missing, problem, exportWorkbook }
}
