-- Who may read and write what (DESIGN.md §1): role helpers, row-level security, grants.
--
--   member     reads its branch; writes its own check-ins, leave requests, study logs, donations,
--              blood donations and pledge signatures
--   organizer  + events, attendance (manual marks), visits, donations/blood for the branch
--   secretary  + roster, party groups, leave decisions, the branch's invite code
--   leader     reads the whole organisation, writes nothing
--   admin      reads the whole organisation; writes units, branches, party groups, pledge templates,
--              campaigns, invite codes and department pledges
-- Roles come from public.user_roles only, never from the JWT's user metadata.

-- Role helpers. SECURITY DEFINER so that a policy on user_roles does not recurse into itself.
create function app_private.current_member_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select m.id from public.members m where m.user_id = auth.uid() and not m._deleted
$$;

create function app_private.my_org_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct r.org_id), '{}')
  from public.user_roles r where r.user_id = auth.uid() and not r._deleted
$$;

create function app_private.my_org_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select r.org_id from public.user_roles r
  where r.user_id = auth.uid() and not r._deleted
  order by r.branch_id nulls first limit 1
$$;

-- Branches where the caller holds one of the given roles.
create function app_private.branch_ids_with(roles text[]) returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct r.branch_id), '{}')
  from public.user_roles r
  where r.user_id = auth.uid() and not r._deleted and r.branch_id is not null and r.role = any (roles)
$$;

-- Organisations where the caller holds one of the given organisation-wide roles (leader, admin).
create function app_private.org_ids_with(roles text[]) returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct r.org_id), '{}')
  from public.user_roles r
  where r.user_id = auth.uid() and not r._deleted and r.branch_id is null and r.role = any (roles)
$$;

create function app_private.has_branch_role(branch uuid, roles text[]) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.user_roles r
    where r.user_id = auth.uid() and not r._deleted and r.branch_id = branch and r.role = any (roles))
$$;

create function app_private.is_org_role(org uuid, roles text[]) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.user_roles r
    where r.user_id = auth.uid() and not r._deleted and r.branch_id is null and r.org_id = org and r.role = any (roles))
$$;

-- Leave decisions belong to the branch secretary, and never to the person on leave.
create function app_private.guard_attendance_decision() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  changed boolean;
begin
  if app_private.is_trusted() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    changed := new.leave_status in ('approved', 'rejected') or new.decided_by is not null or new.decided_at is not null;
  else
    changed := (new.leave_status is distinct from old.leave_status
                and (new.leave_status in ('approved', 'rejected') or old.leave_status in ('approved', 'rejected')))
               or new.decided_by is distinct from old.decided_by
               or new.decided_at is distinct from old.decided_at;
  end if;
  if not coalesce(changed, false) then
    return new;
  end if;
  if not app_private.has_branch_role(new.branch_id, array['secretary']) then
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
create trigger guard_attendance_decision before insert or update on public.attendance
  for each row execute function app_private.guard_attendance_decision();

-- Row-level security on every table.
alter table public.orgs enable row level security;
alter table public.units enable row level security;
alter table public.branches enable row level security;
alter table public.branch_invites enable row level security;
alter table public.party_groups enable row level security;
alter table public.members enable row level security;
alter table public.user_roles enable row level security;
alter table public.events enable row level security;
alter table public.attendance enable row level security;
alter table public.donation_campaigns enable row level security;
alter table public.donations enable row level security;
alter table public.blood_donations enable row level security;
alter table public.pledge_templates enable row level security;
alter table public.pledge_signatures enable row level security;
alter table public.visits enable row level security;
alter table public.study_logs enable row level security;

-- Organisation-wide reference tables: everyone with a role in the organisation reads, admins write.
create policy orgs_select on public.orgs for select to authenticated
  using (id = any ((select app_private.my_org_ids())::uuid[]));
