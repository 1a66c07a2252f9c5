import { SERVER_COLUMNS, type SyncOp } from './syncProtocol'
import { tableLabel } from './syncTables'
import { parseWholeNumber, type Checked, type NumberErrorCode } from './numberInput'
import zhCN from '@/i18n/zh-CN'
import { fillPlaceholders } from '@/i18n/zhText'

/** Columns a person may correct before resending (not ids, ownership or server bookkeeping). */
export function editableFields(op: SyncOp): string[] {
  if (op.op === 'delete' || !op.row) return []
  const fixed = new Set<string>(['id', 'org_id', 'branch_id', ...SERVER_COLUMNS])
  return Object.entries(op.row)
    .filter(([k, v]) => !fixed.has(k) && !k.endsWith('_id') && (v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    .map(([k]) => k)
}

/** What a change was, for the UI to word (`syncChange.*`): the operation, the table and the record's own name. */
export interface OpParts {
  op: SyncOp['op']
  table: string
  /** The record's title, topic, name, signer or place, as the person wrote it; null when it has none. */
  name: string | null
}

export function describeOpParts(op: SyncOp): OpParts {
  const row = op.row ?? {}
  const name = ['title', 'topic', 'name', 'signer_name', 'place'].map((k) => row[k]).find((v) => typeof v === 'string' && v)
  return { op: op.op, table: op.table, name: typeof name === 'string' ? name : null }
}

/**
 * @deprecated Chinese only: word describeOpParts with vue-i18n (src/i18n/describeChange.ts).
 * One line naming what the change was, e.g. “修改 会议和活动：支委会”.
 */
export function describeOp(op: SyncOp): string {
  const { table, name } = describeOpParts(op)
  const params = { op: zhCN.syncChange.ops[op.op], table: tableLabel(table), name: name ?? '' }
  return fillPlaceholders(name ? zhCN.syncChange.lineNamed : zhCN.syncChange.line, params)
}

/** Whether resending may need the writer's explicit override (a conflict rule refused it). */
export function canForce(code: string): boolean {
  return code.startsWith('conflict_')
}

/**
 * What a person typed back, in the type the field had; a whole number is read exactly
 * (parseWholeNumber: "1e12", "−5" or "1.5" are refused with their code, never changed).
 */
export function checkField(original: unknown, typed: string): Checked<unknown, NumberErrorCode> {
  if (typeof original === 'number') {
    if (Number.isInteger(original)) return parseWholeNumber(typed)
    const n = Number(typed)
    return typed.trim() === '' || Number.isNaN(n) ? parseWholeNumber(typed) : { ok: true, value: n }
  }
  if (typeof original === 'boolean') return { ok: true, value: typed === 'true' }
  if (original === null && typed === '') return { ok: true, value: null }
  return { ok: true, value: typed }
}

/** checkField's value, or the typed text as it is when it cannot be read (the server then refuses it visibly). */
export function parseField(original: unknown, typed: string): unknown {
  const checked = checkField(original, typed)
  return checked.ok ? checked.value : typed
}
