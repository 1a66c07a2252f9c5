-- Sync protocol (DESIGN.md §5, docs/architecture.md "Sync"):
--   sync_push  applies client transactions, each in its own subtransaction, exactly once per (client_id, tx_id);
--   sync_pull  returns changed rows per table in one snapshot, fenced by pg_snapshot_xmin, so a row whose
--              transaction commits late is never skipped;
--   tombstones older than a horizon are purged by app_private.purge_tombstones (scheduler only).

create schema if not exists app_private;

-- Which public tables sync, and how a device's share of each is chosen: every public table with the
-- sync columns (see app_private.sync_table_list below), found in the catalog when asked, so tables
-- added by later migrations sync without being registered here.
--   branch    rows of the caller's branches (plus organisation-wide rows with branch_id null)
--   org       rows of the caller's organisation

-- One row: the tombstone horizon. A cursor below it may have missed a purged tombstone.
create table if not exists app_private.sync_state (
  singleton boolean primary key default true check (singleton),
  horizon xid8 not null default '0'::xid8
);
insert into app_private.sync_state (singleton) values (true) on conflict do nothing;

-- Rows that moved out of a branch (branch_id changed): devices of the old branch must drop them,
-- but after the move RLS no longer lets those devices see the row, so the move is recorded here.
create table if not exists app_private.sync_departures (
  table_name text not null,
  row_id uuid not null,
  from_branch_id uuid not null,
  _xid xid8 not null default pg_current_xact_id(),
  departed_at timestamptz not null default now()
);
create index if not exists sync_departures_xid_idx on app_private.sync_departures (from_branch_id, _xid);

create or replace function app_private.sync_record_departure() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.branch_id is not null and new.branch_id is distinct from old.branch_id then
    insert into app_private.sync_departures (table_name, row_id, from_branch_id)
    values (tg_table_name, old.id, old.branch_id);
  end if;
  return new;
end
$$;
revoke all on function app_private.sync_record_departure() from public, anon, authenticated;

create or replace function app_private.sync_table_list() returns table (table_name text, scope text)
language sql stable security definer set search_path = ''
as $$
  select c.relname::text,
         case when exists (select 1 from pg_catalog.pg_attribute a
                           where a.attrelid = c.oid and a.attname = 'branch_id' and not a.attisdropped)
              then 'branch' else 'org' end
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p')
    and exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attname = '_xid' and not a.attisdropped)
    and exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped)
    and exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
  order by 1
$$;

-- Adds the pull index (_xid, id) and the departure trigger to every synced table. Idempotent; a
-- later migration that adds a synced table may call it again.
create or replace function app_private.sync_prepare_tables() returns void
language plpgsql security definer set search_path = ''
as $$
declare
  t record;
begin
  for t in select * from app_private.sync_table_list() loop
    execute format('create index if not exists %I on public.%I (_xid, id)', left(t.table_name, 50) || '_sync_xid_idx', t.table_name);
    if t.scope = 'branch' then
      execute format('drop trigger if exists sync_record_departure on public.%I', t.table_name);
      execute format(
        'create trigger sync_record_departure after update of branch_id on public.%I '
        'for each row execute function app_private.sync_record_departure()', t.table_name);
    end if;
  end loop;
end
$$;
revoke all on function app_private.sync_prepare_tables() from public, anon, authenticated;

