-- A tombstone (a row with _deleted = true) exists only so that devices learn of the delete. It keeps
-- what sync and the database's own rules need, and nothing a person wrote:
--   kept     id, org_id, branch_id, the sync columns (_xid, _ver, _deleted, updated_at, updated_by),
--            columns of a foreign key (references stay valid), of a primary key or unique
--            constraint, columns row-level security reads (a write policy's WITH CHECK sees the
--            tombstone), and columns of a CHECK that is not relaxed for tombstones
--   cleared  everything else: nullable columns to null; NOT NULL text to '', numbers to 0,
--            booleans to false, dates and times to 1970-01-01, jsonb to [], arrays to {}
-- A deleted study log keeps its member and loses its topic, note, source, minutes and date; a
-- deleted leave request keeps its status and loses its reason.
-- CHECK constraints that involve a cleared column hold for live rows only (`_deleted or (...)`).
-- Roles (user_roles) are not cleared: a revoked role is the trail of who held it.
-- A later migration that adds a synced table, or a CHECK on one, calls
-- app_private.prepare_tombstones() again (idempotent). The client deletes a tombstone it pulls
-- (src/data/sync/engine.ts), so a cleared column never reaches its row schemas.

-- The columns a tombstone of this table keeps, by the rules above (without the CHECK rule).
create function app_private.tombstone_structural_columns(p_table regclass) returns text[]
language sql stable security definer set search_path = ''
as $$
  select pg_catalog.array_agg(distinct a.attname::text)
  from pg_catalog.pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    and (a.attname in ('id', 'org_id', 'branch_id', '_xid', '_ver', '_deleted', 'updated_at', 'updated_by')
         or exists (select 1 from pg_catalog.pg_constraint k
                    where k.conrelid = p_table and k.contype = 'f' and a.attnum = any (k.conkey))
         or exists (select 1 from pg_catalog.pg_index i
                    where i.indrelid = p_table and i.indisunique and i.indpred is null
                      and a.attnum = any (i.indkey::int2[]))
         or exists (select 1 from pg_catalog.pg_policy p
                    where p.polrelid = p_table
                      and (coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') || ' '
                           || coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), ''))
                          ~ ('\m' || a.attname || '\M')))
$$;

-- What a tombstone's cleared columns are set to: {column: value}.
create function app_private.tombstone_patch(p_table regclass) returns jsonb
language sql stable security definer set search_path = ''
as $$
  with kept as (select app_private.tombstone_structural_columns(p_table) as cols),
  checked as (
    -- Columns of a CHECK that still holds for tombstones: clearing them could break it.
    select pg_catalog.array_agg(a.attname::text) as cols
    from pg_catalog.pg_constraint k
    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
    where k.conrelid = p_table and k.contype = 'c'
      and not exists (select 1 from pg_catalog.pg_attribute d
                      where d.attrelid = k.conrelid and d.attname = '_deleted' and d.attnum = any (k.conkey)))
  select coalesce(pg_catalog.jsonb_object_agg(a.attname, case
           when not a.attnotnull then 'null'::jsonb
           when t.typcategory = 'S' then '""'::jsonb
           when t.typcategory = 'N' then '0'::jsonb
           when t.typcategory = 'B' then 'false'::jsonb
           when t.typcategory = 'D' then '"1970-01-01"'::jsonb
           when t.typcategory = 'A' then '[]'::jsonb
           when t.typname in ('jsonb', 'json') then '[]'::jsonb
         end), '{}'::jsonb)
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_type t on t.oid = case
    when (select d.typtype from pg_catalog.pg_type d where d.oid = a.atttypid) = 'd'
      then (select d.typbasetype from pg_catalog.pg_type d where d.oid = a.atttypid)
    else a.atttypid end
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    and not a.attname::text = any (coalesce((select cols from kept), '{}'))
    and not a.attname::text = any (coalesce((select cols from checked), '{}'))
    and (not a.attnotnull or t.typcategory in ('S', 'N', 'B', 'D', 'A') or t.typname in ('jsonb', 'json'))
$$;

-- Clears a row's content as it becomes a tombstone. Named to fire after the table's other BEFORE
-- triggers (they fire in name order): the guards judge the delete the client asked for, not the
-- cleared row.
create function app_private.clear_tombstone() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  new := pg_catalog.jsonb_populate_record(new, app_private.tombstone_patch(tg_relid));
  return new;
end
$$;

-- Relaxes every CHECK that involves a column a tombstone clears, and installs the clearing trigger
-- on every synced table. Idempotent.
create function app_private.prepare_tombstones() returns void
language plpgsql security definer set search_path = ''
as $$
declare
  t record;
  k record;
begin
  for t in select pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(s.table_name)) as rel, s.table_name
           from app_private.sync_table_list() s where s.table_name <> 'user_roles' loop
    for k in
      select c.conname, pg_catalog.pg_get_expr(c.conbin, c.conrelid) as expr, c.convalidated
      from pg_catalog.pg_constraint c
      where c.conrelid = t.rel and c.contype = 'c'
        and not exists (select 1 from pg_catalog.pg_attribute d
                        where d.attrelid = c.conrelid and d.attname = '_deleted' and d.attnum = any (c.conkey))
        and exists (select 1 from pg_catalog.pg_attribute a
                    where a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                      and not a.attname::text = any (app_private.tombstone_structural_columns(t.rel)))
    loop
      execute pg_catalog.format('alter table public.%I drop constraint %I, add constraint %I check (_deleted or (%s))%s',
        t.table_name, k.conname, k.conname, k.expr, case when k.convalidated then '' else ' not valid' end);
    end loop;
    execute pg_catalog.format('drop trigger if exists zz_clear_tombstone on public.%I', t.table_name);
    execute pg_catalog.format(
      'create trigger zz_clear_tombstone before update on public.%I for each row '
      'when (new._deleted and not old._deleted) execute function app_private.clear_tombstone()', t.table_name);
  end loop;
end
$$;

revoke all on function app_private.tombstone_structural_columns(regclass), app_private.tombstone_patch(regclass),
  app_private.clear_tombstone(), app_private.prepare_tombstones() from public, anon, authenticated;
-- The trigger runs as the writer and reads the catalog through this definer function.
grant execute on function app_private.tombstone_patch(regclass) to authenticated;

select app_private.prepare_tombstones();

-- Tombstones already stored lose their content too (the migration is a trusted writer: no guard
-- applies; their _ver and _xid move, so devices pull them once more and delete them again).
do $$
declare
  t record;
  v_patch jsonb;
begin
  for t in select s.table_name from app_private.sync_table_list() s where s.table_name <> 'user_roles' loop
    v_patch := app_private.tombstone_patch(pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(t.table_name)));
    continue when v_patch = '{}'::jsonb;
    execute pg_catalog.format(
      'update public.%1$I x set %2$s from pg_catalog.jsonb_populate_record(null::public.%1$I, $1) r where x._deleted',
      t.table_name,
      (select pg_catalog.string_agg(pg_catalog.format('%1$I = r.%1$I', k), ', ') from pg_catalog.jsonb_object_keys(v_patch) k))
      using v_patch;
  end loop;
end
$$;
