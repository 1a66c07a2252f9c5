-- The leaders' review (统计): aggregates of a year for the caller's organisation, so that a leader's
-- phone fetches figures rather than every member's rows (DESIGN.md §5 "What a device holds").
--
-- Who gets what (app_private.review_scope): the organisation's leaders and admins every branch of
-- their organisation; a branch's secretary and organizers their own branches; anyone else 42501
-- (`28000` without a login; anon has no EXECUTE). Nothing ever comes from another organisation:
-- every query is filtered by the caller's organisation first, and a branch or event id of another
-- organisation (or an unknown one) is refused with the same 42501.
--
-- The rules every function follows:
--   year, month      China time (Asia/Shanghai): an event belongs to the month its start falls in;
--                    dated records (donations, blood, visits, study) by their own date.
--   held             an event that is not deleted, not cancelled and has started (starts_at ≤ now).
--   org-wide events  events of the whole organisation (branch_id null) are one row: counted once, in
--                    participation rows with branch_id null. Leaders see everyone expected at them;
--                    a secretary sees his branches' members there. Branch totals of sessions held
--                    (集中学习, 三会一课 ...) count org-wide events only for leaders and admins.
--   expected         src/domain/eventAudience.ts: a branch event expects its branch (its party group,
--                    its committee; 支委会 always the committee), an org-wide event everyone of the
--                    organisation (its committee audience: every committee member); never a deleted,
--                    transferred, deceased or departed ('left') roster row. Party-life kinds expect
--                    party members only (member_type full or probationary); volunteer service,
--                    blood and donation drives, visits and training are open to all staff.
--   states           review_roll and review_event_counts, as attendanceState in eventAudience.ts: present and
--                    late (a check-in the secretary refused is none, a 待核实 one is 'pending', not
--                    presence), leave (approved only; pending → leavePending, refused → leaveRejected,
--                    withdrawn → none), absent, none (no row). Counts over the expected members of a
--                    held event: present, late, leave; absent = expected − present − late − leave
--                    (not there, whatever the reason: no row, marked absent, leave not approved, a
--                    check-in still 待核实). Before an event starts, absent counts absent marks only.
--   persons          counted once per figure (distinct roster rows) where the report counts persons:
--                    donors, blood donors, pledge signers, training participants, retired members
--                    and staff in difficulty visited (roster ids where the visit names them, else the
--                    visit's `persons`).
--   money            integer fen.
--   null / 0         null when the year holds nothing to count for a figure, 0 when it does and the
--                    count is zero:
--                      sessions and meetings held   null when the scope has no event at all that year
--                      study_minutes                 null without a study log that year
--                      donations                     null without a donation campaign of that year
--                      donation_handed_over_fen      null unless a campaign of that year records it
--                      blood                         null without a blood drive or a blood donation
--                      visits (per kind)             null without a visit of that kind
--                      pledges                       null without that year's template of the kind
--                      xuexi                         null without a 学习强国 usage row that year
--                      training_participants         null without a training event held that year

-- review_event_counts reads each event's attendance from this index alone (an index-only scan: a
-- year of a large organisation is about 100,000 rows; the table is not read).
create index attendance_review_idx on public.attendance (event_id, branch_id)
  include (org_id, member_id, status, leave_status, verification) where not _deleted;

-- The PL/pgSQL bodies plan each statement with its arguments' values (plan_cache_mode
-- force_custom_plan): a generic plan cannot tell one organisation's year from a handful of rows and
-- nested-loops events × members (seconds instead of milliseconds).

-- Who may review, and what: the caller's organisation and, for branch roles, their branches
-- (null: every branch of the organisation). Raises 28000 / 42501 for everyone else.
create function app_private.review_scope(out org_id uuid, out branch_ids uuid[])
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_orgs uuid[];
begin
  if auth.uid() is null then
    raise exception '请先登录' using errcode = '28000';
  end if;
  v_orgs := app_private.org_ids_with(array['leader', 'admin']);
  if pg_catalog.cardinality(v_orgs) > 0 then
    select o into org_id from pg_catalog.unnest(v_orgs) o order by o limit 1;
    branch_ids := null;
    return;
  end if;
  select b.org_id, pg_catalog.array_agg(b.id order by b.id) into org_id, branch_ids
  from public.branches b
  where b.id = any (app_private.branch_ids_with(array['secretary', 'organizer'])) and not b._deleted
  group by b.org_id
  order by b.org_id
  limit 1;
  if org_id is null then
    raise exception '只有局领导、管理员和支部书记、组织委员可以查看统计' using errcode = '42501';
  end if;
end
$$;

-- The first instant of a China-time year (p_year between 2000 and 2101, else 22023).
create function app_private.review_year_start(p_year int) returns timestamptz
language plpgsql immutable security invoker set search_path = ''
as $$
begin
  if p_year is null or p_year not between 2000 and 2101 then
    raise exception '年份不正确' using errcode = '22023';
  end if;
  return pg_catalog.make_timestamptz(p_year, 1, 1, 0, 0, 0, 'Asia/Shanghai');
end
$$;

