/**
 * What the page sends to draw the trend chart: the months' numbers and the words in the app's
 * language (the chart's code, in a worker or not, words nothing itself), and the messages between
 * the page and the chart worker (trendWorker.ts). No chart code here: the page imports this.
 */
import type { MonthPoint } from '@/domain/review'

/** The rate axis's ticks, as shares (its labels are words the page formats). */
export const RATE_TICKS = [0, 0.25, 0.5, 0.75, 1] as const

export interface TrendWords {
  /** One label per month, in the months' order. */
  months: string[]
  /** The bars' (and left axis's) name, and the line's (and right axis's). */
  events: string
  rate: string
  /** One label per RATE_TICKS entry. */
  rateTicks: string[]
}

export interface TrendData {
  events: number[]
  /** Share of expected attendances (0-1), null for a month without any. */
  rates: (number | null)[]
  words: TrendWords
}

/** The canvas's size in CSS pixels and the screen's pixels per CSS pixel. */
export interface TrendSize {
  width: number
  height: number
  pixelRatio: number
}

export type ToTrendWorker =
  | { type: 'attach'; seq: number; canvas: OffscreenCanvas; size: TrendSize; data: TrendData }
  | { type: 'draw'; seq: number; data: TrendData }
  | { type: 'resize'; seq: number; size: TrendSize }

export type FromTrendWorker = { type: 'drawn'; seq: number } | { type: 'failed'; seq: number }

export interface TrendWording {
  month: (month: number) => string
  events: string
  rate: string
  percent: (share: number) => string
}

export function trendData(points: readonly MonthPoint[], words: TrendWording): TrendData {
  return {
    events: points.map((p) => p.events),
    rates: points.map((p) => p.rate),
    words: { months: points.map((p) => words.month(p.month)), events: words.events, rate: words.rate, rateTicks: RATE_TICKS.map(words.percent) },
  }
}

type ChartWindow = Pick<typeof globalThis, 'Worker' | 'OffscreenCanvas' | 'HTMLCanvasElement'>

/**
 * Whether this browser can draw the chart in a worker: OffscreenCanvas, a canvas that hands its
 * control over, and module workers (seen by whether `new Worker` reads its `type` option; the
 * invalid URL then throws, so no worker starts).
 */
export function drawsOffThread(win: ChartWindow): boolean {
  if (typeof win.Worker !== 'function' || typeof win.OffscreenCanvas !== 'function') return false
  if (typeof win.HTMLCanvasElement?.prototype.transferControlToOffscreen !== 'function') return false
  let module = false
  const probe = {
    get type() {
      module = true
      return 'module' as const
    },
  }
  try {
    new win.Worker('blob://', probe).terminate()
  } catch {
    // Expected: the URL is not a worker's.
  }
  return module
}
