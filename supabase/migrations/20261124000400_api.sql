-- The RPC API for the app shell: who am I, joining a branch, and the checked role functions.
-- Errors a person reads are in Chinese; SQLSTATE 28000 = not signed in, 42501 = not allowed,
-- P0001 = a business rule (bad invite code, phone not on the roster, ...), 22023 = bad argument.

-- The caller's login, roster row and roles. Executable by authenticated only (anon gets 42501 from
-- the missing EXECUTE privilege); a token without a subject gets 28000.
create function public.me() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  result jsonb;
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select jsonb_build_object(
    'user_id', u.id,
    'email', u.email,
    'phone', app_private.normalize_phone(u.phone),
    -- Leaders and admins need not be on a roster: they are greeted by their login's name.
    'display_name', coalesce(
      (select m.name from public.members m where m.user_id = u.id and not m._deleted),
      nullif(u.raw_user_meta_data ->> 'name', ''), u.email, app_private.normalize_phone(u.phone)),
    'member', (
      select jsonb_build_object(
        'id', m.id, 'name', m.name, 'branch_id', m.branch_id, 'branch_name', b.name,
        'org_id', m.org_id, 'org_name', o.name)
      from public.members m
      join public.branches b on b.id = m.branch_id
      join public.orgs o on o.id = m.org_id
      where m.user_id = u.id and not m._deleted),
    'roles', coalesce((
      select jsonb_agg(jsonb_build_object('role', r.role, 'branch_id', r.branch_id, 'org_id', r.org_id)
                       order by r.branch_id nulls first, r.role)
      from public.user_roles r where r.user_id = u.id and not r._deleted), '[]'::jsonb))
  into result
  from auth.users u where u.id = uid;
  if result is null then
    raise exception '登录账号不存在' using errcode = '28000';
  end if;
  return result;
end
$$;

-- Phone numbers as people type them: spaces, dashes and a +86 / 86 prefix are dropped.
create function app_private.normalize_phone(p text) returns text
language sql immutable security invoker set search_path = ''
as $$
  select nullif(pg_catalog.regexp_replace(
    pg_catalog.regexp_replace(coalesce(p, ''), '[\s\-()]', '', 'g'), '^(\+?86)(?=1[3-9][0-9]{9}$)', ''), '')
$$;

-- Links the caller's login to the roster row of the invite code's branch that has this phone,
-- and makes the caller a member of that branch.
create function public.join_branch(p_invite_code text, p_phone text) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  v_code text := pg_catalog.upper(pg_catalog.btrim(coalesce(p_invite_code, '')));
  v_phone text := app_private.normalize_phone(p_phone);
  login_phone text;
  inv record;
  target record;
  existing uuid;
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select nullif(u.phone, '') into login_phone from auth.users u where u.id = uid and u.phone_confirmed_at is not null;
  if not exists (select 1 from auth.users u where u.id = uid) then
    raise exception '登录账号不存在' using errcode = '28000';
  end if;

  select i.branch_id, i.org_id into inv from public.branch_invites i
  where i.code = v_code and not i._deleted and (i.expires_at is null or i.expires_at > pg_catalog.now());
  if not found then
    raise exception '邀请码无效' using errcode = 'P0001';
  end if;

  if v_phone is null or v_phone !~ '^1[3-9][0-9]{9}$' then
    raise exception '手机号格式不正确' using errcode = '22023';
  end if;
  -- The roster row is found by phone, so only a login that has proved that phone may claim it:
  -- an invite code is shared with the whole branch and a colleague's number is no secret.
  if login_phone is null then
    raise exception '请先用手机号注册或在账号中验证手机号，再加入支部' using errcode = 'P0001';
  end if;
  if app_private.normalize_phone(login_phone) <> v_phone then
    raise exception '手机号与当前登录账号绑定的手机号不一致' using errcode = 'P0001';
  end if;

  select m.id into existing from public.members m
  where m.user_id = uid and not m._deleted and not (m.branch_id = inv.branch_id and m.phone = v_phone);
  if existing is not null then
    raise exception '当前账号已绑定其他名册记录，请联系支部书记' using errcode = 'P0001';
  end if;

  select m.id, m.user_id into target from public.members m
  where m.branch_id = inv.branch_id and m.phone = v_phone and not m._deleted
  for update;
  if not found then
    raise exception '该手机号不在支部名册中' using errcode = 'P0001';
  end if;
  if target.user_id is not null and target.user_id <> uid then
    raise exception '该名册记录已绑定其他账号' using errcode = 'P0001';
  end if;

  if target.user_id is null then
    update public.members set user_id = uid where id = target.id;
    if not exists (select 1 from public.user_roles r
                   where r.user_id = uid and r.branch_id = inv.branch_id and not r._deleted) then
      insert into public.user_roles (id, org_id, branch_id, user_id, role)
      values (gen_random_uuid(), inv.org_id, inv.branch_id, uid, 'member');
    end if;
  elsif not exists (select 1 from public.user_roles r
                    where r.user_id = uid and r.branch_id = inv.branch_id and not r._deleted) then
    -- Already linked, but the branch revoked every role: joining again must not undo that.
    raise exception '你在本支部的权限已被撤销，请联系支部书记' using errcode = 'P0001';
  end if;

  return public.me();