-- Who was expected at the organisation's events starting in [p_from, p_to) (or at one event), and
-- everyone else with an attendance row there, with where each stands (the rules above). Scoped to
-- p_branches' events, org-wide events and p_branches' members (null: the whole organisation).
create function app_private.review_roll(p_org uuid, p_branches uuid[], p_from timestamptz, p_to timestamptz, p_event uuid)
returns table (event_id uuid, member_id uuid, member_branch_id uuid, expected boolean, state text, checked_in_at timestamptz)
language plpgsql stable security invoker set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
begin
  -- PL/pgSQL plans with the arguments' values (a SQL function's generic plan misjudged every row count).
  return query
  with ev as (
    select e.id, e.branch_id, e.group_id, e.kind, e.audience,
      -- Open to all staff; party life expects party members only. The list is app_private.is_party_kind's,
      -- written out: a function with its own search_path is called once per row, never inlined.
      e.kind in ('volunteer', 'blood_drive', 'donation_drive', 'visit', 'training') as open
    from public.events e
    where e.org_id = p_org and not e._deleted
      and (p_event is null or e.id = p_event)
      and e.starts_at >= p_from and e.starts_at < p_to
      and (p_branches is null or e.branch_id is null or e.branch_id = any (p_branches))
  ),
  mem as (
    select m.id, m.branch_id, m.group_id, m.is_committee, m.member_type in ('full', 'probationary') as party
    from public.members m
    where m.org_id = p_org and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
      and (p_branches is null or m.branch_id = any (p_branches))
  ),
  wanted as (
    select ev.id as event_id, mem.id as member_id, mem.branch_id
    from ev join mem on mem.branch_id = ev.branch_id
    where (mem.party or ev.open)
      and case
            when ev.audience = 'committee' or ev.kind = 'committee_meeting' then mem.is_committee
            when ev.audience = 'group' then ev.group_id is not null and mem.group_id = ev.group_id
            else true
          end
    union all
    select ev.id, mem.id, mem.branch_id
    from ev cross join mem
    where ev.branch_id is null
      and (mem.party or ev.open)
      and (ev.audience <> 'committee' or mem.is_committee)
  ),
  rows as (
    select a.event_id, a.member_id, a.branch_id, a.status, a.leave_status, a.verification, a.checked_in_at
    from public.attendance a join ev on ev.id = a.event_id
    where not a._deleted and (p_branches is null or a.branch_id = any (p_branches))
  )
  select coalesce(w.event_id, r.event_id), coalesce(w.member_id, r.member_id), coalesce(w.branch_id, r.branch_id),
    w.member_id is not null,
    case
      when r.status is null then 'none'
      when r.status in ('present', 'late') then
        case r.verification when 'refused' then 'none' when 'pending' then 'pending' else r.status end
      when r.status = 'leave' then
        case r.leave_status when 'approved' then 'leave' when 'rejected' then 'leaveRejected'
                            when 'withdrawn' then 'none' else 'leavePending' end
      else 'absent'
    end,
    case when r.status in ('present', 'late') and r.verification is distinct from 'refused' then r.checked_in_at end
  from wanted w full join rows r on r.event_id = w.event_id and r.member_id = w.member_id;
end
$$;

-- Counts per event of the organisation starting in [p_from, p_to) (only those started before now
-- when p_held): the expected members (from the roster's head counts, without pairing every event
-- with every member) and, among them, who was present, late, on approved leave or marked absent.
-- Same rules as review_roll; scoped to p_branches' events, org-wide events and p_branches' members.
create function app_private.review_event_counts(p_org uuid, p_branches uuid[], p_from timestamptz, p_to timestamptz, p_held boolean)
returns table (event_id uuid, branch_id uuid, kind text, starts_at timestamptz, cancelled boolean,
               expected bigint, present bigint, late bigint, leave bigint, absent bigint)
