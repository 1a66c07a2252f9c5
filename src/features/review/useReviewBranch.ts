import { computed, type Ref } from 'vue'
import type { Repositories } from '@/data/repositories'
import type { Clock } from '@/composables/useClock'
import { missedObligations } from '@/domain/complianceCalendar'
import { branchCompliance, complianceScore, monthTrend } from '@/domain/review'
import { useReviewAnswer } from './useReviewAnswer'

export interface ReviewBranchOptions {
  repositories: Repositories
  clock: Clock
  branchId: Ref<string>
  year: Ref<number>
}

/** One branch's year for the leader: its months, its obligations met and missed, its events. */
export function useReviewBranch(options: ReviewBranchOptions) {
  const review = options.repositories.review
  const y = () => options.year.value
  const id = () => options.branchId.value
  const branches = useReviewAnswer(() => ({ key: 'branches', cached: () => review.cachedAnswer('review_branches', []), load: () => review.branches() }))
  const participation = useReviewAnswer(() => ({ key: `participation:${y()}`, cached: () => review.cachedAnswer('review_participation', [y()]), load: () => review.participation(y()) }))
  const held = useReviewAnswer(() => ({ key: `held:${y()}`, cached: () => review.cachedAnswer('review_held', [y()]), load: () => review.held(y()) }))
  const events = useReviewAnswer(() => ({
    key: `events:${id()}:${y()}`,
    cached: () => review.cachedAnswer('review_branch_events', [id(), y()]),
    load: () => review.branchEvents(id(), y()),
  }))
  const answers = [branches, participation, held, events]

  const branch = computed(() => branches.data.value?.branches.find((b) => b.id === id()) ?? null)
  const trend = computed(() => (participation.data.value ? monthTrend(participation.data.value.rows, { branchId: id() }) : null))
  const calendar = computed(() => (held.data.value ? branchCompliance({ branchId: id(), year: y(), now: options.clock(), rows: held.data.value.rows }) : null))
  const score = computed(() => (calendar.value ? complianceScore(calendar.value.summary) : null))
  const missed = computed(() => (calendar.value ? missedObligations(calendar.value) : []))
  const fetchedAt = computed(() => answers.map((a) => a.fetchedAt.value).filter((t): t is string => !!t).sort()[0] ?? null)
  const problem = computed(() => answers.map((a) => a.problem.value).find((p) => p !== null) ?? null)
  const loading = computed(() => answers.some((a) => a.loading.value))
  const reload = () => Promise.all(answers.map((a) => a.reload())).then(() => undefined)

  return { branches, branch, trend, score, missed, events, fetchedAt, problem, loading, reload }
}
