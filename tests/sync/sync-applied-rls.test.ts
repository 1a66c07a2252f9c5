/**
 * The sync tables' own access rules (the role × operation rows for sync_applied, sync_overwrites and
 * the sync functions), on the migrated database, the way PostgREST runs each request.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { anon, expectError, runAs, sqlState, user } from '../helpers/sql'
import { BRANCH1, ORG, USERS } from './harness'

let t: TestDb
beforeAll(async () => {
  t = await createTestDb()
  await t.sql.query(`insert into public.sync_applied (client_id, tx_id, user_id, result) values
    ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000a1', $1, '{"status":"applied"}'),
    ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000a2', $2, '{"status":"applied"}')`,
  [USERS.member, USERS.secretary])
  await t.sql.query(`insert into public.sync_overwrites (org_id, branch_id, table_name, row_id, overwritten, overwritten_ver, replaced_by)
    values ($1, $2, 'events', gen_random_uuid(), '{"minutes":"旧记录"}', 1, $3)`, [ORG, BRANCH1, USERS.secretary])
})
afterAll(async () => {
  await t?.close()
})

const member = user(USERS.member)
const secretary = user(USERS.secretary)
const organizer = user(USERS.organizer)

describe('sync_applied', () => {
  test('a user reads only their own outcomes', async () => {
    const rows = await runAs(t.sql, member, (tx) => tx.query<{ user_id: string }>('select user_id::text from public.sync_applied'))
    expect(rows.rows.map((r) => r.user_id)).toEqual([USERS.member])
  })
  test('anon reads nothing and cannot insert', async () => {
    expect(sqlState(await expectError(() => runAs(t.sql, anon, (tx) => tx.query('select * from public.sync_applied'))))).toBe('42501')
  })
  test('a user cannot record an outcome in someone else\'s name', async () => {
    const e = await expectError(() => runAs(t.sql, member, (tx) => tx.query(
      `insert into public.sync_applied (client_id, tx_id, user_id, result) values (gen_random_uuid(), gen_random_uuid(), $1, '{"status":"applied"}')`, [USERS.secretary])))
    expect(sqlState(e)).toBe('42501')
  })
  test('a user cannot change or delete a stored outcome (a retry must get the original)', async () => {
    for (const sql of [`update public.sync_applied set result = '{"status":"rejected"}'`, 'delete from public.sync_applied']) {
      expect(sqlState(await expectError(() => runAs(t.sql, member, (tx) => tx.query(sql))))).toBe('42501')
    }
  })
  test('the result must be an outcome (CHECK)', async () => {
    const e = await expectError(() => runAs(t.sql, member, (tx) => tx.query(
      `insert into public.sync_applied (client_id, tx_id, user_id, result) values (gen_random_uuid(), gen_random_uuid(), $1, '{"status":"maybe"}')`, [USERS.member])))
    expect(sqlState(e)).toBe('23514')
  })
})

describe('sync_overwrites', () => {
  test('the branch secretary and organizer read it; a member does not', async () => {
    for (const [who, n] of [[secretary, 1], [organizer, 1], [member, 0]] as const) {
      const { rows } = await runAs(t.sql, who, (tx) => tx.query('select 1 from public.sync_overwrites'))
      expect(rows).toHaveLength(n)
    }
  })
  test('nobody writes it directly', async () => {
    const e = await expectError(() => runAs(t.sql, secretary, (tx) => tx.query(
      `insert into public.sync_overwrites (org_id, branch_id, table_name, row_id, overwritten, overwritten_ver, replaced_by)
       values ($1, $2, 'events', gen_random_uuid(), '{}', 1, $3)`, [ORG, BRANCH1, USERS.secretary])))
    expect(sqlState(e)).toBe('42501')
  })
  test('the helper keeps nothing for a row the caller did not just update', async () => {
    await runAs(t.sql, secretary, async (tx) => {
      const { rows } = await tx.query<{ id: string }>('select id::text from public.events limit 1')
      await tx.query(`select app_private.sync_keep_overwritten('events', $1, '{"minutes":"伪造","_ver":1}')`, [rows[0]!.id])
      const { rows: kept } = await tx.query(`select 1 from public.sync_overwrites where overwritten ->> 'minutes' = '伪造'`)
      expect(kept).toHaveLength(0)
    })
  })
})

describe('sync functions', () => {
  test('anon may not call sync_push or sync_pull', async () => {
    for (const sql of [`select public.sync_pull('{}', 1, 10)`, `select public.sync_push(gen_random_uuid(), 1, '[]')`]) {
      expect(sqlState(await expectError(() => runAs(t.sql, anon, (tx) => tx.query(sql))))).toBe('42501')
    }
  })
  test('only the scheduler (service role or owner) may purge tombstones', async () => {
    for (const who of [anon, member]) {
      expect(sqlState(await expectError(() => runAs(t.sql, who, (tx) => tx.query(`select app_private.purge_tombstones('30 days')`))))).toBe('42501')
    }
  })
  test('a purge keeps tombstones for at least a day', async () => {
    expect(sqlState(await expectError(() => t.sql.query(`select app_private.purge_tombstones('1 hour')`)))).toBe('22023')
  })
  test('an unsupported schema version is refused as a whole', async () => {
    expect(sqlState(await expectError(() => runAs(t.sql, member, (tx) => tx.query(`select public.sync_pull('{}', 99, 10)`))))).toBe('22023')
  })
})