language plpgsql stable security invoker set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
begin
  -- PL/pgSQL plans with the arguments' values (a SQL function's generic plan misjudged every row count).
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
    select m.id, m.branch_id, m.group_id, m.is_committee, m.member_type in ('full', 'probationary') as party
    from public.members m
    where m.org_id = p_org and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
      and (p_branches is null or m.branch_id = any (p_branches))
  ),
  -- Head counts by audience (party members; all staff; the committee's), per branch (group_id
  -- null), per party group, and for the whole scope (branch_id null): each event takes one of them,
  -- as src/domain/eventAudience.ts pairs it with its audience.
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
  expected as (
    select ev.id,
      case when ev.branch_id is null then
             case when ev.committee then case when ev.open then o.committee_staff else o.committee_party end
                  else case when ev.open then o.staff else o.party end end
           when ev.committee then case when ev.open then h.committee_staff else h.committee_party end
           when ev.for_group then case when ev.open then g.staff else g.party end
           else case when ev.open then h.staff else h.party end
      end as n
    from ev
    left join heads h on h.branch_id = ev.branch_id and h.group_id is null
    left join heads g on g.branch_id = ev.branch_id and g.group_id = ev.group_id
    cross join (select * from heads o where o.branch_id is null) o
  ),
  -- Where each attendance row stands (as review_roll), counted per event in two passes instead of
  -- pairing each of the year's rows with its person: (1) every row of an event in scope, from the
  -- covering index attendance_review_idx (one index range per event, nothing read from the table);
  -- (2) minus the rows among those whose person is not expected there, which can only be rows at a
  -- 支委会 or party-group event, or rows of a person never expected at a party-life event (off the
  -- roster, or not a party member). A row's branch is its person's (the foreign key
  -- (member_id, branch_id) → members (id, branch_id)), so the branch rules need no roster.
  rows as (
    select e.id as event_id, c.present, c.late, c.leave, c.absent
    from ev e cross join lateral (
      select pg_catalog.count(*) filter (where a.status = 'present' and a.verification is distinct from 'refused'
                                           and a.verification is distinct from 'pending') as present,
        pg_catalog.count(*) filter (where a.status = 'late' and a.verification is distinct from 'refused'
                                      and a.verification is distinct from 'pending') as late,
        pg_catalog.count(*) filter (where a.status = 'leave' and a.leave_status = 'approved') as leave,
        pg_catalog.count(*) filter (where a.status = 'absent') as absent
      from public.attendance a
      where a.event_id = e.id and not a._deleted and a.org_id = p_org
        and (e.branch_id is null or a.branch_id = e.branch_id)
        and (p_branches is null or a.branch_id = any (p_branches))) c
  ),
  unexpected as (
    select e.id as event_id, a.status, a.verification, a.leave_status
    from ev e
    cross join lateral (
      select a.member_id, a.status, a.verification, a.leave_status
      from public.attendance a
      where a.event_id = e.id and not a._deleted and a.org_id = p_org
        and (e.branch_id is null or a.branch_id = e.branch_id)
        and (p_branches is null or a.branch_id = any (p_branches))) a
    join public.members m on m.id = a.member_id
    where (e.committee or e.for_group) is true
      and (not m._deleted and m.status not in ('transferred', 'deceased', 'left')
           and (m.member_type in ('full', 'probationary') or e.open)
           and case when e.committee then m.is_committee else m.group_id = e.group_id end) is not true
    union all
    select a.event_id, a.status, a.verification, a.leave_status
    from public.members m
    join public.attendance a on a.member_id = m.id
    join ev e on e.id = a.event_id
    where m.org_id = p_org
      and (not m._deleted and m.status not in ('transferred', 'deceased', 'left')
           and m.member_type in ('full', 'probationary')) is not true
      and (e.committee or e.for_group) is not true
      and not a._deleted and a.org_id = p_org
      and (e.branch_id is null or a.branch_id = e.branch_id)
      and (p_branches is null or a.branch_id = any (p_branches))
      and (not m._deleted and m.status not in ('transferred', 'deceased', 'left')
           and (m.member_type in ('full', 'probationary') or e.open)) is not true
  ),
  states as (
    select t.event_id, sum(t.present) as present, sum(t.late) as late, sum(t.leave) as leave, sum(t.absent) as absent
    from (
      select r.event_id, r.present, r.late, r.leave, r.absent from rows r
      union all
      select u.event_id,
        -pg_catalog.count(*) filter (where u.status = 'present' and u.verification is distinct from 'refused'
                                       and u.verification is distinct from 'pending'),
        -pg_catalog.count(*) filter (where u.status = 'late' and u.verification is distinct from 'refused'
                                       and u.verification is distinct from 'pending'),
        -pg_catalog.count(*) filter (where u.status = 'leave' and u.leave_status = 'approved'),
        -pg_catalog.count(*) filter (where u.status = 'absent')
      from unexpected u
      group by u.event_id
    ) t
    group by t.event_id
  )
  select ev.id, ev.branch_id, ev.kind, ev.starts_at, ev.cancelled,
    coalesce(x.n, 0)::bigint, coalesce(st.present, 0)::bigint, coalesce(st.late, 0)::bigint, coalesce(st.leave, 0)::bigint,
    coalesce(st.absent, 0)::bigint
  from ev
  left join expected x on x.id = ev.id
  left join states st on st.event_id = ev.id;
end
$$;

-- Participation by branch (null: an org-wide event), China-time month and kind, of the events held.
create function app_private.review_participation(p_year int) returns jsonb
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
    select c.branch_id, extract(month from c.starts_at at time zone 'Asia/Shanghai')::int as month, c.kind,
      pg_catalog.count(*) as events, sum(c.expected) as expected, sum(c.present) as present,
      sum(c.late) as late, sum(c.leave) as leave
    from app_private.review_event_counts(s.org_id, s.branch_ids, v_from, v_to, true) c
    group by 1, 2, 3
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'branch_id', c.branch_id, 'month', c.month, 'kind', c.kind, 'events', c.events, 'expected', c.expected,
      'present', c.present, 'late', c.late, 'leave', c.leave,
      'absent', c.expected - c.present - c.late - c.leave)
      order by c.branch_id nulls first, c.month, c.kind), '[]'::jsonb)
  into v_rows
  from cells c;
  return pg_catalog.jsonb_build_object('year', p_year, 'rows', v_rows);
end
$$;

-- What the compliance calendar needs: per branch, China-time month and kind, how many of the
-- branch's own events were held with their record (minutes, or a 主题党日 checklist item done).
-- 党小组会 rows carry their party group; every party group of the branches in scope gets a row for
-- every month (held 0 included), so a group that never met is still judged.
create function app_private.review_held(p_year int) returns jsonb
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
    select e.branch_id, extract(month from e.starts_at at time zone 'Asia/Shanghai')::int as month, e.kind,
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
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'branch_id', c.branch_id, 'month', c.month, 'kind', c.kind, 'held', c.held, 'group_id', c.group_id)
      order by c.branch_id, c.month, c.kind, c.group_id), '[]'::jsonb)
  into v_rows
  from cells c;
  return pg_catalog.jsonb_build_object('year', p_year, 'rows', v_rows);
end
$$;

