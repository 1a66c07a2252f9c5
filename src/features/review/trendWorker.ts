/**
 * The trend chart's worker: Chart.js is fetched, compiled and run here, off the page's main thread,
 * drawing on the OffscreenCanvas the page hands over. The page sends the months and their words
 * (trendData.ts) and the canvas's size; the worker answers `drawn` once each is on the canvas.
 */
import { drawTrend, type TrendChart } from './reviewChart'
import type { FromTrendWorker, ToTrendWorker } from './trendData'

let chart: TrendChart | null = null
const reply = (message: FromTrendWorker) => self.postMessage(message)

self.onmessage = (event: MessageEvent<ToTrendWorker>) => {
  const m = event.data
  try {
    if (m.type === 'attach') {
      chart?.destroy()
      chart = drawTrend(m.canvas, m.data, m.size)
    } else if (m.type === 'draw') chart?.update(m.data)
    else chart?.resize(m.size)
    reply({ type: 'drawn', seq: m.seq })
  } catch {
    reply({ type: 'failed', seq: m.seq })
  }
}
