-- Admins' phones hold the whole organisation's roster (docs/architecture.md "Sync").
--
-- Until now an admin's sync scope had no branch (app_private.sync_scopes takes branches from member,
-- organizer and secretary roles only), so an admin's phone held nobody's roster row: 党员名册 opened
-- from 管理 was empty, an import into an existing branch could not match the people already there,
-- and 走访慰问 and 党小组 of another branch were out of reach. For a caller holding a live `admin`
-- role in the scope's organisation, sync_pull now selects these tables organisation-wide:
--   members, member_details, party_groups, visits, visit_participants
-- RLS already lets an admin read every row of them in his organisation (members_select,
-- member_details_select, party_groups_select, visits_select, visit_participants_select all have the
-- arm `org_id = any (org_ids_with(['admin']))`), and sync_pull stays SECURITY INVOKER, so RLS still
-- decides every row: a wider scope sends an admin nothing he could not read before. Every other
-- table, and every other caller's scope, is unchanged. All five tables carry `org_id`.
--
-- `scopes.wide_tables` names the tables pulled organisation-wide for this caller (`[]` for anyone
-- who is not an admin there); the device keeps a row of such a table when its `org_id` is the
-- scope's organisation, and starts its copy over when the list changes (admin granted or revoked;
-- the role marks in `scopes.roles` change too).
--
-- `gone` of a wide table: with the whole organisation in scope, a row that moved from one branch to
-- another has not left the scope (it arrives again in `rows` with its new branch), so a departure
-- counts only when the row is no longer in the organisation at all (left it, or deleted for good).
-- Tombstones reach the device as rows (`_deleted`); purged ones move the horizon (`reset`).

-- The tables an admin's phone pulls organisation-wide, when the caller is an admin of p_org.
create or replace function app_private.sync_wide_tables(p_org uuid) returns text[]
language sql stable security definer set search_path = ''
as $$
  select case
    when p_org is not null and exists (
      select 1 from public.user_roles r
       where r.user_id = (select auth.uid()) and r.org_id = p_org and r.role = 'admin' and not r._deleted)
    then array['member_details', 'members', 'party_groups', 'visit_participants', 'visits']
    else '{}'::text[] end
$$;

-- Removal ids for rows of p_table that left a branch of p_org in [p_from, p_fence) and are no longer
-- in p_org (for a table pulled organisation-wide: a move between its branches is not a departure).
create or replace function app_private.sync_departed_org(p_table text, p_org uuid, p_from xid8, p_fence xid8)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_gone jsonb;
begin
  if not exists (select 1 from app_private.sync_table_list() s where s.table_name = p_table) then
    return '[]'::jsonb;
  end if;
  execute format(
    'select coalesce(jsonb_agg(distinct d.row_id), ''[]''::jsonb) '
    '  from app_private.sync_departures d '
    '  join public.branches b on b.id = d.from_branch_id and b.org_id = $2 '
    ' where d.table_name = $1 and d._xid >= $3 and d._xid < $4 '
    '   and not exists (select 1 from public.%I t where t.id = d.row_id and t.org_id = $2)', p_table)
    into v_gone using p_table, p_org, p_from, p_fence;
  return v_gone;
end
$$;

revoke all on function app_private.sync_wide_tables(uuid), app_private.sync_departed_org(text, uuid, xid8, xid8)
  from public, anon;
grant execute on function app_private.sync_wide_tables(uuid), app_private.sync_departed_org(text, uuid, xid8, xid8)
  to authenticated;

-- Pull: as in 20261124000900_sync.sql, plus the organisation-wide tables of an admin.
create or replace function public.sync_pull(p_cursors jsonb, p_schema int, p_limit int default 2000)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  v_fence xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_horizon xid8 := app_private.sync_horizon();
  v_org uuid;
  v_branches uuid[];
  v_wide text[];
  v_is_wide boolean;
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
  v_wide := app_private.sync_wide_tables(v_org);

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

    v_is_wide := v_t.table_name = any (v_wide);
    v_scope_sql := case
      when v_is_wide or v_t.scope <> 'branch' then 't.org_id = $5'
      else '(t.branch_id = any ($4) or (t.branch_id is null and t.org_id = $5))' end;
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
      'gone', case
                when v_t.scope <> 'branch' or v_xid = '0'::xid8 then '[]'::jsonb
                when v_is_wide then app_private.sync_departed_org(v_t.table_name, v_org, v_xid,
                       case when v_more then (v_next ->> 'xid')::xid8 else v_fence end)
                else app_private.sync_departed(v_t.table_name, v_branches, v_xid,
                       case when v_more then (v_next ->> 'xid')::xid8 else v_fence end) end,
      'cursor', v_next,
      'more', v_more));
  end loop;

  return jsonb_build_object(
    'tables', v_tables,
    -- The caller's live roles too: a role gained or lost inside the same branches changes what RLS
    -- shows (check-in secrets, invite codes), which the device learns only by pulling anew.
    'scopes', jsonb_build_object('org_id', v_org, 'branch_ids', to_jsonb(coalesce(v_branches, '{}')),
      'wide_tables', to_jsonb(coalesce(v_wide, '{}')),
      'roles', (select coalesce(jsonb_agg(m.mark order by m.mark), '[]'::jsonb)
                  from (select r.role || ':' || coalesce(r.branch_id::text, r.org_id::text) as mark
                          from public.user_roles r
                         where r.user_id = (select auth.uid()) and not r._deleted) m)),
    'horizon', v_horizon::text,
    'fence', v_fence::text,
    'reset', to_jsonb(v_reset));
end
$$;

revoke all on function public.sync_pull(jsonb, int, int) from public, anon;
grant execute on function public.sync_pull(jsonb, int, int) to authenticated;