-- The branches in scope with their unit and head counts (party members; staff: everyone on the
-- roster who is not deleted, transferred, deceased or departed).
create function app_private.review_branches() returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_rows jsonb;
begin
  s := app_private.review_scope();
  with heads as (
    select m.branch_id,
      pg_catalog.count(*) filter (where m.member_type in ('full', 'probationary')) as party_members,
      pg_catalog.count(*) as staff
    from public.members m
    where m.org_id = s.org_id and not m._deleted and m.status not in ('transferred', 'deceased', 'left')
    group by m.branch_id
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'id', b.id, 'name', b.name, 'unit_id', b.unit_id, 'unit_name', u.name,
      'active', b.active,
      'party_members', coalesce(h.party_members, 0), 'staff', coalesce(h.staff, 0))
      order by b.sort_order, b.name, b.id), '[]'::jsonb)
  into v_rows
  from public.branches b
  left join public.units u on u.id = b.unit_id and not u._deleted
  left join heads h on h.branch_id = b.id
  where b.org_id = s.org_id and not b._deleted and (s.branch_ids is null or b.id = any (s.branch_ids));
  return pg_catalog.jsonb_build_object('branches', v_rows);
end
$$;

-- 学习强国 usage of a year: each branch's latest month of the year, summed (null: no rows).
create function app_private.review_xuexi(p_org uuid, p_branches uuid[], p_year int, out using_count bigint, out total_count bigint)
language sql stable security invoker set search_path = ''
as $$
  select sum(x.members_using), sum(x.members_total)
  from (select distinct on (u.branch_id) u.members_using, u.members_total
        from public.xuexi_usage u
        where u.org_id = p_org and not u._deleted and (p_branches is null or u.branch_id = any (p_branches))
          and u.month >= pg_catalog.make_date(p_year, 1, 1) and u.month < pg_catalog.make_date(p_year + 1, 1, 1)
        order by u.branch_id, u.month desc) x
$$;

