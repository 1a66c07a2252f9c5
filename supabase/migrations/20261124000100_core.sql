-- Core: the private helper schema, the sync-column trigger, and the organisation tables
-- (orgs, units, branches, branch invites, party groups, the roster and the roles).

create schema if not exists app_private;
revoke all on schema app_private from public;
revoke all on schema app_private from anon, authenticated;

-- Nothing created from here on is reachable by the API roles unless it is granted explicitly.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke execute on functions from public, anon, authenticated;
alter default privileges revoke execute on functions from public;

-- Evidence photos: a short array of storage object paths.
create domain public.evidence_paths as jsonb
  check (
    jsonb_typeof(value) = 'array'
    and jsonb_array_length(value) <= 20
    and not jsonb_path_exists(value, '$[*] ? (@.type() != "string")')
    and not jsonb_path_exists(value, '$[*] ? (!(@ like_regex "^[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}$"))')
  );

-- True when the current role is a database administrator (migrations, seed, SECURITY DEFINER
-- functions owned by the migration role); false for the API roles. Must stay SECURITY INVOKER:
-- it reads current_user, which a definer function would replace with its owner.
create function app_private.is_trusted() returns boolean
language sql stable security invoker set search_path = ''
as $$
  select coalesce((select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r where r.rolname = current_user), false)
$$;

-- Sets the sync columns on every write; values sent by a client are ignored.
create function app_private.touch_sync_columns() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  trusted boolean := app_private.is_trusted();
  o jsonb;
  n jsonb;
begin
  if tg_op = 'INSERT' then
    new._ver := 1;
    new._deleted := coalesce(new._deleted, false);
  else
    if not trusted then
      o := to_jsonb(old);
      n := to_jsonb(new);
      if n ->> 'id' is distinct from o ->> 'id'
         or n ->> 'org_id' is distinct from o ->> 'org_id'
         or n ->> 'branch_id' is distinct from o ->> 'branch_id' then
        raise exception '记录的归属（组织、支部）不能修改' using errcode = '42501';
      end if;
      if old._deleted and not new._deleted then
        raise exception '已删除的记录不能恢复' using errcode = '42501';
      end if;
    end if;
    new._ver := old._ver + 1;
  end if;
  new._xid := pg_catalog.pg_current_xact_id();
  new.updated_at := pg_catalog.now();
  new.updated_by := auth.uid();
  return new;
end
$$;

-- Adds the sync columns, their trigger and the pull index to a table.
create function app_private.make_synced(t regclass) returns void
language plpgsql security invoker set search_path = ''
as $$
declare
  rel text := (select c.relname from pg_catalog.pg_class c where c.oid = t);
