-- The year's setup by the organisation's admins (年度工作):
--   1. units.head_member_id: the unit head (处室负责人 / 下属单位负责人), who signs the unit's
--      《党风廉政建设责任书》 on his own phone. Only he may insert that signature; the server sets its
--      signer_name (his name on the roster) and signed_at, as for the personal pledge.
--   2. pledge_templates.version: a template is edited until someone signs it; after that the admin
--      publishes a new version of the same year and kind (the signed text stays as it was).
--   3. pledge_progress(p_year): who signed this year's pledges and who has not yet.
--   4. donation_campaigns.handed_over_fen: the amount handed over to the recipient.
--   5. xuexi_usage: 学习强国 use per branch and month (the report's 下载使用率).
--   6. Blood drives are events of kind blood_drive; blood_donations.event_id links a donation to
--      its drive (an organisation-wide drive takes donors of every branch: the key on event_id and
--      guard_event_reference of 20261201003000_meetings.sql already allow it). The organisation's
--      admins record the donations of an organisation-wide drive.
--   7. campaign_totals(p_year), blood_drive_roll(p_event_id), org_people(): what an admin's phone
--      does not hold (its sync scope has no branch) for the year's screens.

-- 1. Unit heads ----------------------------------------------------------------------------------
alter table public.units add column head_member_id uuid references public.members (id);
create index units_head_member_id_idx on public.units (head_member_id);

-- The head is an active person on the organisation's roster. Refused like a foreign key (23503), so
-- an unknown id and another organisation's member get the same answer.
create function app_private.check_unit_head() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.head_member_id is not null and not new._deleted and not exists (
       select 1 from public.members m
       where m.id = new.head_member_id and m.org_id = new.org_id and m.status = 'active' and not m._deleted) then
    raise exception using errcode = '23503', column = 'head_member_id',
      message = 'head_member_id: not an active member of this organisation';
  end if;
  return new;
end
$$;
revoke all on function app_private.check_unit_head() from public, anon, authenticated;
create trigger check_unit_head before insert or update of head_member_id on public.units
  for each row execute function app_private.check_unit_head();

-- The units the caller heads (policies run it once per statement, inside (select ...)).
create function app_private.my_headed_unit_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(pg_catalog.array_agg(u.id), '{}')
  from public.units u
  where not u._deleted and u.head_member_id is not null and u.head_member_id = app_private.current_member_id()
$$;
revoke all on function app_private.my_headed_unit_ids() from public, anon;
grant execute on function app_private.my_headed_unit_ids() to authenticated;

-- A unit's signature: only its head inserts it. It is read by the head, the organisation's leaders
-- and admins (a handwritten signature is personal data: colleagues do not read it). A unit's
-- signature has no member and no branch, and its unit is of the row's organisation (the table's
-- CHECK and key); a null unit_id is in no list.
drop policy pledge_signatures_insert on public.pledge_signatures;
create policy pledge_signatures_insert on public.pledge_signatures for insert to authenticated
  with check ((member_id = (select app_private.current_member_id())
               and branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[]))
              or unit_id = any ((select app_private.my_headed_unit_ids())::uuid[]));
