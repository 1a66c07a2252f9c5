import { useI18n } from 'vue-i18n'
import type { RefusedChange } from '@/data/repositories'
import { fenToYuan } from '@/domain/money'
import { describeOpParts, refusalReason, refusedOp, refusedRecord, type RefusedField } from '@/domain/syncDescribe'
import type { VisitRow } from '@/domain/rows'
import { goodsItemsOf } from '@/domain/visits'
import { problemMessage } from '@/i18n/codes'
import { describeChange } from '@/i18n/describeChange'
import { goodsWords } from '@/i18n/visitWords'

/** A refused change worded in the current language: what it was, its fields, why and what to do. */
export function useRefusedChangeWords() {
  const { t, te, locale } = useI18n()

  /** One line per operation, e.g. “新建或修改 学习记录：党章”. */
  function what({ entry, current }: RefusedChange): string {
    if (entry.photo) {
      const table = t(`photos.tables.${entry.photo.record_key.split(':')[0]}`)
      return t(entry.photo.removal ? 'photos.rejectedRemoval' : 'photos.rejectedUpload', { table })
    }
    const failed = refusedOp(entry)
    return entry.ops
      .map((op) => describeChange(t, te, describeOpParts(op, op === failed ? refusedRecord(op, current) ?? current : (op.row ?? null))))
      .join(t('syncChange.separator'))
  }

  const label = (table: string, column: string) => t(`syncColumns.${table}.${column}`)

  function value(table: string, field: RefusedField): string {
    const v = field.value
    if (v === null || v === '') return t('syncRejected.noValue')
    switch (field.format) {
      case 'enum': {
        const key = `syncValues.${table}.${field.column}.${String(v)}`
        return te(key) ? t(key) : String(v)
      }
      case 'boolean':
        return t(v ? 'syncRejected.yes' : 'syncRejected.no')
      case 'fen':
        return typeof v === 'number' && Number.isSafeInteger(v) ? t('syncRejected.yuan', { amount: fenToYuan(v) }) : String(v)
      case 'datetime':
        return when(String(v))
      case 'goods':
        return goods(v)
      default:
        return typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
  }

  /** A visit's goods items in words; a list this version cannot read is shown as it is, never hidden. */
  function goods(v: unknown): string {
    if (!Array.isArray(v)) return typeof v === 'object' ? JSON.stringify(v) : String(v)
    const items = goodsItemsOf({ goods_items: v as VisitRow['goods_items'] })
    if (items.length !== v.length) return JSON.stringify(v)
    return items.length ? goodsWords(t, items) : t('visits.goods.none')
  }

  /** A moment in the device's local time, in the current language. */
  function when(iso: string): string {
    const date = new Date(iso)
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale.value, { dateStyle: 'medium', timeStyle: 'short' })
  }

  /** Why the server refused it, in words (a domain rule's own message is shown as the server wrote it). */
  function why(change: RefusedChange): string {
    const reason = refusalReason(change.entry)
    if (reason.checkin) return problemMessage(t, { code: `checkin.${reason.checkin}` })
    const table = refusedOp(change.entry)?.table ?? ''
    // Columns are named by their labels; one without a label is not named at all.
    const named = reason.columns.filter((c) => te(`syncColumns.${table}.${c}`)).map((c) => label(table, c))
    const base = named.length
      ? t(`syncRejected.reasons.${reason.code}Columns`, { columns: named.join(t('syncRejected.columnSeparator')) })
      : t(`syncRejected.reasons.${reason.code}`)
    return reason.serverText ? `${base}${t('syncChange.separator')}${t('syncRejected.reasons.server', { text: reason.serverText })}` : base
  }

  const advice = (change: RefusedChange) => t(`syncRejected.advice.${refusalReason(change.entry).advice}`)

  return { what, label, value, when, why, advice }
}
