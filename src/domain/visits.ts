/**
 * 走访慰问 and 帮扶 as the branch committee records them (supabase/migrations/20261201005300_visits.sql):
 * the write schema with the database's limits, goods items, and the list's year and kind filters.
 * Refusals are codes, worded as `errors.<code>`.
 */
import * as z from 'zod'
import { pastDay } from './memberRecords'
import { decimalParts, normaliseNumberText, problem, type Checked, type NumberErrorCode } from './numberInput'
import { checkTextLength } from './textInput'
import { chinaDay } from './chinaTime'
import type { VisitRow } from './rows'

export const VISIT_KINDS = ['poverty', 'retired_member', 'staff_hardship'] as const
export type VisitKind = (typeof VISIT_KINDS)[number]

/** Units offered as one tap (台, 批, 套, 件, 袋, 桶); the stored words are in src/i18n/visitWords.ts. Any other may be typed. */
export const GOODS_UNITS = ['tai', 'pi', 'tao', 'jian', 'dai', 'tong'] as const
export type GoodsUnit = (typeof GOODS_UNITS)[number]

export const VISIT_LIMITS = {
  place: 200,
  notes: 5000,
  households: 10_000,
  persons: 100_000,
  fundsFen: 1_000_000_000,
  goodsItems: 50,
  goodsName: 50,
  goodsUnit: 10,
  goodsQuantity: 100_000,
  people: 100,
} as const

export const VISIT_ERROR_CODES = [
  'visit.kindRequired',
  'visit.goodsNameRequired',
  'visit.goodsUnitRequired',
  'visit.goodsDecimals',
  'visit.goodsTooMany',
  'visit.peopleTooMany',
  'visit.notCommittee',
] as const
export type VisitErrorCode = (typeof VISIT_ERROR_CODES)[number]

export interface GoodsItem {
  name: string
  quantity: number
  unit: string
}

/**
 * A quantity as typed: more than 0, at most 100,000, at most one decimal (2.5 公斤). Read exactly
 * from the digits, never rounded.
 */
export function parseGoodsQuantity(input: string): Checked<number, NumberErrorCode | 'visit.goodsDecimals'> {
  const parts = decimalParts(normaliseNumberText(input))
  if (!parts.ok) return parts
  const { whole, fraction } = parts.value
  const digits = fraction.replace(/0+$/, '')
  if (digits.length > 1) return problem('visit.goodsDecimals', { places: 1 })
  if (whole.length > 6) return problem('number.tooLarge', { max: VISIT_LIMITS.goodsQuantity })
  const tenths = Number(whole) * 10 + Number(digits || '0')
  if (tenths === 0) return problem('number.tooSmall', { min: 0.1 })
  if (tenths > VISIT_LIMITS.goodsQuantity * 10) return problem('number.tooLarge', { max: VISIT_LIMITS.goodsQuantity })
  return { ok: true, value: tenths / 10 }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const id = z.string({ error: 'record.ownerMissing' }).regex(UUID, { error: 'record.ownerMissing' })

/** Text within `max` code points (the database's char_length), as typed. */
const counted = (max: number) =>
  z.string().superRefine((value, ctx) => {
    const checked = checkTextLength(value, { max })
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.code, params: checked.params, input: value })
  })
/** Required text, trimmed; `required` when blank. */
const requiredText = (max: number, required: VisitErrorCode) => counted(max).transform((v) => v.trim()).pipe(z.string().min(1, { error: required }))
/** Optional text: blank is null, otherwise trimmed. */
const optionalText = (max: number) => counted(max).nullable().optional().transform((v) => (v && v.trim() ? v.trim() : null))

const whole = (max: number) => z.number({ error: 'number.empty' }).int({ error: 'number.decimal' }).min(0, { error: 'number.negative' }).max(max, { error: 'number.tooLarge' })

const goodsItem = z.object({
  name: requiredText(VISIT_LIMITS.goodsName, 'visit.goodsNameRequired'),
  quantity: z.number({ error: 'number.empty' }),
  unit: requiredText(VISIT_LIMITS.goodsUnit, 'visit.goodsUnitRequired'),
})

const people = z.array(z.string().regex(UUID)).max(VISIT_LIMITS.people, { error: 'visit.peopleTooMany' })

/** A visit as the committee writes it; limits are the database's CHECK constraints. */
export function visitSchema(today: string) {
  return z.object({
    id,
    org_id: id,
    branch_id: id,
    kind: z.enum(VISIT_KINDS, { error: 'visit.kindRequired' }),
    visited_on: pastDay(today),
    place: optionalText(VISIT_LIMITS.place),
    households: whole(VISIT_LIMITS.households),
    persons: whole(VISIT_LIMITS.persons),
    funds_fen: whole(VISIT_LIMITS.fundsFen),
    goods_items: z.array(goodsItem).max(VISIT_LIMITS.goodsItems, { error: 'visit.goodsTooMany' }),
    participant_ids: people,
    visited_member_ids: people,
    notes: optionalText(VISIT_LIMITS.notes),
  })
}

/** The China-time year of a visit's day ('2026-03-12' → 2026). */
export const visitYear = (visit: Pick<VisitRow, 'visited_on'>) => Number(visit.visited_on.slice(0, 4))

/** The years the list offers: those holding a visit and the current one, latest first. */
export function visitYears(visits: readonly Pick<VisitRow, 'visited_on'>[], now: Date): number[] {
  const years = new Set(visits.map(visitYear))
  years.add(Number(chinaDay(now).slice(0, 4)))
  return [...years].sort((a, b) => b - a)
}

/** The visits of one year (and one kind, when given), latest first. */
export function visitsOf<V extends Pick<VisitRow, 'visited_on' | 'kind' | 'id'>>(visits: readonly V[], year: number, kind: VisitKind | null): V[] {
  return visits
    .filter((v) => visitYear(v) === year && (!kind || v.kind === kind))
    .sort((a, b) => b.visited_on.localeCompare(a.visited_on) || b.id.localeCompare(a.id))
}

/** Totals of a list: visits, households, persons and funds (fen). */
export function visitTotals(visits: readonly Pick<VisitRow, 'households' | 'persons' | 'funds_fen'>[]) {
  const sum = { visits: 0, households: 0, persons: 0, fundsFen: 0 }
  for (const v of visits) {
    sum.visits += 1
    sum.households += v.households ?? 0
    sum.persons += v.persons ?? 0
    sum.fundsFen += v.funds_fen ?? 0
  }
  return sum
}

/** The items stored on a row, malformed entries left out (the row schema keeps the row itself). */
export function goodsItemsOf(row: Pick<VisitRow, 'goods_items'>): GoodsItem[] {
  return (row.goods_items ?? [])
    .filter((g) => typeof g.name === 'string' && typeof g.quantity === 'number' && typeof g.unit === 'string')
    .map((g) => ({ name: g.name, quantity: g.quantity, unit: g.unit }))
}

/** The part of a zod issue the form reads. */
export interface ValidationProblem {
  path: readonly PropertyKey[]
  message: string
  params?: Record<string, unknown>
  maximum?: number | bigint
}
