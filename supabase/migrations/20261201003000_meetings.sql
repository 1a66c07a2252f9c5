-- The secretary's meetings (docs/architecture.md "Meetings"): events can be cancelled, say who is
-- expected, and may belong to the whole organisation; resolutions are rows of their own; guests
-- (列席) and the 主题党日 checklist are checked jsonb; leave decisions carry a note; make-up (补课) is
-- tracked until the secretary confirms it.
--
--   events.branch_id null   an event of the 机关党委 for the whole organisation: admins create and
--                           edit it, every member of the organisation reads it and attends it; an
--                           attendance row carries the attendee's own branch, so each branch's
--                           committee sees its own members and the event itself counts once.
--   event references        attendance, blood donations, check-in secrets and resolutions point at
--                           events(id); app_private.guard_event_reference keeps them inside the
--                           event's organisation and branch (an organisation-wide event takes
--                           attendees of every branch). Refusals are 23503, as for a foreign key.

-- Text lists kept in jsonb: an array of at most p_items strings of 1..p_len characters.
create function app_private.is_text_list(p_value jsonb, p_items int, p_len int) returns boolean
language sql immutable security invoker set search_path = ''
as $$
  select pg_catalog.jsonb_typeof(p_value) = 'array'
    and pg_catalog.jsonb_array_length(p_value) <= p_items
    and not exists (select 1 from pg_catalog.jsonb_array_elements(p_value) e
                    where pg_catalog.jsonb_typeof(e) <> 'string'
                       or pg_catalog.char_length(pg_catalog.btrim(e #>> '{}')) not between 1 and p_len)
$$;

-- Guests (列席): [{name, title?}], at most 100, name 1..50 characters, title up to 100, no other keys.
create function app_private.is_guest_list(p_value jsonb) returns boolean
language sql immutable security invoker set search_path = ''
as $$
  select pg_catalog.jsonb_typeof(p_value) = 'array'
    and pg_catalog.jsonb_array_length(p_value) <= 100
    and not exists (
      select 1 from pg_catalog.jsonb_array_elements(p_value) g
      where pg_catalog.jsonb_typeof(g) <> 'object'
         or pg_catalog.jsonb_typeof(g -> 'name') is distinct from 'string'
         or pg_catalog.char_length(pg_catalog.btrim(g ->> 'name')) not between 1 and 50
         or (g ? 'title' and (pg_catalog.jsonb_typeof(g -> 'title') <> 'string' or pg_catalog.char_length(g ->> 'title') > 100))
         or exists (select 1 from pg_catalog.jsonb_object_keys(g) k where k not in ('name', 'title')))
$$;
revoke all on function app_private.is_text_list(jsonb, int, int), app_private.is_guest_list(jsonb) from public, anon;
grant execute on function app_private.is_text_list(jsonb, int, int), app_private.is_guest_list(jsonb) to authenticated;

-- The 主题党日 checklist of the organisation (admins edit it with the organisation's row).
alter table public.orgs
  add column theme_day_checklist jsonb not null default '["有主题", "有计划", "有记录", "有影像", "有总结"]'::jsonb
    constraint orgs_theme_day_checklist check (
      app_private.is_text_list(theme_day_checklist, 20, 30) and pg_catalog.jsonb_array_length(theme_day_checklist) >= 1);

-- Events: cancelling, audience, guests, checklist, organisation-wide events.
alter table public.events
  alter column branch_id drop not null,
  drop constraint events_group_for_group_meeting,
  add column audience text not null default 'branch'
    constraint events_audience_check check (audience in ('org', 'branch', 'group', 'committee')),
  add column cancelled_at timestamptz constraint events_cancelled_at_check check (cancelled_at between '1990-01-01' and '2100-12-31'),
  add column cancel_reason text constraint events_cancel_reason_check check (char_length(btrim(cancel_reason)) between 1 and 500),
  add column guest_list jsonb not null default '[]'::jsonb
    constraint events_guest_list_check check (app_private.is_guest_list(guest_list)),
  add column checklist_done jsonb not null default '[]'::jsonb
    constraint events_checklist_done_check check (app_private.is_text_list(checklist_done, 20, 30)),
  -- A cancelled event stays (visible, with its reason); cancelling needs a reason.
  add constraint events_cancel_fields check ((cancelled_at is null) = (cancel_reason is null)),
  -- Whole organisation: everyone, or the committees of every branch. A branch event: the branch,
  -- one of its party groups (group_id), or its committee.
  add constraint events_audience_scope check (
    (branch_id is null and audience in ('org', 'committee'))
    or (branch_id is not null and audience in ('branch', 'group', 'committee'))),
  add constraint events_audience_group check ((audience = 'group') = (group_id is not null)),
  add constraint events_group_meeting_has_group check (kind <> 'group_meeting' or audience = 'group');
create index events_org_wide_idx on public.events (org_id, starts_at) where branch_id is null;

-- Organisation-wide events of the organisations where the caller holds one of the given
-- organisation roles (admins write attendance at them).
create function app_private.org_event_ids_with(roles text[]) returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(pg_catalog.array_agg(e.id), '{}')
  from public.events e
  where e.branch_id is null and not e._deleted
    and e.org_id = any (app_private.org_ids_with(roles))
$$;
revoke all on function app_private.org_event_ids_with(text[]) from public, anon;
grant execute on function app_private.org_event_ids_with(text[]) to authenticated;

-- A row that points at an event stays in the event's organisation, and in its branch:
--   'attendee'  the row's branch is the event's, or any branch for an organisation-wide event
--   'same'      the row's branch is the event's (null for an organisation-wide event)
create function app_private.guard_event_reference() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_org uuid;
  v_branch uuid;
begin
  if new.event_id is null
     or (tg_op = 'UPDATE' and new.event_id = old.event_id and new.branch_id is not distinct from old.branch_id
         and new.org_id = old.org_id) then
    return new;
  end if;
  select e.org_id, e.branch_id into v_org, v_branch from public.events e where e.id = new.event_id;
  if not found or v_org <> new.org_id
     or (tg_argv[0] = 'attendee' and v_branch is not null and v_branch is distinct from new.branch_id)
     or (tg_argv[0] = 'same' and v_branch is distinct from new.branch_id) then
    raise exception using errcode = '23503', column = 'event_id', message = 'event_id: not an event of this organisation or branch';
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_event_reference() from public, anon, authenticated;

-- Replace the composite keys (event_id, branch_id), which forced the event's branch, by a key on
-- the event and the guard above.
alter table public.attendance drop constraint attendance_event_id_branch_id_fkey,
  add constraint attendance_event_id_fkey foreign key (event_id) references public.events (id);
create trigger guard_event_reference before insert or update on public.attendance
  for each row execute function app_private.guard_event_reference('attendee');

alter table public.blood_donations drop constraint blood_donations_event_id_branch_id_fkey,
  add constraint blood_donations_event_id_fkey foreign key (event_id) references public.events (id);
create trigger guard_event_reference before insert or update on public.blood_donations
  for each row execute function app_private.guard_event_reference('attendee');

-- An organisation-wide event's check-in secret has no branch; the admins' phones make it.
alter table public.event_checkin_secrets alter column branch_id drop not null,
  drop constraint event_checkin_secrets_event_id_branch_id_fkey,
  add constraint event_checkin_secrets_event_id_fkey foreign key (event_id) references public.events (id);
create trigger guard_event_reference before insert or update on public.event_checkin_secrets
  for each row execute function app_private.guard_event_reference('same');

-- Resolutions (决议) of a meeting, one row each, with the vote.
create table public.event_resolutions (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid,
  event_id uuid not null,
  sort_order integer not null default 0 check (sort_order between 0 and 1000),
  text text not null check (char_length(btrim(text)) between 1 and 2000),
  votes_for integer check (votes_for between 0 and 10000),
  votes_against integer check (votes_against between 0 and 10000),
  votes_abstain integer check (votes_abstain between 0 and 10000),
  passed boolean,
  -- Why it was adopted although the meeting had no quorum (the app asks for it).
  quorum_note text check (char_length(quorum_note) <= 500),
  constraint event_resolutions_votes_total check (coalesce(votes_for, 0) + coalesce(votes_against, 0) + coalesce(votes_abstain, 0) <= 10000),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (org_id) references public.orgs (id),
  foreign key (event_id) references public.events (id)
);
select app_private.make_synced('public.event_resolutions');
create index event_resolutions_org_id_idx on public.event_resolutions (org_id);
create index event_resolutions_branch_id_org_id_idx on public.event_resolutions (branch_id, org_id);
create index event_resolutions_event_id_idx on public.event_resolutions (event_id, sort_order);
create trigger guard_event_reference before insert or update on public.event_resolutions
  for each row execute function app_private.guard_event_reference('same');

alter table public.event_resolutions enable row level security;
create policy event_resolutions_select on public.event_resolutions for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.my_org_ids())::uuid[]))
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy event_resolutions_insert on public.event_resolutions for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));
create policy event_resolutions_update on public.event_resolutions for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));
revoke all on public.event_resolutions from public, anon, authenticated;
grant select, insert, update on public.event_resolutions to authenticated;

