import { describe, expect, it } from 'vitest'
import { normaliseNumberText, parseWholeNumber, type NumberErrorCode } from '@/domain/numberInput'
import { checkTextLength, textLength } from '@/domain/textInput'

describe('reading a whole number a person typed', () => {
  it.each([
    ['120', 120],
    ['０', 0],
    ['１２０', 120],
    ['  45  ', 45],
    ['\u300045\u3000', 45],
    ['\u00a045', 45],
    ['+30', 30],
    ['＋30', 30],
    ['007', 7],
    ['1,500', 1500],
    ['1，500', 1500],
    ['12,345,678', 12_345_678],
    ['2.0', 2],
    ['２．００', 2],
    ['3.', 3],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('should read %j as %i', (text, value) => {
    expect(parseWholeNumber(text)).toEqual({ ok: true, value })
  })

  it.each<[string, NumberErrorCode]>([
    ['', 'number.empty'],
    ['   ', 'number.empty'],
    ['\u3000', 'number.empty'],
    ['1e12', 'number.exponent'],
    ['1E3', 'number.exponent'],
    ['１ｅ１２', 'number.exponent'],
    ['2.5e-3', 'number.exponent'],
    ['.5e2', 'number.exponent'],
    ['-200', 'number.negative'],
    ['−200', 'number.negative'],
    ['－200', 'number.negative'],
    ['‒200', 'number.negative'],
    ['-0', 'number.negative'],
    ['1.5', 'number.decimal'],
    ['１．５', 'number.decimal'],
    ['0.01', 'number.decimal'],
    ['.5', 'number.decimal'],
    ['1,5', 'number.separator'],
    ['12,34', 'number.separator'],
    ['1,5000', 'number.separator'],
    [',500', 'number.separator'],
    ['1,500,', 'number.separator'],
    ['abc', 'number.invalid'],
    ['12a', 'number.invalid'],
    ['1 2', 'number.invalid'],
    ['1.2.3', 'number.invalid'],
    ['.', 'number.invalid'],
    [',', 'number.invalid'],
    ['+', 'number.invalid'],
    ['--5', 'number.invalid'],
    ['0x10', 'number.invalid'],
    ['Infinity', 'number.invalid'],
    ['NaN', 'number.invalid'],
    ['1e', 'number.invalid'],
    ['e5', 'number.invalid'],
    ['一百', 'number.invalid'],
  ])('should refuse %j as %s', (text, code) => {
    expect(parseWholeNumber(text)).toEqual({ ok: false, code, params: {} })
  })

  it.each<[string, { min?: number; max?: number }, number | [NumberErrorCode, Record<string, number>]]>([
    ['0', { min: 1 }, ['number.tooSmall', { min: 1 }]],
    ['1', { min: 1 }, 1],
    ['1440', { min: 1, max: 1440 }, 1440],
    ['1441', { min: 1, max: 1440 }, ['number.tooLarge', { max: 1440 }]],
    ['199', { min: 200, max: 800 }, ['number.tooSmall', { min: 200 }]],
    ['9007199254740992', {}, ['number.tooLarge', { max: Number.MAX_SAFE_INTEGER }]],
    ['99999999999999999999', { max: 100 }, ['number.tooLarge', { max: 100 }]],
  ])('should hold %j to the range %j', (text, range, expected) => {
    expect(parseWholeNumber(text, range)).toEqual(
      typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, code: expected[0], params: expected[1] },
    )
  })

  describe('the four cases the audit found silently changed', () => {
    it('should refuse study minutes "1e12" instead of saving 112', () => {
      expect(parseWholeNumber('1e12', { min: 1, max: 1440 })).toEqual({ ok: false, code: 'number.exponent', params: {} })
    })
    it('should refuse blood "−200" ml (Unicode minus) instead of saving 200', () => {
      expect(parseWholeNumber('−200', { min: 200, max: 800 })).toEqual({ ok: false, code: 'number.negative', params: {} })
    })
    it('should refuse "1.5" for an integer instead of saving 1', () => {
      expect(parseWholeNumber('1.5', { min: 1, max: 1440 })).toEqual({ ok: false, code: 'number.decimal', params: {} })
    })
    it('should read full-width "１２０" as 120 instead of nothing', () => {
      expect(parseWholeNumber('１２０', { min: 1, max: 1440 })).toEqual({ ok: true, value: 120 })
    })
  })

  it('should fold keyboard forms but leave the digits alone', () => {
    expect(normaliseNumberText(' －１２，３４５．６ ')).toBe('-12,345.6')
    expect(normaliseNumberText('\u2212200')).toBe('-200')
    expect(normaliseNumberText('￥5')).toBe('¥5')
  })
})

describe('checking a text against its limit', () => {
  it('should count characters as a person sees them (code points)', () => {
    expect(textLength('')).toBe(0)
    expect(textLength('学习党章')).toBe(4)
    expect(textLength('👍🏽ok')).toBe(4)
    expect(textLength('𠀀')).toBe(1)
  })

  it.each<[string, { max: number; min?: number }, ReturnType<typeof checkTextLength>]>([
    ['', { max: 500 }, { ok: true, value: '' }],
    ['一'.repeat(500), { max: 500 }, { ok: true, value: '一'.repeat(500) }],
    ['一'.repeat(501), { max: 500 }, { ok: false, code: 'text.tooLong', params: { max: 500, length: 501, over: 1 } }],
    ['😀'.repeat(500), { max: 500 }, { ok: true, value: '😀'.repeat(500) }],
    ['  ', { max: 10, min: 1 }, { ok: false, code: 'text.required', params: {} }],
    [' 病 ', { max: 10, min: 2 }, { ok: false, code: 'text.tooShort', params: { min: 2, length: 1 } }],
    [' 病假 ', { max: 10, min: 2 }, { ok: true, value: ' 病假 ' }],
  ])('should judge %j against %j', (text, limit, expected) => {
    expect(checkTextLength(text, limit)).toEqual(expected)
  })

  it('should report a 10,000-character note as 9,500 over and keep it whole', () => {
    const note = '记'.repeat(10_000)
    const result = checkTextLength(note, { max: 500 })
    expect(result).toEqual({ ok: false, code: 'text.tooLong', params: { max: 500, length: 10_000, over: 9_500 } })
    expect(note).toHaveLength(10_000)
  })
})
