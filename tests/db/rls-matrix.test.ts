import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { MATRIX_ACTOR_NAMES } from '../helpers/roles'
import { EXPECTED, MATRIX_CASE_COUNT, TABLES, describeMismatches, opsOf, runRow } from './matrix'

let db: TestDb
let casesRun = 0

beforeAll(async () => {
  db = await createTestDb()
})

afterAll(async () => {
  console.info(`RLS matrix: ${casesRun} of ${MATRIX_CASE_COUNT} cases run (${TABLES.length} rows × their operations × ${MATRIX_ACTOR_NAMES.length} actors)`)
  await db?.close()
})

describe('RLS matrix (PGlite)', () => {
  it('covers every table in public with the declared expectations', async () => {
    const { rows } = await db.sql.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by 1`)
    // sync_applied (the push log: keyed by client and transaction, no id column) is covered by the sync tests.
    expect([...new Set(TABLES.map((t) => t.table))].sort()).toEqual(rows.map((r) => r.tablename).filter((name) => name !== 'sync_applied'))
    expect(Object.keys(EXPECTED).sort()).toEqual(TABLES.map((t) => t.name).sort())
    for (const spec of TABLES) expect(spec.name.split(':')[0], spec.name).toBe(spec.table)
    // Every table declares select, insert, update and delete on its first row.
    for (const table of new Set(TABLES.map((t) => t.table))) expect(opsOf(TABLES.find((t) => t.table === table)!), table).toEqual(['select', 'insert', 'update', 'delete'])
  })

  for (const spec of TABLES) {
    for (const op of opsOf(spec)) {
      const row = EXPECTED[spec.name]![op]!
      it(`${spec.name} ${op}: ${MATRIX_ACTOR_NAMES.map((a) => `${a}=${row[a] === 'allow' ? 'Y' : '-'}`).join(' ')}`, async () => {
        const mismatches = await runRow(db.sql, spec, op)
        casesRun += MATRIX_ACTOR_NAMES.length
        expect(describeMismatches(mismatches)).toBe('')
      })
    }
  }
})
