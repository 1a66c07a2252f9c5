import { SERVER_COLUMNS, type SyncOp } from './syncProtocol'
import { tableLabel } from './syncTables'

const OP_NAMES: Record<SyncOp['op'], string> = { upsert: '新建或修改', update: '修改', delete: '删除' }

/** Columns a person may correct before resending (not ids, ownership or server bookkeeping). */
export function editableFields(op: SyncOp): string[] {
  if (op.op === 'delete' || !op.row) return []
  const fixed = new Set<string>(['id', 'org_id', 'branch_id', ...SERVER_COLUMNS])
  return Object.entries(op.row)
    .filter(([k, v]) => !fixed.has(k) && !k.endsWith('_id') && (v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    .map(([k]) => k)
}

/** One line naming what the change was, e.g. “修改 会议和活动：支委会”. */
export function describeOp(op: SyncOp): string {
  const table = tableLabel(op.table)
  const row = op.row ?? {}
  const name = ['title', 'topic', 'name', 'signer_name', 'place'].map((k) => row[k]).find((v) => typeof v === 'string' && v)
  return `${OP_NAMES[op.op]} ${table}${name ? `：${String(name)}` : ''}`
}

/** Whether resending may need the writer's explicit override (a conflict rule refused it). */
export function canForce(code: string): boolean {
  return code.startsWith('conflict_')
}

/** Parse what a person typed back into the type the field had. */
export function parseField(original: unknown, typed: string): unknown {
  if (typeof original === 'number') {
    const n = Number(typed)
    return typed.trim() === '' || Number.isNaN(n) ? typed : n
  }
  if (typeof original === 'boolean') return typed === 'true'
  if (original === null && typed === '') return null
  return typed
}
