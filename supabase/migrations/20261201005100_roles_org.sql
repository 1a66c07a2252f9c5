-- Roles with an audit trail, invite codes, the organisation's structure and transfers.
--
--   role_grants          every grant and revoke of a role: who, to whom, which role, where, when.
--                        Written only by a trigger on user_roles (so assign_role, revoke_role,
--                        join_branch and transfer_member all leave their trail); admins read it.
--   check_role_change    a target of another organisation is refused; a secretary grants and
--                        revokes only `organizer`, in his own branch, to a login on its roster.
--   rotate_branch_invite a new random invite code for a branch; the old one stops working.
--   active               units, branches and party groups are deactivated, never deleted.
--   transfer_member      a roster row moves to another branch of the organisation: the old row
--                        stays with its history (status 'transferred'), a new row carries the person.
--   org_directory, role_grant_history  what the 管理 screens read.

-- 1. The audit trail.
create table public.role_grants (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id),
  branch_id uuid,
  user_id uuid not null,
  member_id uuid,
  role text not null check (role in ('member', 'organizer', 'secretary', 'leader', 'admin')),
  action text not null check (action in ('grant', 'revoke')),
  by_user_id uuid not null,
  at timestamptz not null default pg_catalog.now(),
  constraint role_grants_scope check ((role in ('leader', 'admin')) = (branch_id is null)),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
create index role_grants_org_id_at_idx on public.role_grants (org_id, at desc);
create index role_grants_branch_id_org_id_idx on public.role_grants (branch_id, org_id);
create index role_grants_user_id_idx on public.role_grants (user_id);
create index role_grants_member_id_idx on public.role_grants (member_id);

