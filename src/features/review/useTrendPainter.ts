import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { TrendChart } from './reviewChart'
import { drawsOffThread, type FromTrendWorker, type ToTrendWorker, type TrendData, type TrendSize } from './trendData'

/** Draws the trend chart on a canvas: in the chart worker where the browser can, else on the page. */
export interface TrendPainter {
  /** Where it draws (what a test or the bench can ask). */
  offThread: boolean
  /** The latest months are on the canvas. */
  drawn: ShallowRef<boolean>
  /** The chart could not be drawn (its code did not load); the table still says the numbers. */
  failed: ShallowRef<boolean>
  show: (canvas: HTMLCanvasElement, data: TrendData, size: TrendSize) => void
  resize: (size: TrendSize) => void
  release: () => void
}

export interface TrendPainterOptions {
  win?: Window & typeof globalThis
  /** Starts the chart worker (Vite bundles trendWorker.ts and what it imports as its own file). */
  startWorker?: () => Worker
  /** Loads the chart code onto the page, where the browser cannot draw in a worker. */
  loadChart?: () => Promise<Pick<typeof import('./reviewChart'), 'drawTrend'>>
}

const startTrendWorker = () => new Worker(new URL('./trendWorker.ts', import.meta.url), { type: 'module' })

/**
 * Starts the chart's code at once (the worker, or the page's chunk), so that 统计 fetches and
 * compiles Chart.js while its answers are on their way; the worker ends with the calling scope.
 */
export function useTrendPainter(options: TrendPainterOptions = {}): TrendPainter {
  const win = options.win ?? window
  const drawn = shallowRef(false)
  const failed = shallowRef(false)
  const offThread = drawsOffThread(win)
  let seq = 0
  let canvas: HTMLCanvasElement | null = null
  let disposed = false

  const worker = offThread ? (options.startWorker ?? startTrendWorker)() : null
  worker?.addEventListener('message', (event: MessageEvent<FromTrendWorker>) => {
    if (event.data.type === 'failed') failed.value = true
    else if (event.data.seq === seq) drawn.value = true
  })
  worker?.addEventListener('error', () => (failed.value = true))
  const post = (message: ToTrendWorker, transfer: Transferable[] = []) => worker!.postMessage(message, transfer)

  const loading = offThread ? null : (options.loadChart ?? (() => import('./reviewChart')))()
  loading?.catch(() => undefined)
  let chart: TrendChart | null = null

  function show(el: HTMLCanvasElement, data: TrendData, size: TrendSize) {
    const mine = ++seq
    drawn.value = false
    if (worker) {
      if (el === canvas) return post({ type: 'draw', seq: mine, data })
      canvas = el
      const offscreen = el.transferControlToOffscreen()
      return post({ type: 'attach', seq: mine, canvas: offscreen, size, data }, [offscreen])
    }
    loading!.then(({ drawTrend }) => {
      if (disposed || mine !== seq) return
      try {
        if (el === canvas && chart) chart.update(data)
        else {
          release()
          canvas = el
          chart = drawTrend(el, data, null)
        }
        drawn.value = true
      } catch {
        failed.value = true
      }
    }, () => (failed.value = true))
  }
  /** The canvas is gone (no month held any more): the page's chart lets it go; the worker's is replaced on the next canvas. */
  function release() {
    chart?.destroy()
    chart = null
    if (!worker) canvas = null
  }
  function resize(size: TrendSize) {
    // On the page Chart.js follows its container itself.
    if (worker && canvas) post({ type: 'resize', seq: ++seq, size })
  }
  onScopeDispose(() => {
    disposed = true
    worker?.terminate()
    release()
  })
  return { offThread, drawn, failed, show, resize, release }
}

/** Keeps `canvas` showing `data` through `painter`, and tells it when the canvas changes size. */
export function useTrendCanvas(canvas: Readonly<Ref<HTMLCanvasElement | null>>, data: Readonly<Ref<TrendData>>, painter: TrendPainter, win: Window & typeof globalThis = window) {
  const size = (el: HTMLCanvasElement): TrendSize => ({ width: el.clientWidth, height: el.clientHeight, pixelRatio: win.devicePixelRatio || 1 })
  let observer: ResizeObserver | null = null
  watch([canvas, data], ([el, d], [before]) => {
    if (el && el !== before) {
      observer?.disconnect()
      let last = size(el)
      observer = typeof win.ResizeObserver === 'function'
        ? new win.ResizeObserver(() => {
          const next = size(el)
          if (next.width === last.width && next.height === last.height) return
          last = next
          painter.resize(next)
        })
        : null
      observer?.observe(el)
    }
    if (el) painter.show(el, d, size(el))
    else if (before) painter.release()
  }, { immediate: true, flush: 'post' })
  onScopeDispose(() => observer?.disconnect())
}
