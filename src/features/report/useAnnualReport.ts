import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { annualReport } from '@/domain/annualReport'
import type { Totals } from '@/domain/review'
import type { ReviewRepository, ReviewResult } from '@/data/repositories/review'
import { formatDate } from '@/composables/useDateFormat'
import { downloadFile } from '@/composables/downloadFile'
import { reportWords, type ReportTranslate } from './reportWords'
import { reportDocumentContent, reportDocx } from './reportDocx'

export interface UseAnnualReportOptions {
  repo: Pick<ReviewRepository, 'totals' | 'cachedAnswer'>
  year: Ref<number>
  /** Where the .docx goes (default: a browser download). */
  download?: (file: { name: string; blob: Blob }) => void
}

/** Why the report cannot be shown: a code of the review repository, or nothing kept for an offline year. */
export type ReportProblem = { code: string; detail?: string }

/**
 * The year's report: the kept answer drawn at once, then the server's; offline, the kept one with
 * the time it was fetched (截至 …). 导出 Word makes the .docx from exactly what is on screen.
 */
export function useAnnualReport(options: UseAnnualReportOptions) {
  const { t, locale } = useI18n()
  const translate = t as unknown as ReportTranslate
  const words = computed(() => reportWords(translate, locale.value))
  const answer = shallowRef<ReviewResult<Totals> | null>(null)
  const loading = ref(false)
  const problem = shallowRef<ReportProblem | null>(null)
  const exporting = ref(false)
  const exportProblem = ref<string | null>(null)
  let generation = 0

  async function load() {
    const mine = ++generation
    const year = options.year.value
    loading.value = true
    problem.value = null
    answer.value = null
    try {
      const kept = await options.repo.cachedAnswer('review_totals', [year])
      if (mine === generation && kept) answer.value = kept
      const fresh = await options.repo.totals(year)
      if (mine === generation) answer.value = fresh
    } catch (e) {
      if (mine !== generation) return
      const code = (e as { code?: unknown }).code
      problem.value = { code: typeof code === 'string' ? code : 'failed', detail: e instanceof Error ? e.message : String(e) }
      // A refusal forgets what was kept; anything else keeps showing it.
      if (code === 'forbidden' || code === 'notSignedIn') answer.value = null
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(options.year, load, { immediate: true })

  const report = computed(() => (answer.value ? annualReport(answer.value.value) : null))
  const asOf = computed(() => (answer.value ? formatDate(locale.value, answer.value.fetchedAt, 'dateTime') : ''))

  async function exportWord() {
    if (!report.value || exporting.value) return
    exporting.value = true
    exportProblem.value = null
    try {
      const say = (key: string, named: Record<string, unknown> = {}) => translate(key, named)
      const blob = await reportDocx(reportDocumentContent(report.value, words.value, say, asOf.value))
      const file = { name: say('report.docx.fileName', { year: report.value.year }), blob }
      ;(options.download ?? downloadFile)(file)
    } catch (e) {
      exportProblem.value = e instanceof Error ? e.message : String(e)
    } finally {
      exporting.value = false
    }
  }

  return { answer, report, words, asOf, loading, problem, exporting, exportProblem, load, exportWord }
}
