import type { FromTrendWorker, ToTrendWorker } from '@/features/review/trendData'

/**
 * Stands in for the browser's Worker (happy-dom has none) to see what the page sends the chart
 * worker: the script it starts, whether it asked for a module worker, the messages and what they
 * transferred, and whether it was terminated. `reply` answers as the worker would.
 */
export class RecordedWorker extends EventTarget {
  static started: RecordedWorker[] = []
  readonly messages: ToTrendWorker[] = []
  readonly transferred: unknown[] = []
  terminated = false
  readonly type: string | undefined

  constructor(readonly url: string | URL, options?: WorkerOptions) {
    super()
    this.type = options?.type
    if (String(url) === 'blob://') throw new SyntaxError('not a worker script')
    RecordedWorker.started.push(this)
  }

  postMessage(message: ToTrendWorker, transfer: unknown[] = []) {
    this.messages.push(message)
    this.transferred.push(...transfer)
  }

  terminate() {
    this.terminated = true
  }

  reply(data: FromTrendWorker) {
    this.dispatchEvent(new MessageEvent('message', { data }))
  }
}

/** The canvas's OffscreenCanvas: what transferControlToOffscreen hands over. */
export class RecordedOffscreenCanvas {
  constructor(readonly from: HTMLCanvasElement) {}
}

/**
 * Makes this window one that can draw off the main thread, as far as the page can tell (Worker,
 * OffscreenCanvas, a canvas that hands over its control); returns what puts it back.
 */
export function drawOffThreadHere(): () => void {
  const win = window as unknown as Record<string, unknown>
  const before = { Worker: win.Worker, OffscreenCanvas: win.OffscreenCanvas }
  const proto = HTMLCanvasElement.prototype as unknown as Record<string, unknown>
  RecordedWorker.started = []
  win.Worker = RecordedWorker
  win.OffscreenCanvas = RecordedOffscreenCanvas
  proto.transferControlToOffscreen = function (this: HTMLCanvasElement) {
    return new RecordedOffscreenCanvas(this)
  }
  return () => {
    Object.assign(win, before)
    delete proto.transferControlToOffscreen
  }
}
