-- Check-in the server can trust (docs/architecture.md "Check-in").
--
--   verification   a token check-in (the member's own QR or code, or the member's own code scanned
--                  by the committee: method 'member_code') is judged by the server's clock when the
--                  row arrives: a token whose window is within 10 windows (5 minutes) of now() is
--                  'verified'; a genuine token for a window inside the event that arrives later (a
--                  phone that was offline) is 'pending' (待核实) until the secretary sets 'verified'
--                  or 'refused' (refused: status becomes 'absent'). verified_by / verified_at are the
--                  server's. The scan time the phone claims must still match the token's window
--                  (± 2 windows) and the event, so backdating it cannot make a late token verified.
--   protection     a verified or pending check-in changes status, time or method (or is deleted)
--                  only by the secretary (an admin for an organisation-wide event); every change of
--                  status, method, time or verification is kept in attendance_changes.
--   hand marks     marked_by is the writer (server-set); self_marked says a committee member marked
--                  his own attendance (shown to the secretary).
--   member codes   member_checkin_secrets: one secret per roster row, made by the server when the
--                  row is created (so it exists before any phone needs it, and no phone ever
--                  uploads one); read by the member and his branch's organizers and secretary. QR
--                  'zhibu:mc:1:<member_id>:<window>:<mac>', code as for events, MAC over
--                  '<member_id>:<window>' (src/domain/memberCheckin.ts).

create table public.member_checkin_secrets (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  member_id uuid not null unique,
  secret text not null check (secret ~ '^[0-9a-f]{64}$'),
  constraint member_checkin_secrets_id_is_member check (id = member_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.member_checkin_secrets');
create index member_checkin_secrets_org_id_idx on public.member_checkin_secrets (org_id);
create index member_checkin_secrets_branch_id_org_id_idx on public.member_checkin_secrets (branch_id, org_id);
create index member_checkin_secrets_member_id_branch_id_idx on public.member_checkin_secrets (member_id, branch_id);

alter table public.member_checkin_secrets enable row level security;
create policy member_checkin_secrets_select on public.member_checkin_secrets for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));
revoke all on public.member_checkin_secrets from public, anon, authenticated;
grant select on public.member_checkin_secrets to authenticated;

create function app_private.make_member_checkin_secret() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.member_checkin_secrets (id, org_id, branch_id, member_id, secret)
  values (new.id, new.org_id, new.branch_id, new.id, pg_catalog.encode(extensions.gen_random_bytes(32), 'hex'))
  on conflict (id) do nothing;
  return new;
end
$$;
revoke all on function app_private.make_member_checkin_secret() from public, anon, authenticated;
create trigger make_member_checkin_secret after insert on public.members
  for each row execute function app_private.make_member_checkin_secret();
insert into public.member_checkin_secrets (id, org_id, branch_id, member_id, secret)
select m.id, m.org_id, m.branch_id, m.id, pg_catalog.encode(extensions.gen_random_bytes(32), 'hex') from public.members m
on conflict (id) do nothing;

-- Attendance: verification, hand marks.
alter table public.attendance
  drop constraint attendance_method_check,
  add constraint attendance_method_check check (method in ('qr', 'code', 'manual', 'member_code')),
  add column verification text check (verification in ('verified', 'pending', 'refused')),
  add column verified_by uuid,
  add column verified_at timestamptz check (verified_at between '1990-01-01' and '2100-12-31'),
  add column marked_by uuid,
  add column self_marked boolean not null default false,
  add column mark_reason text check (char_length(mark_reason) <= 500),
  add constraint attendance_verification_method check (verification is null or method in ('qr', 'code', 'member_code')),
  add constraint attendance_token_checkin_verification check (
    status not in ('present', 'late') or method not in ('qr', 'code', 'member_code') or verification in ('verified', 'pending'));

