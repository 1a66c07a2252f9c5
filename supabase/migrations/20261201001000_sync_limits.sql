-- How much one request may ask of the server, whose stored outcome a retry gets, and what a refusal
-- tells the client (docs/architecture.md "Sync", "Limits").
--
-- Limits of sync_push, checked before anything is applied (counting is cheap: array lengths and
-- one look at each operation's table and token):
--   500 transactions per request     unchanged; the client sends at most 500 outbox entries at once.
--   100 operations per transaction   a transaction is one user action (a form saved, a row
--                                    marked: one or a few operations; "confirm all 待核实" of one
--                                    event, the largest the app makes, is written in transactions
--                                    of at most 100). A transaction cannot be split, so its size
--                                    bounds how long another user waits on a backend with one
--                                    connection (the embedded PGlite runs a large push in parts of
--                                    whole transactions: 100 operations take 0.2-0.5 s there, 500
--                                    took 0.7-2.3 s). A larger one is rejected unopened
--                                    (`too_many_operations`, shown in 需处理).
--   5,000 operations per request     what the server applies in about a second on PostgreSQL and a
--                                    few on the embedded PGlite (10,000 took 5.5 s and 15 s); a
--                                    request over it is refused (22023, hint `sync_too_many_operations`).
--   50 check-ins per request         an operation that carries a check-in token costs the server up
--                                    to 245 HMACs when the code is wrong (window ± 2, then 240 windows
--                                    back to tell "expired" from "invalid"); 50 bound that to about
--                                    12,000 HMACs. A phone rarely holds more than a few check-ins,
--                                    so a real one never comes near. A request over it is refused
--                                    (22023, hint `sync_too_many_checkins`); a transaction with more
--                                    than 50 is rejected unopened (`too_many_checkins`).
-- The client batches its outbox within these limits (src/data/sync/engine.ts), counting a
-- transaction it knows will be rejected unopened as the server does: as nothing. So a request the
-- client builds is never refused whole, and its outbox never stalls on a limit.
--
-- Statement timeouts for the API roles (PostgREST applies the impersonated role's settings):
-- Supabase's own defaults, set here so that every deployment has them and the migrations say so.
-- 8 s bounds the largest allowed push on PostgreSQL with room to spare; anon may call nothing that
-- needs more than 3 s (it executes no function of ours).
alter role authenticated set statement_timeout = '8s';
alter role anon set statement_timeout = '3s';

-- A stored outcome belongs to the user who pushed it: the key includes the user, so one user can
-- never occupy (or read) another's (client_id, tx_id). Retries by the same user stay idempotent.
alter table public.sync_applied drop constraint sync_applied_pkey;
alter table public.sync_applied add primary key (user_id, client_id, tx_id);

-- A person-readable rejection: a code the app recognises and a Chinese message, never the
-- database's own text (constraint names, "Key (...) is not present in table ...").
--   p_column      the column the error names, if any (shown: the client sent it by that name)
--   p_constraint  used only to find the constraint's columns, never shown
-- A domain rule's own message (Chinese, written for the user) is passed on only for the SQLSTATEs
-- our functions and triggers raise with one (42501, P0001, 22023 and the ZB... codes); any other
-- error's text is dropped.
create or replace function app_private.sync_rejection(p_state text, p_table text, p_column text, p_constraint text, p_text text)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_col text := nullif(p_column, '');
begin
  if v_col is null and nullif(p_constraint, '') is not null then
    select pg_catalog.string_agg(a.attname, '、' order by a.attnum) into v_col
    from pg_catalog.pg_constraint k
    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
    where k.conname = p_constraint and k.conrelid = pg_catalog.to_regclass('public.' || pg_catalog.quote_ident(p_table))
      and a.attname not in ('_xid', '_ver', '_deleted', 'updated_at', 'updated_by');
  end if;
  if v_col is not null and v_col !~ '^[a-z_][a-z0-9_、]{0,200}$' then
    v_col := null;
  end if;
  if p_text ~ '[一-龥]' and (p_state in ('42501', 'P0001', '22023') or (p_state like 'ZB%' and p_state not in ('ZBDEL', 'ZBCFA', 'ZBTAB', 'ZBOP0'))) then
    -- `rule`: the message is a domain rule's own words (a trigger's), for the app to show as written.
    return jsonb_build_object('code', case when p_state = '42501' then 'forbidden' else 'refused_' || lower(p_state) end,
                              'message', left(p_text, 300), 'rule', true);
  end if;
  return jsonb_build_object('rule', false) || case
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
    -- The same answer whether the referenced row does not exist or exists where the caller cannot
    -- see it (another organisation, another branch): references are keyed by organisation or
    -- branch, so both fail the same foreign key.
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
  end;
end
$$;
revoke all on function app_private.sync_rejection(text, text, text, text, text) from public, anon;
grant execute on function app_private.sync_rejection(text, text, text, text, text) to authenticated;

-- Whether an operation carries a check-in token (what makes the server compute HMACs).
create or replace function app_private.sync_op_is_checkin(p_op jsonb) returns boolean
language sql immutable security invoker set search_path = ''
as $$
  select pg_catalog.jsonb_typeof(p_op) = 'object' and p_op ->> 'table' = 'attendance'
     and pg_catalog.jsonb_typeof(p_op -> 'row') = 'object'
     and pg_catalog.jsonb_typeof(p_op -> 'row' -> 'checkin_token') = 'string'
$$;
revoke all on function app_private.sync_op_is_checkin(jsonb) from public, anon;
grant execute on function app_private.sync_op_is_checkin(jsonb) to authenticated;

-- The request-level checks of sync_push, made before anything is applied: the caller, the schema,
-- the shape, and the per-request limits (22023 with a hint code; the whole request is refused).
-- Returns the transactions over a per-transaction limit, which sync_push rejects unopened, as
-- {"<ordinal in p_txs>": "too_many_operations" | "too_many_checkins"}; they count for nothing here.
-- The embedded local backend also calls it alone, once for a whole request, before it runs a large
-- push as several calls of sync_push (supabase/local/push-chunks.ts).
create or replace function app_private.sync_push_check(p_client_id uuid, p_schema int, p_txs jsonb)
returns jsonb
language plpgsql stable security invoker set search_path = ''
as $$
declare
  c_max_txs constant int := 500;
  c_max_tx_ops constant int := 100;
  c_max_ops constant int := 5000;
  c_max_checkins constant int := 50;
  v_tx jsonb;
  v_k bigint;
  v_n_ops int;
  v_n_checkins int;
  v_ops int := 0;
  v_checkins int := 0;
  v_too_big jsonb := '{}'::jsonb;
begin
  if auth.uid() is null then
    raise exception using errcode = '28000', message = 'sign in required';
  end if;
  if p_schema is distinct from 1 then
    raise exception using errcode = '22023', message = format('unsupported sync schema %s', p_schema),
      hint = 'update the app';
  end if;
  if p_client_id is null or jsonb_typeof(p_txs) is distinct from 'array' then
    raise exception using errcode = '22023', message = '同步请求的格式不正确，请更新应用', hint = 'sync_bad_request';
  end if;
  if jsonb_array_length(p_txs) > c_max_txs then
    raise exception using errcode = '22023', message = '一次同步的修改过多（最多500项），请稍后重试',
      hint = 'sync_too_many_transactions';
  end if;

  for v_tx, v_k in select value, ordinality from jsonb_array_elements(p_txs) with ordinality loop
    if jsonb_typeof(v_tx) is distinct from 'object' or jsonb_typeof(v_tx -> 'tx_id') is distinct from 'string'
       or (v_tx ->> 'tx_id') !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' then
      raise exception using errcode = '22023', message = '同步请求的格式不正确，请更新应用', hint = 'sync_bad_request';
    end if;
    v_n_ops := case when jsonb_typeof(v_tx -> 'ops') = 'array' then jsonb_array_length(v_tx -> 'ops') else 0 end;
    if v_n_ops > c_max_tx_ops then
      v_too_big := v_too_big || jsonb_build_object(v_k::text, 'too_many_operations');
      continue;
    end if;
    select count(*)::int into v_n_checkins
    from jsonb_array_elements(case when v_n_ops > 0 then v_tx -> 'ops' else '[]'::jsonb end) o
    where app_private.sync_op_is_checkin(o);
    if v_n_checkins > c_max_checkins then
      v_too_big := v_too_big || jsonb_build_object(v_k::text, 'too_many_checkins');
      continue;
    end if;
    v_ops := v_ops + v_n_ops;
    v_checkins := v_checkins + v_n_checkins;
  end loop;
  if v_ops > c_max_ops then
    raise exception using errcode = '22023', message = '一次同步的操作过多（最多5000个），请稍后重试',
      hint = 'sync_too_many_operations';
  end if;
  if v_checkins > c_max_checkins then
    raise exception using errcode = '22023', message = '一次同步的签到过多（最多50次），请稍后重试',
      hint = 'sync_too_many_checkins';
  end if;
  return v_too_big;
end
$$;
revoke all on function app_private.sync_push_check(uuid, int, jsonb) from public, anon;
grant execute on function app_private.sync_push_check(uuid, int, jsonb) to authenticated;

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
  v_k bigint;
  v_too_big jsonb;
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
  -- Refuses the whole request, or names the transactions to reject unopened.
  v_too_big := app_private.sync_push_check(p_client_id, p_schema, p_txs);

  for v_tx, v_k in select value, ordinality from jsonb_array_elements(p_txs) with ordinality loop
    v_tx_id := (v_tx ->> 'tx_id')::uuid;
    select a.result into v_stored from public.sync_applied a
     where a.user_id = v_uid and a.client_id = p_client_id and a.tx_id = v_tx_id;
    if found then
      v_results := v_results || jsonb_build_array(
        v_stored || jsonb_build_object('tx_id', v_tx_id, 'status', 'duplicate', 'original_status', v_stored ->> 'status'));
      continue;
    end if;

    if v_too_big ? v_k::text then
      v_result := jsonb_build_object('status', 'rejected') || case when v_too_big ->> v_k::text = 'too_many_operations'
        then jsonb_build_object('code', 'too_many_operations',
               'message', '这项修改包含的操作过多（每项最多100个），无法同步')
        else jsonb_build_object('code', 'too_many_checkins',
               'message', '这项修改包含的签到过多（每项最多50次），无法同步') end;
    else
      v_i := -1;
      v_table := null;
      begin
        if jsonb_typeof(v_tx -> 'ops') is distinct from 'array' or jsonb_array_length(v_tx -> 'ops') = 0 then
          raise exception using errcode = 'ZBOP0', message = 'transaction without operations';
        end if;
        for v_op in select value from jsonb_array_elements(v_tx -> 'ops') loop
          v_i := v_i + 1;
          v_table := case when jsonb_typeof(v_op) = 'object' then v_op ->> 'table' end;
          if jsonb_typeof(v_op) is distinct from 'object' then
            raise exception using errcode = 'ZBOP0', message = 'operation is not an object';
          end if;
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
          select a.result into v_stored from public.sync_applied a
           where a.user_id = v_uid and a.client_id = p_client_id and a.tx_id = v_tx_id;
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
    end if;

    if v_result ->> 'status' = 'rejected' then
      begin
        insert into public.sync_applied (client_id, tx_id, user_id, result) values (p_client_id, v_tx_id, v_uid, v_result);
      exception when unique_violation then
        select a.result into v_stored from public.sync_applied a
         where a.user_id = v_uid and a.client_id = p_client_id and a.tx_id = v_tx_id;
        v_result := coalesce(v_stored, v_result)
          || jsonb_build_object('status', 'duplicate', 'original_status', coalesce(v_stored, v_result) ->> 'status');
      end;
    end if;
    v_results := v_results || jsonb_build_array(v_result || jsonb_build_object('tx_id', v_tx_id));
  end loop;
  return jsonb_build_object('results', v_results);
end
$$;

revoke all on function public.sync_push(uuid, int, jsonb) from public, anon;
grant execute on function public.sync_push(uuid, int, jsonb) to authenticated;
