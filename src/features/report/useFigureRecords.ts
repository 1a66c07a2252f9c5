import { shallowRef, ref, watch, type Ref } from 'vue'
import { figureSources, type ReportFigureKey, type TotalKey } from '@/domain/annualReport'
import type { FigureRecords } from '@/domain/review'
import type { ReviewRepository, ReviewResult } from '@/data/repositories/review'

export interface FigureRecordsSection {
  key: TotalKey
  answer: ReviewResult<FigureRecords> | null
  problem: string | null
}

/** The records behind a report figure: one section per total it is made of (`review_figure_records`). */
export function useFigureRecords(options: {
  repo: Pick<ReviewRepository, 'figureRecords'>
  figure: Ref<ReportFigureKey | null>
  year: Ref<number>
}) {
  const sections = shallowRef<FigureRecordsSection[]>([])
  const loading = ref(false)
  let generation = 0

  async function load() {
    const mine = ++generation
    const key = options.figure.value
    sections.value = []
    if (!key) return
    loading.value = true
    const out = await Promise.all(
      figureSources(key).map(async (source): Promise<FigureRecordsSection> => {
        try {
          return { key: source, answer: await options.repo.figureRecords(options.year.value, source), problem: null }
        } catch (e) {
          const code = (e as { code?: unknown }).code
          return { key: source, answer: null, problem: typeof code === 'string' ? code : 'failed' }
        }
      }),
    )
    if (mine !== generation) return
    sections.value = out
    loading.value = false
  }

  watch([options.figure, options.year], load, { immediate: true })
  return { sections, loading, load }
}