alter table public.role_grants enable row level security;
create policy role_grants_select on public.role_grants for select to authenticated
  using (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
grant select on public.role_grants to authenticated;

-- Records a role row's birth (grant) and its tombstone (revoke). Only changes made by a signed-in
-- user are recorded: the migrations and the demo data set roles up without one (the demo's history
-- is written by the seed itself). The target's roster row in the role's branch, if any.
create function app_private.log_role_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_by uuid := auth.uid();
  v_action text;
begin
  if v_by is null then
    return null;
  end if;
  if tg_op = 'INSERT' and not new._deleted then
    v_action := 'grant';
  elsif tg_op = 'UPDATE' and new._deleted and not old._deleted then
    v_action := 'revoke';
  else
    return null;
  end if;
  insert into public.role_grants (org_id, branch_id, user_id, member_id, role, action, by_user_id)
  values (new.org_id, new.branch_id, new.user_id,
          (select m.id from public.members m
            where m.user_id = new.user_id and m.branch_id = new.branch_id and not m._deleted limit 1),
          new.role, v_action, v_by);
  return null;
end
$$;
create trigger log_role_change after insert or update of _deleted on public.user_roles
  for each row execute function app_private.log_role_change();
revoke all on function app_private.log_role_change() from public, anon, authenticated;

-- 2. Who may grant what. Replaces the first version: an admin's grant stays inside his
-- organisation (a login with a role or a roster row in another organisation is refused, so an
-- admin cannot reach into another organisation's users and their sync scope), and a secretary
-- grants or revokes `organizer` only.
create or replace function app_private.check_role_change(p_caller uuid, p_target uuid, p_role text, p_branch uuid) returns void
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
  if exists (select 1 from public.user_roles r where r.user_id = p_target and not r._deleted and r.org_id <> org)
     or exists (select 1 from public.members m where m.user_id = p_target and not m._deleted and m.org_id <> org) then
    raise exception '该账号属于其他组织，不能在本组织分配角色' using errcode = '42501';
  end if;
  caller_is_admin := exists (
    select 1 from public.user_roles r
    where r.user_id = p_caller and r.org_id = org and r.role = 'admin' and r.branch_id is null and not r._deleted);
  if caller_is_admin then
    return;
  end if;
  if p_role = 'organizer'
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

-- 3. The organisation's structure: deactivated, never deleted (history keeps pointing at it).
-- Who writes them is the existing policies: admins units and branches; a branch's secretary (and
-- admins) its party groups.
alter table public.units add column active boolean not null default true;
alter table public.branches add column active boolean not null default true;
alter table public.party_groups add column active boolean not null default true;

-- 4. Invite codes. 8 symbols without look-alikes (no 0/O, 1/I).
create function app_private.new_invite_code() returns text
language sql volatile security invoker set search_path = ''
as $$
  select pg_catalog.string_agg(
           pg_catalog.substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', (pg_catalog.get_byte(b, i) % 32) + 1, 1), '' order by i)
  from (select extensions.gen_random_bytes(8) as b) r, pg_catalog.generate_series(0, 7) as i
$$;

create function app_private.rotate_branch_invite(p_branch_id uuid) returns text
language plpgsql volatile security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  br record;
  v_code text;
  v_invite uuid;
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select b.id, b.org_id, b.active into br from public.branches b where b.id = p_branch_id and not b._deleted;
  if not found
     or not exists (select 1 from public.user_roles r
                    where r.user_id = uid and not r._deleted
                      and ((r.role = 'secretary' and r.branch_id = br.id)
                           or (r.role = 'admin' and r.branch_id is null and r.org_id = br.org_id))) then
    raise exception '只有本支部书记或管理员可以更换邀请码' using errcode = '42501';
  end if;
  if not br.active then
    raise exception '支部已停用，不能更换邀请码' using errcode = 'P0001';
  end if;
  loop
    v_code := app_private.new_invite_code();
    exit when not exists (select 1 from public.branch_invites i where i.code = v_code and not i._deleted);
  end loop;
  select i.id into v_invite from public.branch_invites i
  where i.branch_id = br.id and not i._deleted order by i.updated_at desc limit 1 for update;
  if v_invite is null then
    insert into public.branch_invites (id, org_id, branch_id, code) values (gen_random_uuid(), br.org_id, br.id, v_code);
  else
    update public.branch_invites set code = v_code, expires_at = null where id = v_invite;
    -- Any other live code of the branch stops working too.
    update public.branch_invites set _deleted = true where branch_id = br.id and id <> v_invite and not _deleted;
  end if;
  return v_code;
end
$$;

-- 5. Transfers. The caller is the origin branch's secretary or an admin of the organisation; the
-- destination is another active branch of the same organisation. The old row keeps everything that
-- happened (attendance, donations, ...) and becomes 'transferred'; the new row copies the person
-- (every column but the branch's own: group, committee seat, status, login) and their details when
-- the roster keeps them apart (member_details, read dynamically so this works with or without it).
-- The login link moves, the origin branch's roles are revoked and `member` is granted in the
-- destination: the audit trigger records each.
create function app_private.transfer_member(p_member_id uuid, p_to_branch_id uuid) returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  src public.members;
  dest record;
  v_new uuid := gen_random_uuid();
  v_user uuid;
  v_row jsonb;
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select * into src from public.members m where m.id = p_member_id and not m._deleted for update;
  if not found
     or not exists (select 1 from public.user_roles r
                    where r.user_id = uid and not r._deleted
                      and ((r.role = 'secretary' and r.branch_id = src.branch_id)
                           or (r.role = 'admin' and r.branch_id is null and r.org_id = src.org_id))) then
    raise exception '只有原支部书记或管理员可以办理转出' using errcode = '42501';
  end if;
  select b.id, b.org_id, b.active into dest from public.branches b where b.id = p_to_branch_id and not b._deleted;
  if not found or dest.org_id <> src.org_id then
    raise exception '只能转入本组织的支部' using errcode = '42501';
  end if;
  if dest.id = src.branch_id then
    raise exception '转入支部与原支部相同' using errcode = '22023';
  end if;
  if not dest.active then
    raise exception '转入支部已停用' using errcode = 'P0001';
  end if;
  if src.status in ('transferred', 'deceased') then
    raise exception '该名册记录不能转出' using errcode = 'P0001';
  end if;
  v_user := src.user_id;

  -- Roles first, while the old row still names the person (the trail records it).
  if v_user is not null then
    update public.user_roles set _deleted = true
    where user_id = v_user and branch_id = src.branch_id and not _deleted;
  end if;
  update public.members set status = 'transferred', user_id = null, is_committee = false, committee_title = null
  where id = src.id;

  v_row := pg_catalog.to_jsonb(src) || pg_catalog.jsonb_build_object(
    'id', v_new, 'branch_id', dest.id, 'group_id', null, 'user_id', v_user, 'is_committee', false,
    'committee_title', null, 'status', case when src.status = 'retired' then 'retired' else 'active' end);
  begin
    insert into public.members select (pg_catalog.jsonb_populate_record(null::public.members, v_row)).*;
  exception when unique_violation then
    raise exception '转入支部的名册中已有相同手机号的记录' using errcode = 'P0001';
  end;
  if pg_catalog.to_regclass('public.member_details') is not null then
    execute 'insert into public.member_details select (pg_catalog.jsonb_populate_record(null::public.member_details,
               pg_catalog.to_jsonb(d) || pg_catalog.jsonb_build_object(''id'', $2, ''branch_id'', $3))).*
             from public.member_details d where d.id = $1 and not d._deleted'
      using src.id, v_new, dest.id;
  end if;

  if v_user is not null
     and not exists (select 1 from public.user_roles r
                     where r.user_id = v_user and r.branch_id = dest.id and r.role = 'member' and not r._deleted) then
    insert into public.user_roles (id, org_id, branch_id, user_id, role)
    values (gen_random_uuid(), dest.org_id, dest.id, v_user, 'member');
  end if;
  return v_new;
end
$$;

-- 6. What the 管理 screens read. A login's name: its roster row's, else its account's.
create function app_private.login_name(p_user uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select m.name from public.members m where m.user_id = p_user and not m._deleted limit 1),
    (select coalesce(nullif(u.raw_user_meta_data ->> 'name', ''), u.email, u.phone) from auth.users u where u.id = p_user))