-- The year's figures for the annual report (keys in the header above), and the goods given on visits.
create function app_private.review_totals(p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  d_from date := pg_catalog.make_date(p_year, 1, 1);
  d_to date := pg_catalog.make_date(p_year + 1, 1, 1);
  f jsonb := '{}'::jsonb;
  ev record;
  v_campaigns boolean;
  don record;
  blood record;
  vis record;
  pl record;
  xu record;
  tr record;
  v_goods jsonb;
begin
  s := app_private.review_scope();

  -- Events held: the scope's branches' own events, and org-wide events for leaders and admins.
  select pg_catalog.count(*) as any_event,
    pg_catalog.count(*) filter (where e.kind = 'group_study' and held) as group_study,
    pg_catalog.count(*) filter (where e.kind = 'seminar' and held) as seminar,
    pg_catalog.count(*) filter (where e.kind in ('general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture') and held) as three_meetings,
    pg_catalog.count(*) filter (where e.kind = 'party_lecture' and held) as lectures,
    pg_catalog.count(*) filter (where e.kind = 'theme_day' and held) as theme_days
  into ev
  from (select x.kind, x.cancelled_at is null and x.starts_at <= pg_catalog.now() as held
        from public.events x
        where x.org_id = s.org_id and not x._deleted and x.starts_at >= v_from and x.starts_at < v_to
          and (s.branch_ids is null or x.branch_id = any (s.branch_ids))) e;
  f := f || pg_catalog.jsonb_build_object(
    'group_study_sessions', case when ev.any_event > 0 then ev.group_study end,
    'seminar_sessions', case when ev.any_event > 0 then ev.seminar end,
    'three_meetings_held', case when ev.any_event > 0 then ev.three_meetings end,
    'party_lectures_held', case when ev.any_event > 0 then ev.lectures end,
    'theme_days_held', case when ev.any_event > 0 then ev.theme_days end);

  f := f || pg_catalog.jsonb_build_object('study_minutes', (
    select sum(l.minutes) from public.study_logs l
    where l.org_id = s.org_id and not l._deleted and l.studied_on >= d_from and l.studied_on < d_to
      and (s.branch_ids is null or l.branch_id = any (s.branch_ids))));

  -- Donations to the year's campaigns (a campaign's year, whatever day each gift was made).
  v_campaigns := exists (select 1 from public.donation_campaigns c where c.org_id = s.org_id and not c._deleted and c.year = p_year);
  select coalesce(sum(d.amount_fen), 0) as fen, pg_catalog.count(distinct d.member_id) as persons into don
  from public.donations d join public.donation_campaigns c on c.id = d.campaign_id and c.org_id = d.org_id
  where d.org_id = s.org_id and not d._deleted and not c._deleted and c.year = p_year
    and (s.branch_ids is null or d.branch_id = any (s.branch_ids));
  f := f || pg_catalog.jsonb_build_object(
    'donation_fen', case when v_campaigns then don.fen end,
    'donation_persons', case when v_campaigns then don.persons end,
    'donation_handed_over_fen', (
      select sum(c.handed_over_fen) from public.donation_campaigns c
      where c.org_id = s.org_id and not c._deleted and c.year = p_year));

  -- Blood given that year (by the day it was given), by the scope's members.
  select pg_catalog.count(distinct b.member_id) as donors, coalesce(sum(b.volume_ml), 0) as ml, pg_catalog.count(*) as n into blood
  from public.blood_donations b
  where b.org_id = s.org_id and not b._deleted and b.donated_on >= d_from and b.donated_on < d_to
    and (s.branch_ids is null or b.branch_id = any (s.branch_ids));
  if blood.n > 0 or exists (
      select 1 from public.events e
      where e.org_id = s.org_id and not e._deleted and e.kind = 'blood_drive' and e.cancelled_at is null
        and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
        and (s.branch_ids is null or e.branch_id is null or e.branch_id = any (s.branch_ids))) then
    f := f || pg_catalog.jsonb_build_object('blood_donors', blood.donors, 'blood_ml', blood.ml);
  else
    f := f || '{"blood_donors": null, "blood_ml": null}'::jsonb;
  end if;

  -- Visits by kind. Persons: the roster rows a visit names (each once), else the visit's count.
  with v as (
    select x.id, x.kind, x.households, x.persons, x.funds_fen, x.visited_member_ids
    from public.visits x
    where x.org_id = s.org_id and not x._deleted and x.visited_on >= d_from and x.visited_on < d_to
      and (s.branch_ids is null or x.branch_id = any (s.branch_ids))
  ),
  named as (
    select v.kind, pg_catalog.count(distinct p.id) as persons
    from v cross join pg_catalog.unnest(v.visited_member_ids) as p (id)
    group by v.kind
  ),
  per_kind as (
    select v.kind, pg_catalog.count(*) as n, sum(v.households) as households, sum(v.funds_fen) as funds,
      sum(v.persons) filter (where pg_catalog.cardinality(v.visited_member_ids) = 0) as unnamed
    from v group by v.kind
  )
  select
    max(k.n) filter (where k.kind = 'retired_member') as retired_n,
    max(coalesce(k.unnamed, 0) + coalesce(n.persons, 0)) filter (where k.kind = 'retired_member') as retired_persons,
    max(k.funds) filter (where k.kind = 'retired_member') as retired_funds,
    max(coalesce(k.unnamed, 0) + coalesce(n.persons, 0)) filter (where k.kind = 'staff_hardship') as hardship_persons,
    max(k.funds) filter (where k.kind = 'staff_hardship') as hardship_funds,
    max(k.households) filter (where k.kind = 'poverty') as poverty_households,
    max(k.funds) filter (where k.kind = 'poverty') as poverty_funds
  into vis
  from per_kind k left join named n on n.kind = k.kind;
  f := f || pg_catalog.jsonb_build_object(
    'visits_retired_member_persons', vis.retired_persons,
    'visits_retired_member_funds_fen', vis.retired_funds,
    'visits_staff_hardship_persons', vis.hardship_persons,
    'visits_staff_hardship_funds_fen', vis.hardship_funds,
    'visits_poverty_households', vis.poverty_households,
    'visits_poverty_funds_fen', vis.poverty_funds);

  -- Pledges of the year: units by kind (the organisation's), persons (the scope's members).
  select
    exists (select 1 from public.pledge_templates t where t.org_id = s.org_id and not t._deleted and t.year = p_year and t.kind = 'department') as has_units,
    exists (select 1 from public.pledge_templates t where t.org_id = s.org_id and not t._deleted and t.year = p_year and t.kind = 'personal') as has_persons,
    (select pg_catalog.count(distinct g.unit_id) from public.pledge_signatures g
       join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
       join public.units u on u.id = g.unit_id and u.org_id = g.org_id
     where g.org_id = s.org_id and not g._deleted and not t._deleted and t.year = p_year and t.kind = 'department'
       and u.kind = 'department') as department_units,
    (select pg_catalog.count(distinct g.unit_id) from public.pledge_signatures g
       join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
       join public.units u on u.id = g.unit_id and u.org_id = g.org_id
     where g.org_id = s.org_id and not g._deleted and not t._deleted and t.year = p_year and t.kind = 'department'
       and u.kind = 'subunit') as subunit_units,
    (select pg_catalog.count(*) from public.units u
     where u.org_id = s.org_id and not u._deleted and u.active) as units_total,
    (select pg_catalog.count(distinct g.member_id) from public.pledge_signatures g
       join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
     where g.org_id = s.org_id and not g._deleted and not t._deleted and t.year = p_year and t.kind = 'personal'
       and g.member_id is not null and (s.branch_ids is null or g.branch_id = any (s.branch_ids))) as persons,
    (select pg_catalog.count(*) from public.members m
     where m.org_id = s.org_id and not m._deleted and m.status = 'active'
       and (s.branch_ids is null or m.branch_id = any (s.branch_ids))) as persons_expected
  into pl;
  f := f || pg_catalog.jsonb_build_object(
    'pledge_department_units', case when pl.has_units then pl.department_units end,
    'pledge_subunit_units', case when pl.has_units then pl.subunit_units end,
    'pledge_units_total', case when pl.has_units then pl.units_total end,
    'pledge_persons', case when pl.has_persons then pl.persons end,
    'pledge_persons_expected', case when pl.has_persons then pl.persons_expected end);

  xu := app_private.review_xuexi(s.org_id, s.branch_ids, p_year);
  f := f || pg_catalog.jsonb_build_object('xuexi_using', xu.using_count, 'xuexi_total', xu.total_count);

  -- Training: the distinct persons of the scope present (or late) at a training held that year.
  select pg_catalog.count(distinct e.id) as events,
    pg_catalog.count(distinct a.member_id) filter (
      where a.status in ('present', 'late') and a.verification is distinct from 'refused'
        and a.verification is distinct from 'pending') as persons
  into tr
  from public.events e
  left join public.attendance a on a.event_id = e.id and not a._deleted
    and (s.branch_ids is null or a.branch_id = any (s.branch_ids))
  where e.org_id = s.org_id and not e._deleted and e.kind = 'training' and e.cancelled_at is null
    and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
    and (s.branch_ids is null or e.branch_id is null or e.branch_id = any (s.branch_ids));
  f := f || pg_catalog.jsonb_build_object('training_participants', case when tr.events > 0 then tr.persons end);

  -- Goods given on the year's visits, summed by name and unit.
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', g.name, 'unit', g.unit, 'quantity', g.quantity)
                                       order by g.name collate "C", g.unit collate "C"), '[]'::jsonb)
  into v_goods
  from (select i ->> 'name' as name, i ->> 'unit' as unit, sum((i ->> 'quantity')::numeric) as quantity
        from public.visits x cross join pg_catalog.jsonb_array_elements(x.goods_items) as i
        where x.org_id = s.org_id and not x._deleted and x.visited_on >= d_from and x.visited_on < d_to
          and (s.branch_ids is null or x.branch_id = any (s.branch_ids))
        group by 1, 2) g;

  return pg_catalog.jsonb_build_object('year', p_year, 'figures', f, 'goods', v_goods);
