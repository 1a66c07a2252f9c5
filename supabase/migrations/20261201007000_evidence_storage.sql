-- Photo evidence in Supabase Storage: the private bucket `evidence`, its policies on
-- storage.objects, and donation_campaigns.photos (the hand-over receipt).
--
-- An object's name is `<org_id>/<branch_id or "org">/<table>/<record_id>/<photo_id>.<jpg|webp|png>`
-- (lowercase uuids; table events, visits or donation_campaigns); the record's `photos` lists these
-- names. The policies read the ids from the name and decide with the same helpers as the table's
-- own policies: whoever may read records of that table in that branch reads the photo, whoever may
-- write them uploads and removes it. The record need not exist yet (a photo may reach the server
-- before its record syncs), but the organisation and branch of the name must be the caller's.
-- There is no update policy: an object is never overwritten (a second upload of a name is
-- "already exists"). Uses only Supabase's documented storage schema (storage.buckets,
-- storage.objects, storage.foldername()), so it applies to a real project as it is.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('evidence', 'evidence', false, 5242880, array['image/jpeg', 'image/webp', 'image/png'])
on conflict (id) do nothing;

alter table public.donation_campaigns add column photos public.evidence_paths not null default '[]'::jsonb;

-- The folders of a well-formed evidence name (org, branch or 'org', table, record), else null.
create function app_private.evidence_folders(p_name text) returns text[]
language sql immutable set search_path = ''
as $$
  select case
    when p_name ~ ('^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/'
                   || '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|org)/'
                   || '(events|visits|donation_campaigns)/'
                   || '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'
                   || '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[.](jpg|webp|png)$')
    then storage.foldername(p_name)
  end
$$;
revoke all on function app_private.evidence_folders(text) from public, anon;
grant execute on function app_private.evidence_folders(text) to authenticated;

-- Whether the branch of a name belongs to its organisation (a definer: reads branches past RLS,
-- so that the answer is the same for every caller).
create function app_private.evidence_branch_of_org(p_branch uuid, p_org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.branches b where b.id = p_branch and b.org_id = p_org)
$$;
revoke all on function app_private.evidence_branch_of_org(uuid, uuid) from public, anon;
grant execute on function app_private.evidence_branch_of_org(uuid, uuid) to authenticated;

-- Whether the caller took part in the visit (listed by the committee, or his own participation row),
-- the same arms as the visits policy gives a member.
create function app_private.evidence_visit_joined(p_visit uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select p_visit = any (app_private.my_visit_ids())
      or exists (select 1 from public.visits v
                 where v.id = p_visit and app_private.current_member_id() = any (v.participant_ids))
$$;
revoke all on function app_private.evidence_visit_joined(uuid) from public, anon;
grant execute on function app_private.evidence_visit_joined(uuid) to authenticated;

-- Read: events — the branch's members, organizers and secretary (an organisation-wide event's photos:
-- the whole organisation), leaders and admins; visits — the branch's organizers and secretary,
-- leaders and admins, and those who took part; donation_campaigns — the whole organisation.
create function app_private.evidence_may_read(p_name text) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  f text[] := app_private.evidence_folders(p_name);
  v_org uuid;
  v_branch uuid;
begin
  if f is null then return false; end if;
  v_org := f[1]::uuid;
  v_branch := case when f[2] = 'org' then null else f[2]::uuid end;
  if v_branch is not null and not app_private.evidence_branch_of_org(v_branch, v_org) then return false; end if;
  case f[3]
    when 'events' then
      return (v_branch is not null and v_branch = any (app_private.branch_ids_with(array['member', 'organizer', 'secretary'])))
          or (v_branch is null and v_org = any (app_private.my_org_ids()))
          or v_org = any (app_private.org_ids_with(array['leader', 'admin']));
    when 'visits' then
      return v_branch is not null
         and (v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary']))
              or v_org = any (app_private.org_ids_with(array['leader', 'admin']))
              or app_private.evidence_visit_joined(f[4]::uuid));
    when 'donation_campaigns' then
      return v_branch is null and v_org = any (app_private.my_org_ids());
    else
      return false;
  end case;
end
$$;
revoke all on function app_private.evidence_may_read(text) from public, anon;
grant execute on function app_private.evidence_may_read(text) to authenticated;

-- Upload and remove: events — the branch's organizers and secretary (an organisation-wide event's:
-- the admins); visits — the branch's organizers and secretary, and the admins; donation_campaigns —
-- the admins.
create function app_private.evidence_may_write(p_name text) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  f text[] := app_private.evidence_folders(p_name);
  v_org uuid;
  v_branch uuid;
begin
  if f is null then return false; end if;
  v_org := f[1]::uuid;
  v_branch := case when f[2] = 'org' then null else f[2]::uuid end;
  if v_branch is not null and not app_private.evidence_branch_of_org(v_branch, v_org) then return false; end if;
  case f[3]
    when 'events' then
      return (v_branch is not null and v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary'])))
          or (v_branch is null and v_org = any (app_private.org_ids_with(array['admin'])));
    when 'visits' then
      return v_branch is not null
         and (v_branch = any (app_private.branch_ids_with(array['organizer', 'secretary']))
              or v_org = any (app_private.org_ids_with(array['admin'])));
    when 'donation_campaigns' then
      return v_branch is null and v_org = any (app_private.org_ids_with(array['admin']));
    else
      return false;
  end case;
end
$$;
revoke all on function app_private.evidence_may_write(text) from public, anon;
grant execute on function app_private.evidence_may_write(text) to authenticated;

create policy zhibu_evidence_select on storage.objects for select to authenticated
  using (bucket_id = 'evidence' and app_private.evidence_may_read(name));
create policy zhibu_evidence_insert on storage.objects for insert to authenticated
  with check (bucket_id = 'evidence' and app_private.evidence_may_write(name));
create policy zhibu_evidence_delete on storage.objects for delete to authenticated
  using (bucket_id = 'evidence' and app_private.evidence_may_write(name));

-- The pull index and departure trigger see the new column; a tombstone clears it.
select app_private.sync_prepare_tables();
select app_private.prepare_tombstones();
