/**
 * The party-work part of the agency's annual report (年度工作总结), made from the year's totals
 * (`review_totals`). Pure: it returns paragraphs of sentence codes with their figures, and the
 * screen and the .docx word them through the same catalogue (`report.sentences.*`), so both say the
 * same thing. A figure the data holds nothing for stays `null` and is worded 暂无数据: nothing here
 * turns a missing figure into 0.
 */

import { FIGURE_KEYS } from './review'

/** The figures `review_totals(p_year)` returns, by key (src/domain/review.ts). */
export const TOTAL_KEYS = FIGURE_KEYS

export type TotalKey = (typeof TOTAL_KEYS)[number]

/** Figures the report derives from two totals: the sentence has one number where the data has two. */
export const DERIVED_KEYS = ['visits_care_funds_fen', 'xuexi_rate'] as const
export type DerivedKey = (typeof DERIVED_KEYS)[number]
export type ReportFigureKey = TotalKey | DerivedKey

export interface ReportGoods {
  name: string
  unit: string
  quantity: number
}

/** What the report needs of `review_totals`' answer (a missing key reads as no data). */
export interface ReportTotals {
  year: number
  figures: Partial<Record<string, number | null>>
  goods: readonly ReportGoods[]
}

/**
 * How a figure is counted, for its words: `times` 次, `persons` 人, `people` 名 (a count of persons
 * before a noun), `households` 户, `units` 个, `minutes` 分钟, `ml` 毫升, `yuan` (value in fen),
 * `percent` (value in tenths of a percent).
 */
export type FigureUnit = 'times' | 'persons' | 'people' | 'households' | 'units' | 'minutes' | 'ml' | 'yuan' | 'percent'

export interface ReportFigure {
  key: ReportFigureKey
  /** The number as counted (fen for money, tenths of a percent for a rate), or null: no data. */
  value: number | null
  /** The number as the report writes it ('12', '3456.50', '87.5'), or null: no data. */
  text: string | null
  unit: FigureUnit
  /** The totals it is made of: the records behind it are these figures' records. */
  sources: readonly TotalKey[]
}

export type SentenceCode =
  | 'pledges'
  | 'meetings'
  | 'xuexi'
  | 'donation'
  | 'blood'
  | 'careVisits'
  | 'study'
  | 'selfStudy'
  | 'training'
  | 'povertyVisits'
  | 'goods'

export type ParagraphCode = 'integrity' | 'grassroots' | 'study' | 'poverty'

export interface ReportSentence {
  code: SentenceCode
  /** The sentence's placeholders, named by figure key, in the order the sentence reads them. */
  figures: readonly ReportFigure[]
  /** Only for `goods`: the goods given, as recorded ('电视机', '台', 2). */
  goods?: readonly ReportGoods[]
}

export interface ReportParagraph {
  code: ParagraphCode
  sentences: readonly ReportSentence[]
}

export interface AnnualReport {
  year: number
  paragraphs: readonly ReportParagraph[]
  /** Every figure the paragraphs name, once, in reading order (the .docx's table). */
  figures: readonly ReportFigure[]
}

const UNITS: Record<TotalKey, FigureUnit> = {
  group_study_sessions: 'times',
  seminar_sessions: 'times',
  study_minutes: 'minutes',
  three_meetings_held: 'times',
  party_lectures_held: 'times',
  theme_days_held: 'times',
  donation_fen: 'yuan',
  donation_persons: 'people',
  donation_handed_over_fen: 'yuan',
  blood_donors: 'persons',
  blood_ml: 'ml',
  visits_retired_member_persons: 'people',
  visits_retired_member_funds_fen: 'yuan',
  visits_staff_hardship_persons: 'people',
  visits_staff_hardship_funds_fen: 'yuan',
  visits_poverty_households: 'households',
  visits_poverty_funds_fen: 'yuan',
  pledge_department_units: 'units',
  pledge_subunit_units: 'units',
  pledge_units_total: 'units',
  pledge_persons: 'persons',
  pledge_persons_expected: 'persons',
  xuexi_using: 'persons',
  xuexi_total: 'persons',
  training_participants: 'people',
}

export function isTotalKey(key: string): key is TotalKey {
  return (TOTAL_KEYS as readonly string[]).includes(key)
}

export function isReportFigureKey(key: string): key is ReportFigureKey {
  return isTotalKey(key) || (DERIVED_KEYS as readonly string[]).includes(key)
}

/** The totals a figure is made of (a total is made of itself). */
export function figureSources(key: ReportFigureKey): readonly TotalKey[] {
  if (key === 'visits_care_funds_fen') return ['visits_retired_member_funds_fen', 'visits_staff_hardship_funds_fen']
  if (key === 'xuexi_rate') return ['xuexi_using', 'xuexi_total']
  return [key]
}