begin
  execute pg_catalog.format(
    'alter table %s
       add column _xid xid8 not null default pg_catalog.pg_current_xact_id(),
       add column _ver bigint not null default 1,
       add column _deleted boolean not null default false,
       add column updated_at timestamptz not null default pg_catalog.now(),
       add column updated_by uuid', t);
  execute pg_catalog.format(
    'create trigger touch_sync_columns before insert or update on %s
       for each row execute function app_private.touch_sync_columns()', t);
  execute pg_catalog.format('create index %I on %s (_xid)', rel || '_xid_idx', t);
end
$$;
revoke all on function app_private.make_synced(regclass) from public;

create table public.orgs (
  id uuid primary key,
  org_id uuid not null,
  name text not null check (char_length(name) between 1 and 100),
  short_name text check (char_length(short_name) between 1 and 30),
  constraint orgs_org_id_is_id check (org_id = id)
);
select app_private.make_synced('public.orgs');
create index orgs_org_id_idx on public.orgs (org_id);

create table public.units (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  name text not null check (char_length(name) between 1 and 100),
  kind text not null check (kind in ('department', 'subunit')),
  sort_order integer not null default 0 check (sort_order between 0 and 100000),
  unique (id, org_id)
);
select app_private.make_synced('public.units');
create index units_org_id_idx on public.units (org_id);

create table public.branches (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  unit_id uuid,
  name text not null check (char_length(name) between 1 and 100),
  sort_order integer not null default 0 check (sort_order between 0 and 100000),
  unique (id, org_id),
  foreign key (unit_id, org_id) references public.units (id, org_id)
);
select app_private.make_synced('public.branches');
create index branches_org_id_idx on public.branches (org_id);
create index branches_unit_id_idx on public.branches (unit_id);

-- Kept apart from branches so that only the branch's secretary and the admins can read the code.
create table public.branch_invites (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  code text not null check (code ~ '^[A-Z0-9]{4,16}$'),
  expires_at timestamptz check (expires_at between '2000-01-01' and '2100-12-31'),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.branch_invites');
create unique index branch_invites_code_key on public.branch_invites (code) where not _deleted;
create index branch_invites_org_id_idx on public.branch_invites (org_id);
create index branch_invites_branch_id_idx on public.branch_invites (branch_id);

create table public.party_groups (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  name text not null check (char_length(name) between 1 and 50),
  sort_order integer not null default 0 check (sort_order between 0 and 100000),
  unique (id, branch_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.party_groups');
create index party_groups_org_id_idx on public.party_groups (org_id);
create index party_groups_branch_id_idx on public.party_groups (branch_id);

-- The roster. A person who moves to another branch keeps this row (status 'transferred') and gets a
-- new one in the new branch, so a row never changes branch and its history stays where it happened.
create table public.members (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  group_id uuid,
  unit_id uuid,
  user_id uuid unique,
  name text not null check (char_length(btrim(name)) between 1 and 50),
  phone text check (phone ~ '^1[3-9][0-9]{9}$'),
  gender text check (gender in ('male', 'female')),
  birth_date date check (birth_date between '1900-01-01' and '2100-12-31'),
  joined_party_on date check (joined_party_on between '1900-01-01' and '2100-12-31'),
  member_type text not null default 'full' check (member_type in ('full', 'probationary')),
  status text not null default 'active'
    check (status in ('active', 'retired', 'transferred', 'suspended', 'deceased')),
  is_committee boolean not null default false,
  committee_title text check (char_length(committee_title) between 1 and 30),
  note text check (char_length(note) <= 500),
  constraint members_joined_after_birth check (joined_party_on is null or birth_date is null or joined_party_on > birth_date),
  unique (id, branch_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (group_id, branch_id) references public.party_groups (id, branch_id),
  foreign key (unit_id, org_id) references public.units (id, org_id)
);
select app_private.make_synced('public.members');
create index members_org_id_idx on public.members (org_id);
create index members_branch_id_idx on public.members (branch_id);
create index members_group_id_idx on public.members (group_id);
create index members_unit_id_idx on public.members (unit_id);
create unique index members_branch_phone_key on public.members (branch_id, phone) where phone is not null and not _deleted;

-- The roster link (user_id) is set only by join_branch and the admin functions.
create function app_private.guard_member_link() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  if app_private.is_trusted() then
    return new;
  end if;
  if tg_op = 'INSERT' and new.user_id is not null then
    raise exception '名册记录只能通过邀请码绑定账号' using errcode = '42501';
  end if;
  if tg_op = 'UPDATE' and new.user_id is distinct from old.user_id then
    raise exception '名册记录只能通过邀请码绑定账号' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger guard_member_link before insert or update on public.members
  for each row execute function app_private.guard_member_link();

-- Roles are written only by public.assign_role / public.revoke_role / public.join_branch.
create table public.user_roles (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  branch_id uuid,
  user_id uuid not null,
  role text not null check (role in ('member', 'organizer', 'secretary', 'leader', 'admin')),
  constraint user_roles_scope check (
    (role in ('member', 'organizer', 'secretary') and branch_id is not null)
    or (role in ('leader', 'admin') and branch_id is null)
  ),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.user_roles');
create index user_roles_user_id_idx on public.user_roles (user_id);
create index user_roles_org_id_idx on public.user_roles (org_id);
create index user_roles_branch_id_idx on public.user_roles (branch_id);
create unique index user_roles_one_key on public.user_roles
  (user_id, org_id, role, coalesce(branch_id, '00000000-0000-0000-0000-000000000000'::uuid)) where not _deleted;

create function app_private.guard_user_roles() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  if not app_private.is_trusted() then
    raise exception '角色只能由书记或管理员通过授权功能分配' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger guard_user_roles before insert or update on public.user_roles
  for each row execute function app_private.guard_user_roles();
