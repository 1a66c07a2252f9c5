import type { Transaction } from 'dexie'
import type { SyncOp, SyncedTable } from '@/domain/syncProtocol'
import { isSyncedTable } from '@/domain/syncProtocol'
import type { DataRow, ZhibuDb } from '../db'

export function rowKey(table: string, id: string): string {
  return `${table}:${id}`
}

/** Apply one pending operation on top of a row as the device shows it. */
export function applyOp(row: DataRow | null, op: SyncOp): DataRow | null {
  if (op.op === 'delete') return null
  if (op.op === 'upsert') return { ...(row ?? {}), ...(op.row ?? {}), id: op.id }
  return row ? { ...row, ...(op.row ?? {}), id: op.id } : null
}

/**
 * Recompute what the device shows for one row: the last server row (kept in _base while edits are
 * pending) plus every pending operation on it, in outbox order. Must run inside a Dexie
 * transaction covering _outbox, _base and the row's table.
 */
export async function rebuildRow(db: ZhibuDb, table: string, id: string, serverRow?: DataRow | null): Promise<void> {
  if (!isSyncedTable(table)) return
  const key = rowKey(table, id)
  const entries = await db._outbox.where('rows').equals(key).sortBy('seq')
  const ops = entries.flatMap((e) => e.ops.filter((o) => o.table === table && o.id === id))
  const base = await db._base.get(key)
  let row: DataRow | null
  if (serverRow !== undefined) row = serverRow
  else if (base) row = base.row as DataRow | null
  else row = ((await db.data(table).get(id)) ?? null)
  if (ops.length === 0) {
    if (base) await db._base.delete(key)
  } else {
    await db._base.put({ key, table, id, row })
    for (const op of ops) row = applyOp(row, op)
  }
  if (row) await db.data(table).put(row)
  else await db.data(table).delete(id)
}

/** Tables a Dexie transaction must cover to write rows of `tables` together with the outbox. */
export function syncTxTables(db: ZhibuDb, tables: Iterable<string>): string[] {
  const names = new Set<string>(['_outbox', '_base', '_meta', '_rejected'])
  for (const t of tables) if (isSyncedTable(t)) names.add(t)
  return [...names].filter((n) => db.tables.some((t) => t.name === n))
}

export type { Transaction, SyncedTable }
