/**
 * The RPC API the app calls (`supabase.rpc('me')` ...) is served from public by SECURITY INVOKER
 * entry points; the privileged work runs in SECURITY DEFINER functions of the same shape in
 * app_private, which PostgREST does not expose. The app must see no difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, USER } from '../helpers/roles'
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
