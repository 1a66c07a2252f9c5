/**
 * The same migrations, seed, catalog rules and RLS matrix on a real PostgreSQL server (the oldest
 * version we support is 15). Skipped loudly when no server is installed, except in CI.
 */
import { describe, expect, it } from 'vitest'
import { requireRealPostgres, useSeededRealPostgres } from '../helpers/realpg'
import { catalogChecks } from './catalog'
import { MATRIX_CASE_COUNT, TABLES, describeMismatches, opsOf, runRow } from './matrix'

const available = requireRealPostgres('the real-PostgreSQL database tests')

describe.skipIf(!available)('real PostgreSQL', () => {
  const db = useSeededRealPostgres()

  it('runs a supported server version', async () => {
    const { rows } = await db().query<{ version: number }>(`select current_setting('server_version_num')::int as version`)
    expect(rows[0]!.version).toBeGreaterThanOrEqual(150000)
  })

  it('loads the seed: 46 people on the roster (42 party members), each with details, in 3 branches, 8 demo logins with working passwords', async () => {
    const { rows } = await db().query<Record<string, number>>(
      `select (select count(*)::int from public.members) as members,
              (select count(*)::int from public.members where member_type in ('full', 'probationary')) as party_members,
              (select count(*)::int from public.member_details) as details,
              (select count(*)::int from public.branches) as branches,
              (select count(*)::int from auth.users where encrypted_password = extensions.crypt('Zhibu@2026', encrypted_password)) as logins`,
    )
    expect(rows[0]).toEqual({ members: 46, party_members: 42, details: 46, branches: 3, logins: 8 })
  })

  for (const [rule, check] of Object.entries(catalogChecks)) {
    it(`catalog: ${rule}`, async () => {
      expect(await check(db())).toEqual([])
    })
  }

  it(`RLS matrix: all ${MATRIX_CASE_COUNT} cases`, async () => {
    const mismatches = []
    for (const spec of TABLES) for (const op of opsOf(spec)) mismatches.push(...(await runRow(db(), spec, op)))
    expect(describeMismatches(mismatches)).toBe('')
  })
})
