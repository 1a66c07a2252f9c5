import { computed, watch, type Ref } from 'vue'
import type { Repositories } from '@/data/repositories'
import type { Clock } from '@/composables/useClock'
import { monthTrend, rankBranches, type RankBy } from '@/domain/review'
import { useReviewAnswer } from './useReviewAnswer'

export interface ReviewDashboardOptions {
  repositories: Repositories
  clock: Clock
  year: Ref<number>
  rankBy: Ref<RankBy>
}

/**
 * The 统计 home's answers for a year (totals, participation, held obligations, branches) and what it
 * draws from them: the organisation's trend by month and the branches ranked.
 */
export function useReviewDashboard(options: ReviewDashboardOptions) {
  const review = options.repositories.review
  const y = () => options.year.value
  const totals = useReviewAnswer(() => ({ key: `totals:${y()}`, cached: () => review.cachedAnswer('review_totals', [y()]), load: () => review.totals(y()) }))
  const participation = useReviewAnswer(() => ({ key: `participation:${y()}`, cached: () => review.cachedAnswer('review_participation', [y()]), load: () => review.participation(y()) }))
  const held = useReviewAnswer(() => ({ key: `held:${y()}`, cached: () => review.cachedAnswer('review_held', [y()]), load: () => review.held(y()) }))
  const branches = useReviewAnswer(() => ({ key: 'branches', cached: () => review.cachedAnswer('review_branches', []), load: () => review.branches() }))
  const answers = [totals, participation, held, branches]

  const trend = computed(() => (participation.data.value ? monthTrend(participation.data.value.rows) : null))
  const ranking = computed(() => {
    if (!branches.data.value || !participation.data.value || !held.data.value) return null
    return rankBranches({
      branches: branches.data.value.branches,
      participation: participation.data.value.rows,
      held: held.data.value.rows,
      year: y(),
      now: options.clock(),
      by: options.rankBy.value,
    })
  })
  /** The oldest time among the answers shown (what 截至 must say), and the first problem. */
  const fetchedAt = computed(() => answers.map((a) => a.fetchedAt.value).filter((t): t is string => !!t).sort()[0] ?? null)
  const problem = computed(() => answers.map((a) => a.problem.value).find((p) => p !== null) ?? null)
  const loading = computed(() => answers.some((a) => a.loading.value))
  const reload = () => Promise.all(answers.map((a) => a.reload())).then(() => undefined)

  // The workbook's per-person sheet (出勤明细) is asked for once the dashboard's own answers are the
  // server's, so that it does not delay them and 导出 Excel has it on the device offline later.
  const keptYears = new Set<number>()
  watch([loading, problem, () => y()], ([busy, failed, year]) => {
    if (busy || failed || keptYears.has(year) || answers.some((a) => !a.fetchedAt.value)) return
    keptYears.add(year)
    review.memberAttendance(year).catch(() => keptYears.delete(year))
  })

  return { totals, participation, held, branches, trend, ranking, fetchedAt, problem, loading, reload }
}
