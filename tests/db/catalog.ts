/**
 * Catalog checks that hold for the whole database, whoever wrote the migration: each returns the
 * offending objects (an empty list means the rule holds).
 */
import type { SqlClient } from '../helpers/sql'

const list = async (db: SqlClient, sql: string): Promise<string[]> =>
  (await db.query<{ name: string }>(sql)).rows.map((r) => r.name)

/** The schemas our migrations own: all but PostgreSQL's and Supabase's platform schemas. */
const OURS = (namespace: string) =>
  `${namespace}.nspname not in ('information_schema', 'auth', 'extensions', 'storage', 'realtime', 'vault', 'graphql',
     'graphql_public', 'supabase_functions', 'supabase_migrations', 'cron', 'net', 'pgsodium')
   and ${namespace}.nspname !~ '^pg_'`

export const catalogChecks: Record<string, (db: SqlClient) => Promise<string[]>> = {
  'every table in public has row-level security enabled': (db) =>
    list(db, `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity order by 1`),

  'every function in public and app_private pins its search_path': (db) =>
    list(db, `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname in ('public', 'app_private')
                and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
                and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
              order by 1`),

  'no SECURITY DEFINER function is executable by anon': (db) =>
    list(db, `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
                and has_function_privilege('anon', p.oid, 'execute') order by 1`),

  'no SECURITY DEFINER function is executable by PUBLIC': (db) =>
    list(db, `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
                and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                            where a.grantee = 0 and a.privilege_type = 'EXECUTE') order by 1`),

  // PostgREST serves public: a definer function there runs as its owner for anyone holding the key.
  // The privileged work lives in app_private behind SECURITY INVOKER entry points.
  'no SECURITY DEFINER function in public is executable by anon or authenticated': (db) =>
    list(db, `select p.oid::regprocedure::text || ' by ' || r.rolname as name
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              cross join (values ('anon'), ('authenticated')) as r (rolname)
              where n.nspname = 'public' and p.prosecdef and has_function_privilege(r.rolname, p.oid, 'execute')
              order by 1`),

  // The key's columns, in its order, lead one whole (not partial) valid index of the referencing
  // table, so a parent's delete or key change looks its children up instead of scanning.
  'every foreign key leads an index with its columns': (db) =>
    list(db, `select c.conrelid::regclass::text || ' ' || c.conname as name
              from pg_constraint c join pg_namespace n on n.oid = c.connamespace
              where c.contype = 'f' and ${OURS('n')}
                and not exists (
                  select 1 from pg_index i
                  where i.indrelid = c.conrelid and i.indisvalid and i.indpred is null
                    and (array(select k.attnum from unnest(i.indkey) with ordinality as k (attnum, position)
                               where k.position <= i.indnkeyatts order by k.position))[1:cardinality(c.conkey)] = c.conkey)
              order by 1`),

  'every table has a primary key': (db) =>
    list(db, `select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p') and ${OURS('n')}
                and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
              order by 1`),

  // Two indexes that differ only by name (or one being unique) cost writes and serve nothing more.
  'no two indexes of a table have the same definition': (db) =>
    list(db, `select string_agg(i.indexrelid::regclass::text, ' = ' order by i.indexrelid::regclass::text) as name
              from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
              where ${OURS('n')}
              group by i.indrelid, regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ON ', '')
              having count(*) > 1
              order by 1`),

  'anon has no usage on app_private': (db) =>
    list(db, `select 'app_private' as name where has_schema_privilege('anon', 'app_private', 'usage')`),

  'policies call auth.uid() only inside (select ...)': (db) =>
    list(db, `select tablename || '.' || policyname as name from pg_policies
              where schemaname = 'public'
                and (replace(coalesce(qual, ''), '( SELECT auth.uid() AS uid)', '') like '%auth.uid()%'
                     or replace(coalesce(with_check, ''), '( SELECT auth.uid() AS uid)', '') like '%auth.uid()%')
              order by 1`),

  'policies call app_private helpers only inside (select ...)': (db) =>
    list(db, `select tablename || '.' || policyname as name from pg_policies
              where schemaname = 'public'
                and (coalesce(qual, '') ~ '(?<!SELECT )app_private\\.' or coalesce(with_check, '') ~ '(?<!SELECT )app_private\\.')
              order by 1`),

  'anon and authenticated have no DELETE or TRUNCATE on any public table': (db) =>
    list(db, `select r.rolname || ' ' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              cross join (values ('anon'), ('authenticated')) as r (rolname)
              where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
                and (has_table_privilege(r.rolname, c.oid, 'DELETE') or has_table_privilege(r.rolname, c.oid, 'TRUNCATE'))
              order by 1`),

  'anon has no privilege at all on any public table': (db) =>
    list(db, `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
                and has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
              order by 1`),

  // app_private is for the server's own functions: its tables (sync state, the review's kept counts)
  // are read and written by SECURITY DEFINER bodies only.
  'anon and authenticated have no privilege at all on any app_private table': (db) =>
    list(db, `select r.rolname || ' ' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              cross join (values ('anon'), ('authenticated')) as r (rolname)
              where n.nspname = 'app_private' and c.relkind in ('r', 'p', 'v', 'm')
                and has_table_privilege(r.rolname, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
              order by 1`),

  // Any *_id column a policy mentions must lead some index (the policy filters on it).
  'every id column a policy reads is indexed': (db) =>
    list(db, `select distinct p.tablename || '.' || a.attname as name
              from pg_policies p
              join pg_class c on c.relname = p.tablename
              join pg_namespace n on n.oid = c.relnamespace and n.nspname = p.schemaname
              join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              where p.schemaname = 'public'
                and (a.attname = 'id' or a.attname like '%\\_id')
                and (coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '')) ~ ('\\m' || a.attname || '\\M')
                and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum)
              order by 1`),

  'org_id, branch_id, member_id, user_id and event_id columns are indexed everywhere': (db) =>
    list(db, `select c.relname || '.' || a.attname as name
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              where n.nspname = 'public' and c.relkind = 'r'
                and a.attname in ('org_id', 'branch_id', 'member_id', 'user_id', 'event_id')
                and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum)
              order by 1`),

  'every synced table has the sync columns, the touch trigger and an _xid index': (db) =>
    list(db, `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind = 'r'
                and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = '_xid')
                and (
                  (select count(*) from pg_attribute a where a.attrelid = c.oid and not a.attisdropped
                     and a.attname in ('id', 'org_id', '_xid', '_ver', '_deleted', 'updated_at', 'updated_by')) <> 7
                  or not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'touch_sync_columns')
                  or not exists (select 1 from pg_index i join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                                 where i.indrelid = c.oid and a.attname = '_xid'))
              order by 1`),

  'the record tables are all synced': (db) =>
    list(db, `select t as name from unnest(array['orgs', 'units', 'branches', 'branch_invites', 'party_groups', 'members',
                'user_roles', 'events', 'attendance', 'donation_campaigns', 'donations', 'blood_donations',
                'pledge_templates', 'pledge_signatures', 'visits', 'study_logs']) t
              where not exists (select 1 from pg_attribute a where a.attrelid = ('public.' || t)::regclass and a.attname = '_xid')
              order by 1`),
}