$$;

-- The organisation as its admin sees it (every branch), or a secretary's own branches: branches
-- with their invite code and party groups, the people on the roster who have a login, and the live
-- roles. Anyone else gets 42501.
create function app_private.org_directory() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  v_org uuid;
  v_branches uuid[];
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select r.org_id into v_org from public.user_roles r
  where r.user_id = uid and r.role = 'admin' and r.branch_id is null and not r._deleted limit 1;
  if v_org is not null then
    select coalesce(array_agg(b.id), '{}') into v_branches from public.branches b where b.org_id = v_org and not b._deleted;
  else
    select min(r.org_id::text)::uuid, coalesce(array_agg(r.branch_id), '{}') into v_org, v_branches
    from public.user_roles r where r.user_id = uid and r.role = 'secretary' and not r._deleted;
    if v_org is null then
      raise exception '只有管理员或支部书记可以查看' using errcode = '42501';
    end if;
  end if;
  return pg_catalog.jsonb_build_object(
    'admin', exists (select 1 from public.user_roles r
                     where r.user_id = uid and r.role = 'admin' and r.branch_id is null and not r._deleted),
    'branches', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
        'id', b.id, 'name', b.name, 'unit_id', b.unit_id, 'active', b.active,
        'invite_code', (select i.code from public.branch_invites i
                        where i.branch_id = b.id and not i._deleted order by i.updated_at desc limit 1),
        'groups', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'id', g.id, 'name', g.name, 'active', g.active) order by g.sort_order, g.name)
                            from public.party_groups g where g.branch_id = b.id and not g._deleted), '[]'))
        order by b.sort_order, b.name)
      from public.branches b where b.id = any (v_branches)), '[]'),
    'people', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
        'user_id', p.user_id, 'member_id', p.member_id, 'name', p.name, 'branch_id', p.branch_id) order by p.name)
      from (
        select m.user_id, m.id as member_id, m.name, m.branch_id
        from public.members m
        where m.user_id is not null and not m._deleted and m.branch_id = any (v_branches)
        union all
        -- Organisation-wide role holders without a roster row (admins see them).
        select distinct r.user_id, null::uuid, app_private.login_name(r.user_id), null::uuid
        from public.user_roles r
        where r.org_id = v_org and r.branch_id is null and not r._deleted
          and exists (select 1 from public.user_roles a where a.user_id = uid and a.role = 'admin' and a.org_id = v_org and not a._deleted)
          and not exists (select 1 from public.members m where m.user_id = r.user_id and not m._deleted)
      ) p), '[]'),
    'roles', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('user_id', r.user_id, 'role', r.role, 'branch_id', r.branch_id)
                                  order by r.role, r.branch_id)
      from public.user_roles r
      where r.org_id = v_org and not r._deleted
        and (r.branch_id = any (v_branches)
             or (r.branch_id is null
                 and exists (select 1 from public.user_roles a where a.user_id = uid and a.role = 'admin' and a.org_id = v_org and not a._deleted)))), '[]'));
