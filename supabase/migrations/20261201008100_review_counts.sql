-- The leaders' review without counting a year's attendance on every call, and each person's
-- attendance of a year (the workbook's 出勤明细).
--
-- app_private.review_attendance_counts keeps, per event and attendee branch (an org-wide event has
-- one row per branch of its attendees, so that a secretary sees only his branches' members there),
-- how many attendance rows of the event's expected people are present, late, on approved leave or
-- marked absent: exactly the "states" rule of 20261201006000_review.sql (a refused or 待核实
-- check-in is not presence; pending, refused or withdrawn leave is not leave), among the people the
-- "expected" rule expects (party-life kinds only party members; 支委会 and committee audiences the
-- committee; a party group's meeting its group; never a deleted, transferred, deceased or departed
-- roster row). Nothing in it depends on the clock: whether an event is held, and absent =
-- expected − present − late − leave for held ones, are still decided when asked; the expected head
-- counts still come from the roster when asked (a handful of rows per branch).
--
-- The counts are a sum over the live attendance rows of what each row adds, given its person's and
-- its event's current roster and audience facts, and are kept by triggers as increments:
--   attendance   each statement subtracts what its old rows added and adds what its new rows add;
--   members      a change of type, status, committee seat, group, branch or _deleted: the person's rows
--                are counted again (minus with the old facts, plus with the new);
--   events       a change of audience, kind, group, branch, start, cancellation or _deleted: the same
--                for the event's rows.
-- Increments commute, so two sessions writing rows of one event at once both land (the row lock of
-- the counts row orders them). A count that depends on a roster row or an event is taken after a
-- FOR SHARE lock on it, which waits for a concurrent change of that person or event to commit (and
-- that change, in turn, waits for the lock): whichever commits second counts with the other's rows
-- in view, so no row is counted with facts that are no longer true. A count below zero is a broken
-- invariant and fails the statement (CHECK), rather than drifting silently.
-- Clients have no access at all (no grants; app_private is not exposed).

create table app_private.review_attendance_counts (
  event_id uuid not null references public.events (id) on delete cascade,
  branch_id uuid not null,
  org_id uuid not null,
  present integer not null default 0 check (present >= 0),
  late integer not null default 0 check (late >= 0),
  leave integer not null default 0 check (leave >= 0),
  absent integer not null default 0 check (absent >= 0),
  primary key (event_id, branch_id)
);
revoke all on table app_private.review_attendance_counts from public, anon, authenticated;

-- Each person's counts, for review_member_attendance: per roster row and China-time month of the
-- event's start, the same present, late and approved leave among the rows of events that expected
-- the person, at events not cancelled (held or still to come: whether an event has started is decided
-- when asked, the current month from the rows themselves).
create table app_private.review_member_counts (
  member_id uuid not null references public.members (id) on delete cascade,
  month date not null check (month = pg_catalog.date_trunc('month', month)::date),
  org_id uuid not null,
  present integer not null default 0 check (present >= 0),
  late integer not null default 0 check (late >= 0),
  leave integer not null default 0 check (leave >= 0),
  primary key (member_id, month)
);
create index review_member_counts_org_month_idx on app_private.review_member_counts (org_id, month);
revoke all on table app_private.review_member_counts from public, anon, authenticated;

-- What the attendance rows p_rows add to the counts, per event, attendee branch and person, with each
-- row's person and event as they are now, or as p_member / p_event say for that person or event (their
-- facts before a change).
create function app_private.review_counts_of(p_rows public.attendance[], p_member public.members, p_event public.events)
returns table (event_id uuid, branch_id uuid, org_id uuid, member_id uuid, month date, cancelled boolean,
               present bigint, late bigint, leave bigint, absent bigint)
language sql volatile security definer set search_path = ''
as $$
  select r.event_id, r.branch_id, e.org_id, r.member_id,
    pg_catalog.date_trunc('month', e.starts_at at time zone 'Asia/Shanghai')::date, e.cancelled_at is not null,
    pg_catalog.count(*) filter (where r.status = 'present' and r.verification is distinct from 'refused'
                                  and r.verification is distinct from 'pending'),
    pg_catalog.count(*) filter (where r.status = 'late' and r.verification is distinct from 'refused'
                                  and r.verification is distinct from 'pending'),
    pg_catalog.count(*) filter (where r.status = 'leave' and r.leave_status = 'approved'),
    pg_catalog.count(*) filter (where r.status = 'absent')
  from pg_catalog.unnest(p_rows) r
  join public.members m0 on m0.id = r.member_id
  join public.events e0 on e0.id = r.event_id
  cross join lateral (select case when (p_member).id = m0.id then p_member else m0 end as m,
                             case when (p_event).id = e0.id then p_event else e0 end as e) f
  cross join lateral (select (f.m).*) m
  cross join lateral (select (f.e).*) e
  where not r._deleted and r.org_id = e.org_id and m.org_id = e.org_id and not e._deleted
    and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
    and (m.member_type in ('full', 'probationary')
         or e.kind in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training')) -- app_private.is_party_kind's list
    and case
          when e.branch_id is null then e.audience <> 'committee' or m.is_committee
          when m.branch_id is distinct from e.branch_id or r.branch_id is distinct from e.branch_id then false
          when e.audience = 'committee' or e.kind = 'committee_meeting' then m.is_committee
          when e.audience = 'group' then e.group_id is not null and m.group_id is not distinct from e.group_id
          else true
        end
  group by 1, 2, 3, 4, 5, 6
$$;

-- Adds (p_sign 1) or takes away (-1) what p_rows add to both tables of counts
-- (app_private.review_counts_of). Volatile: each statement sees what committed before it, after the
-- locks below. Taking away updates rows that must exist (what was added before); a missing one is a
-- broken invariant.
create function app_private.review_counts_add(p_sign int, p_rows public.attendance[],
  p_member public.members default null, p_event public.events default null) returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_wanted int;
  v_done int;
begin
  if coalesce(pg_catalog.cardinality(p_rows), 0) = 0 then
    return;
  end if;
  perform 1 from public.members m
  where m.id in (select r.member_id from pg_catalog.unnest(p_rows) r) order by m.id for share;
  perform 1 from public.events e
  where e.id in (select r.event_id from pg_catalog.unnest(p_rows) r) order by e.id for share;
  if p_sign = 1 then
    with d as (select * from app_private.review_counts_of(p_rows, p_member, p_event)),
    per_person as (
      insert into app_private.review_member_counts as k (member_id, month, org_id, present, late, leave)
      select d.member_id, d.month, d.org_id, sum(d.present), sum(d.late), sum(d.leave)
      from d where not d.cancelled
      group by 1, 2, 3 having sum(d.present + d.late + d.leave) > 0
      on conflict (member_id, month) do update
        set present = k.present + excluded.present, late = k.late + excluded.late, leave = k.leave + excluded.leave
      returning 1
    )
    insert into app_private.review_attendance_counts as k (event_id, branch_id, org_id, present, late, leave, absent)
    select d.event_id, d.branch_id, d.org_id, sum(d.present), sum(d.late), sum(d.leave), sum(d.absent)
    from d
    group by 1, 2, 3 having sum(d.present + d.late + d.leave + d.absent) > 0
    on conflict (event_id, branch_id) do update
      set present = k.present + excluded.present, late = k.late + excluded.late,
          leave = k.leave + excluded.leave, absent = k.absent + excluded.absent;
  else
    with d as (select * from app_private.review_counts_of(p_rows, p_member, p_event)),
    per_event as (
      select d.event_id, d.branch_id, sum(d.present) as present, sum(d.late) as late, sum(d.leave) as leave, sum(d.absent) as absent
      from d group by 1, 2 having sum(d.present + d.late + d.leave + d.absent) > 0
    ),
    per_person as (
      select d.member_id, d.month, sum(d.present) as present, sum(d.late) as late, sum(d.leave) as leave
      from d where not d.cancelled group by 1, 2 having sum(d.present + d.late + d.leave) > 0
    ),
    taken_events as (
      update app_private.review_attendance_counts k
      set present = k.present - x.present, late = k.late - x.late, leave = k.leave - x.leave, absent = k.absent - x.absent
      from per_event x
      where k.event_id = x.event_id and k.branch_id = x.branch_id
      returning 1
    ),
    taken_persons as (
      update app_private.review_member_counts k
      set present = k.present - x.present, late = k.late - x.late, leave = k.leave - x.leave
      from per_person x
      where k.member_id = x.member_id and k.month = x.month
      returning 1
    )
    select (select pg_catalog.count(*) from per_event) + (select pg_catalog.count(*) from per_person),
      (select pg_catalog.count(*) from taken_events) + (select pg_catalog.count(*) from taken_persons)
    into v_wanted, v_done;
    if v_done <> v_wanted then
      raise exception 'review counts: % of % rows to take away were never added', v_wanted - v_done, v_wanted
        using errcode = 'XX000';
    end if;
  end if;
end
$$;

create function app_private.review_counts_attendance() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform app_private.review_counts_add(-1, array(select row(o.*)::public.attendance from old_rows o));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform app_private.review_counts_add(1, array(select row(n.*)::public.attendance from new_rows n));
  end if;
  return null;
end
$$;
create trigger review_counts_insert after insert on public.attendance
  referencing new table as new_rows for each statement execute function app_private.review_counts_attendance();
create trigger review_counts_update after update on public.attendance
  referencing old table as old_rows new table as new_rows for each statement execute function app_private.review_counts_attendance();
create trigger review_counts_delete after delete on public.attendance
  referencing old table as old_rows for each statement execute function app_private.review_counts_attendance();

create function app_private.review_counts_member() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_rows public.attendance[] := array(select a from public.attendance a where a.member_id = new.id);
begin
  perform app_private.review_counts_add(-1, v_rows, p_member => old);
  perform app_private.review_counts_add(1, v_rows);
  return null;
end
$$;
create trigger review_counts_member after update of member_type, status, is_committee, group_id, branch_id, org_id, _deleted
  on public.members for each row
  when ((old.member_type, old.status, old.is_committee, old.group_id, old.branch_id, old.org_id, old._deleted)
        is distinct from (new.member_type, new.status, new.is_committee, new.group_id, new.branch_id, new.org_id, new._deleted))
  execute function app_private.review_counts_member();

create function app_private.review_counts_event() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_rows public.attendance[] := array(select a from public.attendance a where a.event_id = new.id);
begin
  perform app_private.review_counts_add(-1, v_rows, p_event => old);
  perform app_private.review_counts_add(1, v_rows);
  return null;
end
$$;
create trigger review_counts_event after update of audience, kind, group_id, branch_id, org_id, _deleted, starts_at, cancelled_at
  on public.events for each row
  when ((old.audience, old.kind, old.group_id, old.branch_id, old.org_id, old._deleted, old.starts_at, old.cancelled_at is null)
        is distinct from (new.audience, new.kind, new.group_id, new.branch_id, new.org_id, new._deleted, new.starts_at, new.cancelled_at is null))
  execute function app_private.review_counts_event();

-- Counts every event again from its rows (after loading data with triggers off, and once here).
create function app_private.review_counts_rebuild() returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  lock table app_private.review_attendance_counts, app_private.review_member_counts in exclusive mode;
  delete from app_private.review_attendance_counts;
  delete from app_private.review_member_counts;
  perform app_private.review_counts_add(1, array(select a from public.attendance a where not a._deleted));
end
$$;
select app_private.review_counts_rebuild();

revoke all on function app_private.review_counts_add(int, public.attendance[], public.members, public.events),
  app_private.review_counts_of(public.attendance[], public.members, public.events),
  app_private.review_counts_attendance(), app_private.review_counts_member(), app_private.review_counts_event(),
  app_private.review_counts_rebuild()
  from public, anon, authenticated;

-- review_event_counts: the same answer (same signature, same rules), the states from the kept counts.
create or replace function app_private.review_event_counts(p_org uuid, p_branches uuid[], p_from timestamptz, p_to timestamptz, p_held boolean)
returns table (event_id uuid, branch_id uuid, kind text, starts_at timestamptz, cancelled boolean,
               expected bigint, present bigint, late bigint, leave bigint, absent bigint)
language plpgsql stable security invoker set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
begin
  return query
  with ev as (
    select e.id, e.branch_id, e.group_id, e.kind, e.starts_at, e.cancelled_at is not null as cancelled,
      e.audience = 'committee' or e.kind = 'committee_meeting' as committee,
      e.audience = 'group' as for_group,
      e.kind in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training') as open -- app_private.is_party_kind's list
    from public.events e
    where e.org_id = p_org and not e._deleted
      and e.starts_at >= p_from and e.starts_at < p_to
      and (not p_held or (e.cancelled_at is null and e.starts_at <= pg_catalog.now()))
      and (p_branches is null or e.branch_id is null or e.branch_id = any (p_branches))
  ),
  mem as (
    select m.branch_id, m.group_id, m.is_committee, m.member_type in ('full', 'probationary') as party
    from public.members m
    where m.org_id = p_org and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
      and (p_branches is null or m.branch_id = any (p_branches))
  ),
  -- Head counts as in 20261201006000_review.sql: per branch, per party group, and the whole scope.
  heads as (
    select mem.branch_id, null::uuid as group_id,
      pg_catalog.count(*) filter (where mem.party) as party, pg_catalog.count(*) as staff,
      pg_catalog.count(*) filter (where mem.party and mem.is_committee) as committee_party,
      pg_catalog.count(*) filter (where mem.is_committee) as committee_staff
    from mem group by mem.branch_id
    union all
    select mem.branch_id, mem.group_id, pg_catalog.count(*) filter (where mem.party), pg_catalog.count(*), 0, 0
    from mem where mem.group_id is not null group by mem.branch_id, mem.group_id
    union all
    select null, null, pg_catalog.count(*) filter (where mem.party), pg_catalog.count(*),
      pg_catalog.count(*) filter (where mem.party and mem.is_committee), pg_catalog.count(*) filter (where mem.is_committee)
    from mem
  ),
  states as (
    select k.event_id, sum(k.present) as present, sum(k.late) as late, sum(k.leave) as leave, sum(k.absent) as absent
    from app_private.review_attendance_counts k
    where k.org_id = p_org and (p_branches is null or k.branch_id = any (p_branches))
    group by k.event_id
  )
  -- Each event takes the head count of its audience, as src/domain/eventAudience.ts pairs them.
  select ev.id, ev.branch_id, ev.kind, ev.starts_at, ev.cancelled,
    coalesce(case when ev.branch_id is null then
                    case when ev.committee then case when ev.open then o.committee_staff else o.committee_party end
                         else case when ev.open then o.staff else o.party end end
                  when ev.committee then case when ev.open then h.committee_staff else h.committee_party end
                  when ev.for_group then case when ev.open then g.staff else g.party end
                  else case when ev.open then h.staff else h.party end
             end, 0)::bigint,
    coalesce(st.present, 0)::bigint, coalesce(st.late, 0)::bigint, coalesce(st.leave, 0)::bigint, coalesce(st.absent, 0)::bigint
  from ev
  left join heads h on h.branch_id = ev.branch_id and h.group_id is null
  left join heads g on g.branch_id = ev.branch_id and g.group_id = ev.group_id
  cross join (select * from heads o where o.branch_id is null) o
  left join states st on st.event_id = ev.id;
end
$$;

-- review_participation and review_held: the same answers. The month is date_part's (a double, not
-- extract's numeric), and each answer is built as json and turned into jsonb once (jsonb's keys
-- come out in the same order either way): a few thousand rows of nine keys were most of the time.
create or replace function app_private.review_participation(p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  v_rows jsonb;
begin
  s := app_private.review_scope();
  with cells as (
    select c.branch_id, pg_catalog.date_part('month', c.starts_at at time zone 'Asia/Shanghai')::int as month, c.kind,
      pg_catalog.count(*) as events, sum(c.expected) as expected, sum(c.present) as present,
      sum(c.late) as late, sum(c.leave) as leave
    from app_private.review_event_counts(s.org_id, s.branch_ids, v_from, v_to, true) c
    group by 1, 2, 3
  )
  select coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(
      'branch_id', c.branch_id, 'month', c.month, 'kind', c.kind, 'events', c.events, 'expected', c.expected,
      'present', c.present, 'late', c.late, 'leave', c.leave,
      'absent', c.expected - c.present - c.late - c.leave)
      order by c.branch_id nulls first, c.month, c.kind)::jsonb, '[]'::jsonb)
  into v_rows
  from cells c;
  return pg_catalog.jsonb_build_object('year', p_year, 'rows', v_rows);
