-- Branch life and the yearly records: events (三会一课, 主题党日, study, activities), attendance,
-- donations, blood donations, integrity pledges, visits and personal study logs.
-- Composite foreign keys keep every row inside its branch: a row's member, event and group must
-- belong to the same branch as the row itself.

create table public.events (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  group_id uuid,
  kind text not null check (kind in (
    'general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day',
    'group_study', 'seminar', 'volunteer', 'blood_drive', 'donation_drive', 'visit')),
  title text not null check (char_length(btrim(title)) between 1 and 200),
  theme text check (char_length(theme) <= 200),
  starts_at timestamptz not null check (starts_at between '1990-01-01' and '2100-12-31'),
  ends_at timestamptz check (ends_at between '1990-01-01' and '2100-12-31'),
  place text check (char_length(place) <= 200),
  host text check (char_length(host) <= 50),
  recorder text check (char_length(recorder) <= 50),
  lecturer text check (char_length(lecturer) <= 50),
  agenda text check (char_length(agenda) <= 5000),
  plan text check (char_length(plan) <= 5000),
  material text check (char_length(material) <= 5000),
  minutes text check (char_length(minutes) <= 50000),
  resolutions text check (char_length(resolutions) <= 10000),
  vote_result text check (char_length(vote_result) <= 2000),
  guests text check (char_length(guests) <= 1000),
  -- Quorum: how many were expected (members, or committee members for 支委会) when the event was held;
  -- elections need 4/5 instead of more than half.
  expected_count integer check (expected_count between 0 and 10000),
  is_election boolean not null default false,
  quorum_override_note text check (char_length(quorum_override_note) <= 500),
  photos public.evidence_paths not null default '[]'::jsonb,
  constraint events_ends_after_start check (ends_at is null or ends_at >= starts_at),
  constraint events_group_for_group_meeting check (kind = 'group_meeting' or group_id is null),
  unique (id, branch_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (group_id, branch_id) references public.party_groups (id, branch_id)
);
select app_private.make_synced('public.events');
create index events_org_id_idx on public.events (org_id);
create index events_branch_id_idx on public.events (branch_id, starts_at);
create index events_group_id_idx on public.events (group_id);

create table public.attendance (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  event_id uuid not null,
  member_id uuid not null,
  status text not null check (status in ('present', 'late', 'leave', 'absent')),
  method text check (method in ('qr', 'code', 'manual')),
  checked_in_at timestamptz check (checked_in_at between '1990-01-01' and '2100-12-31'),
  leave_reason text check (char_length(leave_reason) <= 500),
  leave_status text check (leave_status in ('pending', 'approved', 'rejected')),
  decided_by uuid,
  decided_at timestamptz check (decided_at between '1990-01-01' and '2100-12-31'),
  makeup_required boolean not null default false,
  makeup_done_at timestamptz check (makeup_done_at between '1990-01-01' and '2100-12-31'),
  makeup_note text check (char_length(makeup_note) <= 1000),
  constraint attendance_leave_fields check ((status = 'leave') = (leave_status is not null)),
  constraint attendance_checkin_fields check (status not in ('present', 'late') or method is not null),
  constraint attendance_decision check ((leave_status in ('approved', 'rejected')) = (decided_at is not null) or leave_status is null),
  unique (event_id, member_id),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (event_id, branch_id) references public.events (id, branch_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.attendance');
create index attendance_org_id_idx on public.attendance (org_id);
create index attendance_branch_id_idx on public.attendance (branch_id);
create index attendance_member_id_idx on public.attendance (member_id);

create table public.donation_campaigns (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  year integer not null check (year between 2000 and 2100),
  starts_on date check (starts_on between '2000-01-01' and '2100-12-31'),
  ends_on date check (ends_on between '2000-01-01' and '2100-12-31'),
  recipient text check (char_length(recipient) <= 100),
  handed_over_on date check (handed_over_on between '2000-01-01' and '2100-12-31'),
  receipt_note text check (char_length(receipt_note) <= 1000),
  constraint donation_campaigns_dates check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
select app_private.make_synced('public.donation_campaigns');
create index donation_campaigns_org_id_idx on public.donation_campaigns (org_id, year);

create table public.donations (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  campaign_id uuid not null references public.donation_campaigns (id),
  member_id uuid not null,
  amount_fen integer not null check (amount_fen between 1 and 10000000),
  donated_on date not null check (donated_on between '2000-01-01' and '2100-12-31'),
  note text check (char_length(note) <= 500),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.donations');
create index donations_org_id_idx on public.donations (org_id);
create index donations_branch_id_idx on public.donations (branch_id);
create index donations_campaign_id_idx on public.donations (campaign_id);
create index donations_member_id_idx on public.donations (member_id);

create table public.blood_donations (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  event_id uuid,
  member_id uuid not null,
  volume_ml integer not null check (volume_ml between 50 and 800),
  donated_on date not null check (donated_on between '2000-01-01' and '2100-12-31'),
  note text check (char_length(note) <= 500),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (event_id, branch_id) references public.events (id, branch_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.blood_donations');
create index blood_donations_org_id_idx on public.blood_donations (org_id);
create index blood_donations_branch_id_idx on public.blood_donations (branch_id);
create index blood_donations_event_id_idx on public.blood_donations (event_id);
create index blood_donations_member_id_idx on public.blood_donations (member_id);

create table public.pledge_templates (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  year integer not null check (year between 2000 and 2100),
  kind text not null check (kind in ('personal', 'department')),
  title text not null check (char_length(btrim(title)) between 1 and 100),
  body text not null check (char_length(body) between 1 and 20000),
  body_sha256 text not null check (body_sha256 ~ '^[0-9a-f]{64}$'),
  constraint pledge_templates_hash check (body_sha256 = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(body, 'UTF8')), 'hex')),
  unique (id, body_sha256)
);
select app_private.make_synced('public.pledge_templates');
create index pledge_templates_org_id_idx on public.pledge_templates (org_id, year);
create unique index pledge_templates_one_per_year on public.pledge_templates (org_id, year, kind) where not _deleted;

-- A personal pledge is signed by a member (branch_id = the member's branch); a responsibility
-- pledge by a department or sub-unit (branch_id null). The signed hash must be the template's.
create table public.pledge_signatures (
  id uuid primary key,
  org_id uuid not null references public.orgs (id),
  branch_id uuid,
  template_id uuid not null,
  member_id uuid,
  unit_id uuid,
  signer_name text not null check (char_length(btrim(signer_name)) between 1 and 50),
  signed_text_sha256 text not null,
  strokes jsonb not null check (jsonb_typeof(strokes) = 'array' and octet_length(strokes::text) <= 200000),
  signed_at timestamptz not null check (signed_at between '2000-01-01' and '2100-12-31'),
  constraint pledge_signatures_signer check (
    (member_id is not null and unit_id is null and branch_id is not null)
    or (unit_id is not null and member_id is null and branch_id is null)
  ),
  foreign key (template_id, signed_text_sha256) references public.pledge_templates (id, body_sha256),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id),
  foreign key (unit_id, org_id) references public.units (id, org_id)
);
select app_private.make_synced('public.pledge_signatures');
create index pledge_signatures_org_id_idx on public.pledge_signatures (org_id);
create index pledge_signatures_branch_id_idx on public.pledge_signatures (branch_id);
create index pledge_signatures_member_id_idx on public.pledge_signatures (member_id);
create index pledge_signatures_unit_id_idx on public.pledge_signatures (unit_id);
create unique index pledge_signatures_member_key on public.pledge_signatures (template_id, member_id) where member_id is not null;
create unique index pledge_signatures_unit_key on public.pledge_signatures (template_id, unit_id) where unit_id is not null;

create table public.visits (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  kind text not null check (kind in ('poverty', 'retired_member', 'staff_hardship')),
  visited_on date not null check (visited_on between '2000-01-01' and '2100-12-31'),
  place text check (char_length(place) <= 200),
  households integer not null default 0 check (households between 0 and 10000),
  persons integer not null default 0 check (persons between 0 and 100000),
  funds_fen integer not null default 0 check (funds_fen between 0 and 1000000000),
  goods text check (char_length(goods) <= 1000),
  participant_ids uuid[] not null default '{}' check (cardinality(participant_ids) <= 100),
  notes text check (char_length(notes) <= 5000),
  photos public.evidence_paths not null default '[]'::jsonb,
  foreign key (branch_id, org_id) references public.branches (id, org_id)
);
select app_private.make_synced('public.visits');
create index visits_org_id_idx on public.visits (org_id);
create index visits_branch_id_idx on public.visits (branch_id, visited_on);

create table public.study_logs (
  id uuid primary key,
  org_id uuid not null,
  branch_id uuid not null,
  member_id uuid not null,
  studied_on date not null check (studied_on between '2000-01-01' and '2100-12-31'),
  minutes integer not null check (minutes between 1 and 1440),
  topic text not null check (char_length(btrim(topic)) between 1 and 200),
  source text check (char_length(source) <= 100),
  note text check (char_length(note) <= 2000),
  foreign key (branch_id, org_id) references public.branches (id, org_id),
  foreign key (member_id, branch_id) references public.members (id, branch_id)
);
select app_private.make_synced('public.study_logs');
create index study_logs_org_id_idx on public.study_logs (org_id);
create index study_logs_branch_id_idx on public.study_logs (branch_id);
create index study_logs_member_id_idx on public.study_logs (member_id, studied_on);
