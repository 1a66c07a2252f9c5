/**
 * Money in yuan as people type it, and integer fen as the database stores it. Parsing works on the
 * digits as text, so '0.1' + '0.2' style floating-point errors cannot creep in; what cannot be read
 * exactly is refused with a code (src/domain/numberInput.ts), never rounded or guessed.
 */
import { decimalParts, normaliseNumberText, problem, type Checked, type NumberErrorCode } from './numberInput'
import { zhText } from '@/i18n/zhText'

/** The largest single amount accepted: 100,000 yuan (the database allows 10,000,000 fen). */
export const MAX_AMOUNT_FEN = 10_000_000

export type MoneyErrorCode = Exclude<NumberErrorCode, 'number.decimal' | 'number.tooSmall' | 'number.tooLarge'> | 'money.decimals' | 'money.zero' | 'money.tooSmall' | 'money.tooLarge'

export interface MoneyOptions {
  /** Smallest amount in fen (inclusive); default 1 (0 is refused as `money.zero`). */
  minFen?: number
  /** Largest amount in fen (inclusive); default MAX_AMOUNT_FEN. */
  maxFen?: number
}

/**
 * '12' / '12.3' / '12.30' / '¥12' / '￥1,000.5' / '１２元' → fen. Refused: more than two decimals,
 * a minus, exponent notation, misplaced commas, zero, and amounts outside min/max (params in yuan).
 */
export function parseMoney(input: string, options: MoneyOptions = {}): Checked<number, MoneyErrorCode> {
  const minFen = options.minFen ?? 1
  const maxFen = options.maxFen ?? MAX_AMOUNT_FEN
  // NFKC turns ￥ into ¥; the sign may come before or after the currency mark.
  const text = normaliseNumberText(input).replace(/^([+-]?)¥\s*/, '$1').replace(/\s*元$/, '')
  const parts = decimalParts(text)
  if (!parts.ok) return parts as Checked<number, MoneyErrorCode>
  const { whole, fraction } = parts.value
  if (fraction.length > 2) return problem('money.decimals', { places: 2 })
  if (whole.length > 13) return problem('money.tooLarge', { max: fenToYuanPlain(maxFen) })
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (fen === 0 && minFen > 0) return problem('money.zero')
  if (fen < minFen) return problem('money.tooSmall', { min: fenToYuanPlain(minFen) })
  if (fen > maxFen) return problem('money.tooLarge', { max: fenToYuanPlain(maxFen) })
  return { ok: true, value: fen }
}

export type MoneyResult = { ok: true; fen: number } | { ok: false; message: string }

/**
 * @deprecated Use parseMoney, which returns a code the UI words in the user's language. Kept for
 * callers not yet converted; the same rules, the message in Chinese.
 */
export function parseYuan(input: string): MoneyResult {
  const result = parseMoney(input)
  return result.ok ? { ok: true, fen: result.value } : { ok: false, message: zhText(result.code, result.params) }
}

/** 1230 → '12.30'. Integer arithmetic only. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error('fen must be an integer')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** 1230 → '12.3', 10000000 → '100000': for limits in messages. */
function fenToYuanPlain(fen: number): string {
  return fenToYuan(fen).replace(/\.?0+$/, '')
}

/** 123456 → '¥1,234.56' for display. */
export function formatYuan(fen: number): string {
  const [whole, fraction] = fenToYuan(fen).split('.') as [string, string]
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${digits}.${fraction}`
}
