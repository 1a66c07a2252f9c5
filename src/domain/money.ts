/**
 * Money in yuan as people type it, and integer fen as the database stores it. Parsing works on the
 * digits as text, so '0.1' + '0.2' style floating-point errors cannot creep in.
 */

/** The largest single amount accepted: 100,000 yuan (the database allows 10,000,000 fen). */
export const MAX_AMOUNT_FEN = 10_000_000

export const MONEY_MESSAGES = {
  empty: '请输入金额',
  format: '金额格式不对，请输入如 50 或 12.30 的数字',
  decimals: '金额最多精确到分（小数点后两位）',
  negative: '金额不能为负数',
  zero: '金额必须大于0',
  tooLarge: '金额过大：单笔不能超过100000元',
} as const

export type MoneyResult = { ok: true; fen: number } | { ok: false; message: string }

/** '12' / '12.3' / '12.30' / '¥12' / '￥1,000.5' / '12元' → fen. */
export function parseYuan(input: string): MoneyResult {
  let text = input.trim().replace(/[\s,，]/g, '')
  if (!text) return { ok: false, message: MONEY_MESSAGES.empty }
  text = text.replace(/^[¥￥]/, '').replace(/元$/, '')
  if (/^[-−]/.test(text)) return { ok: false, message: MONEY_MESSAGES.negative }
  text = text.replace(/^\+/, '')
  const m = /^(\d*)(?:[.．](\d*))?$/.exec(text)
  if (!m || (!m[1] && !m[2])) return { ok: false, message: MONEY_MESSAGES.format }
  const [, whole = '', fraction = ''] = m
  if (fraction.length > 2) return { ok: false, message: MONEY_MESSAGES.decimals }
  const yuanDigits = whole.replace(/^0+(?=\d)/, '') || '0'
  if (yuanDigits.length > 7) return { ok: false, message: MONEY_MESSAGES.tooLarge }
  const fen = Number(yuanDigits) * 100 + Number(fraction.padEnd(2, '0'))
  if (fen === 0) return { ok: false, message: MONEY_MESSAGES.zero }
  if (fen > MAX_AMOUNT_FEN) return { ok: false, message: MONEY_MESSAGES.tooLarge }
  return { ok: true, fen }
}

/** 1230 → '12.30'. Integer arithmetic only. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error('fen must be an integer')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** 123456 → '¥1,234.56' for display. */
export function formatYuan(fen: number): string {
  const [whole, fraction] = fenToYuan(fen).split('.') as [string, string]
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}¥${digits}.${fraction}`
}