create policy orgs_update on public.orgs for update to authenticated
  using (id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

create policy units_select on public.units for select to authenticated
  using (org_id = any ((select app_private.my_org_ids())::uuid[]));
create policy units_insert on public.units for insert to authenticated
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy units_update on public.units for update to authenticated
  using (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

create policy branches_select on public.branches for select to authenticated
  using (org_id = any ((select app_private.my_org_ids())::uuid[]));
create policy branches_insert on public.branches for insert to authenticated
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy branches_update on public.branches for update to authenticated
  using (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

create policy donation_campaigns_select on public.donation_campaigns for select to authenticated
  using (org_id = any ((select app_private.my_org_ids())::uuid[]));
create policy donation_campaigns_insert on public.donation_campaigns for insert to authenticated
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy donation_campaigns_update on public.donation_campaigns for update to authenticated
  using (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

create policy pledge_templates_select on public.pledge_templates for select to authenticated
  using (org_id = any ((select app_private.my_org_ids())::uuid[]));
create policy pledge_templates_insert on public.pledge_templates for insert to authenticated
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy pledge_templates_update on public.pledge_templates for update to authenticated
  using (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

-- Invite codes: the branch's secretary and the admins only.
create policy branch_invites_select on public.branch_invites for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy branch_invites_insert on public.branch_invites for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy branch_invites_update on public.branch_invites for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

-- Branch structure and roster: the branch reads, the secretary (and admins) write.
create policy party_groups_select on public.party_groups for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy party_groups_insert on public.party_groups for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy party_groups_update on public.party_groups for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

create policy members_select on public.members for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy members_insert on public.members for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));
create policy members_update on public.members for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
              or org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[]));

-- Roles: one sees one's own, the secretary sees the branch's, leaders and admins the organisation's.
-- No insert or update policy: writes go through public.assign_role / public.revoke_role.
create policy user_roles_select on public.user_roles for select to authenticated
  using (user_id = (select auth.uid())
         or branch_id = any ((select app_private.branch_ids_with(array['secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

-- Branch life: the branch reads, organizers and the secretary write.
create policy events_select on public.events for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy events_insert on public.events for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));
create policy events_update on public.events for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));

create policy visits_select on public.visits for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy visits_insert on public.visits for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));
create policy visits_update on public.visits for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[]));

-- Attendance: organizers mark anyone in the branch; a member checks in (QR or code) or asks for
-- leave for himself, and may change that row until the secretary has decided on it.
create policy attendance_select on public.attendance for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy attendance_insert on public.attendance for insert to authenticated
  with check (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_by is null and decided_at is null and not makeup_required
        and ((status in ('present', 'late') and method in ('qr', 'code') and leave_status is null)
             or (status = 'leave' and leave_status = 'pending'))));
create policy attendance_update on public.attendance for update to authenticated
  using (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_at is null and not makeup_required))
  with check (
    branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
    or (member_id = (select app_private.current_member_id())
        and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])
        and decided_by is null and decided_at is null and not makeup_required
        and ((status in ('present', 'late') and method in ('qr', 'code') and leave_status is null)
             or (status = 'leave' and leave_status = 'pending'))));

-- Donations and blood donations: the branch reads; a member records his own, organizers anyone's.
create policy donations_select on public.donations for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy donations_insert on public.donations for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));
create policy donations_update on public.donations for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (member_id = (select app_private.current_member_id())
             and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));

create policy blood_donations_select on public.blood_donations for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy blood_donations_insert on public.blood_donations for insert to authenticated
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));
create policy blood_donations_update on public.blood_donations for update to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (member_id = (select app_private.current_member_id())
             and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])))
  with check (branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
              or (member_id = (select app_private.current_member_id())
                  and branch_id = any ((select app_private.branch_ids_with(array['member']))::uuid[])));

-- Personal study logs are private to the member, the branch's organizers and secretary, and the
-- organisation's leaders and admins; only the member writes them.
create policy study_logs_select on public.study_logs for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy study_logs_insert on public.study_logs for insert to authenticated
  with check (member_id = (select app_private.current_member_id())
              and branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[]));
create policy study_logs_update on public.study_logs for update to authenticated
  using (member_id = (select app_private.current_member_id()))
  with check (member_id = (select app_private.current_member_id())
              and branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[]));

-- Pledges: a member signs for himself, an admin records a department's or sub-unit's signature.
-- A signature is never edited (no update policy and no UPDATE grant).
create policy pledge_signatures_select on public.pledge_signatures for select to authenticated
  using (branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.my_org_ids())::uuid[]))
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
create policy pledge_signatures_insert on public.pledge_signatures for insert to authenticated
  with check ((member_id = (select app_private.current_member_id())
               and branch_id = any ((select app_private.branch_ids_with(array['member', 'organizer', 'secretary']))::uuid[]))
              or (unit_id is not null and org_id = any ((select app_private.org_ids_with(array['admin']))::uuid[])));

-- Grants: the API roles start from nothing; authenticated may read, insert and update (RLS decides
-- which rows), never delete. anon gets no table at all.
revoke all on all tables in schema public from anon, authenticated, public;
grant select, insert, update on all tables in schema public to authenticated;
revoke insert, update on public.user_roles from authenticated;
revoke insert on public.orgs from authenticated;
revoke update on public.pledge_signatures from authenticated;

revoke all on all functions in schema app_private from public, anon, authenticated;
grant usage on schema app_private to authenticated;
grant execute on function
  app_private.is_trusted(),
  app_private.current_member_id(),
  app_private.my_org_ids(),
  app_private.my_org_id(),
  app_private.branch_ids_with(text[]),
  app_private.org_ids_with(text[]),
  app_private.has_branch_role(uuid, text[]),
  app_private.is_org_role(uuid, text[])
to authenticated;