/** 1234500 fen → '12345', 1234550 → '12345.50': yuan, with two decimals only when there are cents. */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error(`not an amount in fen: ${fen}`)
  const whole = Math.floor(fen / 100)
  const cents = fen % 100
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`
}

/** using / total in tenths of a percent, rounded half up in whole numbers (7 of 8 → 875). */
export function rateTenths(using: number, total: number): number {
  if (!Number.isSafeInteger(using) || !Number.isSafeInteger(total) || using < 0 || total <= 0) {
    throw new Error(`not a rate: ${using} / ${total}`)
  }
  return Math.floor((using * 2000 + total) / (2 * total))
}

/** 875 → '87.5', 1000 → '100.0'. */
export function percentText(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}

function readTotal(totals: ReportTotals, key: TotalKey): number | null {
  const value = totals.figures[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function figure(key: ReportFigureKey, value: number | null, unit: FigureUnit): ReportFigure {
  let text: string | null = null
  if (value !== null) text = unit === 'yuan' ? yuanText(value) : unit === 'percent' ? percentText(value) : String(value)
  return { key, value, text, unit, sources: figureSources(key) }
}

/** One figure of the report from the totals, derived ones included. */
export function reportFigure(totals: ReportTotals, key: ReportFigureKey): ReportFigure {
  if (key === 'visits_care_funds_fen') {
    // Both kinds of visit were paid from the same 慰问金: the sum of what was recorded; no data
    // only when neither kind has any.
    const parts = figureSources(key).map((k) => readTotal(totals, k))
    const known = parts.filter((v): v is number => v !== null)
    return figure(key, known.length ? known.reduce((a, b) => a + b, 0) : null, 'yuan')
  }
  if (key === 'xuexi_rate') {
    const using = readTotal(totals, 'xuexi_using')
    const total = readTotal(totals, 'xuexi_total')
    return figure(key, using === null || total === null || total <= 0 ? null : rateTenths(using, total), 'percent')
  }
  return figure(key, readTotal(totals, key), UNITS[key])
}

const LAYOUT: readonly { code: ParagraphCode; sentences: readonly { code: SentenceCode; keys: readonly ReportFigureKey[] }[] }[] = [
  {
    code: 'integrity',
    sentences: [
      { code: 'pledges', keys: ['pledge_department_units', 'pledge_subunit_units', 'pledge_persons', 'pledge_persons_expected'] },
    ],
  },
  {
    code: 'grassroots',
    sentences: [
      { code: 'meetings', keys: ['three_meetings_held', 'party_lectures_held', 'theme_days_held'] },
      { code: 'xuexi', keys: ['xuexi_rate'] },
      { code: 'donation', keys: ['donation_persons', 'donation_fen', 'donation_handed_over_fen'] },
      { code: 'blood', keys: ['blood_donors', 'blood_ml'] },
      { code: 'careVisits', keys: ['visits_retired_member_persons', 'visits_staff_hardship_persons', 'visits_care_funds_fen'] },
    ],
  },
  {
    code: 'study',
    sentences: [
      { code: 'study', keys: ['group_study_sessions', 'seminar_sessions'] },
      { code: 'selfStudy', keys: ['study_minutes'] },
      { code: 'training', keys: ['training_participants'] },
    ],
  },
  {
    code: 'poverty',
    sentences: [
      { code: 'povertyVisits', keys: ['visits_poverty_households', 'visits_poverty_funds_fen'] },
      { code: 'goods', keys: [] },
    ],
  },
]

/** Goods of the same name and unit added up, in the order first given; blank names dropped. */
export function mergeGoods(goods: readonly ReportGoods[]): ReportGoods[] {
  const merged = new Map<string, ReportGoods>()
  for (const g of goods) {
    const name = g.name.trim()
    if (!name || !(g.quantity > 0)) continue
    const key = `${name}\u0000${g.unit.trim()}`
    const seen = merged.get(key)
    if (seen) seen.quantity += g.quantity
    else merged.set(key, { name, unit: g.unit.trim(), quantity: g.quantity })
  }
  return [...merged.values()]
}

/** The report's paragraphs for the year of `totals`. */
export function annualReport(totals: ReportTotals): AnnualReport {
  const figures: ReportFigure[] = []
  const paragraphs = LAYOUT.map((p) => ({
    code: p.code,
    sentences: p.sentences.map((s) => {
      const own = s.keys.map((k) => reportFigure(totals, k))
      figures.push(...own)
      return s.code === 'goods' ? { code: s.code, figures: own, goods: mergeGoods(totals.goods) } : { code: s.code, figures: own }
    }),
  }))
  return { year: totals.year, paragraphs, figures }
}