-- Matches a scanned token for an event (its per-event secret) or a member (his own secret):
-- verdict 'ok' with the token's window, 'expired' (genuine, but not for the scan time's window ± 2),
-- or 'invalid'. A QR carries its window; a code is searched for around the scan time (and back 2
-- hours to tell 'expired' from 'invalid'). Reads the secrets as their owner: SECURITY DEFINER,
-- callable by the check-in trigger.
create function app_private.checkin_match(p_kind text, p_subject uuid, p_method text, p_token text, p_at timestamptz,
  out verdict text, out win bigint)
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_secret text;
  v_prefix text := case p_kind when 'member' then 'zhibu:mc:1' else 'zhibu:ci:1' end;
  v_scan bigint;
  v_parts text[];
  v_code text;
  w bigint;
begin
  verdict := 'invalid';
  if p_kind = 'member' then
    select s.secret into v_secret from public.member_checkin_secrets s where s.member_id = p_subject and not s._deleted;
  else
    select s.secret into v_secret from public.event_checkin_secrets s where s.event_id = p_subject and not s._deleted;
  end if;
  if v_secret is null or p_token is null or p_at is null then
    return;
  end if;
  v_scan := pg_catalog.floor(extract(epoch from p_at) / 30)::bigint;
  if p_method = 'qr' or (p_method = 'member_code' and p_token like 'zhibu:%') then
    v_parts := pg_catalog.regexp_match(p_token, '^' || v_prefix || ':([0-9a-f-]{36}):([0-9]{1,12}):([0-9a-f]{16})$');
    if v_parts is null or v_parts[1] <> p_subject::text then
      return;
    end if;
    w := v_parts[2]::bigint;
    if pg_catalog.encode(pg_catalog.substr(app_private.checkin_mac(v_secret, p_subject, w), 1, 8), 'hex') <> v_parts[3] then
      return;
    end if;
    win := w;
    verdict := case when abs(w - v_scan) <= 2 then 'ok' else 'expired' end;
    return;
  end if;
  v_code := pg_catalog.upper(pg_catalog.regexp_replace(p_token, '[[:space:]-]', '', 'g'));
  if v_code !~ '^[23456789A-HJ-NP-Z]{6}$' then
    return;
  end if;
  for w in v_scan - 2 .. v_scan + 2 loop
    if app_private.checkin_code(app_private.checkin_mac(v_secret, p_subject, w)) = v_code then
      verdict := 'ok';
      win := w;
      return;
    end if;
  end loop;
  for w in reverse v_scan - 3 .. v_scan - 240 loop
    if app_private.checkin_code(app_private.checkin_mac(v_secret, p_subject, w)) = v_code then
      verdict := 'expired';
      win := w;
      return;
    end if;
  end loop;
end
$$;
revoke all on function app_private.checkin_match(text, uuid, text, text, timestamptz) from public, anon;
grant execute on function app_private.checkin_match(text, uuid, text, text, timestamptz) to authenticated;

-- The check-in trigger, replacing the one that trusted the phone's scan time. SQLSTATEs: 42501 not
-- allowed, ZBKEX expired, ZBKIN invalid, ZBKTM a scan time or token window outside the event.
create or replace function app_private.verify_member_checkin() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_me uuid;
  v_event record;
  v_decider boolean;
  v_asked text := new.verification;
  v_token_row boolean := new.status in ('present', 'late') and new.method in ('qr', 'code', 'member_code');
  v_needs_token boolean;
  v_recorded boolean;
  v_match record;
  v_end timestamptz;
  v_window_at timestamptz;
