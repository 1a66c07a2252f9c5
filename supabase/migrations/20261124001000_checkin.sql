-- Check-in (签到): the per-event secret behind the rotating QR code and the 6-character code, and
-- the verification of a member's own check-in when it reaches the server (src/domain/checkin.ts
-- holds the same rules; tests/db/checkin-*.test.ts checks that both agree). Also: a member's record
-- of taking part in a visit (visit_participants, at the end).
--
--   token  MAC = HMAC-SHA256(secret, '<event_id>:<window>'), window = floor(unix seconds / 30)
--   QR     'zhibu:ci:1:<event_id>:<window>:<first 8 MAC bytes, hex>'
--   code   six symbols of '23456789ABCDEFGHJKLMNPQRSTUVWXYZ', symbol i = MAC byte i & 31
-- A scan is accepted for its scan time's window ± 2; the scan time must not be ahead of the server's
-- clock (2 minutes slack) and must lie from 2 hours before the event's start to its end (or, without
-- an end, midnight China time of its day).

-- The secret: made on the organizer's or secretary's phone (offline too) and synced to the phones of
-- the branch's organizers and secretary only. Its id is the event's id, so two phones that made one
-- each converge on the first that reached the server (the second insert is refused: no UPDATE grant).
create table public.event_checkin_secrets (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  event_id uuid not null unique,
  secret text not null check (secret ~ '^[0-9a-f]{64}$'),
  constraint event_checkin_secrets_id_is_event check (id = event_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (event_id, branch_id) references public.events (id, branch_id)
);
select app_private.make_synced('public.event_checkin_secrets');
create index event_checkin_secrets_org_id_idx on public.event_checkin_secrets (org_id);
create index event_checkin_secrets_branch_id_idx on public.event_checkin_secrets (branch_id);

alter table public.event_checkin_secrets enable row level security;
create policy event_checkin_secrets_select on public.event_checkin_secrets for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));
create policy event_checkin_secrets_insert on public.event_checkin_secrets for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));
revoke all on public.event_checkin_secrets from public, anon, authenticated;
grant select, insert on public.event_checkin_secrets to authenticated;

-- What the member scanned (the QR text or the typed code), checked by the trigger below and then
-- cleared, so that a verified token is not handed to the rest of the branch by the next pull.
alter table public.attendance
  add column checkin_token text check (char_length(checkin_token) <= 120);

-- The MAC and the 6-character code for one window.
create function app_private.checkin_mac(p_secret text, p_event uuid, p_window bigint) returns bytea
language sql immutable strict security invoker set search_path = ''
as $$
  select extensions.hmac(pg_catalog.convert_to(p_event::text || ':' || p_window::text, 'UTF8'),
                         pg_catalog.decode(p_secret, 'hex'), 'sha256')
$$;

