import { SYNCED_TABLES, type RowOf, type SyncedTable } from '@/domain/syncTables'
import type { DataRow, ZhibuDb } from '../db'
import type { RowRepository } from './rows'

/** A stored row that does not match its table's schema: kept on the device and reported, not shown as data. */
export interface InvalidRow {
  table: SyncedTable
  id: string
  row: DataRow
  /** Which columns are wrong, e.g. `minutes: expected number`. */
  problem: string
}

/** Rows read from the device: those that match their schema, and those that do not. */
export interface Checked<T> {
  rows: T[]
  invalid: InvalidRow[]
}

const NO_ROWS: Checked<never> = Object.freeze({ rows: [], invalid: [] }) as Checked<never>

/** What a repository of one table needs: the device database and the one writer (rows.ts). */
export interface RepositoryContext {
  db: ZhibuDb
  rows: Pick<RowRepository, 'put' | 'remove' | 'write'>
}

/** A row to write: its id and organisation, and the columns to set (the form's schema checked them). */
export type RowWrite<T extends SyncedTable> = { id: string; org_id: string } & Partial<RowOf<T>>

/** Validates stored rows against the table's row schema; tombstones are not rows to show. */
export function checkRows<T extends SyncedTable>(table: T, stored: readonly DataRow[]): Checked<RowOf<T>> {
  const schema = SYNCED_TABLES[table].row
  const rows: RowOf<T>[] = []
  const invalid: InvalidRow[] = []
  for (const row of stored) {
    if (row._deleted) continue
    const parsed = schema.safeParse(row)
    if (parsed.success) rows.push(parsed.data as RowOf<T>)
    else invalid.push({ table, id: String(row.id), row, problem: parsed.error.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`).join('; ') })
  }
  return { rows, invalid }
}

/**
 * Reads and writes of one synced table. Reads validate every row (a row that fails is reported in
 * `invalid`, never dropped or thrown); writes go through the row repository, so each row and its
 * outbox entry are stored in one transaction.
 */
export function tableRepository<T extends SyncedTable>(ctx: RepositoryContext, table: T) {
  const store = () => ctx.db.data(table)
  return {
    table,
    /** The row with this id (none, or one). */
    async byId(id: string): Promise<Checked<RowOf<T>>> {
      const row = await store().get(id)
      return checkRows(table, row ? [row] : [])
    },
    /** Rows whose `index` equals one of `values` (the index must be in the registry's spec). */
    async where(index: string, values: string | readonly string[]): Promise<Checked<RowOf<T>>> {
      const list = typeof values === 'string' ? [values] : values
      if (list.length === 0) return NO_ROWS
      return checkRows(table, await store().where(index).anyOf([...list]).toArray())
    },
    put: (row: RowWrite<T>) => ctx.rows.put(table, row as DataRow),
    remove: (id: string) => ctx.rows.remove(table, id),
  }
}
