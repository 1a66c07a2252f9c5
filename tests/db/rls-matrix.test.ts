import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTOR_NAMES } from '../helpers/roles'
import { EXPECTED, MATRIX_CASE_COUNT, OPERATIONS, TABLES, describeMismatches, runRow } from './matrix'

let db: TestDb
let casesRun = 0

beforeAll(async () => {
  db = await createTestDb()
})

afterAll(async () => {
  console.info(`RLS matrix: ${casesRun} cases run (${TABLES.length} tables × ${OPERATIONS.length} operations × ${ACTOR_NAMES.length} actors)`)
  await db?.close()
})

describe('RLS matrix (PGlite)', () => {
  it('covers every table in public with the declared expectations', async () => {
    const { rows } = await db.sql.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by 1`)
    // sync_applied (the push log: keyed by client and transaction, no id column) is covered by the sync tests.
    expect(TABLES.map((t) => t.table).sort()).toEqual(rows.map((r) => r.tablename).filter((name) => name !== 'sync_applied'))
    expect(Object.keys(EXPECTED).sort()).toEqual(TABLES.map((t) => t.table).sort())
    expect(MATRIX_CASE_COUNT).toBe(TABLES.length * 32)
  })

  for (const spec of TABLES) {
    for (const op of OPERATIONS) {
      it(`${spec.table} ${op}: ${ACTOR_NAMES.map((a) => `${a}=${EXPECTED[spec.table]![op][a] === 'allow' ? 'Y' : '-'}`).join(' ')}`, async () => {
        const mismatches = await runRow(db.sql, spec, op)
        casesRun += ACTOR_NAMES.length
        expect(describeMismatches(mismatches)).toBe('')
      })
    }
  }
})