drop policy pledge_signatures_select on public.pledge_signatures;
create policy pledge_signatures_select on public.pledge_signatures for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or unit_id = any ((select app_private.my_headed_unit_ids())::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

-- The facts of a signature (20261201001200_pledge_facts.sql), now for a unit's too: signer_name is
-- the head's name on the roster. A personal pledge signs a personal template, a unit a department
-- one (23514 otherwise).
create or replace function app_private.set_pledge_signature_facts() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  v_name text;
  v_kind text;
  v_wanted text;
begin
  if tg_op = 'UPDATE' then
    if not app_private.is_trusted()
       and (new.signer_name is distinct from old.signer_name or new.signed_at is distinct from old.signed_at
            or new.strokes is distinct from old.strokes or new.template_id is distinct from old.template_id
            or new.signed_text_sha256 is distinct from old.signed_text_sha256
            or new.member_id is distinct from old.member_id or new.unit_id is distinct from old.unit_id)
       and not (new._deleted and not old._deleted) then
      raise exception '已签署的承诺书不能修改' using errcode = '42501';
    end if;
    return new;
  end if;
  if app_private.is_trusted() then
    return new;
  end if;
  new.signed_at := pg_catalog.now();
  select t.kind into v_kind from public.pledge_templates t where t.id = new.template_id;
  v_wanted := case when new.unit_id is not null then 'department' else 'personal' end;
  if v_kind is not null and v_kind <> v_wanted then
    raise exception using errcode = '23514', column = 'template_id', message = 'template_id: not a template for this signer';
  end if;
  if new.member_id is not null then
    select m.name into v_name from public.members m where m.id = new.member_id and m.branch_id = new.branch_id;
  elsif new.unit_id is not null then
    select app_private.unit_head_name(new.unit_id) into v_name;
  end if;
  -- No such roster row: the foreign key (or the policy) refuses the row.
  new.signer_name := coalesce(pg_catalog.btrim(v_name), new.signer_name);
  return new;
end
$$;

-- The head's name, read past the roster's policies (the head may sit in another branch than the
-- one whose roster the caller reads).
create function app_private.unit_head_name(p_unit_id uuid) returns text
language sql stable security definer set search_path = ''
as $$
  select m.name from public.units u join public.members m on m.id = u.head_member_id
  where u.id = p_unit_id and not u._deleted and not m._deleted
$$;
revoke all on function app_private.unit_head_name(uuid) from public, anon;
grant execute on function app_private.unit_head_name(uuid) to authenticated;

-- 2. Template versions ---------------------------------------------------------------------------
alter table public.pledge_templates add column version integer not null default 1 check (version between 1 and 1000);
drop index public.pledge_templates_one_per_year;
create unique index pledge_templates_one_per_version on public.pledge_templates (org_id, year, kind, version) where not _deleted;

-- A signed template keeps its text: once someone signed it, its title, text, year, kind and
-- version never change and it is never deleted (a new version is published instead).
create function app_private.template_has_signatures(p_template_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.pledge_signatures s where s.template_id = p_template_id and not s._deleted)
$$;
revoke all on function app_private.template_has_signatures(uuid) from public, anon;
grant execute on function app_private.template_has_signatures(uuid) to authenticated;

create function app_private.guard_signed_template() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  if app_private.is_trusted() then
    return new;
  end if;
  if (new.title is distinct from old.title or new.body is distinct from old.body or new.year is distinct from old.year
      or new.kind is distinct from old.kind or new.version is distinct from old.version or (new._deleted and not old._deleted))
     and app_private.template_has_signatures(old.id) then
    raise exception '已有人签署，承诺书不能修改，请另建新版本' using errcode = '42501';
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_signed_template() from public, anon, authenticated;
create trigger guard_signed_template before update on public.pledge_templates
  for each row execute function app_private.guard_signed_template();

-- 4. Campaigns -----------------------------------------------------------------------------------
alter table public.donation_campaigns add column handed_over_fen integer
  check (handed_over_fen between 0 and 2000000000);

-- 5. 学习强国 usage ------------------------------------------------------------------------------
create table public.xuexi_usage (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  month date not null check (month between '2000-01-01' and '2100-12-01' and extract(day from month) = 1),
  members_total integer not null check (members_total between 0 and 100000),
  members_using integer not null check (members_using between 0 and 100000),
  constraint xuexi_usage_using_within_total check (members_using <= members_total),
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.xuexi_usage');
create unique index xuexi_usage_branch_month_key on public.xuexi_usage (branch_id, month) where not _deleted;
create index xuexi_usage_org_id_idx on public.xuexi_usage (org_id);
create index xuexi_usage_branch_id_org_id_idx on public.xuexi_usage (branch_id, org_id);

alter table public.xuexi_usage enable row level security;
create policy xuexi_usage_select on public.xuexi_usage for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy xuexi_usage_insert on public.xuexi_usage for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy xuexi_usage_update on public.xuexi_usage for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
revoke all on public.xuexi_usage from anon, public;
grant select, insert, update on public.xuexi_usage to authenticated;

-- 6. Blood drives: the admins record donations at an organisation-wide drive ----------------------
create policy blood_donations_insert_org_drive on public.blood_donations for insert to authenticated
  with check (event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[]));
create policy blood_donations_update_org_drive on public.blood_donations for update to authenticated
  using (event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[]))
  with check (event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[]));

