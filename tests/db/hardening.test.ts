/** The hardening checks (tests/db/hardening.ts) on PGlite. */
import { afterAll, beforeAll, describe } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { hardeningSuite } from './hardening'

describe('hardening (PGlite)', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(async () => {
    await db?.close()
  })
  hardeningSuite(() => db.sql)
})