-- Events: organisation-wide ones are read by the whole organisation and written by its admins.
drop policy events_select on public.events;
create policy events_select on public.events for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.my_org_ids())::uuid[]))
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
drop policy events_insert on public.events;
create policy events_insert on public.events for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));
drop policy events_update on public.events;
create policy events_update on public.events for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));

drop policy event_checkin_secrets_select on public.event_checkin_secrets;
create policy event_checkin_secrets_select on public.event_checkin_secrets for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));
drop policy event_checkin_secrets_insert on public.event_checkin_secrets;
create policy event_checkin_secrets_insert on public.event_checkin_secrets for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (branch_id is null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));

-- Attendance: leave decisions with a note; a leave request withdrawn (not deleted, so that the same
-- row, id attendanceRowId(event, member), can become a check-in later); make-up (补课) tracking.
alter table public.attendance
  drop constraint attendance_leave_status_check,
  add constraint attendance_leave_status_check check (leave_status in ('pending', 'approved', 'rejected', 'withdrawn')),
  add column decision_note text check (char_length(decision_note) <= 500),
  add column makeup_method text check (makeup_method in ('minutes', 'session', 'other')),
  add column makeup_confirmed_by uuid,
  add column makeup_confirmed_at timestamptz check (makeup_confirmed_at between '1990-01-01' and '2100-12-31'),
  add constraint attendance_makeup_fields check (
    makeup_required or (makeup_method is null and makeup_done_at is null and makeup_confirmed_at is null)),
  add constraint attendance_makeup_confirmed check (
    makeup_confirmed_at is null or (makeup_done_at is not null and makeup_method is not null));

