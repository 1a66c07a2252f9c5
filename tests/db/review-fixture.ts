/**
 * A small fixed world for the review aggregates (20261201006000_review.sql): two organisations
 * (甲 with two branches, 乙 with one), a handful of roster rows and logins, and a year (2025) of
 * events of each kind (cancelled, organisation-wide, one that starts on New Year's morning in China
 * but still on 31 December in UTC), attendance of every state, study, donations, blood, visits and
 * pledges, plus rows of 2024 and of the other organisation that must never be counted.
 * Every expected figure in review.ts is counted by hand from the rows below.
 */
import { user, type Actor } from '../helpers/sql'

const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`

export const YEAR = 2025
export const ORG_A = id('a0000000', 1)
export const ORG_B = id('a0000000', 2)
export const UNIT = { office: id('a1000000', 1), finance: id('a1000000', 2), service: id('a1000000', 3), fleet: id('a1000000', 4), b: id('a1000000', 5) }
export const BR = { a1: id('a2000000', 1), a2: id('a2000000', 2), b1: id('a2000000', 3) }
export const GRP = { g1: id('a3000000', 1), g2: id('a3000000', 2) }

/** Logins (user ids) of the fixture. */
export const LOGIN = {
  secretaryA1: id('a4000000', 1),
  organizerA1: id('a4000000', 2),
  memberA1: id('a4000000', 3),
  secretaryA2: id('a4000000', 4),
  leaderA: id('a4000000', 5),
  adminA: id('a4000000', 6),
  leaderB: id('a4000000', 7),
  secretaryB1: id('a4000000', 8),
  nobody: id('a4000000', 9),
}
export type ReviewActor = keyof typeof LOGIN | 'anon'
export const actor = (name: ReviewActor): Actor => (name === 'anon' ? { kind: 'anon' } : user(LOGIN[name]))

/**
 * Roster. 甲/第一支部: m1 (committee, G1, secretary), m2 (G1, organizer), m3 (probationary, G2,
 * member), m4 (G2, retired), m5 (G1, transferred: never expected), m6 (群众: staff, not a party
 * member). 甲/第二支部: n1 (committee, secretary), n2, n3 (deleted). 乙: b1.
 */
export const M = {
  m1: id('a5000000', 1),
  m2: id('a5000000', 2),
  m3: id('a5000000', 3),
  m4: id('a5000000', 4),
  m5: id('a5000000', 5),
  n1: id('a5000000', 6),
  n2: id('a5000000', 7),
  n3: id('a5000000', 8),
  b1: id('a5000000', 9),
  m6: id('a5000000', 10),
}

/** Events. E* 甲/第一支部, F* 甲/第二支部, O* 甲's organisation-wide, X* 乙. */
export const EV = {
  e1General: id('a6000000', 1),
  e2Committee: id('a6000000', 2),
  e3Group: id('a6000000', 3),
  e4Theme: id('a6000000', 4),
  e5StudyCancelled: id('a6000000', 5),
  e6Study: id('a6000000', 6),
  e7Seminar: id('a6000000', 7),
  e8LectureDec31: id('a6000000', 8),
  e9StudyNewYear: id('a6000000', 9),
  e10Study2024: id('a6000000', 10),
  f1Committee: id('a6000000', 11),
  o1Study: id('a6000000', 12),
  o2Blood: id('a6000000', 13),
  x1Study: id('a6000000', 14),
  o3Training: id('a6000000', 15),
}
export const CAMPAIGN = { a2025: id('a7000000', 1), a2024: id('a7000000', 2), b2025: id('a7000000', 3) }
export const TEMPLATE = { personal: id('a8000000', 1), department: id('a8000000', 2), personal2024: id('a8000000', 3) }

const sha = (body: string) => `encode(sha256(convert_to('${body}', 'UTF8')), 'hex')`

export const FIXTURE_SQL = `
insert into public.orgs (id, org_id, name) values
  ('${ORG_A}', '${ORG_A}', '甲局'), ('${ORG_B}', '${ORG_B}', '乙局');
insert into public.units (id, org_id, name, kind, sort_order) values
  ('${UNIT.office}', '${ORG_A}', '办公室', 'department', 1),
  ('${UNIT.finance}', '${ORG_A}', '财务处', 'department', 2),
  ('${UNIT.service}', '${ORG_A}', '服务中心', 'subunit', 3),
  ('${UNIT.fleet}', '${ORG_A}', '车队', 'subunit', 4),
  ('${UNIT.b}', '${ORG_B}', '乙办公室', 'department', 1);
