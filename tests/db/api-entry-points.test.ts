/**
 * The RPC API the app calls (`supabase.rpc('me')` ...) is served from public by SECURITY INVOKER
 * entry points; the privileged work runs in SECURITY DEFINER functions of the same shape in
 * app_private, which PostgREST does not expose. The app must see no difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, EVENT, MEMBER, USER } from '../helpers/roles'
import { expectError, runAs } from '../helpers/sql'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

/** The API as the app and its tests know it (the first migration's signatures). */
const API = [
  { name: 'me', args: '', result: 'jsonb', volatility: 's', call: 'select public.me()', params: [] },
  {
    name: 'join_branch',
    args: 'p_invite_code text, p_phone text',
    result: 'jsonb',
    volatility: 'v',
    call: 'select public.join_branch($1, $2)',
    params: ['ZB1001', '13900000011'],
  },
  {
    name: 'assign_role',
    args: 'p_user_id uuid, p_role text, p_branch_id uuid DEFAULT NULL::uuid',
    result: 'uuid',
    volatility: 'v',
    call: 'select public.assign_role($1, $2, $3)',
    params: [USER.member, 'organizer', BRANCH.first],
  },
  {
    name: 'revoke_role',
    args: 'p_user_id uuid, p_role text, p_branch_id uuid DEFAULT NULL::uuid',
    result: 'boolean',
    volatility: 'v',
    call: 'select public.revoke_role($1, $2, $3)',
    params: [USER.member, 'member', BRANCH.first],
  },
  {
    name: 'rotate_branch_invite',
    args: 'p_branch_id uuid',
    result: 'text',
    volatility: 'v',
    call: 'select public.rotate_branch_invite($1)',
    params: [BRANCH.first],
  },
  {
    name: 'transfer_member',
    args: 'p_member_id uuid, p_to_branch_id uuid',
    result: 'uuid',
    volatility: 'v',
    call: 'select public.transfer_member($1, $2)',
    params: [MEMBER.yangFan, BRANCH.second],
  },
  { name: 'org_directory', args: '', result: 'jsonb', volatility: 's', call: 'select public.org_directory()', params: [] },
  {
    name: 'role_grant_history',
    args: 'p_limit integer DEFAULT 200',
    result: 'jsonb',
    volatility: 's',
    call: 'select public.role_grant_history($1)',
    params: [20],
  },
  // The year's setup (20261201005200_year_setup.sql).
  { name: 'pledge_progress', args: 'p_year integer', result: 'jsonb', volatility: 's', call: 'select public.pledge_progress($1)', params: [2026] },
  { name: 'campaign_totals', args: 'p_year integer', result: 'jsonb', volatility: 's', call: 'select public.campaign_totals($1)', params: [2026] },
  {
    name: 'blood_drive_roll',
    args: 'p_event_id uuid',
    result: 'jsonb',
    volatility: 's',
    call: 'select public.blood_drive_roll($1)',
    params: [EVENT.bloodDrive],
  },
  { name: 'org_people', args: '', result: 'jsonb', volatility: 's', call: 'select public.org_people()', params: [] },
] as const

interface Shape {
  schema: string
  name: string
  args: string
  result: string
  volatility: string
  definer: boolean
  anon: boolean
  authenticated: boolean
}

const shapes = async (name: string): Promise<Shape[]> =>
  (
    await db.sql.query<Shape>(
      `select n.nspname as schema, p.proname as name, pg_get_function_arguments(p.oid) as args,
              pg_get_function_result(p.oid) as result, p.provolatile::text as volatility, p.prosecdef as definer,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.proname = $1 and n.nspname in ('public', 'app_private')
        order by n.nspname`,
      [name],
    )
  ).rows

describe('the RPC API', () => {
  for (const fn of API) {
    it(`${fn.name}: an invoker entry point in public over a definer of the same shape in app_private`, async () => {
      const shape = { name: fn.name, args: fn.args, result: fn.result, volatility: fn.volatility, anon: false, authenticated: true }
      expect(await shapes(fn.name)).toEqual([
        { schema: 'app_private', ...shape, definer: true },
        { schema: 'public', ...shape, definer: false },
      ])
    })

    it(`${fn.name}: anon is refused (42501), a token without a subject is asked to sign in (28000)`, async () => {
      const anon = await expectError(() => runAs(db.sql, ACTORS.anon, (tx) => tx.query(fn.call, [...fn.params])))
      expect(anon.code).toBe('42501')
      const noSubject = await expectError(() =>
        runAs(db.sql, ACTORS.member, async (tx) => {
          await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'authenticated' })])
          return tx.query(fn.call, [...fn.params])
        }),
      )
      expect({ code: noSubject.code, message: noSubject.message }).toEqual({ code: '28000', message: '请先登录' })
    })
  }

  it('an entry point answers exactly what its definer answers', async () => {
    const answers = await runAs(db.sql, ACTORS.member, (tx) =>
      tx.query<{ entry: unknown; definer: unknown }>('select public.me() as entry, app_private.me() as definer'),
    )
    expect(answers.rows[0]!.entry).toEqual(answers.rows[0]!.definer)
    expect(answers.rows[0]!.entry).toMatchObject({ user_id: USER.member })
  })
})
