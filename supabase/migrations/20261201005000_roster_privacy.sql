-- The roster holds every person of the agency, and what only the committee needs of a person is
-- kept where row-level security can protect it (个人信息保护法: least privilege; DESIGN.md §1).
--
--   political status  members.member_type: 'full' 正式党员, 'probationary' 预备党员, 'league' 共青团员,
--                     'masses' 群众, 'other' 其他. A party member is 'full' or 'probationary'; branch
--                     life (三会一课, 主题党日, study and seminars) expects party members only, the
--                     campaigns (volunteer, blood_drive, donation_drive, visit, training) everyone
--                     (src/domain/eventAudience.ts, and app_private.expects_member below).
--   left              members.status 'left' (离开): the person left the agency; never expected again.
--   training          events.kind 'training' (培训), open to all staff.
--   member_details    one row per roster row, id = the member's id: phone, birth date, ID number and
--                     the committee's note, moved out of members (which every colleague reads).
--                     Read by the person himself, his branch's organizers and secretary and the
--                     organisation's admins; written by the branch secretary and the admins. Leaders
--                     read the roster (names, groups, titles) but not these: their review works on
--                     aggregates and needs nobody's phone or birth date.
--   donations         a member's donations and blood donations (amounts, volumes and notes) are his
--   blood_donations   own, as study logs are (20261201000300_own_records_private.sql): the member,
--                     the branch's organizers and secretary, the organisation's leaders and admins.
--                     The whole row is personal (how much a colleague gave is no colleague's
--                     business), so the rows are made private rather than only their notes moved;
--                     totals reach leaders through the review functions. Writes are unchanged.
-- Leave reasons (attendance) and signature strokes (pledge_signatures) are already private to
-- colleagues since 20261201000300; tests/db/matrix.ts proves all of these rows.

