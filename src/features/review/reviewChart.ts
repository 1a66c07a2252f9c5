/**
 * The trend chart's geometry: the months' events as bars on the left axis and the participation
 * rate as a line on the right axis (0-100%), in the units of the SVG's viewBox. Drawn by Vue
 * (ReviewTrendChart.vue) in the same pass as the rest of 统计: no chart library to fetch, compile
 * and run before the chart shows (Chart.js took ≈ 300 ms of main thread at 4× CPU throttling).
 */
import type { MonthPoint } from '@/domain/review'

export const TREND_BOX = { width: 320, height: 180, left: 24, right: 34, top: 10, bottom: 22 } as const

export interface TrendBar {
  month: number
  events: number
  x: number
  y: number
  width: number
  height: number
}
export interface TrendTick {
  value: number
  y: number
}
/** A label beside an axis: an events tick (left), a rate tick (right, a share) or a month (below). */
export interface TrendLabel {
  kind: 'events' | 'rate' | 'month'
  value: number
  x: number
  y: number
  anchor: 'start' | 'middle' | 'end'
}
export interface TrendGeometry {
  bars: TrendBar[]
  /** The months' label positions (x of each month's centre). */
  months: { month: number; x: number }[]
  /** The rate line through the months that have a rate (a month without one is skipped, not 0). */
  line: string
  dots: { month: number; x: number; y: number }[]
  eventTicks: TrendTick[]
  rateTicks: TrendTick[]
  labels: TrendLabel[]
  plot: { left: number; right: number; top: number; bottom: number }
}

/** The smallest of 1, 2, 5, 10, 20, 50… that splits `max` events into at most four steps. */
export function eventStep(max: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) if (step * scale * 4 >= max) return step * scale
  }
}

const round = (n: number) => Math.round(n * 10) / 10

export function trendGeometry(points: readonly MonthPoint[]): TrendGeometry {
  const { width, height, left, right, top, bottom } = TREND_BOX
  const plot = { left, right: width - right, top, bottom: height - bottom }
  const slot = (plot.right - plot.left) / Math.max(points.length, 1)
  const step = eventStep(Math.max(0, ...points.map((p) => p.events)))
  const eventsMax = step * Math.max(1, Math.ceil(Math.max(0, ...points.map((p) => p.events)) / step))
  const yOf = (share: number) => round(plot.bottom - share * (plot.bottom - plot.top))
  const centre = (i: number) => round(plot.left + slot * (i + 0.5))

  const bars = points.map((p, i) => {
    const y = yOf(p.events / eventsMax)
    return { month: p.month, events: p.events, x: round(plot.left + slot * i + slot * 0.2), y, width: round(slot * 0.6), height: round(plot.bottom - y) }
  })
  const dots = points.flatMap((p, i) => (p.rate === null ? [] : [{ month: p.month, x: centre(i), y: yOf(Math.min(1, Math.max(0, p.rate))) }]))
  const eventTicks = Array.from({ length: eventsMax / step + 1 }, (_, i) => ({ value: i * step, y: yOf((i * step) / eventsMax) }))
  const rateTicks = [0, 0.5, 1].map((share) => ({ value: share, y: yOf(share) }))
  const labels: TrendLabel[] = [
    ...eventTicks.map((tick) => ({ kind: 'events' as const, value: tick.value, x: plot.left - 4, y: tick.y + 4, anchor: 'end' as const })),
    ...rateTicks.map((tick) => ({ kind: 'rate' as const, value: tick.value, x: plot.right + 4, y: tick.y + 4, anchor: 'start' as const })),
    ...points.map((p, i) => ({ kind: 'month' as const, value: p.month, x: centre(i), y: height - 6, anchor: 'middle' as const })),
  ]
  return {
    bars,
    months: points.map((p, i) => ({ month: p.month, x: centre(i) })),
    line: dots.map((d, i) => `${i ? 'L' : 'M'}${d.x} ${d.y}`).join(' '),
    dots,
    eventTicks,
    rateTicks,
    labels,
    plot,
  }
}
