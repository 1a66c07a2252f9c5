/**
 * The review aggregates (tests/db/review.ts) on a real PostgreSQL server. Skipped loudly when no
 * server is installed, except in CI.
 */
import { describe } from 'vitest'
import { requireRealPostgres, useSeededRealPostgres } from '../helpers/realpg'
import { reviewSuite } from './review'

const available = requireRealPostgres('the review aggregates on real PostgreSQL')

describe.skipIf(!available)('review aggregates (real PostgreSQL)', () => {
  const sql = useSeededRealPostgres()

  reviewSuite(sql)
})
