/**
 * The trend chart on Chart.js (only the parts registered here are bundled): the months' events as
 * bars on the left axis, the participation rate as a line on the right axis (0-100%). Runs in the
 * chart worker (trendWorker.ts) on an OffscreenCanvas, or on the page where a browser cannot.
 * No tooltip: a phone has no hover, and ReviewTrendTable carries the exact figures.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, type ChartConfiguration } from 'chart.js'
import { RATE_TICKS, type TrendData, type TrendSize } from './trendData'

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale)

const RED = '#c8161d'
const MUTED = '#888'

export interface TrendChart {
  update: (data: TrendData) => void
  resize: (size: TrendSize) => void
  destroy: () => void
}

/**
 * The chart's configuration. With a `size` it is drawn at that size and pixel ratio and resized on
 * request (a worker sees no page); without one it follows its container (on the page).
 */
export function trendConfig(data: TrendData, size: TrendSize | null): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const step = 1 / (RATE_TICKS.length - 1)
  const axisTitle = (text: string) => ({ display: true, text, color: MUTED, font: { size: 10 } })
  return {
    type: 'bar',
    data: {
      labels: data.words.months,
      datasets: [
        { type: 'bar', label: data.words.events, data: data.events, yAxisID: 'events', backgroundColor: 'rgba(200, 22, 29, 0.25)', order: 2 },
        {
          type: 'line',
          label: data.words.rate,
          data: data.rates.map((r) => (r === null ? null : Math.round(Math.min(1, Math.max(0, r)) * 1000) / 10)),
          yAxisID: 'rate',
          borderColor: RED,
          backgroundColor: RED,
          borderWidth: 2,
          pointRadius: 2.5,
          // A month without a rate is skipped (not drawn as 0); the line joins the months around it.
          spanGaps: true,
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      events: [],
      responsive: size === null,
      maintainAspectRatio: false,
      ...(size ? { devicePixelRatio: size.pixelRatio } : {}),
      scales: {
        x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 50, color: MUTED, font: { size: 10 } } },
        events: { position: 'left', beginAtZero: true, ticks: { precision: 0, color: MUTED, font: { size: 10 } }, title: axisTitle(data.words.events) },
        rate: {
          position: 'right',
          min: 0,
          max: 100,
          grid: { drawOnChartArea: false },
          ticks: { stepSize: step * 100, color: MUTED, font: { size: 10 }, callback: (v) => data.words.rateTicks[Math.round(Number(v) / (step * 100))] ?? '' },
          title: axisTitle(data.words.rate),
        },
      },
    },
  }
}

/** Draws the chart on `canvas`; an OffscreenCanvas gets `size` (CSS pixels, scaled by its ratio). */
export function drawTrend(canvas: HTMLCanvasElement | OffscreenCanvas, data: TrendData, size: TrendSize | null): TrendChart {
  if (size) {
    canvas.width = size.width
    canvas.height = size.height
  }
  const chart = new Chart(canvas as HTMLCanvasElement, trendConfig(data, size))
  // Chart.js only logs a canvas without a 2D context; the caller must know that nothing is drawn.
  if (!chart.ctx) throw new Error('the canvas has no 2D context')
  return {
    update(next) {
      const config = trendConfig(next, size)
      chart.data = config.data
      chart.options = config.options ?? {}
      chart.update()
    },
    resize(next) {
      size = next
      chart.options.devicePixelRatio = next.pixelRatio
      chart.resize(next.width, next.height)
    },
    destroy: () => chart.destroy(),
  }
}