-- 3 and 7. The year's read functions: a SECURITY INVOKER entry point in public over a SECURITY
-- DEFINER body in app_private (20261201002000_lint.sql). Each serves the caller's organisation.

-- The organisation the caller administers (or leads), or a branch he is secretary of; else 42501.
create function app_private.year_setup_caller(p_allow_secretary boolean, out org_id uuid, out branch_ids uuid[])
language plpgsql stable security definer set search_path = ''
as $$
begin
  if auth.uid() is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  select r.org_id into org_id from public.user_roles r
  where r.user_id = auth.uid() and not r._deleted and r.branch_id is null and r.role in ('admin', 'leader')
  order by r.role limit 1;
  if org_id is not null then
    branch_ids := null;
    return;
  end if;
  if p_allow_secretary then
    select r.org_id, pg_catalog.array_agg(r.branch_id) into org_id, branch_ids from public.user_roles r
    where r.user_id = auth.uid() and not r._deleted and r.role = 'secretary' and r.branch_id is not null
    group by r.org_id order by r.org_id limit 1;
  end if;
  if org_id is null then
    raise exception '无权查看' using errcode = '42501';
  end if;
end
$$;
revoke all on function app_private.year_setup_caller(boolean) from public, anon, authenticated;

-- Who signed the year's pledges (any version of the year's template counts). Persons: the active
-- people on the roster (party members or not); units: the organisation's units. A secretary gets
-- his branches' persons and no units (null).
create function app_private.pledge_progress(p_year int) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid;
  v_branches uuid[];
  v_persons jsonb;
  v_units jsonb;
begin
  select c.org_id, c.branch_ids into v_org, v_branches from app_private.year_setup_caller(true) c;
  with people as (
    select m.id, m.name, b.name as branch_name, b.sort_order, exists (
        select 1 from public.pledge_signatures s join public.pledge_templates t on t.id = s.template_id
        where s.member_id = m.id and not s._deleted and t.org_id = v_org and t.year = p_year and t.kind = 'personal') as signed
    from public.members m join public.branches b on b.id = m.branch_id
    where m.org_id = v_org and m.status = 'active' and not m._deleted and not b._deleted
      and (v_branches is null or m.branch_id = any (v_branches))
  )
  select jsonb_build_object(
    'signed', count(*) filter (where signed), 'expected', count(*),
    'missing', coalesce(jsonb_agg(jsonb_build_object('member_id', id, 'name', name, 'branch_name', branch_name)
                                  order by sort_order, branch_name, name) filter (where not signed), '[]'::jsonb))
  into v_persons from people;
  if v_branches is null then
    with unit_rows as (
      select u.id, u.name, u.kind, u.sort_order, exists (
          select 1 from public.pledge_signatures s join public.pledge_templates t on t.id = s.template_id
          where s.unit_id = u.id and not s._deleted and t.org_id = v_org and t.year = p_year and t.kind = 'department') as signed
      from public.units u where u.org_id = v_org and not u._deleted
    )
    select jsonb_build_object(
      'signed', count(*) filter (where signed), 'total', count(*),
      'missing', coalesce(jsonb_agg(jsonb_build_object('unit_id', id, 'name', name, 'kind', kind)
                                    order by sort_order, name) filter (where not signed), '[]'::jsonb))
    into v_units from unit_rows;
  end if;
  -- For admins: which of the year's templates someone signed (those are never edited again).
  return jsonb_build_object('year', p_year, 'persons', v_persons, 'units', v_units,
    'signed_templates', case when v_branches is null then coalesce((
      select jsonb_agg(t.id order by t.kind, t.version) from public.pledge_templates t
      where t.org_id = v_org and t.year = p_year and not t._deleted
        and exists (select 1 from public.pledge_signatures s where s.template_id = t.id and not s._deleted)), '[]'::jsonb) end);
end
$$;