begin
  if app_private.is_trusted() then
    new.checkin_token := null;
    return new;
  end if;
  v_me := app_private.current_member_id();
  v_decider := app_private.decides_attendance(new.branch_id, new.event_id);

  -- Server-set columns: a client's values are ignored (a decision is read from v_asked below).
  if tg_op = 'INSERT' then
    new.verification := null;
    new.verified_by := null;
    new.verified_at := null;
    new.marked_by := null;
    new.self_marked := false;
  else
    new.verification := old.verification;
    new.verified_by := old.verified_by;
    new.verified_at := old.verified_at;
    new.marked_by := old.marked_by;
    new.self_marked := old.self_marked;
    if new.event_id is distinct from old.event_id or new.member_id is distinct from old.member_id then
      raise exception '签到记录的活动和党员不能修改' using errcode = '42501';
    end if;
    -- What a verified or pending check-in certifies changes only by the secretary.
    if old.verification in ('verified', 'pending') and not old._deleted and not v_decider
       and (new.status is distinct from old.status or new.checked_in_at is distinct from old.checked_in_at
            or new.method is distinct from old.method or new.checkin_token is not null or new._deleted) then
      raise exception '已记录的签到只能由支部书记修改' using errcode = '42501';
    end if;
    -- The secretary confirms or refuses a pending check-in (or withdraws a verified one).
    if v_asked in ('verified', 'refused') and v_asked is distinct from old.verification and new.checkin_token is null then
      if not v_decider then
        raise exception '只有支部书记可以核实签到' using errcode = '42501';
      end if;
      if not ((old.verification = 'pending' and v_asked in ('verified', 'refused'))
              or (old.verification = 'verified' and v_asked = 'refused')) then
        raise exception '只能核实待核实的签到' using errcode = '22023';
      end if;
      new.verification := v_asked;
      new.verified_by := v_uid;
      new.verified_at := pg_catalog.now();
      if v_asked = 'refused' then
        new.status := 'absent';
      end if;
      return new;
    end if;
  end if;

  v_needs_token := v_token_row
    and (tg_op = 'INSERT' or new.checkin_token is not null or old._deleted
         or old.status not in ('present', 'late') or old.method is distinct from new.method
         or old.verification is distinct from 'verified' and old.verification is distinct from 'pending');
  v_recorded := tg_op = 'INSERT' or new.status is distinct from old.status or new.method is distinct from old.method
                or new.checked_in_at is distinct from old.checked_in_at;

  if v_needs_token then
    if new.method in ('qr', 'code') and new.member_id is distinct from v_me then
      raise exception '只能用签到码为自己签到；为他人签到请扫描其签到码或手动签到' using errcode = '42501';
    elsif new.method = 'member_code' and new.member_id = v_me then
      raise exception '不能扫描自己的签到码签到' using errcode = '42501';
    end if;
    select e.org_id, e.branch_id, e.starts_at, e.ends_at into v_event from public.events e where e.id = new.event_id;
    if not found or v_event.org_id <> new.org_id
       or (v_event.branch_id is not null and v_event.branch_id <> new.branch_id)
       or (new.method in ('qr', 'code')
           and not (new.branch_id = any (app_private.branch_ids_with(array['member', 'organizer', 'secretary']))))
       or (new.method = 'member_code' and not v_decider
           and not app_private.has_branch_role(new.branch_id, array['organizer'])) then
      raise exception '不是本支部的活动' using errcode = '42501';
    end if;
    select * into v_match from app_private.checkin_match(
      case when new.method = 'member_code' then 'member' else 'event' end,
      case when new.method = 'member_code' then new.member_id else new.event_id end,
      new.method, new.checkin_token, new.checked_in_at);
    if v_match.verdict = 'expired' then
      raise exception '签到码已过期，请扫描签到屏幕上的最新二维码' using errcode = 'ZBKEX';
    elsif v_match.verdict is distinct from 'ok' then
      raise exception '签到码无效' using errcode = 'ZBKIN';
    end if;
    v_end := coalesce(v_event.ends_at,
      pg_catalog.to_timestamp((pg_catalog.floor((extract(epoch from v_event.starts_at) + 28800) / 86400) + 1) * 86400 - 28800));
    v_window_at := pg_catalog.to_timestamp(v_match.win * 30);
    if new.checked_in_at > pg_catalog.now() + interval '2 minutes' then
      raise exception '签到时间晚于当前时间，请检查手机时间' using errcode = 'ZBKTM';
    elsif new.checked_in_at < v_event.starts_at - interval '2 hours'
          or v_window_at + interval '30 seconds' < v_event.starts_at - interval '2 hours' then
      raise exception '活动尚未开始签到（开始前2小时起可签到）' using errcode = 'ZBKTM';
    elsif new.checked_in_at > v_end or v_window_at > v_end then
      raise exception '活动已结束，不能签到' using errcode = 'ZBKTM';
    end if;
    -- The server's clock decides: a token of the last few minutes is verified, an older genuine
    -- one waits for the secretary.
    if abs(v_match.win - pg_catalog.floor(extract(epoch from pg_catalog.now()) / 30)::bigint) <= 10 then
      new.verification := 'verified';
      new.verified_at := pg_catalog.now();
    else
      new.verification := 'pending';
      new.verified_at := null;
    end if;
    new.verified_by := null;
    new.marked_by := case when new.method = 'member_code' then v_uid end;
    new.self_marked := false;
  elsif v_token_row then
    -- A verified or pending check-in whose other columns (or, by the secretary, status or time)
    -- changed: nothing to verify again.
    null;
  elsif v_recorded then
    -- A hand mark (or a leave request, or a refused check-in edited): not a token check-in.
    if new.verification is distinct from 'refused' or new.status is distinct from 'absent' then
      new.verification := null;
    end if;
    if new.member_id = v_me and new.status = 'leave' and new.method is null then
      new.marked_by := null;
      new.self_marked := false;
    else
      new.marked_by := v_uid;
      new.self_marked := new.member_id is not distinct from v_me;
    end if;
  end if;
  new.checkin_token := null;
  return new;
