/**
 * 统计's trend chart: the Chart.js configuration the worker draws (bars, the rate line, the axes
 * worded by the page), what the page sends the chart worker and when, and the choice between the
 * worker and the page.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import type { MonthPoint } from '@/domain/review'
import { trendConfig } from '@/features/review/reviewChart'
import { drawsOffThread, trendData, type TrendData } from '@/features/review/trendData'
import { useTrendCanvas, useTrendPainter } from '@/features/review/useTrendPainter'
import { drawOffThreadHere, RecordedOffscreenCanvas, RecordedWorker } from './review-chart-support'

const month = (m: number, events: number, rate: number | null): MonthPoint => ({ month: m, events, rate, expected: 0, present: 0, late: 0, leave: 0, absent: 0 })
const wording = { month: (m: number) => `${m}月`, events: '活动', rate: '参与率', percent: (s: number) => `${Math.round(s * 100)}%` }
const points = [month(1, 2, 0.5), month(2, 4, 1), month(3, 0, null), month(4, 1, 0)]

describe('the trend chart\'s configuration', () => {
  const data = trendData(points, wording)

  test('carries the months\' words, the events as bars and the rate in percent as a line', () => {
    const config = trendConfig(data, null)
    expect(config.data.labels).toEqual(['1月', '2月', '3月', '4月'])
    const [bars, line] = config.data.datasets
    expect([bars!.type, bars!.label, bars!.data]).toEqual(['bar', '活动', [2, 4, 0, 1]])
    expect([line!.type, line!.label, line!.data]).toEqual(['line', '参与率', [50, 100, null, 0]])
  })

  test('skips a month without a rate rather than drawing it as 0', () => {
    const line = trendConfig(data, null).data.datasets[1] as { spanGaps?: boolean; data: (number | null)[] }
    expect(line.data[2]).toBeNull()
    expect(line.spanGaps).toBe(true)
  })

  test('words the axes and the rate ticks with what the page sent, 0-100% on the right', () => {
    const scales = trendConfig(data, null).options!.scales as Record<string, { min?: number; max?: number; position?: string; title?: { text?: string }; ticks?: { callback?: (v: number) => string } }>
    expect(scales.events!.title!.text).toBe('活动')
    expect([scales.rate!.position, scales.rate!.min, scales.rate!.max, scales.rate!.title!.text]).toEqual(['right', 0, 100, '参与率'])
    expect([0, 25, 50, 75, 100].map((v) => scales.rate!.ticks!.callback!(v))).toEqual(['0%', '25%', '50%', '75%', '100%'])
  })

  test('is drawn at the page\'s size and pixel ratio in a worker, and follows its container on the page', () => {
    expect(trendConfig(data, { width: 320, height: 200, pixelRatio: 3 }).options).toMatchObject({ responsive: false, devicePixelRatio: 3, animation: false })
    expect(trendConfig(data, null).options).toMatchObject({ responsive: true, animation: false })
    expect(trendConfig(data, null).options).not.toHaveProperty('devicePixelRatio')
  })
})

describe('where the chart is drawn', () => {
  test('in a worker only with OffscreenCanvas, a canvas that hands over its control and module workers', () => {
    class ModuleWorker {
      constructor(_url: string, options: WorkerOptions) {
        void options.type
        throw new SyntaxError('not a worker script')
      }
    }
    class ClassicWorker {
      constructor() {
        throw new SyntaxError('not a worker script')
      }
    }
    class Canvas {
      transferControlToOffscreen() {}
    }
    const win = { Worker: ModuleWorker, OffscreenCanvas: class {}, HTMLCanvasElement: Canvas } as never
    expect(drawsOffThread(win)).toBe(true)
    expect(drawsOffThread({ ...(win as object), Worker: ClassicWorker } as never)).toBe(false)
    expect(drawsOffThread({ ...(win as object), OffscreenCanvas: undefined } as never)).toBe(false)
    expect(drawsOffThread({ ...(win as object), HTMLCanvasElement: class {} } as never)).toBe(false)
    // happy-dom, like an older phone's browser, has none of them.
    expect(drawsOffThread(window)).toBe(false)
  })
})

describe('the page side of the chart worker', () => {
  let restore = () => {}
  afterEach(() => restore())

  function painted(data = shallowRef<TrendData>(trendData(points, wording))) {
    restore = drawOffThreadHere()
    const scope = effectScope()
    const canvas = shallowRef<HTMLCanvasElement | null>(null)
    const painter = scope.run(() => {
      const p = useTrendPainter()
      useTrendCanvas(canvas, data, p)
      return p
    })!
    return { scope, canvas, painter, data, worker: RecordedWorker.started[0]! }
  }

  test('starts the module worker at once, before there is a canvas or any month', () => {
    const { worker, painter } = painted()
    expect(RecordedWorker.started).toHaveLength(1)
    expect(String(worker.url)).toMatch(/\/trendWorker\.ts\b/)
    expect(worker.type).toBe('module')
    expect(worker.messages).toEqual([])
    expect(painter.offThread).toBe(true)
  })

  test('hands the canvas over with its size and the months and words, and is drawn when the worker says so', async () => {
    const { worker, painter, canvas } = painted()
    const el = document.createElement('canvas')
    canvas.value = el
    await nextTick()
    expect(worker.messages).toHaveLength(1)
    const attach = worker.messages[0]!
    expect(attach).toMatchObject({ type: 'attach', seq: 1, size: { pixelRatio: window.devicePixelRatio || 1 } })
    if (attach.type !== 'attach') throw new Error('not attach')
    expect(attach.canvas).toBeInstanceOf(RecordedOffscreenCanvas)
    expect((attach.canvas as unknown as RecordedOffscreenCanvas).from).toBe(el)
    expect(worker.transferred).toEqual([attach.canvas])
    expect(attach.data.words).toEqual({ months: ['1月', '2月', '3月', '4月'], events: '活动', rate: '参与率', rateTicks: ['0%', '25%', '50%', '75%', '100%'] })
    expect(attach.data.events).toEqual([2, 4, 0, 1])
    expect(painter.drawn.value).toBe(false)
    worker.reply({ type: 'drawn', seq: 1 })
    expect(painter.drawn.value).toBe(true)
  })

  test('sends new months as a redraw of the same canvas; an answer to an older message does not count as drawn', async () => {
    const { worker, painter, canvas, data } = painted()
    canvas.value = document.createElement('canvas')
    await nextTick()
    data.value = trendData([month(1, 9, 0.9)], wording)
    await nextTick()
    expect(worker.messages.map((m) => m.type)).toEqual(['attach', 'draw'])
    expect(worker.transferred).toHaveLength(1)
    worker.reply({ type: 'drawn', seq: 1 })
    expect(painter.drawn.value).toBe(false)
    worker.reply({ type: 'drawn', seq: 2 })
    expect(painter.drawn.value).toBe(true)
  })

  test('a worker that fails says so, so that the table takes the chart\'s place', () => {
    const { worker, painter } = painted()
    worker.dispatchEvent(new Event('error'))
    expect(painter.failed.value).toBe(true)
  })

  test('ends the worker with the screen', () => {
    const { worker, scope } = painted()
    expect(worker.terminated).toBe(false)
    scope.stop()
    expect(worker.terminated).toBe(true)
  })
})
