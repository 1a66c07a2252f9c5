-- Personal records a colleague must not read (DESIGN.md §1: colleagues see each other's names, groups
-- and committee titles, not leave reasons, notes or signatures). Until now every member of a branch
-- read the whole branch's attendance (with leave reasons), pledge signatures (with the handwriting)
-- and visit participations (with notes). Now, as for study logs: the member his own rows, the
-- branch's organizers and secretary all of the branch's, leaders and admins the organisation's.
-- Department and sub-unit pledges (no branch) stay readable by the whole organisation.
-- Writes are unchanged.

drop policy attendance_select on public.attendance;
create policy attendance_select on public.attendance for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

drop policy pledge_signatures_select on public.pledge_signatures;
create policy pledge_signatures_select on public.pledge_signatures for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or (branch_id is null and org_id = any ((select app_private.my_org_ids())::uuid[]))
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));

drop policy visit_participants_select on public.visit_participants;
create policy visit_participants_select on public.visit_participants for select to authenticated
  using (member_id = (select app_private.current_member_id())
         or branch_id = any ((select app_private.branch_ids_with(array['organizer', 'secretary']))::uuid[])
         or org_id = any ((select app_private.org_ids_with(array['leader', 'admin']))::uuid[]));
