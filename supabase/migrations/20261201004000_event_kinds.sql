-- The yearly obligations of a branch's calendar: 组织生活会 (the annual organisational life meeting)
-- and 民主评议党员 (the annual appraisal of members) are events of the branch like the others, so a
-- branch can hold and record them and the compliance calendar can count them as done.
alter table public.events drop constraint events_kind_check;
alter table public.events add constraint events_kind_check check (kind in (
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day',
  'group_study', 'seminar', 'volunteer', 'blood_drive', 'donation_drive', 'visit',
  'org_life_meeting', 'member_appraisal'));
