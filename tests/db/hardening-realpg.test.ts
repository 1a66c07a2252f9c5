/**
 * The hardening checks (tests/db/hardening.ts) on a real PostgreSQL server. Skipped loudly when no
 * server is installed, except in CI.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { applySchema } from '../helpers/pglite'
import { pgClient, requireRealPostgres, startRealPostgres, type RealPostgres } from '../helpers/realpg'
import type { SqlClient } from '../helpers/sql'
import { hardeningSuite } from './hardening'

const available = requireRealPostgres('the hardening tests on real PostgreSQL')

describe.skipIf(!available)('hardening (real PostgreSQL)', () => {
  let server: RealPostgres
  let client: pg.Client
  let sql: SqlClient

  beforeAll(async () => {
    server = await startRealPostgres()
    client = new pg.Client({ connectionString: server.url })
    await client.connect()
    sql = pgClient(client)
    await applySchema((text) => client.query(text), { seed: true })
  })

  afterAll(async () => {
    await client?.end()
    await server?.stop()
  })

  hardeningSuite(() => sql)
})