-- Political status and leaving (a tombstone's cleared columns pass, as 20261201001300 made them).
alter table public.members drop constraint members_member_type_check;
alter table public.members add constraint members_member_type_check
  check (_deleted or member_type in ('full', 'probationary', 'league', 'masses', 'other'));
alter table public.members drop constraint members_status_check;
alter table public.members add constraint members_status_check
  check (_deleted or status in ('active', 'retired', 'transferred', 'suspended', 'deceased', 'left'));

alter table public.events drop constraint events_kind_check;
alter table public.events add constraint events_kind_check check (kind in (
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day',
  'group_study', 'seminar', 'volunteer', 'blood_drive', 'donation_drive', 'visit',
  'org_life_meeting', 'member_appraisal', 'training'));

-- Personal details, one row per roster row.
create table public.member_details (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  phone text constraint member_details_phone_check check (phone ~ '^1[3-9][0-9]{9}$'),
  birth_date date constraint member_details_birth_date_check check (birth_date between '1900-01-01' and '2100-12-31'),
  id_number text constraint member_details_id_number_check check (id_number ~ '^[0-9]{17}[0-9X]$'),
  note text constraint member_details_note_check check (char_length(note) <= 500),
  unique (id, branch_id),
  foreign key (id, branch_id) references public.members (id, branch_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.member_details');
create index member_details_org_id_idx on public.member_details (org_id);
create index member_details_branch_id_org_id_idx on public.member_details (branch_id, org_id);
create unique index member_details_branch_phone_key on public.member_details (branch_id, phone)
  where phone is not null and not _deleted;

insert into public.member_details (id, org_id, branch_id, phone, birth_date, note)
select m.id, m.org_id, m.branch_id, m.phone, m.birth_date, m.note
from public.members m
where not m._deleted and (m.phone is not null or m.birth_date is not null or m.note is not null);

-- Joining the party after being born: a check across the two tables, by trigger on each side.
alter table public.members drop constraint members_joined_after_birth;
alter table public.members drop column phone, drop column birth_date, drop column note;

create function app_private.check_joined_after_birth() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_joined date;
  v_birth date;
begin
  if new._deleted then
    return new;
  end if;
  if tg_table_name = 'member_details' then
    v_birth := new.birth_date;
    select m.joined_party_on into v_joined from public.members m where m.id = new.id;
  else
    v_joined := new.joined_party_on;
    select d.birth_date into v_birth from public.member_details d where d.id = new.id and not d._deleted;
  end if;
  if v_joined is not null and v_birth is not null and v_joined <= v_birth then
    raise exception '入党日期必须晚于出生日期' using errcode = '23514',
      column = case when tg_table_name = 'member_details' then 'birth_date' else 'joined_party_on' end;
  end if;
  return new;
end
$$;
revoke all on function app_private.check_joined_after_birth() from public, anon, authenticated;
create trigger check_joined_after_birth before insert or update of birth_date, _deleted on public.member_details
  for each row execute function app_private.check_joined_after_birth();
create trigger check_joined_after_birth before insert or update of joined_party_on on public.members
  for each row execute function app_private.check_joined_after_birth();

alter table public.member_details enable row level security;
create policy member_details_select on public.member_details for select to authenticated
  using (id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy member_details_insert on public.member_details for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy member_details_update on public.member_details for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
revoke all on public.member_details from public, anon, authenticated;
grant select, insert, update on public.member_details to authenticated;

-- Donations and blood donations: the member's own, his branch's committee, leaders and admins.
drop policy donations_select on public.donations;
create policy donations_select on public.donations for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
drop policy blood_donations_select on public.blood_donations;
create policy blood_donations_select on public.blood_donations for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

-- join_branch finds the roster row by the phone in member_details (the body of 20261124000400,
-- moved to app_private by 20261201002000; only the two lookups change).
create or replace function app_private.join_branch(p_invite_code text, p_phone text) returns jsonb
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
  where m.user_id = uid and not m._deleted
    and not (m.branch_id = inv.branch_id
             and exists (select 1 from public.member_details d where d.id = m.id and d.phone = v_phone and not d._deleted));
  if existing is not null then
    raise exception '当前账号已绑定其他名册记录，请联系支部书记' using errcode = 'P0001';
  end if;

  select m.id, m.user_id into target from public.members m
  join public.member_details d on d.id = m.id and d.branch_id = m.branch_id
  where m.branch_id = inv.branch_id and d.phone = v_phone and not m._deleted and not d._deleted
  for update of m;
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

-- Who is expected at an event: the SQL twin of expectsMember (src/domain/eventAudience.ts) for the
-- server's aggregates. Party-life kinds expect party members only; the campaigns everyone. Never
-- null: an unknown column reads as the app reads it (a roster row without a group is in none).
create function app_private.is_party_kind(p_kind text) returns boolean
language sql immutable security invoker set search_path = ''
as $$ select p_kind not in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training') $$;

create function app_private.expects_member(
  p_event_branch_id uuid, p_event_group_id uuid, p_audience text, p_kind text,
  p_member_branch_id uuid, p_member_group_id uuid, p_is_committee boolean, p_status text,
  p_member_type text, p_member_deleted boolean) returns boolean
language sql immutable security invoker set search_path = ''
as $$
  select coalesce(not coalesce(p_member_deleted, false)
    and coalesce(p_status, 'active') not in ('transferred', 'deceased', 'left')
    and (p_event_branch_id is null or p_member_branch_id = p_event_branch_id)
    and (not app_private.is_party_kind(p_kind) or coalesce(p_member_type, 'full') in ('full', 'probationary'))
    and case
          when coalesce(p_audience, case when p_event_branch_id is null then 'org'
                                         when p_event_group_id is not null then 'group' else 'branch' end) = 'committee'
               or p_kind = 'committee_meeting' then coalesce(p_is_committee, false)
          when coalesce(p_audience, case when p_event_branch_id is null then 'org'
                                         when p_event_group_id is not null then 'group' else 'branch' end) = 'group'
            then p_event_group_id is not null and p_member_group_id = p_event_group_id
          else true
        end, false)
$$;
revoke all on function app_private.is_party_kind(text),
  app_private.expects_member(uuid, uuid, text, text, uuid, uuid, boolean, text, text, boolean)
  from public, anon, authenticated;

select app_private.sync_prepare_tables();
select app_private.prepare_tombstones();

-- Phones already hold what they may no longer see (colleagues' phones, birth dates and notes in
-- their members rows, colleagues' donations), and no row of it changes, so no pull would remove
-- it. The horizon moves past this migration: every phone's next pull starts each table again from
-- nothing (reset), keeping its unsent changes, and gets only what it may now read. Past, not at:
-- a phone that pulled just before holds this transaction's id as its cursor.
update app_private.sync_state
set horizon = greatest(horizon, (pg_catalog.pg_current_xact_id()::text::numeric + 1)::text::xid8);
