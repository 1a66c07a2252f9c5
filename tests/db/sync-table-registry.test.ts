/**
 * The app's registry of synced tables (src/domain/syncTables.ts) against the server's own list
 * (app_private.sync_table_list(): every public table with id, org_id and _xid) and columns: a table
 * or column added on one side only fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNCED_TABLES, type SyncedTable } from '@/domain/syncTables'
import { createTestDb, type TestDb } from '../helpers/pglite'

let db: TestDb
let columns: Map<string, Set<string>>
let required: Map<string, Set<string>>

beforeAll(async () => {
  db = await createTestDb({ seed: false })
  const { rows } = await db.sql.query<{ table_name: string; column_name: string; required: boolean }>(
    `select table_name::text, column_name::text, (is_nullable = 'NO' and column_default is null) as required
       from information_schema.columns where table_schema = 'public'`,
  )
  columns = new Map()
  required = new Map()
  for (const r of rows) {
    for (const map of [columns, required]) if (!map.has(r.table_name)) map.set(r.table_name, new Set())
    columns.get(r.table_name)!.add(r.column_name)
    if (r.required) required.get(r.table_name)!.add(r.column_name)
  }
})
afterAll(() => db?.close())

const registry = Object.keys(SYNCED_TABLES).sort() as SyncedTable[]

/** The column names a Dexie store spec indexes ('id, [a+b], *c' → id, a, b, c). */
function indexedColumns(spec: string): string[] {
  return spec.split(',').flatMap((part) => part.trim().replace(/^(\+\+|&|\*)/, '').replace(/^\[|\]$/g, '').split('+')).filter(Boolean)
}

describe('the registry of synced tables', () => {
  it('lists exactly the tables the server syncs', async () => {
    const { rows } = await db.sql.query<{ table_name: string }>('select table_name from app_private.sync_table_list() order by 1')
    expect(registry).toEqual(rows.map((r) => r.table_name).sort())
  })

  it.each(registry)('%s: every column of its row schema and every index is a column of the table', (table) => {
    const server = columns.get(table)!
    const declared = Object.keys(SYNCED_TABLES[table].row.shape)
    expect(declared.filter((c) => !server.has(c))).toEqual([])
    expect(indexedColumns(SYNCED_TABLES[table].indexes).filter((c) => !server.has(c))).toEqual([])
    expect(SYNCED_TABLES[table].indexes.split(',')[0]).toBe('id')
  })

  it.each(registry)('%s: its row schema declares every required column (NOT NULL, no default)', (table) => {
    const declared = new Set(Object.keys(SYNCED_TABLES[table].row.shape))
    expect([...required.get(table)!].filter((c) => !declared.has(c))).toEqual([])
  })
})