end
$$;

-- The records one figure of review_totals counts, in the same scope and by the same rules:
-- events, study logs, donations, donors, blood donations, visits, signatures, units, members,
-- usage rows. `value` is what the record adds to the figure (null where it only counts as one).
create function app_private.review_figure_rows(p_org uuid, p_branches uuid[], p_year int, p_figure text)
returns table (id uuid, "on" date, branch_name text, label text, detail text, value numeric)
language plpgsql stable security invoker set search_path = '' set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  d_from date := pg_catalog.make_date(p_year, 1, 1);
  d_to date := pg_catalog.make_date(p_year + 1, 1, 1);
  v_kinds text[];
begin
  case p_figure
  when 'group_study_sessions', 'seminar_sessions', 'three_meetings_held', 'party_lectures_held', 'theme_days_held' then
    v_kinds := case p_figure
      when 'group_study_sessions' then array['group_study'] when 'seminar_sessions' then array['seminar']
      when 'party_lectures_held' then array['party_lecture'] when 'theme_days_held' then array['theme_day']
      else array['general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture'] end;
    return query
    select e.id, (e.starts_at at time zone 'Asia/Shanghai')::date, b.name, e.title, e.kind, null::numeric
    from public.events e left join public.branches b on b.id = e.branch_id
    where e.org_id = p_org and not e._deleted and e.cancelled_at is null and e.kind = any (v_kinds)
      and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
      and (p_branches is null or e.branch_id = any (p_branches));
  when 'study_minutes' then
    -- One row per person (a year holds tens of thousands of logs): minutes, and how many logs.
    return query
    select l.member_id, l.last_on, b.name, m.name, l.logs::text, l.minutes::numeric
    from (select x.member_id, max(x.studied_on) as last_on, pg_catalog.count(*) as logs, sum(x.minutes) as minutes
          from public.study_logs x
          where x.org_id = p_org and not x._deleted and x.studied_on >= d_from and x.studied_on < d_to
            and (p_branches is null or x.branch_id = any (p_branches))
          group by x.member_id) l
    join public.members m on m.id = l.member_id join public.branches b on b.id = m.branch_id;
  when 'donation_fen', 'donation_persons' then
    return query
    select case when p_figure = 'donation_fen' then d.id else d.member_id end, max(d.donated_on), max(b.name), max(m.name),
      case when p_figure = 'donation_fen' then max(c.name) end, sum(d.amount_fen)::numeric
    from public.donations d
      join public.donation_campaigns c on c.id = d.campaign_id and c.org_id = d.org_id
      join public.members m on m.id = d.member_id join public.branches b on b.id = d.branch_id
    where d.org_id = p_org and not d._deleted and not c._deleted and c.year = p_year
      and (p_branches is null or d.branch_id = any (p_branches))
    group by 1;
  when 'donation_handed_over_fen' then
    return query
    select c.id, coalesce(c.handed_over_on, c.starts_on, d_from), null::text, c.name, c.recipient,
      c.handed_over_fen::numeric
    from public.donation_campaigns c
    where c.org_id = p_org and not c._deleted and c.year = p_year and c.handed_over_fen is not null;
  when 'blood_donors', 'blood_ml' then
    return query
    select case when p_figure = 'blood_ml' then x.id else x.member_id end, max(x.donated_on), max(b.name), max(m.name), null::text, sum(x.volume_ml)::numeric
    from public.blood_donations x join public.members m on m.id = x.member_id join public.branches b on b.id = x.branch_id
    where x.org_id = p_org and not x._deleted and x.donated_on >= d_from and x.donated_on < d_to
      and (p_branches is null or x.branch_id = any (p_branches))
    group by 1;
  when 'visits_retired_member_persons', 'visits_retired_member_funds_fen', 'visits_staff_hardship_persons',
       'visits_staff_hardship_funds_fen', 'visits_poverty_households', 'visits_poverty_funds_fen' then
    return query
    select x.id, x.visited_on, b.name, coalesce(x.place, ''), x.goods,
      case
        when p_figure like '%_funds_fen' then x.funds_fen
        when p_figure = 'visits_poverty_households' then x.households
        when pg_catalog.cardinality(x.visited_member_ids) > 0 then pg_catalog.cardinality(x.visited_member_ids)
        else x.persons
      end::numeric
    from public.visits x join public.branches b on b.id = x.branch_id
    where x.org_id = p_org and not x._deleted and x.visited_on >= d_from and x.visited_on < d_to
      and x.kind = case when p_figure like 'visits_retired_member%' then 'retired_member'
                        when p_figure like 'visits_staff_hardship%' then 'staff_hardship' else 'poverty' end
      and (p_branches is null or x.branch_id = any (p_branches));
  when 'pledge_department_units', 'pledge_subunit_units' then
    return query
    select g.id, (g.signed_at at time zone 'Asia/Shanghai')::date, null::text, u.name, g.signer_name, null::numeric
    from public.pledge_signatures g
      join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
      join public.units u on u.id = g.unit_id and u.org_id = g.org_id
    where g.org_id = p_org and not g._deleted and not t._deleted and t.year = p_year and t.kind = 'department'
      and u.kind = case p_figure when 'pledge_department_units' then 'department' else 'subunit' end;
  when 'pledge_units_total' then
    return query
    select u.id, coalesce((g.signed_at at time zone 'Asia/Shanghai')::date, d_from), null::text, u.name, u.kind,
      (case when g.id is null then 0 else 1 end)::numeric
    from public.units u
    left join lateral (
      select g.id, g.signed_at from public.pledge_signatures g
        join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
      where g.unit_id = u.id and g.org_id = u.org_id and not g._deleted and not t._deleted
        and t.year = p_year and t.kind = 'department'
      order by g.signed_at limit 1) g on true
    where u.org_id = p_org and not u._deleted and u.active
      and exists (select 1 from public.pledge_templates t where t.org_id = p_org and not t._deleted and t.year = p_year and t.kind = 'department');
  when 'pledge_persons', 'pledge_persons_expected' then
    return query
    select m.id, coalesce((g.signed_at at time zone 'Asia/Shanghai')::date, d_from), b.name, m.name, null::text,
      (case when g.id is null then 0 else 1 end)::numeric
    from public.members m
    join public.branches b on b.id = m.branch_id
    left join lateral (
      select g.id, g.signed_at from public.pledge_signatures g
        join public.pledge_templates t on t.id = g.template_id and t.org_id = g.org_id
      where g.member_id = m.id and not g._deleted and not t._deleted and t.year = p_year and t.kind = 'personal'
      order by g.signed_at limit 1) g on true
    where m.org_id = p_org and not m._deleted
      and (p_branches is null or m.branch_id = any (p_branches))
      and case when p_figure = 'pledge_persons' then g.id is not null else m.status = 'active' end
      and exists (select 1 from public.pledge_templates t where t.org_id = p_org and not t._deleted and t.year = p_year and t.kind = 'personal');
  when 'xuexi_using', 'xuexi_total' then
    return query
    select distinct on (u.branch_id) u.id, u.month, b.name, b.name, u.members_using || '/' || u.members_total,
      (case when p_figure = 'xuexi_using' then u.members_using else u.members_total end)::numeric
    from public.xuexi_usage u join public.branches b on b.id = u.branch_id
    where u.org_id = p_org and not u._deleted and (p_branches is null or u.branch_id = any (p_branches))
      and u.month >= d_from and u.month < d_to
    order by u.branch_id, u.month desc;
  when 'training_participants' then
    return query
    select a.member_id, min((e.starts_at at time zone 'Asia/Shanghai')::date), max(b.name), max(m.name),
      max(e.title), pg_catalog.count(distinct e.id)::numeric
    from public.events e
      join public.attendance a on a.event_id = e.id and not a._deleted
      join public.members m on m.id = a.member_id join public.branches b on b.id = a.branch_id
    where e.org_id = p_org and not e._deleted and e.kind = 'training' and e.cancelled_at is null
      and e.starts_at >= v_from and e.starts_at < v_to and e.starts_at <= pg_catalog.now()
      and (p_branches is null or e.branch_id is null or e.branch_id = any (p_branches))
      and (p_branches is null or a.branch_id = any (p_branches))
      and a.status in ('present', 'late') and a.verification is distinct from 'refused'
      and a.verification is distinct from 'pending'
    group by a.member_id;
  else
    raise exception '没有这项统计数字' using errcode = '22023';
  end case;