-- Whether the caller decides for this attendance row: the secretary of the attendee's branch, or an
-- admin of the organisation when the event is organisation-wide.
create function app_private.decides_attendance(p_branch uuid, p_event uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select app_private.has_branch_role(p_branch, array['secretary'])
      or exists (select 1 from public.events e
                 where e.id = p_event and e.branch_id is null and app_private.is_org_role(e.org_id, array['admin']))
$$;
revoke all on function app_private.decides_attendance(uuid, uuid) from public, anon;
grant execute on function app_private.decides_attendance(uuid, uuid) to authenticated;

-- Leave decisions (and their note) belong to the secretary (an admin for an organisation-wide
-- event), never to the person on leave; decided_by and decided_at are set here.
create or replace function app_private.guard_attendance_decision() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  changed boolean;
begin
  if app_private.is_trusted() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    changed := new.leave_status in ('approved', 'rejected') or new.decided_by is not null or new.decided_at is not null
               or new.decision_note is not null;
  else
    changed := (new.leave_status is distinct from old.leave_status
                and (new.leave_status in ('approved', 'rejected') or old.leave_status in ('approved', 'rejected')))
               or new.decided_by is distinct from old.decided_by
               or new.decided_at is distinct from old.decided_at
               or new.decision_note is distinct from old.decision_note;
  end if;
  if not coalesce(changed, false) then
    return new;
  end if;
  if not app_private.decides_attendance(new.branch_id, new.event_id) then
    raise exception '只有支部书记可以审批请假' using errcode = '42501';
  end if;
  if new.member_id = app_private.current_member_id() then
    raise exception '不能审批自己的请假' using errcode = '42501';
  end if;
  if coalesce(new.leave_status in ('approved', 'rejected'), false) then
    new.decided_by := auth.uid();
    new.decided_at := coalesce(new.decided_at, pg_catalog.now());
  else
    new.decided_by := null;
    new.decided_at := null;
  end if;
  return new;
end
$$;

-- Make-up: the committee records how and when; only the secretary (an admin for an
-- organisation-wide event) confirms it, and the server writes who and when. A confirmed make-up
-- changes only by them.
create function app_private.guard_attendance_makeup() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  v_confirm boolean;
begin
  if app_private.is_trusted() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    v_confirm := new.makeup_confirmed_at is not null;
  else
    v_confirm := new.makeup_confirmed_at is distinct from old.makeup_confirmed_at
                 or (old.makeup_confirmed_at is not null
                     and (new.makeup_method is distinct from old.makeup_method
                          or new.makeup_done_at is distinct from old.makeup_done_at
                          or new.makeup_required is distinct from old.makeup_required));
  end if;
  if not v_confirm then
    new.makeup_confirmed_by := case when tg_op = 'UPDATE' then old.makeup_confirmed_by end;
    return new;
  end if;
  if not app_private.decides_attendance(new.branch_id, new.event_id) then
    raise exception '只有支部书记可以确认补课' using errcode = '42501';
  end if;
  if new.makeup_confirmed_at is null then
    new.makeup_confirmed_by := null;
  elsif tg_op = 'INSERT' or old.makeup_confirmed_at is null then
    new.makeup_confirmed_by := auth.uid();
    new.makeup_confirmed_at := pg_catalog.now();
  else
    new.makeup_confirmed_by := old.makeup_confirmed_by;
    new.makeup_confirmed_at := old.makeup_confirmed_at;
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_attendance_makeup() from public, anon, authenticated;
create trigger guard_attendance_makeup before insert or update on public.attendance
  for each row execute function app_private.guard_attendance_makeup();

-- Members and their branch's committee: rows of organisation-wide events are written by the
-- organisation's admins too. A member's own row may be a withdrawn leave request.
drop policy attendance_insert on public.attendance;
create policy attendance_insert on public.attendance for insert to authenticated
  with check (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_by is null and decided_at is null and not makeup_required
        and ((status in ('present', 'late') and method in ('qr', 'code') and leave_status is null)
             or (status = 'leave' and leave_status in ('pending', 'withdrawn')))));
drop policy attendance_update on public.attendance;
create policy attendance_update on public.attendance for update to authenticated
  using (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_at is null and not makeup_required))
  with check (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_by is null and decided_at is null and not makeup_required
        and ((status in ('present', 'late') and method in ('qr', 'code') and leave_status is null)
             or (status = 'leave' and leave_status in ('pending', 'withdrawn')))));

select app_private.sync_prepare_tables();
