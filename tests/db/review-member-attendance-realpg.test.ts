/**
 * review_member_attendance (tests/db/review-member-attendance.ts) on a real PostgreSQL server.
 * Skipped loudly when no server is installed, except in CI.
 */
import { describe } from 'vitest'
import { requireRealPostgres, useSeededRealPostgres } from '../helpers/realpg'
import { memberAttendanceSuite } from './review-member-attendance'

const available = requireRealPostgres('review_member_attendance on real PostgreSQL')

describe.skipIf(!available)('review_member_attendance (real PostgreSQL)', () => {
  memberAttendanceSuite(useSeededRealPostgres())
})