end
$$;

create function app_private.review_figure_records(p_year int, p_figure text) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_rows jsonb;
begin
  s := app_private.review_scope();
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'id', r.id, 'on', r."on", 'branch_name', r.branch_name, 'label', r.label, 'detail', r.detail, 'value', r.value)
      order by r."on", r.branch_name, r.label, r.id), '[]'::jsonb)
  into v_rows
  from app_private.review_figure_rows(s.org_id, s.branch_ids, p_year, p_figure) r;
  return pg_catalog.jsonb_build_object('figure', p_figure, 'rows', v_rows);
end
$$;

-- A branch's own events of a year (cancelled and coming ones too), each with its counts:
-- status 'cancelled', 'held' (started) or 'planned'. 42501 for a branch outside the caller's scope
-- (another branch, another organisation's, an unknown id: the same answer).
create function app_private.review_branch_events(p_branch_id uuid, p_year int) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  v_from timestamptz := app_private.review_year_start(p_year);
  v_to timestamptz := app_private.review_year_start(p_year + 1);
  v_rows jsonb;
begin
  s := app_private.review_scope();
  if not exists (select 1 from public.branches b where b.id = p_branch_id and b.org_id = s.org_id and not b._deleted)
     or (s.branch_ids is not null and not p_branch_id = any (s.branch_ids)) then
    raise exception '无权查看该支部的统计' using errcode = '42501';
  end if;
  with ev as (
    select c.event_id as id, c.kind, e.title, c.starts_at,
      case when c.cancelled then 'cancelled' when c.starts_at <= pg_catalog.now() then 'held' else 'planned' end as status,
      c.expected, c.present, c.late, c.leave, c.absent as absent_marked
    from app_private.review_event_counts(s.org_id, array[p_branch_id], v_from, v_to, false) c
    join public.events e on e.id = c.event_id
    where c.branch_id = p_branch_id
  )
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'id', ev.id, 'kind', ev.kind, 'title', ev.title, 'starts_at', ev.starts_at, 'status', ev.status,
      'expected', ev.expected, 'present', ev.present, 'late', ev.late, 'leave', ev.leave,
      'absent', case when ev.status = 'held' then ev.expected - ev.present - ev.late - ev.leave else ev.absent_marked end)
      order by ev.starts_at, ev.id), '[]'::jsonb)
  into v_rows
  from ev;
  return pg_catalog.jsonb_build_object('events', v_rows);