insert into public.branches (id, org_id, unit_id, name, sort_order) values
  ('${BR.a1}', '${ORG_A}', '${UNIT.office}', '甲第一支部', 1),
  ('${BR.a2}', '${ORG_A}', '${UNIT.finance}', '甲第二支部', 2),
  ('${BR.b1}', '${ORG_B}', '${UNIT.b}', '乙支部', 1);
insert into public.party_groups (id, org_id, branch_id, name) values
  ('${GRP.g1}', '${ORG_A}', '${BR.a1}', '第一小组'), ('${GRP.g2}', '${ORG_A}', '${BR.a1}', '第二小组');
insert into public.members (id, org_id, branch_id, group_id, user_id, name, member_type, status, is_committee) values
  ('${M.m1}', '${ORG_A}', '${BR.a1}', '${GRP.g1}', '${LOGIN.secretaryA1}', '甲一', 'full', 'active', true),
  ('${M.m2}', '${ORG_A}', '${BR.a1}', '${GRP.g1}', '${LOGIN.organizerA1}', '甲二', 'full', 'active', false),
  ('${M.m3}', '${ORG_A}', '${BR.a1}', '${GRP.g2}', '${LOGIN.memberA1}', '甲三', 'probationary', 'active', false),
  ('${M.m4}', '${ORG_A}', '${BR.a1}', '${GRP.g2}', null, '甲四', 'full', 'retired', false),
  ('${M.m5}', '${ORG_A}', '${BR.a1}', '${GRP.g1}', null, '甲五', 'full', 'transferred', false),
  ('${M.n1}', '${ORG_A}', '${BR.a2}', null, '${LOGIN.secretaryA2}', '乙一', 'full', 'active', true),
  ('${M.n2}', '${ORG_A}', '${BR.a2}', null, null, '乙二', 'full', 'active', false),
  ('${M.n3}', '${ORG_A}', '${BR.a2}', null, null, '乙三', 'full', 'active', false),
  ('${M.b1}', '${ORG_B}', '${BR.b1}', null, '${LOGIN.secretaryB1}', '丙一', 'full', 'active', true),
  ('${M.m6}', '${ORG_A}', '${BR.a1}', null, null, '甲六', 'masses', 'active', false);
update public.members set _deleted = true where id = '${M.n3}';
insert into public.user_roles (id, org_id, branch_id, user_id, role) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${LOGIN.secretaryA1}', 'secretary'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${LOGIN.organizerA1}', 'organizer'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${LOGIN.memberA1}', 'member'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${LOGIN.secretaryA2}', 'secretary'),
  (gen_random_uuid(), '${ORG_A}', null, '${LOGIN.leaderA}', 'leader'),
  (gen_random_uuid(), '${ORG_A}', null, '${LOGIN.adminA}', 'admin'),
  (gen_random_uuid(), '${ORG_B}', null, '${LOGIN.leaderB}', 'leader'),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', '${LOGIN.secretaryB1}', 'secretary');

