import { describe, expect, it } from 'vitest'
import { fenToYuan, formatYuan, parseMoney, parseYuan, type MoneyErrorCode } from '@/domain/money'

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
    ['50 元', 5000],
    ['0.29', 29],
    ['1.15', 115],
    ['100000', 10_000_000],
    ['１２．３０', 1230],
    ['￥１，０００', 100_000],
    [' 88 ', 8800],
  ])('should read %s as %i fen exactly', (text, fen) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: fen })
  })

  it.each<[string, MoneyErrorCode, Record<string, string | number>]>([
    ['', 'number.empty', {}],
    ['¥', 'number.empty', {}],
    ['abc', 'number.invalid', {}],
    ['1.2.3', 'number.invalid', {}],
    ['1 000', 'number.invalid', {}],
    ['-5', 'number.negative', {}],
    ['−5', 'number.negative', {}],
    ['¥-5', 'number.negative', {}],
    ['-¥5', 'number.negative', {}],
    ['1e3', 'number.exponent', {}],
    ['1,5', 'number.separator', {}],
    ['12.345', 'money.decimals', { places: 2 }],
    ['0', 'money.zero', {}],
    ['0.00', 'money.zero', {}],
    ['100000.01', 'money.tooLarge', { max: '100000' }],
    ['99999999999', 'money.tooLarge', { max: '100000' }],
    ['99999999999999999999', 'money.tooLarge', { max: '100000' }],
  ])('should refuse %j as %s', (text, code, params) => {
    expect(parseMoney(text)).toEqual({ ok: false, code, params })
  })

  it('should hold an amount to the caller’s range, stated in yuan', () => {
    expect(parseMoney('0.5', { minFen: 100 })).toEqual({ ok: false, code: 'money.tooSmall', params: { min: '1' } })
    expect(parseMoney('0', { minFen: 0 })).toEqual({ ok: true, value: 0 })
    expect(parseMoney('20.01', { maxFen: 2000 })).toEqual({ ok: false, code: 'money.tooLarge', params: { max: '20' } })
    expect(parseMoney('12.5', { maxFen: 1250 })).toEqual({ ok: true, value: 1250 })
  })

  it('should keep the deprecated parseYuan answering in Chinese', () => {
    expect(parseYuan('12.3')).toEqual({ ok: true, fen: 1230 })
    expect(parseYuan('-5')).toEqual({ ok: false, message: '不能为负数' })
    expect(parseYuan('100000.01')).toEqual({ ok: false, message: '单笔金额不能超过 100000 元' })
  })
})

describe('formatting fen', () => {
  it('should write fen as yuan with two decimals', () => {
    expect(fenToYuan(1230)).toBe('12.30')
    expect(fenToYuan(5)).toBe('0.05')
    expect(formatYuan(123456789)).toBe('¥1,234,567.89')
  })

  it('should round-trip every amount it formats', () => {
    for (const fen of [1, 29, 115, 1999, 10_000_000]) expect(parseMoney(fenToYuan(fen))).toEqual({ ok: true, value: fen })
    for (const fen of [1, 115, 123_456, 10_000_000]) expect(parseMoney(formatYuan(fen))).toEqual({ ok: true, value: fen })
  })
})