end
$$;

-- The trail: every change of what an attendance row records, by whom and from what.
create table public.attendance_changes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  branch_id uuid not null,
  attendance_id uuid not null,
  event_id uuid not null,
  member_id uuid not null,
  changed_by uuid,
  changed_at timestamptz not null default now(),
  old_status text,
  new_status text,
  old_method text,
  new_method text,
  old_checked_in_at timestamptz,
  new_checked_in_at timestamptz,
  old_verification text,
  new_verification text,
  deleted boolean not null default false,
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.attendance_changes');
create index attendance_changes_org_id_idx on public.attendance_changes (org_id);
create index attendance_changes_branch_id_org_id_idx on public.attendance_changes (branch_id, org_id);
create index attendance_changes_attendance_id_idx on public.attendance_changes (attendance_id);
create index attendance_changes_event_id_idx on public.attendance_changes (event_id);
create index attendance_changes_member_id_idx on public.attendance_changes (member_id);

alter table public.attendance_changes enable row level security;
create policy attendance_changes_select on public.attendance_changes for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
revoke all on public.attendance_changes from public, anon, authenticated;
grant select on public.attendance_changes to authenticated;

create function app_private.record_attendance_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.status is distinct from old.status or new.method is distinct from old.method
     or new.checked_in_at is distinct from old.checked_in_at or new.verification is distinct from old.verification
     or (new._deleted and not old._deleted) then
    insert into public.attendance_changes (org_id, branch_id, attendance_id, event_id, member_id, changed_by,
      old_status, new_status, old_method, new_method, old_checked_in_at, new_checked_in_at,
      old_verification, new_verification, deleted)
    values (new.org_id, new.branch_id, new.id, new.event_id, new.member_id, auth.uid(),
      old.status, new.status, old.method, new.method, old.checked_in_at, new.checked_in_at,
      old.verification, new.verification, new._deleted and not old._deleted);
  end if;
  return null;
end
$$;
revoke all on function app_private.record_attendance_change() from public, anon, authenticated;
create trigger record_attendance_change after update on public.attendance
  for each row execute function app_private.record_attendance_change();

select app_private.sync_prepare_tables();
-- Tombstones of the new tables keep only what sync needs, when that rule is installed.
do $$
begin
  if pg_catalog.to_regprocedure('app_private.prepare_tombstones()') is not null then
    perform app_private.prepare_tombstones();
  end if;
end
$$;
