import { describe, expect, it } from 'vitest'
import { MONEY_MESSAGES, fenToYuan, formatYuan, parseYuan } from '@/domain/money'

describe('parsing yuan into fen', () => {
  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.30', 1230],
    ['¥12', 1200],
    ['￥1,000.5', 100050],
    ['0.01', 1],
    ['.5', 50],
    ['50元', 5000],
    ['0.29', 29],
    ['1.15', 115],
    ['100000', 10_000_000],
  ])('should read %s as %i fen exactly', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', MONEY_MESSAGES.empty],
    ['abc', MONEY_MESSAGES.format],
    ['1.2.3', MONEY_MESSAGES.format],
    ['-5', MONEY_MESSAGES.negative],
    ['12.345', MONEY_MESSAGES.decimals],
    ['0', MONEY_MESSAGES.zero],
    ['0.00', MONEY_MESSAGES.zero],
    ['100000.01', MONEY_MESSAGES.tooLarge],
    ['99999999999', MONEY_MESSAGES.tooLarge],
    ['1e3', MONEY_MESSAGES.format],
  ])('should refuse %j with a Chinese message', (text, message) => {
    expect(parseYuan(text)).toEqual({ ok: false, message })
  })
})

describe('formatting fen', () => {
  it('should write fen as yuan with two decimals', () => {
    expect(fenToYuan(1230)).toBe('12.30')
    expect(fenToYuan(5)).toBe('0.05')
    expect(formatYuan(123456789)).toBe('¥1,234,567.89')
  })

  it('should round-trip every amount it formats', () => {
    for (const fen of [1, 29, 115, 1999, 10_000_000]) expect(parseYuan(fenToYuan(fen))).toEqual({ ok: true, fen })
  })
})
