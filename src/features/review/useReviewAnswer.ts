import { shallowRef, watch, type ShallowRef } from 'vue'
import { ReviewError, type ReviewProblemCode, type ReviewResult } from '@/data/repositories/review'

export interface ReviewSource<T> {
  /** Identifies the call (function and arguments): a new key fetches again. */
  key: string
  /** The answer kept on the device, drawn at once while the server is asked. */
  cached: () => Promise<ReviewResult<T> | null>
  load: () => Promise<ReviewResult<T>>
}

export interface ReviewAnswer<T> {
  data: ShallowRef<T | null>
  fetchedAt: ShallowRef<string | null>
  /** Why the server's answer is not the one shown (kept answer), or why nothing is shown. */
  problem: ShallowRef<ReviewProblemCode | null>
  loading: ShallowRef<boolean>
  reload: () => Promise<void>
}

/**
 * One review answer for the screen: the kept one first (with its time), then the server's. A late
 * answer to an earlier key is dropped. A failure without any answer is `problem` with `data` null.
 */
export function useReviewAnswer<T>(source: () => ReviewSource<T> | null): ReviewAnswer<T> {
  const data = shallowRef<T | null>(null)
  const fetchedAt = shallowRef<string | null>(null)
  const problem = shallowRef<ReviewProblemCode | null>(null)
  const loading = shallowRef(false)
  let seq = 0

  const show = (result: ReviewResult<T>) => {
    data.value = result.value
    fetchedAt.value = result.fetchedAt
  }

  async function run(s: ReviewSource<T> | null, fresh: boolean) {
    const mine = ++seq
    if (!s) {
      data.value = null
      loading.value = false
      return
    }
    loading.value = true
    problem.value = null
    // Ask the server at once; meanwhile draw the kept answer, unless the server's came first.
    const asked = s.load()
    asked.catch(() => undefined)
    let answered = false
    void asked.then(() => (answered = true), () => undefined)
    if (fresh) {
      data.value = null
      fetchedAt.value = null
      const kept = await s.cached().catch(() => null)
      if (mine !== seq) return
      if (kept && !answered) show(kept)
    }
    try {
      const result = await asked
      if (mine !== seq) return
      show(result)
      problem.value = result.problem ?? null
    } catch (e) {
      if (mine !== seq) return
      problem.value = e instanceof ReviewError ? e.code : 'failed'
      // A refusal takes the kept figures off the screen too.
      if (problem.value === 'forbidden' || problem.value === 'notSignedIn') data.value = null
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(() => source()?.key ?? null, () => void run(source(), true), { immediate: true })
  return { data, fetchedAt, problem, loading, reload: () => run(source(), false) }
}
