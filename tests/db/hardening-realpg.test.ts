/**
 * The hardening checks (tests/db/hardening.ts) on a real PostgreSQL server. Skipped loudly when no
 * server is installed, except in CI.
 */
import { describe } from 'vitest'
import { requireRealPostgres, useSeededRealPostgres } from '../helpers/realpg'
import { hardeningSuite } from './hardening'

const available = requireRealPostgres('the hardening tests on real PostgreSQL')

describe.skipIf(!available)('hardening (real PostgreSQL)', () => {
  const sql = useSeededRealPostgres()

  hardeningSuite(sql)
})
