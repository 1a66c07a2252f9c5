/** The review's kept attendance counts (tests/db/review-counts.ts) on PGlite, on the demo data. */
import { afterAll, beforeAll, describe } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { reviewCountsSuite } from './review-counts'

describe('review counts (PGlite)', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(() => db?.close())

  reviewCountsSuite(() => db.sql, { writes: 300 })
})