insert into public.events (id, org_id, branch_id, group_id, audience, kind, title, starts_at, minutes, checklist_done, cancelled_at, cancel_reason) values
  ('${EV.e1General}', '${ORG_A}', '${BR.a1}', null, 'branch', 'general_meeting', '党员大会', '2025-03-10 10:00+08', '纪要', '[]', null, null),
  ('${EV.e2Committee}', '${ORG_A}', '${BR.a1}', null, 'committee', 'committee_meeting', '支委会', '2025-03-05 09:00+08', '纪要', '[]', null, null),
  ('${EV.e3Group}', '${ORG_A}', '${BR.a1}', '${GRP.g1}', 'group', 'group_meeting', '小组会', '2025-03-12 14:00+08', '纪要', '[]', null, null),
  ('${EV.e4Theme}', '${ORG_A}', '${BR.a1}', null, 'branch', 'theme_day', '主题党日', '2025-04-18 09:00+08', null, '["有主题"]', null, null),
  ('${EV.e5StudyCancelled}', '${ORG_A}', '${BR.a1}', null, 'branch', 'group_study', '取消的学习', '2025-05-20 15:00+08', null, '[]', '2025-05-19 10:00+08', '改期'),
  ('${EV.e6Study}', '${ORG_A}', '${BR.a1}', null, 'branch', 'group_study', '集中学习', '2025-06-10 15:00+08', null, '[]', null, null),
  ('${EV.e7Seminar}', '${ORG_A}', '${BR.a1}', null, 'branch', 'seminar', '集中研讨', '2025-06-20 15:00+08', null, '[]', null, null),
  ('${EV.e8LectureDec31}', '${ORG_A}', '${BR.a1}', null, 'branch', 'party_lecture', '年末党课', '2025-12-31 20:00+08', '纪要', '[]', null, null),
  ('${EV.e9StudyNewYear}', '${ORG_A}', '${BR.a1}', null, 'branch', 'group_study', '新年学习', '2026-01-01 07:00+08', null, '[]', null, null),
  ('${EV.e10Study2024}', '${ORG_A}', '${BR.a1}', null, 'branch', 'group_study', '去年学习', '2024-12-31 23:00+08', null, '[]', null, null),
  ('${EV.f1Committee}', '${ORG_A}', '${BR.a2}', null, 'committee', 'committee_meeting', '二支委会', '2025-03-06 09:00+08', '', '[]', null, null),
  ('${EV.o1Study}', '${ORG_A}', null, null, 'org', 'group_study', '全局学习', '2025-07-01 14:30+08', null, '[]', null, null),
  ('${EV.o2Blood}', '${ORG_A}', null, null, 'org', 'blood_drive', '献血日', '2025-09-16 09:00+08', null, '[]', null, null),
  ('${EV.x1Study}', '${ORG_B}', '${BR.b1}', null, 'branch', 'group_study', '乙学习', '2025-03-01 15:00+08', '纪要', '[]', null, null),
  ('${EV.o3Training}', '${ORG_A}', null, null, 'org', 'training', '业务培训', '2025-08-18 09:00+08', null, '[]', null, null);

insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, leave_status, decided_at, verification) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e1General}', '${M.m1}', 'present', 'manual', '2025-03-10 09:55+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e1General}', '${M.m2}', 'late', 'manual', '2025-03-10 10:20+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e1General}', '${M.m3}', 'leave', null, null, 'approved', '2025-03-09 10:00+08', null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e1General}', '${M.m5}', 'present', 'manual', '2025-03-10 09:58+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e2Committee}', '${M.m1}', 'present', 'manual', '2025-03-05 08:58+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e2Committee}', '${M.m2}', 'present', 'manual', '2025-03-05 08:59+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e3Group}', '${M.m1}', 'present', 'manual', '2025-03-12 13:58+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e3Group}', '${M.m2}', 'absent', null, null, null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e4Theme}', '${M.m1}', 'present', 'qr', '2025-04-18 09:01+08', null, null, 'pending'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e4Theme}', '${M.m2}', 'present', 'qr', '2025-04-18 09:02+08', null, null, 'verified'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e4Theme}', '${M.m3}', 'leave', null, null, 'pending', null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e4Theme}', '${M.m4}', 'leave', null, null, 'rejected', '2025-04-17 10:00+08', null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e5StudyCancelled}', '${M.m1}', 'present', 'manual', '2025-05-20 15:00+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e9StudyNewYear}', '${M.m1}', 'present', 'manual', '2026-01-01 07:00+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${EV.f1Committee}', '${M.n1}', 'absent', null, null, null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o1Study}', '${M.m1}', 'present', 'manual', '2025-07-01 14:25+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${EV.o1Study}', '${M.n1}', 'present', 'manual', '2025-07-01 14:26+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${EV.o1Study}', '${M.n2}', 'late', 'manual', '2025-07-01 14:50+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o2Blood}', '${M.m1}', 'present', 'manual', '2025-09-16 09:00+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${EV.o2Blood}', '${M.n2}', 'present', 'manual', '2025-09-16 09:10+08', null, null, null),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', '${EV.x1Study}', '${M.b1}', 'present', 'manual', '2025-03-01 15:00+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o3Training}', '${M.m1}', 'present', 'manual', '2025-08-18 09:00+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o3Training}', '${M.m6}', 'present', 'manual', '2025-08-18 09:01+08', null, null, null),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o3Training}', '${M.m2}', 'leave', null, null, 'approved', '2025-08-17 10:00+08', null);

insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${M.m1}', '2025-02-01', 30, '党章'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${M.m3}', '2025-03-01', 45, '党史'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${M.n2}', '2025-04-01', 60, '全会精神'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${M.m1}', '2024-12-31', 100, '去年'),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', '${M.b1}', '2025-04-01', 999, '乙');