end
$$;

-- Grants a role. An admin may grant any role in the organisation; a branch secretary may grant
-- member or organizer in his own branch to a login linked to that branch's roster. Nobody changes
-- his own roles. Returns the role row's id.
create function public.assign_role(p_user_id uuid, p_role text, p_branch_id uuid default null) returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  org uuid;
  rid uuid;
begin
  perform app_private.check_role_change(uid, p_user_id, p_role, p_branch_id);
  org := app_private.role_change_org(uid, p_branch_id);
  select r.id into rid from public.user_roles r
  where r.user_id = p_user_id and r.org_id = org and r.role = p_role
    and r.branch_id is not distinct from p_branch_id and not r._deleted;
  if rid is null then
    rid := gen_random_uuid();
    insert into public.user_roles (id, org_id, branch_id, user_id, role)
    values (rid, org, p_branch_id, p_user_id, p_role);
  end if;
  return rid;
end
$$;

-- Takes a role away (a tombstone, so that devices drop it at the next sync). Same rules as assign_role.
create function public.revoke_role(p_user_id uuid, p_role text, p_branch_id uuid default null) returns boolean
language plpgsql volatile security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  org uuid;
begin
  perform app_private.check_role_change(uid, p_user_id, p_role, p_branch_id);
  org := app_private.role_change_org(uid, p_branch_id);
  update public.user_roles r set _deleted = true
  where r.user_id = p_user_id and r.org_id = org and r.role = p_role
    and r.branch_id is not distinct from p_branch_id and not r._deleted;
  return found;
end
$$;

-- The organisation a role change happens in: the branch's, or the caller's for organisation-wide roles.
create function app_private.role_change_org(caller uuid, branch uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select case
    when branch is not null then (select b.org_id from public.branches b where b.id = branch and not b._deleted)
    else (select r.org_id from public.user_roles r
          where r.user_id = caller and r.role = 'admin' and r.branch_id is null and not r._deleted limit 1)
  end
$$;

create function app_private.check_role_change(p_caller uuid, p_target uuid, p_role text, p_branch uuid) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  org uuid := app_private.role_change_org(p_caller, p_branch);
  caller_is_admin boolean;
begin
  if p_caller is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  if p_target is null or p_role is null then
    raise exception '缺少用户或角色' using errcode = '22023';
  end if;
  if p_target = p_caller then
    raise exception '不能修改自己的角色' using errcode = '42501';
  end if;
  if p_role not in ('member', 'organizer', 'secretary', 'leader', 'admin') then
    raise exception '未知角色：%', p_role using errcode = '22023';
  end if;
  if (p_role in ('leader', 'admin')) <> (p_branch is null) then
    raise exception '支部角色必须指定支部，领导和管理员角色不能指定支部' using errcode = '22023';
  end if;
  if org is null then
    raise exception '无权分配该角色' using errcode = '42501';
  end if;
  if not exists (select 1 from auth.users u where u.id = p_target) then
    raise exception '登录账号不存在' using errcode = 'P0001';
  end if;
  caller_is_admin := exists (
    select 1 from public.user_roles r
    where r.user_id = p_caller and r.org_id = org and r.role = 'admin' and r.branch_id is null and not r._deleted);
  if caller_is_admin then
    return;
  end if;
  if p_role in ('member', 'organizer') and p_branch is not null
     and exists (select 1 from public.user_roles r
                 where r.user_id = p_caller and r.branch_id = p_branch and r.role = 'secretary' and not r._deleted) then
    if not exists (select 1 from public.members m where m.user_id = p_target and m.branch_id = p_branch and not m._deleted) then
      raise exception '该账号未绑定本支部名册' using errcode = 'P0001';
    end if;
    return;
  end if;
  raise exception '无权分配该角色' using errcode = '42501';
end
$$;

revoke all on function public.me(), public.join_branch(text, text), public.assign_role(uuid, text, uuid),
  public.revoke_role(uuid, text, uuid) from public, anon;
grant execute on function public.me(), public.join_branch(text, text), public.assign_role(uuid, text, uuid),
  public.revoke_role(uuid, text, uuid) to authenticated;
revoke all on function app_private.normalize_phone(text), app_private.role_change_org(uuid, uuid),
  app_private.check_role_change(uuid, uuid, text, uuid) from public, anon, authenticated;
