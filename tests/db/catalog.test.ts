import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { catalogChecks } from './catalog'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

describe('catalog (PGlite)', () => {
  for (const [rule, check] of Object.entries(catalogChecks)) {
    it(rule, async () => {
      expect(await check(db.sql)).toEqual([])
    })
  }

  describe('the checks can fail', () => {
    // Each breaks the rule inside a rolled-back transaction and expects the check to notice.
    const breakages: [string, string][] = [
      ['every table in public has row-level security enabled', 'alter table public.visits disable row level security'],
      ['every function in public and app_private pins its search_path', `create function public.zz_loose() returns int language sql as 'select 1'`],
      ['no SECURITY DEFINER function is executable by anon', 'grant execute on function app_private.me() to anon'],
      ['no SECURITY DEFINER function is executable by PUBLIC', 'grant execute on function app_private.my_org_ids() to public'],
      ['no SECURITY DEFINER function in public is executable by anon or authenticated', 'alter function public.me() security definer'],
      [
        'no SECURITY DEFINER function in public is executable by anon or authenticated',
        `create function public.zz_definer() returns int language sql security definer set search_path = '' as 'select 1';
         grant execute on function public.zz_definer() to authenticated`,
      ],
      ['every foreign key leads an index with its columns', 'drop index public.donations_member_id_branch_id_idx'],
      ['every foreign key leads an index with its columns', 'alter table public.visits add column zz_org uuid references public.orgs (id)'],
      [
        'every foreign key leads an index with its columns',
        // The key's columns lead this index, but in the other order.
        `drop index public.visit_participants_visit_id_branch_id_idx;
         create index zz on public.visit_participants (branch_id, visit_id)`,
      ],
      [
        'every foreign key leads an index with its columns',
        // A partial index does not cover the rows it leaves out.
        `drop index public.attendance_member_id_branch_id_idx;
         create index zz on public.attendance (member_id, branch_id) where not _deleted`,
      ],
      ['every table has a primary key', 'alter table app_private.sync_departures drop constraint sync_departures_pkey'],
      ['every table has a primary key', 'create table public.zz_keyless (a int)'],
      ['no two indexes of a table have the same definition', 'create index zz on public.donations (member_id, branch_id)'],
      ['anon has no usage on app_private', 'grant usage on schema app_private to anon'],
      ['policies call auth.uid() only inside (select ...)', 'create policy zz on public.study_logs for select to authenticated using (updated_by = auth.uid())'],
      ['policies call app_private helpers only inside (select ...)', 'create policy zz on public.study_logs for select to authenticated using (member_id = app_private.current_member_id())'],
      ['anon and authenticated have no DELETE or TRUNCATE on any public table', 'grant delete on public.events to authenticated'],
      ['anon has no privilege at all on any public table', 'grant select on public.orgs to anon'],
      [
        'every id column a policy reads is indexed',
        'drop index public.study_logs_member_id_idx; drop index public.study_logs_member_id_branch_id_idx',
      ],
      ['org_id, branch_id, member_id, user_id and event_id columns are indexed everywhere', 'drop index public.donations_branch_id_org_id_idx'],
      ['every synced table has the sync columns, the touch trigger and an _xid index', 'drop trigger touch_sync_columns on public.visits'],
    ]
    for (const [rule, breakage] of breakages) {
      it(`${rule} — detects: ${breakage}`, async () => {
        await db.sql.exec('begin')
        try {
          await db.sql.exec(breakage)
          expect((await catalogChecks[rule]!(db.sql)).length).toBeGreaterThan(0)
        } finally {
          await db.sql.exec('rollback')
        }
      })
    }
  })
})
