/** The review aggregates (tests/db/review.ts) on PGlite, beside the demo data. */
import { afterAll, beforeAll, describe } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { reviewSuite } from './review'

describe('review aggregates (PGlite)', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(() => db?.close())

  reviewSuite(() => db.sql)
})