end
$$;

create or replace function app_private.review_held(p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  v_rows jsonb;
begin
  s := app_private.review_scope();
  with held as (
    select e.branch_id, pg_catalog.date_part('month', e.starts_at at time zone 'Asia/Shanghai')::int as month, e.kind,
      case when e.kind = 'group_meeting' then e.group_id end as group_id, pg_catalog.count(*) as held
    from public.events e
    where e.org_id = s.org_id and not e._deleted and e.cancelled_at is null and e.branch_id is not null
      and (s.branch_ids is null or e.branch_id = any (s.branch_ids))
      and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
      and (pg_catalog.btrim(coalesce(e.minutes, '')) <> ''
           or (e.kind = 'theme_day' and pg_catalog.jsonb_array_length(e.checklist_done) > 0))
    group by 1, 2, 3, 4
  ),
  grid as (
    select g.branch_id, mo.month, 'group_meeting'::text as kind, g.id as group_id, 0::bigint as held
    from public.party_groups g cross join pg_catalog.generate_series(1, 12) as mo (month)
    left join held h on h.group_id = g.id and h.month = mo.month
    where g.org_id = s.org_id and not g._deleted
      and (s.branch_ids is null or g.branch_id = any (s.branch_ids))
      and h.group_id is null
  ),
  cells as (select * from held union all select * from grid)
  select coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(
      'branch_id', c.branch_id, 'month', c.month, 'kind', c.kind, 'held', c.held, 'group_id', c.group_id)
      order by c.branch_id, c.month, c.kind, c.group_id)::jsonb, '[]'::jsonb)
  into v_rows
  from cells c;
  return pg_catalog.jsonb_build_object('year', p_year, 'rows', v_rows);
