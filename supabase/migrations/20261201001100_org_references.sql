-- Every reference stays inside the organisation (and, for branch records, inside the branch).
-- Foreign keys check existence without row-level security, so a key on the id alone accepted a row
-- of another organisation (a donation to another organisation's campaign, a signature of another
-- organisation's pledge) and told an unknown id from an invisible one. Keyed with org_id (or
-- branch_id), both fail the same constraint and the client gets the same answer
-- (`missing_reference`, app_private.sync_rejection).
--
-- The other references were already keyed this way in the earlier migrations:
--   (branch_id, org_id) → branches        every branch record, invites, groups, roster, roles
--   (unit_id, org_id) → units             branches, roster, unit pledges
--   (group_id, branch_id) → party_groups  roster, events
--   (event_id, branch_id) → events        attendance, blood donations, check-in secrets
--   (member_id, branch_id) → members      attendance, donations, blood, signatures, study, visit participants
--   (visit_id, branch_id) → visits        visit participants
--   org_id → orgs                          organisation-wide tables (org_id is the row's own organisation)
-- sync_overwrites is written only by sync_push from the row it replaced (org and branch copied).

alter table public.donation_campaigns add constraint donation_campaigns_id_org_id_key unique (id, org_id);
alter table public.donations drop constraint donations_campaign_id_fkey;
alter table public.donations add constraint donations_campaign_id_org_id_fkey
  foreign key (campaign_id, org_id) references public.donation_campaigns (id, org_id);
create index donations_campaign_id_org_id_idx on public.donations (campaign_id, org_id);
drop index public.donations_campaign_id_idx;

-- One key for the template, its organisation and the signed text's hash: with two keys the one
-- that fails first would tell an unknown template (the hash key) from another organisation's (the
-- organisation key).
alter table public.pledge_templates add constraint pledge_templates_id_org_id_body_sha256_key unique (id, org_id, body_sha256);
alter table public.pledge_signatures drop constraint pledge_signatures_template_id_signed_text_sha256_fkey;
alter table public.pledge_signatures add constraint pledge_signatures_template_fkey
  foreign key (template_id, org_id, signed_text_sha256) references public.pledge_templates (id, org_id, body_sha256);
create index pledge_signatures_template_fkey_idx on public.pledge_signatures (template_id, org_id, signed_text_sha256);

-- visits.participant_ids is a list of roster ids, not a foreign key: each must be on the visit's
-- branch roster. Refused like a foreign key (23503), so an unknown id and another branch's or
-- organisation's member get the same answer.
create function app_private.check_visit_participants() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from pg_catalog.unnest(new.participant_ids) p(id)
             where not exists (select 1 from public.members m where m.id = p.id and m.branch_id = new.branch_id)) then
    raise exception using errcode = '23503', column = 'participant_ids',
      message = 'participant_ids: not on the branch roster';
  end if;
  return new;
end
$$;
revoke all on function app_private.check_visit_participants() from public, anon, authenticated;
create trigger check_visit_participants before insert or update of participant_ids on public.visits
  for each row execute function app_private.check_visit_participants();