end
$$;

-- One event and where each person stands at it: the expected members and anyone else with a row,
-- by name, party group and state (the codes of attendanceState: present, late, pending, leave,
-- leavePending, leaveRejected, absent, none), never a leave reason or a note. A branch role sees
-- its branches' events, and its branches' members at an org-wide event; 42501 for any other event.
create function app_private.review_event_attendance(p_event_id uuid) returns jsonb
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan
as $$
declare
  s record;
  e record;
  v_rows jsonb;
begin
  s := app_private.review_scope();
  select x.id, x.kind, x.title, x.starts_at, x.ends_at, x.place, x.branch_id, x.cancelled_at, b.name as branch_name
  into e
  from public.events x left join public.branches b on b.id = x.branch_id
  where x.id = p_event_id and x.org_id = s.org_id and not x._deleted
    and (s.branch_ids is null or x.branch_id is null or x.branch_id = any (s.branch_ids));
  if e.id is null then
    raise exception '无权查看该活动的签到情况' using errcode = '42501';
  end if;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
      'member_id', r.member_id, 'name', m.name, 'group_name', g.name, 'status', r.state,
      'checked_in_at', r.checked_in_at)
      order by b.sort_order, b.id, m.name collate "C", m.id), '[]'::jsonb)
  into v_rows
  from app_private.review_roll(s.org_id, s.branch_ids, '-infinity', 'infinity', p_event_id) r
  join public.members m on m.id = r.member_id
  join public.branches b on b.id = m.branch_id
  left join public.party_groups g on g.id = m.group_id;
  return pg_catalog.jsonb_build_object(
    'event', pg_catalog.jsonb_build_object('id', e.id, 'kind', e.kind, 'title', e.title, 'starts_at', e.starts_at,
      'ends_at', e.ends_at, 'place', e.place, 'branch_id', e.branch_id, 'branch_name', e.branch_name,
      'status', case when e.cancelled_at is not null then 'cancelled' when e.starts_at <= pg_catalog.now() then 'held' else 'planned' end),
    'rows', v_rows);
end
$$;

-- The API: invoker entry points in public over the definers, executable by authenticated only.
create function public.review_participation(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_participation(p_year) $$;
create function public.review_held(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_held(p_year) $$;
create function public.review_branches() returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_branches() $$;
create function public.review_totals(p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_totals(p_year) $$;
create function public.review_figure_records(p_year int, p_figure text) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_figure_records(p_year, p_figure) $$;
create function public.review_branch_events(p_branch_id uuid, p_year int) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_branch_events(p_branch_id, p_year) $$;
create function public.review_event_attendance(p_event_id uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select app_private.review_event_attendance(p_event_id) $$;

revoke all on function
  public.review_participation(int), public.review_held(int), public.review_branches(), public.review_totals(int),
  public.review_figure_records(int, text), public.review_branch_events(uuid, int), public.review_event_attendance(uuid),
  app_private.review_participation(int), app_private.review_held(int), app_private.review_branches(),
  app_private.review_totals(int), app_private.review_figure_records(int, text), app_private.review_branch_events(uuid, int),
  app_private.review_event_attendance(uuid)
  from public, anon;
grant execute on function
  public.review_participation(int), public.review_held(int), public.review_branches(), public.review_totals(int),
  public.review_figure_records(int, text), public.review_branch_events(uuid, int), public.review_event_attendance(uuid),
  app_private.review_participation(int), app_private.review_held(int), app_private.review_branches(),
  app_private.review_totals(int), app_private.review_figure_records(int, text), app_private.review_branch_events(uuid, int),
  app_private.review_event_attendance(uuid)
  to authenticated;
-- The helpers run inside the definers only.
revoke all on function app_private.review_scope(), app_private.review_year_start(int), 
  app_private.review_roll(uuid, uuid[], timestamptz, timestamptz, uuid),
  app_private.review_event_counts(uuid, uuid[], timestamptz, timestamptz, boolean), app_private.review_xuexi(uuid, uuid[], int),
  app_private.review_figure_rows(uuid, uuid[], int, text)
  from public, anon, authenticated;