end
$$;

-- Each person's attendance over the year's held events, for the workbook's 出勤明细: the roster in
-- scope (never a deleted, transferred, deceased or departed row), each with the held events that
-- expected them and, among those, present, late, on approved leave, and absent = expected − present −
-- late − leave; by the rules above (20261201006000_review.sql's "expected" and "states"). Leaders
-- and admins: the organisation; a branch's secretary and organizers: their branches' members, at
-- their branches' events and the organisation's. Names and counts only.
create function app_private.review_member_attendance(p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  -- The current China-time month: its first day, and its first instant.
  v_month date := pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'Asia/Shanghai')::date;
  v_month_start timestamptz := pg_catalog.make_timestamptz(pg_catalog.date_part('year', v_month)::int,
    pg_catalog.date_part('month', v_month)::int, 1, 0, 0, 0, 'Asia/Shanghai');
  v_rows jsonb;
begin
  s := app_private.review_scope();
  with ev as (
    select e.id, e.branch_id, e.group_id,
      -- The audience a person must belong to: a branch event's 支委会 (kind or audience) and an
      -- organisation-wide committee event the committee, a party group's event its group.
      case when e.branch_id is null then case when e.audience = 'committee' then 'committee' else 'all' end
           when e.audience = 'committee' or e.kind = 'committee_meeting' then 'committee'
           when e.audience = 'group' then 'group'
           else 'all' end as audience,
      e.kind in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training') as open -- app_private.is_party_kind's list
    from public.events e
    where e.org_id = s.org_id and not e._deleted and e.cancelled_at is null
      and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
      and (s.branch_ids is null or e.branch_id is null or e.branch_id = any (s.branch_ids))
  ),
  mem as (
    select m.id, m.name, m.branch_id, m.group_id, m.is_committee, m.member_type in ('full', 'probationary') as party
    from public.members m
    where m.org_id = s.org_id and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
      and (s.branch_ids is null or m.branch_id = any (s.branch_ids))
  ),
  -- The held events by who they expect, counted (a few hundred rows), then matched with each person.
  classes as (
    select ev.branch_id, ev.audience, case when ev.audience = 'group' then ev.group_id end as group_id, ev.open,
      pg_catalog.count(*) as n
    from ev group by 1, 2, 3, 4
  ),
  expected as (
    select mem.id, sum(c.n) as n
    from mem join classes c on c.branch_id = mem.branch_id and (mem.party or c.open)
      and case c.audience when 'committee' then mem.is_committee when 'group' then c.group_id = mem.group_id else true end
    group by mem.id
    union all
    select mem.id, sum(c.n)
    from mem join classes c on c.branch_id is null and (mem.party or c.open)
      and (c.audience <> 'committee' or mem.is_committee)
    group by mem.id
  ),
  -- Where each expected person stood: the kept counts of the year's months before the current one
  -- (every event of those has started; cancelled ones are not kept), and this month's started events
  -- counted from their rows.
  states as (
    select t.member_id, sum(t.present) as present, sum(t.late) as late, sum(t.leave) as leave
    from (
      select k.member_id, k.present, k.late, k.leave
      from app_private.review_member_counts k
      where k.org_id = s.org_id and k.month >= pg_catalog.make_date(p_year, 1, 1)
        and k.month < pg_catalog.make_date(p_year + 1, 1, 1) and k.month < v_month
      union all
      select a.member_id,
        (a.status = 'present' and a.verification is distinct from 'refused' and a.verification is distinct from 'pending')::int,
        (a.status = 'late' and a.verification is distinct from 'refused' and a.verification is distinct from 'pending')::int,
        (a.status = 'leave' and a.leave_status = 'approved')::int
      from public.events e
      join public.attendance a on a.event_id = e.id
      join public.members m on m.id = a.member_id
      where e.org_id = s.org_id and not e._deleted and e.cancelled_at is null
        and e.starts_at >= greatest(v_from, v_month_start) and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
        and not a._deleted and a.org_id = s.org_id
        and m.org_id = s.org_id and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
        and (m.member_type in ('full', 'probationary')
             or e.kind in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training')) -- app_private.is_party_kind's list
        and case when e.branch_id is null then e.audience <> 'committee' or m.is_committee
                 when a.branch_id <> e.branch_id or m.branch_id <> e.branch_id then false
                 when e.audience = 'committee' or e.kind = 'committee_meeting' then m.is_committee
                 when e.audience = 'group' then e.group_id is not null and m.group_id = e.group_id
                 else true end
    ) t
    join mem on mem.id = t.member_id
    group by t.member_id
  ),
  expected_n as (select x.id, sum(x.n) as n from expected x group by x.id)
  select coalesce(pg_catalog.json_agg(pg_catalog.json_build_object(
      'member_id', mem.id, 'name', mem.name, 'branch_id', mem.branch_id, 'branch_name', b.name, 'group_name', g.name,
      'expected', coalesce(x.n, 0), 'present', coalesce(st.present, 0), 'late', coalesce(st.late, 0),
      'leave', coalesce(st.leave, 0),
      'absent', coalesce(x.n, 0) - coalesce(st.present, 0) - coalesce(st.late, 0) - coalesce(st.leave, 0))
      order by b.sort_order, b.id, mem.name collate "C", mem.id)::jsonb, '[]'::jsonb)
  into v_rows
  from mem
  join public.branches b on b.id = mem.branch_id
  left join public.party_groups g on g.id = mem.group_id
  left join expected_n x on x.id = mem.id
  left join states st on st.member_id = mem.id;
  return pg_catalog.jsonb_build_object('year', p_year, 'rows', v_rows);
end
$$;

create function public.review_member_attendance(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_member_attendance(p_year) $$;
revoke all on function public.review_member_attendance(int), app_private.review_member_attendance(int) from public, anon;
grant execute on function public.review_member_attendance(int), app_private.review_member_attendance(int) to authenticated;
