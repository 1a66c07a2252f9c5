import type { drawTrend } from './reviewChart'

let loading: Promise<{ drawTrend: typeof drawTrend }> | null = null

/** The chart code, fetched once; 统计 starts it with its data so the chart is not a second wait. */
export function loadTrendChart(): Promise<{ drawTrend: typeof drawTrend }> {
  loading ??= import('./reviewChart').catch((e: unknown) => {
    loading = null
    throw e
  })
  return loading
}
