import { describe, expect, test } from 'vitest'
import type { MonthPoint } from '@/domain/review'
import { TREND_BOX, eventStep, trendGeometry } from '@/features/review/reviewChart'

const month = (m: number, events: number, rate: number | null): MonthPoint => ({ month: m, events, rate, expected: 0, present: 0, late: 0, leave: 0, absent: 0 })
const year = (events: number[], rates: (number | null)[]) => events.map((e, i) => month(i + 1, e, rates[i] ?? null))

describe('the trend chart\'s event axis', () => {
  test('steps by 1, 2, 5, 10… so that the largest month needs at most four steps', () => {
    expect([0, 1, 4, 5, 8, 9, 20, 21, 23, 40, 41, 200].map(eventStep)).toEqual([1, 1, 1, 2, 2, 5, 5, 10, 10, 10, 20, 50])
  })

  test('ends at the first step at or above the busiest month, and starts at 0', () => {
    const g = trendGeometry(year([3, 23, 0], [0.5, 1, null]))
    expect(g.eventTicks.map((t) => t.value)).toEqual([0, 10, 20, 30])
    expect(g.eventTicks[0]!.y).toBe(g.plot.bottom)
    expect(g.eventTicks.at(-1)!.y).toBe(g.plot.top)
  })

  test('a year without events still has an axis from 0 to 1 and bars of no height', () => {
    const g = trendGeometry(year(Array(12).fill(0), []))
    expect(g.eventTicks.map((t) => t.value)).toEqual([0, 1])
    expect(g.bars.map((b) => b.height)).toEqual(Array(12).fill(0))
    expect(g.line).toBe('')
  })
})

describe('the trend chart\'s shapes', () => {
  const g = trendGeometry(year([2, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0.5, 1, null, 0]))
  const plotHeight = g.plot.bottom - g.plot.top

  test('bars are as tall as their events on the left axis, in month order, inside the plot', () => {
    expect(g.bars.map((b) => b.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(g.bars[1]!.height).toBeCloseTo(plotHeight, 0)
    expect(g.bars[0]!.height).toBeCloseTo(plotHeight / 2, 0)
    expect(g.bars[3]!.height).toBeCloseTo(plotHeight / 4, 0)
    for (const b of g.bars) {
      expect(b.x).toBeGreaterThanOrEqual(TREND_BOX.left)
      expect(b.x + b.width).toBeLessThanOrEqual(TREND_BOX.width - TREND_BOX.right)
      expect(b.y + b.height).toBeCloseTo(g.plot.bottom, 5)
    }
  })

  test('the rate line joins the months that have a rate, skipping a month without one (not drawn as 0)', () => {
    expect(g.dots.map((d) => d.month)).toEqual([1, 2, 4])
    expect(g.dots.map((d) => d.y)).toEqual([g.plot.bottom - plotHeight / 2, g.plot.top, g.plot.bottom])
    expect(g.line).toBe(`M${g.dots[0]!.x} ${g.dots[0]!.y} L${g.dots[1]!.x} ${g.dots[1]!.y} L${g.dots[2]!.x} ${g.dots[2]!.y}`)
    expect(g.dots[0]!.x).toBeCloseTo(g.bars[0]!.x + g.bars[0]!.width / 2, 0)
  })

  test('labels the event ticks on the left, 0-100% on the right and every month below', () => {
    const kinds = (k: string) => g.labels.filter((l) => l.kind === k)
    expect(kinds('events').map((l) => [l.value, l.anchor])).toEqual([[0, 'end'], [1, 'end'], [2, 'end'], [3, 'end'], [4, 'end']])
    expect(kinds('rate').map((l) => l.value)).toEqual([0, 0.5, 1])
    expect(kinds('rate').every((l) => l.x > g.plot.right && l.anchor === 'start')).toBe(true)
    expect(kinds('month').map((l) => l.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(kinds('month').every((l) => l.y > g.plot.bottom && l.y < TREND_BOX.height)).toBe(true)
  })
})
