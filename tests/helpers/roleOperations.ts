/**
 * Shared by the database test files that check one table role × operation: a seeded PGlite for the
 * file, and the matrix of cases that runs each statement as every actor.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDb, type TestDb } from './pglite'
import { ACTORS, ACTOR_NAMES, type ActorName } from './roles'
import { runAs, sqlState, type SqlClient } from './sql'

/**
 * A seeded database for this test file, opened before its tests (then `prepare` adds the file's own
 * rows) and closed after them. The client it returns forwards to that database.
 */
export function useSeededTestDb(prepare?: (sql: SqlClient) => Promise<void>): SqlClient {
  let db: TestDb | undefined
  beforeAll(async () => {
    db = await createTestDb()
    await prepare?.(db.sql)
  })
  afterAll(async () => {
    await db?.close()
  })
  const open = (): SqlClient => {
    if (!db) throw new Error('the test database is not open yet')
    return db.sql
  }
  return {
    query: <T>(statement: string, params?: unknown[]) => open().query<T>(statement, params),
    exec: (statement) => open().exec(statement),
  }
}

export type Outcome = 'Y' | '-'
export type Operation = 'select' | 'insert' | 'update' | 'delete'

/** Runs one statement as an actor; 'Y' when it changed or returned rows, '-' when refused (42501 or 0 rows). */
export async function attempt(sql: SqlClient, actor: ActorName, statement: string, params: unknown[]): Promise<Outcome> {
  try {
    const result = await runAs(sql, ACTORS[actor], (tx) => tx.query(statement, params))
    return result.rowCount > 0 ? 'Y' : '-'
  } catch (error) {
    if (sqlState(error) !== '42501') throw error
    return '-'
  }
}

export interface RoleOperationCases {
  sql: SqlClient
  /** Per operation, one 'Y' or '-' per actor in ACTOR_NAMES order, separated by spaces. */
  expected: Record<Operation, string>
  statements: Record<Operation, [string, unknown[]]>
  /** Checked after each operation: every attempt ran in a rolled-back transaction. */
  unchanged: () => Promise<void>
}

/** One test per operation, named after its expected row, that runs the statement as every actor. */
export function itChecksRoleOperations({ sql, expected, statements, unchanged }: RoleOperationCases): void {
  for (const op of ['select', 'insert', 'update', 'delete'] as const) {
    const cells = expected[op].trim().split(/\s+/)
    it(`${op}: ${ACTOR_NAMES.map((a, i) => `${a}=${cells[i]}`).join(' ')}`, async () => {
      const got: string[] = []
      for (const actor of ACTOR_NAMES) got.push(await attempt(sql, actor, ...statements[op]))
      expect(got).toEqual(cells)
      await unchanged()
    })
  }
}