-- Columns of a synced table a client may write (not the trigger-owned sync columns).
create or replace function app_private.sync_writable_columns(p_table text) returns text[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
  from app_private.sync_table_list() s
  join pg_catalog.pg_class c on c.relname = s.table_name
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
  join pg_catalog.pg_attribute a on a.attrelid = c.oid
  where s.table_name = p_table and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    and a.attname not in ('_xid', '_ver', '_deleted', 'updated_at', 'updated_by')
$$;

create or replace function app_private.sync_horizon() returns xid8
language sql stable security definer set search_path = ''
as $$ select s.horizon from app_private.sync_state s $$;

-- The caller's sync scope: the organisation they hold a live role in and the branches where they hold a live branch role
-- (member, organizer, secretary): the same roles RLS reads, so a revoked role shrinks the scope
-- and the device drops that branch's rows.
create or replace function app_private.sync_scopes(out org_id uuid, out branch_ids uuid[])
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  -- Like RLS (app_private.my_org_ids), from live roles only: a roster link alone reads nothing.
  select r.org_id into org_id from public.user_roles r
   where r.user_id = v_uid and not r._deleted order by r.org_id limit 1;
  select coalesce(array_agg(distinct r.branch_id order by r.branch_id), '{}')
    into branch_ids
    from public.user_roles r
   where r.user_id = v_uid and not r._deleted and r.branch_id is not null and r.org_id = sync_scopes.org_id
     and r.role in ('member', 'organizer', 'secretary');
end
$$;

-- Removal ids for rows that left the given branches in [p_from, p_fence).
create or replace function app_private.sync_departed(p_table text, p_branches uuid[], p_from xid8, p_fence xid8)
returns jsonb
language sql stable security definer set search_path = ''
as $$
  select coalesce(jsonb_agg(distinct d.row_id), '[]')
  from app_private.sync_departures d
  where d.table_name = p_table and d.from_branch_id = any (p_branches) and d._xid >= p_from and d._xid < p_fence
$$;

grant usage on schema app_private to authenticated;
revoke all on function app_private.sync_writable_columns(text), app_private.sync_table_list(),
  app_private.sync_horizon(), app_private.sync_scopes(), app_private.sync_departed(text, uuid[], xid8, xid8)
  from public, anon;
grant execute on function app_private.sync_writable_columns(text), app_private.sync_table_list(),
  app_private.sync_horizon(), app_private.sync_scopes(), app_private.sync_departed(text, uuid[], xid8, xid8)
  to authenticated;

-- Applied client transactions: the stored outcome a retry gets back.
create table if not exists public.sync_applied (
  client_id uuid not null,
  tx_id uuid not null,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  result jsonb not null check (
    jsonb_typeof(result) = 'object' and result ->> 'status' in ('applied', 'rejected') and length(result::text) <= 4000),
  applied_at timestamptz not null default now(),
  primary key (client_id, tx_id)
);
create index if not exists sync_applied_user_idx on public.sync_applied (user_id);
create index if not exists sync_applied_applied_at_idx on public.sync_applied (applied_at);
alter table public.sync_applied enable row level security;
revoke all on public.sync_applied from public, anon, authenticated;
grant select, insert on public.sync_applied to authenticated;
drop policy if exists sync_applied_select_own on public.sync_applied;
create policy sync_applied_select_own on public.sync_applied for select to authenticated
  using (user_id = (select auth.uid()));
drop policy if exists sync_applied_insert_own on public.sync_applied;
create policy sync_applied_insert_own on public.sync_applied for insert to authenticated
  with check (user_id = (select auth.uid()));

-- Text that a later edit replaced although its author had not seen it (two phones edited the same
-- minutes): the later edit wins, and what it replaced is kept here for the branch's organizers and
-- secretary (and admins). Synced like any branch table; written only by sync_push.
create table if not exists public.sync_overwrites (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  branch_id uuid references public.branches (id),
  table_name text not null check (table_name ~ '^[a-z_][a-z0-9_]{0,62}$'),
  row_id uuid not null,
  overwritten jsonb not null check (jsonb_typeof(overwritten) = 'object' and octet_length(overwritten::text) <= 200000),
  overwritten_ver bigint not null check (overwritten_ver >= 1),
  overwritten_by uuid,
  replaced_by uuid not null
);
select app_private.make_synced('public.sync_overwrites');
create index if not exists sync_overwrites_org_id_idx on public.sync_overwrites (org_id);
create index if not exists sync_overwrites_branch_id_idx on public.sync_overwrites (branch_id);
create index if not exists sync_overwrites_row_idx on public.sync_overwrites (table_name, row_id);
alter table public.sync_overwrites enable row level security;
revoke all on public.sync_overwrites from public, anon, authenticated;
grant select on public.sync_overwrites to authenticated;
drop policy if exists sync_overwrites_select on public.sync_overwrites;
create policy sync_overwrites_select on public.sync_overwrites for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

-- Keeps the replaced values, but only for a row the caller has just updated in this transaction.
create or replace function app_private.sync_keep_overwritten(p_table text, p_id uuid, p_old jsonb)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_now jsonb;
  v_values jsonb;
begin
  if not exists (select 1 from app_private.sync_table_list() s where s.table_name = p_table) then
    return;
  end if;
  -- Secrets are read by fewer people than sync_overwrites: a replaced one is not kept there.
  if p_table in ('branch_invites', 'event_checkin_secrets') then
    return;
  end if;
  execute format('select to_jsonb(t) from public.%I t where t.id = $1', p_table) into v_now using p_id;
  if v_now is null or v_now ->> 'updated_by' is distinct from auth.uid()::text
     or (v_now ->> '_xid')::xid8 <> pg_current_xact_id() then
    return;
  end if;
  select jsonb_object_agg(k, p_old -> k) into v_values
  from jsonb_object_keys(p_old) k
  where k not in ('id', 'org_id', 'branch_id', '_xid', '_ver', '_deleted', 'updated_at', 'updated_by');
  if v_values is null or v_values = '{}'::jsonb then
    return;
  end if;
  insert into public.sync_overwrites (org_id, branch_id, table_name, row_id, overwritten, overwritten_ver, overwritten_by, replaced_by)
  values ((v_now ->> 'org_id')::uuid, (v_now ->> 'branch_id')::uuid, p_table, p_id, v_values,
          (p_old ->> '_ver')::bigint, (p_old ->> 'updated_by')::uuid, auth.uid());
end
$$;
revoke all on function app_private.sync_keep_overwritten(text, uuid, jsonb) from public, anon;
grant execute on function app_private.sync_keep_overwritten(text, uuid, jsonb) to authenticated;

-- A person-readable rejection for an error raised while applying one client transaction.
create or replace function app_private.sync_rejection(p_state text, p_table text, p_column text, p_constraint text, p_text text)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_col text := nullif(p_column, '');
begin
  if v_col is null and nullif(p_constraint, '') is not null then
    select string_agg(a.attname, '、') into v_col
    from pg_constraint k
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
    where k.conname = p_constraint and k.conrelid = to_regclass('public.' || quote_ident(p_table));
  end if;
  -- A domain trigger's own message (Chinese, written for the user) is passed on as it is.
  if p_text ~ '[一-龥]' and p_state not in ('23514', '23502', '23505', '23503') then
    return jsonb_build_object('code', case when p_state = '42501' then 'forbidden' else 'refused_' || lower(p_state) end,
                              'message', left(p_text, 300));
  end if;
  return case
    when p_state = 'P0002' then jsonb_build_object('code', 'not_found_or_forbidden',
      'message', '记录不存在、已被删除，或你无权修改')
    when p_state = 'ZBDEL' then jsonb_build_object('code', 'already_deleted',
      'message', '这条记录已被他人删除，修改未保存')
    when p_state = '42501' then jsonb_build_object('code', 'forbidden',
      'message', '没有权限：这条记录不在你可以修改的范围内')
    when p_state = '23514' then jsonb_build_object('code', 'invalid_value',
      'message', '数据不符合要求' || coalesce('：字段“' || v_col || '”的值不被接受', ''))
    when p_state = '23502' then jsonb_build_object('code', 'missing_value',
      'message', '缺少必填内容' || coalesce('：字段“' || v_col || '”', ''))
    when p_state = '23505' then jsonb_build_object('code', 'duplicate',
      'message', '与已有记录重复' || coalesce('（' || v_col || '）', ''))
    when p_state = '23503' then jsonb_build_object('code', 'missing_reference',
      'message', '引用的记录不存在或已被删除' || coalesce('（' || v_col || '）', ''))
    when p_state = 'ZBCFA' then jsonb_build_object('code', 'conflict_checked_in',
      'message', '该党员已签到，出席记录保留，未改为缺席。如确需改为缺席，请选择“强制覆盖”后重新提交')
    when p_state = 'ZBTAB' then jsonb_build_object('code', 'unknown_table',
      'message', '应用版本与服务器不一致：不认识的数据表，请更新应用')
    when p_state = 'ZBOP0' then jsonb_build_object('code', 'bad_operation',
      'message', '修改的格式不正确，请更新应用')
    when p_state like '22%' then jsonb_build_object('code', 'invalid_value',
      'message', '数据格式不正确' || coalesce('：字段“' || v_col || '”', ''))
    else jsonb_build_object('code', 'server_error',
      'message', '服务器无法处理这项修改（错误 ' || p_state || '）')
  end || jsonb_build_object('detail', left(p_text, 300));
end
$$;
revoke all on function app_private.sync_rejection(text, text, text, text, text) from public, anon;
grant execute on function app_private.sync_rejection(text, text, text, text, text) to authenticated;

-- Apply one operation; raises on any failure (the caller's subtransaction rolls back the whole tx).
--   upsert  insert, or update the columns sent if the row exists (never revives a tombstone)
--   update  update the columns sent; 0 rows (hidden by RLS, deleted, never existed) is an error
--   delete  tombstone; 0 rows is an error
create or replace function app_private.sync_apply_op(p_op jsonb, p_cols text[] default null) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  v_table text := p_op ->> 'table';
  v_kind text := p_op ->> 'op';
  v_id uuid := (p_op ->> 'id')::uuid;
  v_row jsonb := coalesce(p_op -> 'row', '{}'::jsonb) || jsonb_build_object('id', p_op ->> 'id');
  v_cols text[];
  v_sent text[];
  v_n bigint;
  v_gone boolean;
  v_old jsonb;
  v_replaced jsonb;
begin
  v_cols := coalesce(p_cols, app_private.sync_writable_columns(v_table));
  if cardinality(v_cols) = 0 then
    raise exception using errcode = 'ZBTAB', message = format('unknown table %s', v_table);
  end if;
  if v_id is null or v_kind not in ('upsert', 'update', 'delete') or jsonb_typeof(v_row) <> 'object' then
    raise exception using errcode = 'ZBOP0', message = 'malformed operation';
  end if;
  select coalesce(array_agg(k order by k), '{}') into v_sent
  from jsonb_object_keys(v_row) k where k = any (v_cols) and k <> 'id';

  -- The row as the caller may see it before the change (for the conflict rules below).
  if v_kind <> 'delete' then
    execute format('select to_jsonb(t) from public.%I t where t.id = $1', v_table) into v_old using v_id;
  end if;
  -- Attendance: a check-in (present / late) is not turned into "absent" unless the writer insists.
  if v_table = 'attendance' and v_old is not null and v_row ->> 'status' = 'absent'
     and v_old ->> 'status' in ('present', 'late') and not coalesce((p_op ->> 'force')::boolean, false) then
    raise exception using errcode = 'ZBCFA', message = 'attendance: already checked in';
  end if;
  -- Later edit wins; text it replaces without having seen it is kept (sync_overwrites).
  if v_kind = 'update' and v_old is not null and (p_op ->> 'base_ver') is not null
     and (v_old ->> '_ver')::bigint > (p_op ->> 'base_ver')::bigint then
    select jsonb_object_agg(c, v_old -> c) into v_replaced
    from unnest(v_sent) c
    where jsonb_typeof(v_old -> c) = 'string' and (v_old -> c) is distinct from (v_row -> c);
  end if;

  if v_kind = 'upsert' and not has_table_privilege(format('public.%I', v_table), 'UPDATE') then
    -- Insert-only table (e.g. check-in secrets): the first device's row stands.
    execute format(
      'insert into public.%1$I as t (id, %2$s) select $1, %3$s from jsonb_populate_record(null::public.%1$I, $2) r '
      'on conflict (id) do nothing',
      v_table,
      (select string_agg(format('%I', c), ', ') from unnest(v_sent) c),
      (select string_agg(format('r.%I', c), ', ') from unnest(v_sent) c))
      using v_id, v_row;
    get diagnostics v_n = row_count;
    if v_n = 0 then
      raise exception using errcode = '23505', message = format('%s %s exists', v_table, v_id);
    end if;
    return;
  elsif v_kind = 'upsert' and v_old is null then
    if cardinality(v_sent) = 0 then
      raise exception using errcode = 'ZBOP0', message = 'nothing to write';
    end if;
    execute format(
      'insert into public.%1$I as t (id, %2$s) select $1, %3$s from jsonb_populate_record(null::public.%1$I, $2) r '
      'on conflict (id) do update set %4$s where not t._deleted',
      v_table,
      (select string_agg(format('%I', c), ', ') from unnest(v_sent) c),
      (select string_agg(format('r.%I', c), ', ') from unnest(v_sent) c),
      (select string_agg(format('%1$I = excluded.%1$I', c), ', ') from unnest(v_sent) c))
      using v_id, v_row;
  elsif v_kind in ('update', 'upsert') then
    -- An upsert of a row that exists is an update of the columns sent (row triggers then see one
    -- UPDATE, not an INSERT turned into an UPDATE by ON CONFLICT).
    if cardinality(v_sent) = 0 then
      raise exception using errcode = 'ZBOP0', message = 'nothing to write';
    end if;
    execute format(
      'update public.%1$I as t set %2$s from jsonb_populate_record(null::public.%1$I, $2) r '
      'where t.id = $1 and not t._deleted',
      v_table, (select string_agg(format('%1$I = r.%1$I', c), ', ') from unnest(v_sent) c))
      using v_id, v_row;
  else
    execute format('update public.%I as t set _deleted = true where t.id = $1 and not t._deleted', v_table)
      using v_id;
  end if;
  get diagnostics v_n = row_count;
  if v_n = 0 then
    execute format('select exists (select 1 from public.%I t where t.id = $1 and t._deleted)', v_table)
      into v_gone using v_id;
    if v_gone then
      raise exception using errcode = 'ZBDEL', message = format('%s %s is deleted', v_table, v_id);
    end if;
    raise exception using errcode = 'P0002', message = format('%s %s: 0 rows matched', v_table, v_id);
  end if;
  if v_replaced is not null then
    perform app_private.sync_keep_overwritten(v_table, v_id, v_replaced
      || jsonb_build_object('_ver', v_old -> '_ver', 'updated_by', v_old -> 'updated_by'));
  end if;
end
$$;
revoke all on function app_private.sync_apply_op(jsonb, text[]) from public, anon;
grant execute on function app_private.sync_apply_op(jsonb, text[]) to authenticated;

-- Push: p_txs = [{tx_id, ops: [{table, op, id, row?}]}]. Returns {results: [{tx_id, status, code?, message?, op_index?}]}.
-- status: applied | rejected | duplicate (a retry: original_status and the stored code/message come back).
create or replace function public.sync_push(p_client_id uuid, p_schema int, p_txs jsonb)
returns jsonb
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_tx jsonb;
  v_tx_id uuid;
  v_op jsonb;
  v_i int;
  v_stored jsonb;
  v_result jsonb;
  v_results jsonb := '[]'::jsonb;
  v_state text;
  v_text text;
  v_table text;
  v_column text;
  v_constraint text;
  v_columns jsonb := '{}'::jsonb;
begin
  if v_uid is null then
    raise exception using errcode = '28000', message = 'sign in required';
  end if;
  if p_schema is distinct from 1 then
    raise exception using errcode = '22023', message = format('unsupported sync schema %s', p_schema),
      hint = 'update the app';
  end if;
  if p_client_id is null or jsonb_typeof(p_txs) is distinct from 'array' or jsonb_array_length(p_txs) > 500 then
    raise exception using errcode = '22023', message = 'p_txs must be an array of at most 500 transactions';
  end if;

  for v_tx in select value from jsonb_array_elements(p_txs) loop
    v_tx_id := (v_tx ->> 'tx_id')::uuid;
    select a.result into v_stored from public.sync_applied a where a.client_id = p_client_id and a.tx_id = v_tx_id;
    if found then
      v_results := v_results || jsonb_build_array(
        v_stored || jsonb_build_object('tx_id', v_tx_id, 'status', 'duplicate', 'original_status', v_stored ->> 'status'));
      continue;
    end if;

    v_i := -1;
    v_table := null;
    begin
      if jsonb_typeof(v_tx -> 'ops') is distinct from 'array' or jsonb_array_length(v_tx -> 'ops') = 0 then
        raise exception using errcode = 'ZBOP0', message = 'transaction without operations';
      end if;
      for v_op in select value from jsonb_array_elements(v_tx -> 'ops') loop
        v_i := v_i + 1;
        v_table := v_op ->> 'table';
        if not v_columns ? coalesce(v_table, '') then
          v_columns := v_columns || jsonb_build_object(coalesce(v_table, ''), to_jsonb(app_private.sync_writable_columns(v_table)));
        end if;
        perform app_private.sync_apply_op(v_op, array(select jsonb_array_elements_text(v_columns -> coalesce(v_table, ''))));
      end loop;
      v_result := jsonb_build_object('status', 'applied');
      insert into public.sync_applied (client_id, tx_id, user_id, result) values (p_client_id, v_tx_id, v_uid, v_result);
    exception
      when unique_violation then
        -- Either an op collided, or a concurrent retry of this tx committed first (its record wins).
        get stacked diagnostics v_state = returned_sqlstate, v_text = message_text,
          v_column = column_name, v_constraint = constraint_name;
        select a.result into v_stored from public.sync_applied a where a.client_id = p_client_id and a.tx_id = v_tx_id;
        if found then
          v_results := v_results || jsonb_build_array(
            v_stored || jsonb_build_object('tx_id', v_tx_id, 'status', 'duplicate', 'original_status', v_stored ->> 'status'));
          continue;
        end if;
        v_result := jsonb_build_object('status', 'rejected', 'op_index', v_i)
          || app_private.sync_rejection(v_state, v_table, v_column, v_constraint, v_text);
      when others then
        get stacked diagnostics v_state = returned_sqlstate, v_text = message_text,
          v_column = column_name, v_constraint = constraint_name;
        -- Transient: the whole request fails and the client retries it later.
        if left(v_state, 2) in ('40', '53', '57', '58', '08', 'XX') or v_state = '55P03' then
          raise;
        end if;
        v_result := jsonb_build_object('status', 'rejected', 'op_index', v_i)
          || app_private.sync_rejection(v_state, v_table, v_column, v_constraint, v_text);
    end;

    if v_result ->> 'status' = 'rejected' then
      begin
        insert into public.sync_applied (client_id, tx_id, user_id, result) values (p_client_id, v_tx_id, v_uid, v_result);
      exception when unique_violation then
        select a.result into v_stored from public.sync_applied a where a.client_id = p_client_id and a.tx_id = v_tx_id;
        v_result := coalesce(v_stored, v_result)
          || jsonb_build_object('status', 'duplicate', 'original_status', coalesce(v_stored, v_result) ->> 'status');
      end;
    end if;
    v_results := v_results || jsonb_build_array(v_result || jsonb_build_object('tx_id', v_tx_id));
  end loop;
  return jsonb_build_object('results', v_results);
end
$$;

-- Pull: p_cursors = {table: {xid: text, id: uuid|null}}. One snapshot (STABLE: every statement in here
-- sees the snapshot of the calling query). Per table, rows with cursor <= (_xid, id) and _xid < fence,
-- where fence = pg_snapshot_xmin(current snapshot): every transaction below it has finished, so no row
-- below it can appear later. At most p_limit rows in total; a table with more gets a (xid, id) cursor.
create or replace function public.sync_pull(p_cursors jsonb, p_schema int, p_limit int default 2000)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_fence xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_horizon xid8 := app_private.sync_horizon();
  v_org uuid;
  v_branches uuid[];
  v_budget int := least(greatest(coalesce(p_limit, 2000), 1), 10000);
  v_t record;
  v_cur jsonb;
  v_xid xid8;
  v_id uuid;
  v_rows jsonb;
  v_n int;
  v_more boolean;
  v_last jsonb;
  v_next jsonb;
  v_scope_sql text;
  v_tables jsonb := '{}'::jsonb;
  v_reset text[] := '{}';
begin
  if auth.uid() is null then
    raise exception using errcode = '28000', message = 'sign in required';
  end if;
  if p_schema is distinct from 1 then
    raise exception using errcode = '22023', message = format('unsupported sync schema %s', p_schema),
      hint = 'update the app';
  end if;
  select s.org_id, s.branch_ids into v_org, v_branches from app_private.sync_scopes() s;

  for v_t in select * from app_private.sync_table_list() l
             where coalesce(p_cursors, '{}'::jsonb) = '{}'::jsonb or coalesce(p_cursors, '{}'::jsonb) ? l.table_name loop
    v_cur := coalesce(p_cursors, '{}'::jsonb) -> v_t.table_name;
    v_xid := coalesce(nullif(v_cur ->> 'xid', ''), '0')::xid8;
    v_id := nullif(v_cur ->> 'id', '')::uuid;
    if v_xid <> '0'::xid8 and v_xid < v_horizon then
      v_reset := v_reset || v_t.table_name;
      v_xid := '0'::xid8;
      v_id := null;
    end if;

    if v_org is null then
      v_tables := v_tables || jsonb_build_object(v_t.table_name, jsonb_build_object(
        'rows', '[]'::jsonb, 'gone', '[]'::jsonb, 'cursor', jsonb_build_object('xid', v_xid::text, 'id', v_id), 'more', false));
      continue;
    end if;
    if v_budget <= 0 then
      v_tables := v_tables || jsonb_build_object(v_t.table_name, jsonb_build_object(
        'rows', '[]'::jsonb, 'gone', '[]'::jsonb, 'cursor', jsonb_build_object('xid', v_xid::text, 'id', v_id), 'more', true));
      continue;
    end if;

    v_scope_sql := case v_t.scope
      when 'branch' then '(t.branch_id = any ($4) or (t.branch_id is null and t.org_id = $5))'
      else 't.org_id = $5' end;
    execute format(
      'select coalesce(jsonb_agg(to_jsonb(q) order by q._xid, q.id), ''[]''::jsonb), count(*)::int from ('
      '  select * from public.%I t where t._xid < $1 and %s and %s'
      '  order by t._xid, t.id limit $6) q',
      v_t.table_name,
      case when v_id is null then 't._xid >= $2' else '(t._xid, t.id) > ($2, $3)' end,
      v_scope_sql)
      into v_rows, v_n
      using v_fence, v_xid, v_id, v_branches, v_org, v_budget + 1;

    v_more := v_n > v_budget;
    if v_more then
      v_rows := v_rows - v_budget;
      v_last := v_rows -> (v_budget - 1);
      v_next := jsonb_build_object('xid', v_last ->> '_xid', 'id', v_last ->> 'id');
      v_budget := 0;
    else
      v_next := jsonb_build_object('xid', greatest(v_fence, v_xid)::text, 'id', null);
      v_budget := v_budget - v_n;
    end if;

    v_tables := v_tables || jsonb_build_object(v_t.table_name, jsonb_build_object(
      'rows', v_rows,
      'gone', case when v_t.scope = 'branch' and v_xid <> '0'::xid8
                then app_private.sync_departed(v_t.table_name, v_branches, v_xid,
                       case when v_more then (v_next ->> 'xid')::xid8 else v_fence end)
                else '[]'::jsonb end,
      'cursor', v_next,
      'more', v_more));
  end loop;

  return jsonb_build_object(
    'tables', v_tables,
    -- The caller's live roles too: a role gained or lost inside the same branches changes what RLS
    -- shows (check-in secrets, invite codes), which the device learns only by pulling anew.
    'scopes', jsonb_build_object('org_id', v_org, 'branch_ids', to_jsonb(coalesce(v_branches, '{}')),
      'roles', (select coalesce(jsonb_agg(m.mark order by m.mark), '[]'::jsonb)
                  from (select r.role || ':' || coalesce(r.branch_id::text, r.org_id::text) as mark
                          from public.user_roles r
                         where r.user_id = (select auth.uid()) and not r._deleted) m)),
    'horizon', v_horizon::text,
    'fence', v_fence::text,
    'reset', to_jsonb(v_reset));
end
$$;

revoke all on function public.sync_push(uuid, int, jsonb), public.sync_pull(jsonb, int, int) from public, anon;
grant execute on function public.sync_push(uuid, int, jsonb), public.sync_pull(jsonb, int, int) to authenticated;

-- Delete tombstones (and stored push outcomes) older than p_older_than and advance the horizon past
-- every purged tombstone. For a scheduler, e.g. pg_cron:
--   select cron.schedule('zhibu-purge-tombstones', '17 3 * * *', $$select app_private.purge_tombstones('30 days')$$);
-- A tombstone that another row still references stays until that row goes.
create or replace function app_private.purge_tombstones(p_older_than interval default '30 days')
returns bigint
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_t record;
  v_row record;
  v_purged bigint := 0;
  v_max xid8;
  v_pass int;
begin
  if p_older_than < interval '1 day' then
    raise exception using errcode = '22023', message = 'keep tombstones for at least one day';
  end if;
  -- Two passes: a tombstoned child goes in the first, which may free its tombstoned parent for the second.
  for v_pass in 1 .. 2 loop
    for v_t in select table_name from app_private.sync_table_list() loop
      for v_row in execute format(
        'select id, _xid from public.%I where _deleted and updated_at < now() - $1', v_t.table_name) using p_older_than
      loop
        begin
          execute format('delete from public.%I where id = $1', v_t.table_name) using v_row.id;
          v_purged := v_purged + 1;
          v_max := greatest(v_max, v_row._xid);
        exception when foreign_key_violation then
          null;
        end;
      end loop;
    end loop;
  end loop;
  if v_max is not null then
    update app_private.sync_state set horizon = greatest(horizon, (v_max::text::numeric + 1)::text::xid8);
  end if;
  delete from public.sync_applied where applied_at < now() - greatest(p_older_than, interval '90 days');
  delete from app_private.sync_departures where departed_at < now() - p_older_than;
  return v_purged;
end
$$;
revoke all on function app_private.purge_tombstones(interval) from public, anon, authenticated;
grant execute on function app_private.purge_tombstones(interval) to service_role;

select app_private.sync_prepare_tables();