end
$$;

-- The audit trail, newest first, for the caller's organisation's admins.
create function app_private.role_grant_history(p_limit integer default 200) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  v_org uuid;
begin
  if uid is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select r.org_id into v_org from public.user_roles r
  where r.user_id = uid and r.role = 'admin' and r.branch_id is null and not r._deleted limit 1;
  if v_org is null then
    raise exception '只有管理员可以查看授权记录' using errcode = '42501';
  end if;
  if p_limit is null or p_limit not between 1 and 1000 then
    raise exception '条数须在 1 到 1000 之间' using errcode = '22023';
  end if;
  return pg_catalog.jsonb_build_object('rows', coalesce((
    select pg_catalog.jsonb_agg(x.row order by x.at desc, x.id)
    from (
      select g.at, g.id, pg_catalog.jsonb_build_object(
        'id', g.id, 'at', g.at, 'action', g.action, 'role', g.role, 'branch_id', g.branch_id,
        'branch_name', b.name, 'user_id', g.user_id,
        'target_name', coalesce((select m.name from public.members m where m.id = g.member_id), app_private.login_name(g.user_id)),
        'by_user_id', g.by_user_id, 'by_name', app_private.login_name(g.by_user_id)) as row
      from public.role_grants g
      left join public.branches b on b.id = g.branch_id
      where g.org_id = v_org
      order by g.at desc, g.id
      limit p_limit
    ) x), '[]'));
end
$$;

-- 7. The API: invoker entry points in public over the definer bodies above.
create function public.rotate_branch_invite(p_branch_id uuid) returns text
language sql volatile security invoker set search_path = ''
as $$ select app_private.rotate_branch_invite(p_branch_id) $$;

create function public.transfer_member(p_member_id uuid, p_to_branch_id uuid) returns uuid
language sql volatile security invoker set search_path = ''
as $$ select app_private.transfer_member(p_member_id, p_to_branch_id) $$;

create function public.org_directory() returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.org_directory() $$;

create function public.role_grant_history(p_limit integer default 200) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.role_grant_history(p_limit) $$;

revoke all on function app_private.new_invite_code(), app_private.login_name(uuid) from public, anon, authenticated;
revoke all on function app_private.rotate_branch_invite(uuid), app_private.transfer_member(uuid, uuid),
  app_private.org_directory(), app_private.role_grant_history(integer),
  public.rotate_branch_invite(uuid), public.transfer_member(uuid, uuid),
  public.org_directory(), public.role_grant_history(integer) from public, anon;
grant execute on function app_private.rotate_branch_invite(uuid), app_private.transfer_member(uuid, uuid),
  app_private.org_directory(), app_private.role_grant_history(integer),
  public.rotate_branch_invite(uuid), public.transfer_member(uuid, uuid),
  public.org_directory(), public.role_grant_history(integer) to authenticated;

select app_private.sync_prepare_tables();
select app_private.prepare_tombstones();
