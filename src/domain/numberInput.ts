/**
 * Numbers as a person types them (minutes, ml, counts, persons), read exactly or refused with a
 * code — never guessed. The UI words a code through vue-i18n (`errors.<code>`, src/i18n/codes.ts).
 *
 * Accepted: digits after NFKC (full-width "１２０" is 120), surrounding spaces (also the ideographic
 * space), a leading "+", leading zeros, and a decimal part of zeros only ("2.0" is exactly 2).
 * Thousands separators: "," (also full-width "，") is accepted only between correct groups of three
 * ("1,500", "12,345,678"); any other comma ("1,5", "12,34", "1,5000") is refused as `separator`,
 * since it could be a decimal comma or a typo. Refused with their own codes: empty, exponent
 * notation ("1e12"), a minus of any kind ("-200", "−200", "－200"), a real fraction where an integer
 * is meant ("1.5"), anything else non-numeric, and values outside the caller's min/max.
 */

/** A refusal the UI words through the i18n catalogue: `errors.<code>` with `params`. */
export interface InputProblem<C extends string = string> {
  ok: false
  code: C
  params: Record<string, string | number>
}

export type Checked<T, C extends string = string> = { ok: true; value: T } | InputProblem<C>

export const NUMBER_ERROR_CODES = [
  'number.empty',
  'number.invalid',
  'number.exponent',
  'number.negative',
  'number.decimal',
  'number.separator',
  'number.tooSmall',
  'number.tooLarge',
] as const
export type NumberErrorCode = (typeof NUMBER_ERROR_CODES)[number]

export const problem = <C extends string>(code: C, params: Record<string, string | number> = {}): InputProblem<C> => ({
  ok: false,
  code,
  params,
})

/** Minus signs people's keyboards produce that NFKC leaves alone (U+2212 minus, dashes, small hyphen-minus). */
const MINUS_LIKE = /^[\u2212\u2010-\u2015\uFE63]/

/**
 * What a number looks like after the forms every phone keyboard produces are folded: NFKC
 * (full-width digits, "－", "．", "，", U+3000 space, "￥" → "¥") and the Unicode minus signs to "-",
 * then trimmed. The digits themselves are never altered.
 */
export function normaliseNumberText(input: string): string {
  return input.normalize('NFKC').trim().replace(MINUS_LIKE, '-')
}

/** A plain decimal: optional sign, digits with optional grouping commas, optional fraction. */
const DECIMAL = /^([+-]?)([\d,]*)(?:\.(\d*))?$/
const EXPONENT = /^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)e[+-]?\d+$/i
const GROUPED = /^\d{1,3}(,\d{3})+$/

export interface DecimalParts {
  /** The whole part's digits, commas removed, without leading zeros ('0' when none). */
  whole: string
  /** The fraction's digits as typed ('' when none). */
  fraction: string
}

/**
 * Splits normalised text into a non-negative decimal's digits, or says why it is not one. Shared by
 * whole numbers and money so both refuse the same things the same way.
 */
export function decimalParts(text: string): Checked<DecimalParts, NumberErrorCode> {
  if (!text) return problem('number.empty')
  if (EXPONENT.test(text)) return problem('number.exponent')
  const m = DECIMAL.exec(text)
  if (!m) return problem('number.invalid')
  const [, sign, rawWhole = '', fraction = ''] = m
  if (!rawWhole.replace(/,/g, '') && !fraction) return problem('number.invalid')
  if (sign === '-') return problem('number.negative')
  if (rawWhole.includes(',') && !GROUPED.test(rawWhole)) return problem('number.separator')
  const whole = rawWhole.replace(/,/g, '').replace(/^0+(?=\d)/, '') || '0'
  return { ok: true, value: { whole, fraction } }
}

export interface WholeNumberOptions {
  /** Smallest accepted value (inclusive); default 0. A minus sign is refused whatever min is. */
  min?: number
  /** Largest accepted value (inclusive); default Number.MAX_SAFE_INTEGER. */
  max?: number
}

/** Digits beyond this many cannot be a safe integer: refused before Number() could round them. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length

/** What a person typed for a whole number (minutes, ml, counts, persons), exactly, or why not. */
export function parseWholeNumber(input: string, options: WholeNumberOptions = {}): Checked<number, NumberErrorCode> {
  const min = options.min ?? 0
  const max = options.max ?? Number.MAX_SAFE_INTEGER
  const parts = decimalParts(normaliseNumberText(input))
  if (!parts.ok) return parts
  const { whole, fraction } = parts.value
  if (/[1-9]/.test(fraction)) return problem('number.decimal')
  if (whole.length > MAX_SAFE_DIGITS) return problem('number.tooLarge', { max })
  const value = Number(whole)
  if (value < min) return problem('number.tooSmall', { min })
  if (value > max) return problem('number.tooLarge', { max })
  return { ok: true, value }
}