insert into public.donation_campaigns (id, org_id, name, year, handed_over_fen) values
  ('${CAMPAIGN.a2025}', '${ORG_A}', '2025博爱一日捐', 2025, 37000),
  ('${CAMPAIGN.a2024}', '${ORG_A}', '2024博爱一日捐', 2024, 7777),
  ('${CAMPAIGN.b2025}', '${ORG_B}', '乙2025捐', 2025, null);
insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${CAMPAIGN.a2025}', '${M.m1}', 10000, '2025-05-08'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${CAMPAIGN.a2025}', '${M.m1}', 2000, '2025-05-09'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${CAMPAIGN.a2025}', '${M.m2}', 5000, '2025-05-08'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${CAMPAIGN.a2025}', '${M.n1}', 20000, '2025-05-10'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${CAMPAIGN.a2024}', '${M.m2}', 7777, '2025-01-05'),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', '${CAMPAIGN.b2025}', '${M.b1}', 50000, '2025-05-08');

insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.o2Blood}', '${M.m1}', 400, '2025-09-16'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '${EV.o2Blood}', '${M.n2}', 300, '2025-09-16'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', null, '${M.m1}', 200, '2025-10-01'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', null, '${M.m2}', 400, '2024-10-01'),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', null, '${M.b1}', 400, '2025-10-01');

-- Both branches visited the retired m4 (named on the roster): one person, counted once.
insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen, goods, goods_items, visited_member_ids) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', 'poverty', '2025-01-20', '柳树村', 3, 9, 300000, null,
   '[{"name": "电视机", "quantity": 3, "unit": "台"}, {"name": "床上用品", "quantity": 1, "unit": "批"}]', '{}'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', 'retired_member', '2025-01-25', '老党员家中', 1, 1, 100000, null, '[]', '{${M.m4}}'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', 'retired_member', '2025-02-01', '老党员家中', 1, 1, 50000, null, '[]', '{${M.m4}}'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', 'staff_hardship', '2025-02-02', '职工家中', 2, 2, 80000, null,
   '[{"name": "电视机", "quantity": 1, "unit": "台"}]', '{}'),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', 'poverty', '2024-12-30', '柳树村', 5, 15, 500000, null,
   '[{"name": "电视机", "quantity": 5, "unit": "台"}]', '{}'),
  (gen_random_uuid(), '${ORG_B}', '${BR.b1}', 'poverty', '2025-01-20', '乙村', 7, 20, 700000, null, '[]', '{}');

-- 学习强国: each branch's latest month of the year counts (甲一 November 4 of 5, 甲二 November 1 of 2).
insert into public.xuexi_usage (id, org_id, branch_id, month, members_total, members_using) values
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '2024-12-01', 5, 5),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '2025-06-01', 5, 3),
  (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '2025-11-01', 5, 4),
  (gen_random_uuid(), '${ORG_A}', '${BR.a2}', '2025-11-01', 2, 1);

insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values
  ('${TEMPLATE.personal}', '${ORG_A}', 2025, 'personal', '承诺书', '承诺', ${sha('承诺')}),
  ('${TEMPLATE.department}', '${ORG_A}', 2025, 'department', '责任书', '责任', ${sha('责任')}),
  ('${TEMPLATE.personal2024}', '${ORG_A}', 2024, 'personal', '承诺书', '旧承诺', ${sha('旧承诺')});
insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
select gen_random_uuid(), '${ORG_A}', s.branch::uuid, s.tpl::uuid, s.member::uuid, s.unit::uuid, s.signer, t.body_sha256,
  '[[[1, 1, 0], [2, 2, 1], [3, 3, 2]]]'::jsonb, s.at::timestamptz
from (values
  ('${BR.a1}', '${TEMPLATE.personal}', '${M.m1}', null, '甲一', '2025-02-03 10:00+08'),
  ('${BR.a1}', '${TEMPLATE.personal}', '${M.m2}', null, '甲二', '2025-02-03 10:05+08'),
  ('${BR.a2}', '${TEMPLATE.personal}', '${M.n1}', null, '乙一', '2025-02-04 10:00+08'),
  ('${BR.a1}', '${TEMPLATE.personal2024}', '${M.m3}', null, '甲三', '2024-02-03 10:00+08'),
  (null, '${TEMPLATE.department}', null, '${UNIT.office}', '办公室', '2025-02-10 09:00+08'),
  (null, '${TEMPLATE.department}', null, '${UNIT.service}', '服务中心', '2025-02-10 09:30+08')
) as s (branch, tpl, member, unit, signer, at)
join public.pledge_templates t on t.id = s.tpl::uuid;
`