-- What each of the year's campaigns has collected (the admin's phone holds no branch's donations).
create function app_private.campaign_totals(p_year int) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid;
begin
  select c.org_id into v_org from app_private.year_setup_caller(false) c;
  return jsonb_build_object('year', p_year, 'campaigns', coalesce((
    select jsonb_agg(jsonb_build_object('campaign_id', c.id, 'donated_fen', coalesce(d.fen, 0), 'donors', coalesce(d.donors, 0))
                     order by c.starts_on nulls last, c.name)
    from public.donation_campaigns c
    left join (
      select x.campaign_id, sum(x.amount_fen)::bigint as fen, count(distinct x.member_id)::int as donors
      from public.donations x where x.org_id = v_org and not x._deleted group by x.campaign_id
    ) d on d.campaign_id = c.id
    where c.org_id = v_org and c.year = p_year and not c._deleted), '[]'::jsonb));
end
$$;

-- A blood drive's roll: who registered (attendance) and who gave blood (blood_donations), with
-- names and branches only. The organisation's drives for admins and leaders; a branch's drive
-- also for its secretary.
create function app_private.blood_drive_roll(p_event_id uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid;
  v_branches uuid[];
  v_event public.events;
begin
  select c.org_id, c.branch_ids into v_org, v_branches from app_private.year_setup_caller(true) c;
  select * into v_event from public.events e
  where e.id = p_event_id and e.org_id = v_org and e.kind = 'blood_drive' and not e._deleted
    and (v_branches is null or e.branch_id = any (v_branches));
  if not found then
    raise exception '活动不存在' using errcode = 'P0002';
  end if;
  return jsonb_build_object(
    'event', jsonb_build_object('id', v_event.id, 'title', v_event.title, 'starts_at', v_event.starts_at,
                                'place', v_event.place, 'branch_id', v_event.branch_id),
    'registered', coalesce((
      select jsonb_agg(jsonb_build_object('member_id', m.id, 'name', m.name, 'branch_id', m.branch_id,
                                          'branch_name', b.name, 'status', a.status) order by b.sort_order, m.name)
      from public.attendance a join public.members m on m.id = a.member_id join public.branches b on b.id = m.branch_id
      where a.event_id = v_event.id and not a._deleted), '[]'::jsonb),
    'donations', coalesce((
      select jsonb_agg(jsonb_build_object('id', d.id, 'member_id', d.member_id, 'name', m.name, 'branch_id', d.branch_id,
                                          'branch_name', b.name, 'volume_ml', d.volume_ml, 'donated_on', d.donated_on)
                       order by b.sort_order, m.name)
      from public.blood_donations d join public.members m on m.id = d.member_id join public.branches b on b.id = d.branch_id
      where d.event_id = v_event.id and not d._deleted), '[]'::jsonb));
end
$$;

-- The organisation's active roster, names and places only (no phone, no birth date), for choosing
-- unit heads and recording blood donors on an admin's phone.
create function app_private.org_people() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_org uuid;
begin
  select c.org_id into v_org from app_private.year_setup_caller(false) c;
  if not app_private.is_org_role(v_org, array['admin']) then
    raise exception '无权查看' using errcode = '42501';
  end if;
  return jsonb_build_object('people', coalesce((
    select jsonb_agg(jsonb_build_object('member_id', m.id, 'name', m.name, 'branch_id', m.branch_id, 'branch_name', b.name,
                                        'unit_id', m.unit_id) order by b.sort_order, m.name)
    from public.members m join public.branches b on b.id = m.branch_id
    where m.org_id = v_org and m.status = 'active' and not m._deleted), '[]'::jsonb));
end
$$;

revoke all on function app_private.pledge_progress(int), app_private.campaign_totals(int),
  app_private.blood_drive_roll(uuid), app_private.org_people() from public, anon;
grant execute on function app_private.pledge_progress(int), app_private.campaign_totals(int),
  app_private.blood_drive_roll(uuid), app_private.org_people() to authenticated;

create function public.pledge_progress(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.pledge_progress(p_year) $$;
create function public.campaign_totals(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.campaign_totals(p_year) $$;
create function public.blood_drive_roll(p_event_id uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.blood_drive_roll(p_event_id) $$;
create function public.org_people() returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.org_people() $$;
revoke all on function public.pledge_progress(int), public.campaign_totals(int), public.blood_drive_roll(uuid),
  public.org_people() from public, anon;
grant execute on function public.pledge_progress(int), public.campaign_totals(int), public.blood_drive_roll(uuid),
  public.org_people() to authenticated;

select app_private.sync_prepare_tables();
select app_private.prepare_tombstones();
