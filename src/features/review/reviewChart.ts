/**
 * The trend chart, drawn with Chart.js (only the parts registered here are bundled). Loaded by a
 * dynamic import from ReviewTrendChart.vue, so only the 统计 screens fetch it.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import type { MonthPoint } from '@/domain/review'

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip)

export interface TrendWords {
  month: (month: number) => string
  events: string
  rate: string
  percent: (rate: number | null) => string
}

export interface TrendChart {
  update: (points: readonly MonthPoint[]) => void
  destroy: () => void
}

const data = (points: readonly MonthPoint[], words: TrendWords) => ({
  labels: points.map((p) => words.month(p.month)),
  datasets: [
    { type: 'bar' as const, label: words.events, data: points.map((p) => p.events), yAxisID: 'events', backgroundColor: 'rgba(200, 22, 29, 0.25)' },
    {
      type: 'line' as const,
      label: words.rate,
      data: points.map((p) => (p.rate === null ? null : Math.round(p.rate * 1000) / 10)),
      yAxisID: 'rate',
      borderColor: '#c8161d',
      backgroundColor: '#c8161d',
      spanGaps: true,
    },
  ],
})

/** Draws the months' events (bars) and participation rate (line, right axis) on `canvas`. */
export function drawTrend(canvas: HTMLCanvasElement, points: readonly MonthPoint[], words: TrendWords): TrendChart {
  const chart = new Chart(canvas, {
    data: data(points, words),
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        events: { position: 'left', beginAtZero: true, ticks: { precision: 0 } },
        rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: (v) => `${v}%` } },
      },
      plugins: {
        tooltip: {
          callbacks: { label: (item) => (item.dataset.yAxisID === 'rate' ? `${words.rate} ${words.percent(points[item.dataIndex]?.rate ?? null)}` : `${words.events} ${item.formattedValue}`) },
        },
      },
    },
  })
  return {
    update(next) {
      points = next
      chart.data = data(next, words)
      chart.update()
    },
    destroy: () => chart.destroy(),
  }
}