create function app_private.checkin_code(p_mac bytea) returns text
language sql immutable strict security invoker set search_path = ''
as $$
  select pg_catalog.string_agg(
           pg_catalog.substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', (pg_catalog.get_byte(p_mac, i) & 31) + 1, 1), '' order by i)
  from pg_catalog.generate_series(0, 5) i
$$;

-- 'ok', 'expired' or 'invalid' for a token scanned at p_at. Reads the secret as its owner (members
-- never can), so SECURITY DEFINER; callable only by the trigger below and by administrators.
create function app_private.checkin_verdict(p_event uuid, p_method text, p_token text, p_at timestamptz)
returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_secret text;
  v_scan bigint := pg_catalog.floor(extract(epoch from p_at) / 30)::bigint;
  v_parts text[];
  v_window bigint;
  v_code text;
  w bigint;
begin
  select s.secret into v_secret from public.event_checkin_secrets s where s.event_id = p_event and not s._deleted;
  if v_secret is null or p_token is null then
    return 'invalid';
  end if;
  if p_method = 'qr' then
    v_parts := pg_catalog.regexp_match(p_token, '^zhibu:ci:1:([0-9a-f-]{36}):([0-9]{1,12}):([0-9a-f]{16})$');
    if v_parts is null or v_parts[1] <> p_event::text then
      return 'invalid';
    end if;
    v_window := v_parts[2]::bigint;
    if pg_catalog.encode(pg_catalog.substr(app_private.checkin_mac(v_secret, p_event, v_window), 1, 8), 'hex') <> v_parts[3] then
      return 'invalid';
    end if;
    return case when abs(v_window - v_scan) <= 2 then 'ok' else 'expired' end;
  end if;
  v_code := pg_catalog.upper(pg_catalog.regexp_replace(p_token, '[[:space:]-]', '', 'g'));
  if v_code !~ '^[23456789A-HJ-NP-Z]{6}$' then
    return 'invalid';
  end if;
  for w in v_scan - 2 .. v_scan + 2 loop
    if app_private.checkin_code(app_private.checkin_mac(v_secret, p_event, w)) = v_code then
      return 'ok';
    end if;
  end loop;
  for w in reverse v_scan - 3 .. v_scan - 240 loop
    if app_private.checkin_code(app_private.checkin_mac(v_secret, p_event, w)) = v_code then
      return 'expired';
    end if;
  end loop;
  return 'invalid';
end
$$;

-- A member's own QR / code check-in must carry a genuine token for an event of his branch, scanned
-- at a plausible time. Organizers and the secretary marking someone else are not checked (that is
-- 手动签到 in effect, and RLS already limits them to their branch). SQLSTATEs: 42501 for another
-- branch's event, ZBKEX expired, ZBKIN invalid, ZBKTM a scan time outside the event.
create function app_private.verify_member_checkin() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  v_event record;
  v_verdict text;
  v_end timestamptz;
begin
  if app_private.is_trusted() or new.status not in ('present', 'late') or new.method is null
     or new.method not in ('qr', 'code') or new.member_id is distinct from app_private.current_member_id() then
    new.checkin_token := null;
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status in ('present', 'late') and old.method in ('qr', 'code')
     and new.method = old.method and new.event_id = old.event_id and new.checkin_token is null
     and not old._deleted then
    -- Already verified; a change of other columns (a note, a tombstone) needs no new token, but the
    -- scan time still has to fit the event.
    null;
  else
    select e.branch_id, e.starts_at, e.ends_at into v_event from public.events e where e.id = new.event_id;
    if not found or v_event.branch_id is distinct from new.branch_id
       or not (v_event.branch_id = any (app_private.branch_ids_with(array['member', 'organizer', 'secretary']))) then
      raise exception '不是本支部的活动' using errcode = '42501';
    end if;
    v_verdict := app_private.checkin_verdict(new.event_id, new.method, new.checkin_token, new.checked_in_at);
    if v_verdict = 'expired' then
      raise exception '签到码已过期，请扫描签到屏幕上的最新二维码' using errcode = 'ZBKEX';
    elsif v_verdict <> 'ok' then
      raise exception '签到码无效' using errcode = 'ZBKIN';
    end if;
  end if;
  select e.starts_at, e.ends_at into v_event from public.events e where e.id = new.event_id;
  v_end := coalesce(v_event.ends_at,
    pg_catalog.to_timestamp((pg_catalog.floor((extract(epoch from v_event.starts_at) + 28800) / 86400) + 1) * 86400 - 28800));
  if new.checked_in_at is null or new.checked_in_at > pg_catalog.now() + interval '2 minutes' then
    raise exception '签到时间晚于当前时间，请检查手机时间' using errcode = 'ZBKTM';
  elsif new.checked_in_at < v_event.starts_at - interval '2 hours' then
    raise exception '活动尚未开始签到（开始前2小时起可签到）' using errcode = 'ZBKTM';
  elsif new.checked_in_at > v_end then
    raise exception '活动已结束，不能签到' using errcode = 'ZBKTM';
  end if;
  new.checkin_token := null;
  return new;
end
$$;
create trigger verify_member_checkin before insert or update on public.attendance
  for each row execute function app_private.verify_member_checkin();

revoke all on function app_private.checkin_mac(text, uuid, bigint), app_private.checkin_code(bytea),
  app_private.checkin_verdict(uuid, text, text, timestamptz), app_private.verify_member_checkin()
  from public, anon, authenticated;
-- The trigger runs as the writer (authenticated) and calls the definer function that reads secrets.
grant execute on function app_private.checkin_verdict(uuid, text, text, timestamptz) to authenticated;

-- Taking part in a visit (走访慰问): a member records that he went along on one of his branch's
-- visits; organizers and the secretary may record it for anyone of the branch. A participant of a
-- visit is anyone in visits.participant_ids or with a live row here.
alter table public.visits add constraint visits_id_branch_id_key unique (id, branch_id);

create table public.visit_participants (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  visit_id uuid not null,
  member_id uuid not null,
  note text check (char_length(note) <= 500),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (visit_id, branch_id) references public.visits (id, branch_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.visit_participants');
create index visit_participants_org_id_idx on public.visit_participants (org_id);
create index visit_participants_branch_id_idx on public.visit_participants (branch_id);
create index visit_participants_visit_id_idx on public.visit_participants (visit_id);
create index visit_participants_member_id_idx on public.visit_participants (member_id);
create unique index visit_participants_once on public.visit_participants (visit_id, member_id) where not _deleted;

alter table public.visit_participants enable row level security;
create policy visit_participants_select on public.visit_participants for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy visit_participants_insert on public.visit_participants for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));
create policy visit_participants_update on public.visit_participants for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (member_id = (select app_private.current_member_id())
             and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));
revoke all on public.visit_participants from public, anon, authenticated;
grant select, insert, update on public.visit_participants to authenticated;

-- The new tables sync (to the phones RLS lets read them): their pull index and departure trigger.
select app_private.sync_prepare_tables();
