/** review_member_attendance (tests/db/review-member-attendance.ts) on PGlite, beside the demo data. */
import { afterAll, beforeAll, describe } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { memberAttendanceSuite } from './review-member-attendance'

describe('review_member_attendance (PGlite)', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(() => db?.close())

  memberAttendanceSuite(() => db.sql)
})
