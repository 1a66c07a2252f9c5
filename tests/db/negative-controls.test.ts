/**
 * Negative controls: change one condition of one policy at a time, inside a rolled-back
 * transaction, and check that the matrix notices exactly the cells that condition decides. A matrix
 * that still passes with a condition missing proves nothing about that condition.
 *
 * Every policy is written below as OR-arms of AND-conditions (checked against the live policy, so
 * the description cannot drift from the migrations). The controls are generated from it:
 *   - drop one arm of a policy that has several (a role loses access: cells flip to refused);
 *   - drop one condition of an arm that has several (a hole: cells flip to allowed);
 *   - drop the only condition of a one-condition policy (the policy opens completely);
 *   - widen an own-row condition to the member's whole branch (the holes an audit found).
 * An update policy whose USING and WITH CHECK are the same loses the condition from both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { TABLES, opsOf, runRow, type Mismatch, type Operation } from './matrix'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

interface Condition {
  label: string
  sql: string
}
/** OR of arms, each an AND of conditions. */
type Dnf = Condition[][]

const quoted = (roles: string[]) => roles.map((r) => `'${r}'`).join(', ')
const OWN: Condition = { label: 'own row', sql: `member_id = (select app_private.current_member_id())` }
/** A member's own details row: its id is the member's. */
const OWN_DETAILS: Condition = { label: 'own details', sql: `id = (select app_private.current_member_id())` }
const branch = (...roles: string[]): Condition => ({
  label: `branch ${roles.join('/')}`,
  sql: `branch_id = any ((select app_private.branch_ids_with(array[${quoted(roles)}]))::uuid[])`,
})
const org = (...roles: string[]): Condition => ({
  label: `org ${roles.join('/')}`,
  sql: `org_id = any ((select app_private.org_ids_with(array[${quoted(roles)}]))::uuid[])`,
})
const MY_ORG: Condition = { label: 'my org', sql: `org_id = any ((select app_private.my_org_ids())::uuid[])` }
const cond = (label: string, sql: string): Condition => ({ label, sql })

const BRANCH_READERS = branch('member', 'organizer', 'secretary')
const COMMITTEE = branch('organizer', 'secretary')
const ORG_READERS = org('leader', 'admin')
const ADMIN = org('admin')
/** A visit the member took part in: listed by the committee, or recorded by himself. */
const VISIT_LISTED = cond('listed participant', '(select app_private.current_member_id()) = any (participant_ids)')
const VISIT_JOINED = cond('own participation', 'id = any ((select app_private.my_visit_ids())::uuid[])')

/** A member's own attendance row: a QR/code check-in or a pending leave request, undecided, no 补课. */
const ATTENDANCE_OWN_CHECK = [
  OWN,
  branch('member'),
  cond('undecided by', 'decided_by is null'),
  cond('undecided at', 'decided_at is null'),
  cond('no makeup', 'not makeup_required'),
  cond(
    'check-in or pending leave',
    `(status in ('present', 'late') and method in ('qr', 'code') and leave_status is null) or (status = 'leave' and leave_status in ('pending', 'withdrawn'))`,
  ),
]
/** An event of the whole organisation (branch_id null), written by its admins. */
const ORG_WIDE = cond('org-wide', 'branch_id is null')
/** The unit's head (units.head_member_id is the caller's roster row). */
const UNIT_HEAD = cond('unit head', 'unit_id = any ((select app_private.my_headed_unit_ids())::uuid[])')
const ADMIN_EVENT = cond('org-wide event admin', `event_id = any ((select app_private.org_event_ids_with(array['admin']))::uuid[])`)
const orgWideRead = (table: string): Policy => ({
  table,
  name: `${table}_select`,
  command: 'select',
  using: [[BRANCH_READERS], [ORG_WIDE, MY_ORG], [ORG_READERS]],
})
const committeeOrAdminWrites = (table: string): Policy[] => [
  { table, name: `${table}_insert`, command: 'insert', check: [[COMMITTEE], [ORG_WIDE, ADMIN]] },
  { table, name: `${table}_update`, command: 'update', both: [[COMMITTEE], [ORG_WIDE, ADMIN]] },
]

interface Policy {
  table: string
  name: string
  command: 'select' | 'insert' | 'update'
  using?: Dnf
  check?: Dnf
  /** USING and WITH CHECK are the same expression. */
  both?: Dnf
}

const readOrg = (table: string): Policy => ({ table, name: `${table}_select`, command: 'select', using: [[MY_ORG]] })
const adminWrites = (table: string): Policy[] => [
  { table, name: `${table}_insert`, command: 'insert', check: [[ADMIN]] },
  { table, name: `${table}_update`, command: 'update', both: [[ADMIN]] },
]
const branchRead = (table: string, own = false): Policy => ({
  table,
  name: `${table}_select`,
  command: 'select',
  using: own ? [[OWN], [COMMITTEE], [ORG_READERS]] : [[BRANCH_READERS], [ORG_READERS]],
})
const secretaryWrites = (table: string): Policy[] => [
  { table, name: `${table}_insert`, command: 'insert', check: [[branch('secretary')], [ADMIN]] },
  { table, name: `${table}_update`, command: 'update', both: [[branch('secretary')], [ADMIN]] },
]
const ownOrCommitteeWrites = (table: string): Policy[] => [
  { table, name: `${table}_insert`, command: 'insert', check: [[COMMITTEE], [OWN, branch('member')]] },
  { table, name: `${table}_update`, command: 'update', both: [[COMMITTEE], [OWN, branch('member')]] },
]

const POLICIES: Policy[] = [
  { table: 'orgs', name: 'orgs_select', command: 'select', using: [[cond('my org', 'id = any ((select app_private.my_org_ids())::uuid[])')]] },
  { table: 'orgs', name: 'orgs_update', command: 'update', both: [[cond('org admin', `id = any ((select app_private.org_ids_with(array['admin']))::uuid[])`)]] },
  readOrg('units'),
  ...adminWrites('units'),
  readOrg('branches'),
  ...adminWrites('branches'),
  readOrg('donation_campaigns'),
  ...adminWrites('donation_campaigns'),
  readOrg('pledge_templates'),
  ...adminWrites('pledge_templates'),
  { table: 'branch_invites', name: 'branch_invites_select', command: 'select', using: [[branch('secretary')], [ADMIN]] },
  ...secretaryWrites('branch_invites'),
  branchRead('party_groups'),
  ...secretaryWrites('party_groups'),
  branchRead('members'),
  ...secretaryWrites('members'),
  { table: 'member_details', name: 'member_details_select', command: 'select', using: [[OWN_DETAILS], [COMMITTEE], [ADMIN]] },
  ...secretaryWrites('member_details'),
  {
    table: 'user_roles',
    name: 'user_roles_select',
    command: 'select',
    using: [[cond('own role', 'user_id = (select auth.uid())')], [branch('secretary')], [ORG_READERS]],
  },
  orgWideRead('events'),
  ...committeeOrAdminWrites('events'),
  orgWideRead('event_resolutions'),
  ...committeeOrAdminWrites('event_resolutions'),
  { table: 'visits', name: 'visits_select', command: 'select', using: [[VISIT_LISTED], [VISIT_JOINED], [COMMITTEE], [ORG_READERS]] },
  { table: 'visits', name: 'visits_insert', command: 'insert', check: [[COMMITTEE], [ADMIN]] },
  { table: 'visits', name: 'visits_update', command: 'update', both: [[COMMITTEE], [ADMIN]] },
  branchRead('attendance', true),
  { table: 'attendance', name: 'attendance_insert', command: 'insert', check: [[COMMITTEE], [ADMIN_EVENT], ATTENDANCE_OWN_CHECK] },
  {
    table: 'attendance',
    name: 'attendance_update',
    command: 'update',
    using: [[COMMITTEE], [ADMIN_EVENT], [OWN, branch('member'), cond('undecided at', 'decided_at is null'), cond('no makeup', 'not makeup_required')]],
    check: [[COMMITTEE], [ADMIN_EVENT], ATTENDANCE_OWN_CHECK],
  },
  { table: 'attendance_changes', name: 'attendance_changes_select', command: 'select', using: [[COMMITTEE], [ORG_READERS]] },
  branchRead('donations', true),
  ...ownOrCommitteeWrites('donations'),
  branchRead('blood_donations', true),
  ...ownOrCommitteeWrites('blood_donations'),
  branchRead('study_logs', true),
  { table: 'study_logs', name: 'study_logs_insert', command: 'insert', check: [[OWN, BRANCH_READERS]] },
  { table: 'study_logs', name: 'study_logs_update', command: 'update', using: [[OWN]], check: [[OWN, BRANCH_READERS]] },
  {
    table: 'pledge_signatures',
    name: 'pledge_signatures_select',
    command: 'select',
    using: [[OWN], [COMMITTEE], [UNIT_HEAD], [ORG_READERS]],
  },
  {
    table: 'pledge_signatures',
    name: 'pledge_signatures_insert',
    command: 'insert',
    check: [[OWN, BRANCH_READERS], [UNIT_HEAD]],
  },
  { table: 'xuexi_usage', name: 'xuexi_usage_select', command: 'select', using: [[COMMITTEE], [ORG_READERS]] },
  { table: 'xuexi_usage', name: 'xuexi_usage_insert', command: 'insert', check: [[COMMITTEE], [ADMIN]] },
  { table: 'xuexi_usage', name: 'xuexi_usage_update', command: 'update', both: [[COMMITTEE], [ADMIN]] },
  { table: 'blood_donations', name: 'blood_donations_insert_org_drive', command: 'insert', check: [[ADMIN_EVENT]] },
  { table: 'blood_donations', name: 'blood_donations_update_org_drive', command: 'update', both: [[ADMIN_EVENT]] },
  { table: 'event_checkin_secrets', name: 'event_checkin_secrets_select', command: 'select', using: [[COMMITTEE], [ORG_WIDE, ADMIN]] },
  { table: 'event_checkin_secrets', name: 'event_checkin_secrets_insert', command: 'insert', check: [[COMMITTEE], [ORG_WIDE, ADMIN]] },
  { table: 'member_checkin_secrets', name: 'member_checkin_secrets_select', command: 'select', using: [[OWN], [COMMITTEE]] },
  branchRead('visit_participants', true),
  ...ownOrCommitteeWrites('visit_participants'),
  { table: 'sync_overwrites', name: 'sync_overwrites_select', command: 'select', using: [[COMMITTEE], [ADMIN]] },
  { table: 'role_grants', name: 'role_grants_select', command: 'select', using: [[ADMIN]] },
]

const toSql = (dnf: Dnf) => dnf.map((arm) => `(${arm.map((c) => `(${c.sql})`).join(' and ')})`).join(' or ')

function createPolicy(policy: Policy, using: Dnf | undefined, check: Dnf | undefined): string {
  const clauses = [using ? `using (${toSql(using)})` : '', check ? `with check (${toSql(check)})` : ''].filter(Boolean).join(' ')
  return `drop policy ${policy.name} on public.${policy.table};
          create policy ${policy.name} on public.${policy.table} for ${policy.command} to authenticated ${clauses}`
}

const describeArm = (arm: Condition[]) => arm.map((c) => c.label).join(' & ')

interface Control {
  name: string
  table: string
  op: Operation
  /** SQL run as the superuser inside the transaction, before the matrix rows. */
  change: string
}

/** Every single-condition change of one clause of one policy. */
function variants(dnf: Dnf): { label: string; dnf: Dnf }[] {
  if (dnf.length === 1 && dnf[0]!.length === 1) return [{ label: `without its only condition (${dnf[0]![0]!.label})`, dnf: [[cond('true', 'true')]] }]
  const result: { label: string; dnf: Dnf }[] = []
  if (dnf.length > 1) {
    dnf.forEach((arm, i) => result.push({ label: `without the arm [${describeArm(arm)}]`, dnf: dnf.filter((_, j) => j !== i) }))
  }
  dnf.forEach((arm, i) => {
    if (arm.length < 2) return
    arm.forEach((c, j) =>
      result.push({ label: `without "${c.label}" in [${describeArm(arm)}]`, dnf: dnf.map((a, k) => (k === i ? a.filter((_, m) => m !== j) : a)) }),
    )
  })
  return result
}

function policyControls(policy: Policy): Control[] {
  const base = { table: policy.table, op: policy.command as Operation }
  const out: Control[] = []
  if (policy.both) {
    for (const v of variants(policy.both)) out.push({ ...base, name: `${policy.name} ${v.label}`, change: createPolicy(policy, v.dnf, v.dnf) })
  }
  if (policy.using) {
    const label = policy.check ? 'USING ' : ''
    for (const v of variants(policy.using)) out.push({ ...base, name: `${policy.name} ${label}${v.label}`, change: createPolicy(policy, v.dnf, policy.check) })
  }
  if (policy.check) {
    const label = policy.using ? 'CHECK ' : ''
    for (const v of variants(policy.check)) out.push({ ...base, name: `${policy.name} ${label}${v.label}`, change: createPolicy(policy, policy.using, v.dnf) })
  }
  return out
}

/** Own-row reads widened to the member's branch: what the policies allowed before (or could again). */
function widenOwnRead(policy: Policy): Control {
  const dnf = policy.using!.map((arm) => arm.map((c) => (c === OWN || c === OWN_DETAILS ? branch('member') : c)))
  return { table: policy.table, op: 'select', name: `${policy.name} own row widened to the branch`, change: createPolicy(policy, dnf, undefined) }
}

const CONTROLS: Control[] = [
  ...POLICIES.flatMap(policyControls),
  ...POLICIES.filter((p) => p.command === 'select' && p.using?.some((arm) => arm.includes(OWN) || arm.includes(OWN_DETAILS))).map(widenOwnRead),
  // Grants and triggers the policies rely on.
  {
    name: 'user_roles update granted, its guard trigger off, an open policy',
    table: 'user_roles',
    op: 'update',
    change:
      'grant update on public.user_roles to authenticated; alter table public.user_roles disable trigger guard_user_roles; ' +
      'create policy zz on public.user_roles for update to authenticated using (true) with check (true)',
  },
  {
    // Before 20261201005300_visits.sql every member read every visit of his branch.
    name: 'visits_select participation widened to the branch',
    table: 'visits',
    op: 'select',
    change: createPolicy(POLICIES.find((p) => p.name === 'visits_select')!, [[BRANCH_READERS], [ORG_READERS]], undefined),
  },
  {
    name: 'study_logs delete granted with an open policy',
    table: 'study_logs',
    op: 'delete',
    change: 'grant delete on public.study_logs to authenticated; create policy zz on public.study_logs for delete to authenticated using (true)',
  },
]

/**
 * What each control must change in the matrix: `row actor+` (now allowed) or `row actor-` (now
 * refused), for the control's operation. A control that no matrix row can notice says why instead
 * (`masked: ...`), and must indeed change nothing.
 */
const EXPECTED_FLIPS: Record<string, string> = {
  'attendance_changes_select without the arm [branch organizer/secretary]':
    'attendance_changes organizer-, attendance_changes secretary-',
  'attendance_changes_select without the arm [org leader/admin]':
    'attendance_changes admin-, attendance_changes leader-',
  'attendance_insert without "branch member" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:revoked peer+',
  'attendance_insert without "check-in or pending leave" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:manual member+, attendance:org peer+',
  'attendance_insert without "no makeup" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:makeup member+',
  'attendance_insert without "own row" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:own peer+, attendance:peer member+, attendance:revoked member+',
  'attendance_insert without "undecided at" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: guard_attendance_decision refuses a decision written by anyone but the secretary (escalation.test.ts)',
  'attendance_insert without "undecided by" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: guard_attendance_decision refuses a decision written by anyone but the secretary (escalation.test.ts)',
  'attendance_insert without the arm [branch organizer/secretary]':
    'attendance:makeup organizer-, attendance:makeup secretary-, attendance:manual organizer-, attendance:manual secretary-, attendance:org organizer-, attendance:org secretary-, attendance:own organizer-, attendance:own secretary-, attendance:peer organizer-, attendance:peer secretary-, attendance:revoked organizer-, attendance:revoked secretary-',
  'attendance_insert without the arm [org-wide event admin]':
    'attendance:org admin-',
  'attendance_insert without the arm [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:own member-, attendance:peer peer-',
  'attendance_select own row widened to the branch':
    'attendance:org peer+, attendance:own peer+, attendance:peer member+, attendance:pending peer+, attendance:revoked member+, attendance:revoked peer-',
  'attendance_select without the arm [branch organizer/secretary]':
    'attendance:org organizer-, attendance:org secretary-, attendance:own organizer-, attendance:own secretary-, attendance:peer organizer-, attendance:peer secretary-, attendance:pending organizer-, attendance:pending secretary-, attendance:revoked organizer-, attendance:revoked secretary-',
  'attendance_select without the arm [org leader/admin]':
    'attendance:org admin-, attendance:org leader-, attendance:own admin-, attendance:own leader-, attendance:peer admin-, attendance:peer leader-, attendance:pending admin-, attendance:pending leader-, attendance:revoked admin-, attendance:revoked leader-',
  'attendance_select without the arm [own row]':
    'attendance:org member-, attendance:own member-, attendance:peer peer-, attendance:pending member-, attendance:revoked peer-',
  'attendance_update CHECK without "branch member" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: USING repeats the condition',
  'attendance_update CHECK without "check-in or pending leave" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:org member+',
  'attendance_update CHECK without "no makeup" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:makeup-flag member+',
  'attendance_update CHECK without "own row" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: USING repeats it, and a row handed to a colleague is no longer readable by its writer (attendance_select)',
  'attendance_update CHECK without "undecided at" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: guard_attendance_decision refuses a decision written by anyone but the secretary, and USING refuses a decided row',
  'attendance_update CHECK without "undecided by" in [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'masked: guard_attendance_decision refuses a decision written by anyone but the secretary, and USING refuses a decided row',
  'attendance_update CHECK without the arm [branch organizer/secretary]':
    'attendance:leave-note secretary-, attendance:makeup organizer-, attendance:makeup secretary-, attendance:makeup-flag organizer-, attendance:makeup-flag secretary-, attendance:manual secretary-, attendance:org organizer-, attendance:org secretary-, attendance:own secretary-, attendance:peer organizer-, attendance:peer secretary-, attendance:pending secretary-, attendance:revoked organizer-, attendance:revoked secretary-',
  'attendance_update CHECK without the arm [org-wide event admin]':
    'attendance:org admin-',
  'attendance_update CHECK without the arm [own row & branch member & undecided by & undecided at & no makeup & check-in or pending leave]':
    'attendance:peer peer-',
  'attendance_update USING without "branch member" in [own row & branch member & undecided at & no makeup]':
    'masked: the CHECK repeats the condition',
  'attendance_update USING without "no makeup" in [own row & branch member & undecided at & no makeup]':
    'attendance:makeup member+',
  'attendance_update USING without "own row" in [own row & branch member & undecided at & no makeup]':
    'masked: attendance_select hides a colleague\'s row, and the CHECK repeats the condition',
  'attendance_update USING without "undecided at" in [own row & branch member & undecided at & no makeup]':
    'masked: the CHECK refuses a decided row and guard_attendance_decision stops a member from clearing the decision',
  'attendance_update USING without the arm [branch organizer/secretary]':
    'attendance:leave-note secretary-, attendance:makeup organizer-, attendance:makeup secretary-, attendance:makeup-flag organizer-, attendance:makeup-flag secretary-, attendance:manual secretary-, attendance:org organizer-, attendance:org secretary-, attendance:own secretary-, attendance:peer organizer-, attendance:peer secretary-, attendance:pending secretary-, attendance:revoked organizer-, attendance:revoked secretary-',
  'attendance_update USING without the arm [org-wide event admin]':
    'attendance:org admin-',
  'attendance_update USING without the arm [own row & branch member & undecided at & no makeup]':
    'attendance:peer peer-',
  'blood_donations_insert without "branch member" in [own row & branch member]':
    'blood_donations:revoked peer+',
  'blood_donations_insert without "own row" in [own row & branch member]':
    'blood_donations:org member+, blood_donations:own peer+, blood_donations:peer member+, blood_donations:revoked member+',
  'blood_donations_insert without the arm [branch organizer/secretary]':
    'blood_donations:org organizer-, blood_donations:org secretary-, blood_donations:own organizer-, blood_donations:own secretary-, blood_donations:peer organizer-, blood_donations:peer secretary-, blood_donations:revoked organizer-, blood_donations:revoked secretary-',
  'blood_donations_insert without the arm [own row & branch member]':
    'blood_donations:org peer-, blood_donations:own member-, blood_donations:peer peer-',
  'blood_donations_select own row widened to the branch':
    'blood_donations:own peer+, blood_donations:peer member+, blood_donations:revoked member+, blood_donations:revoked peer-',
  'blood_donations_select without the arm [branch organizer/secretary]':
    'blood_donations:own organizer-, blood_donations:own secretary-, blood_donations:peer organizer-, blood_donations:peer secretary-, blood_donations:revoked organizer-, blood_donations:revoked secretary-',
  'blood_donations_select without the arm [own row]':
    'blood_donations:own member-, blood_donations:peer peer-, blood_donations:revoked peer-',
  'blood_donations_select without the arm [org leader/admin]':
    'blood_donations:own admin-, blood_donations:own leader-, blood_donations:peer admin-, blood_donations:peer leader-, blood_donations:revoked admin-, blood_donations:revoked leader-',
  'blood_donations_update without "branch member" in [own row & branch member]':
    'blood_donations:revoked peer+',
  'blood_donations_update without "own row" in [own row & branch member]':
    'masked: blood_donations_select hides a colleague\'s row from a member',
  'blood_donations_update without the arm [branch organizer/secretary]':
    'blood_donations:org organizer-, blood_donations:org secretary-, blood_donations:own organizer-, blood_donations:own secretary-, blood_donations:peer organizer-, blood_donations:peer secretary-, blood_donations:revoked organizer-, blood_donations:revoked secretary-',
  'blood_donations_update without the arm [own row & branch member]':
    'blood_donations:org peer-, blood_donations:own member-, blood_donations:peer peer-',
  'branch_invites_insert without the arm [branch secretary]':
    'branch_invites secretary-',
  'branch_invites_insert without the arm [org admin]':
    'branch_invites admin-',
  'branch_invites_select without the arm [branch secretary]':
    'branch_invites secretary-',
  'branch_invites_select without the arm [org admin]':
    'branch_invites admin-',
  'branch_invites_update without the arm [branch secretary]':
    'branch_invites secretary-',
  'branch_invites_update without the arm [org admin]':
    'branch_invites admin-',
  'branches_insert without its only condition (org admin)':
    'branches leader+, branches member+, branches organizer+, branches otherMember+, branches otherSecretary+, branches peer+, branches secretary+',
  'branches_select without its only condition (my org)':
    'branches:foreign admin+, branches:foreign leader+, branches:foreign member+, branches:foreign organizer+, branches:foreign otherMember+, branches:foreign otherSecretary+, branches:foreign peer+, branches:foreign secretary+',
  'branches_update without its only condition (org admin)':
    'branches leader+, branches member+, branches organizer+, branches otherMember+, branches otherSecretary+, branches peer+, branches secretary+, branches:active leader+, branches:active member+, branches:active organizer+, branches:active otherMember+, branches:active otherSecretary+, branches:active peer+, branches:active secretary+',
  'donation_campaigns_insert without its only condition (org admin)':
    'donation_campaigns leader+, donation_campaigns member+, donation_campaigns organizer+, donation_campaigns otherMember+, donation_campaigns otherSecretary+, donation_campaigns peer+, donation_campaigns secretary+',
  'donation_campaigns_select without its only condition (my org)':
    'donation_campaigns:foreign admin+, donation_campaigns:foreign leader+, donation_campaigns:foreign member+, donation_campaigns:foreign organizer+, donation_campaigns:foreign otherMember+, donation_campaigns:foreign otherSecretary+, donation_campaigns:foreign peer+, donation_campaigns:foreign secretary+',
  'donation_campaigns_update without its only condition (org admin)':
    'donation_campaigns leader+, donation_campaigns member+, donation_campaigns organizer+, donation_campaigns otherMember+, donation_campaigns otherSecretary+, donation_campaigns peer+, donation_campaigns secretary+, donation_campaigns:handover leader+, donation_campaigns:handover member+, donation_campaigns:handover organizer+, donation_campaigns:handover otherMember+, donation_campaigns:handover otherSecretary+, donation_campaigns:handover peer+, donation_campaigns:handover secretary+, donation_campaigns:photos leader+, donation_campaigns:photos member+, donation_campaigns:photos organizer+, donation_campaigns:photos otherMember+, donation_campaigns:photos otherSecretary+, donation_campaigns:photos peer+, donation_campaigns:photos secretary+',
  'donations_insert without "branch member" in [own row & branch member]':
    'donations:revoked peer+',
  'donations_insert without "own row" in [own row & branch member]':
    'donations:own peer+, donations:peer member+, donations:revoked member+',
  'donations_insert without the arm [branch organizer/secretary]':
    'donations:own organizer-, donations:own secretary-, donations:peer organizer-, donations:peer secretary-, donations:revoked organizer-, donations:revoked secretary-',
  'donations_insert without the arm [own row & branch member]':
    'donations:own member-, donations:peer peer-',
  'donations_select own row widened to the branch':
    'donations:own peer+, donations:peer member+, donations:revoked member+, donations:revoked peer-',
  'donations_select without the arm [branch organizer/secretary]':
    'donations:own organizer-, donations:own secretary-, donations:peer organizer-, donations:peer secretary-, donations:revoked organizer-, donations:revoked secretary-',
  'donations_select without the arm [own row]':
    'donations:own member-, donations:peer peer-, donations:revoked peer-',
  'donations_select without the arm [org leader/admin]':
    'donations:own admin-, donations:own leader-, donations:peer admin-, donations:peer leader-, donations:revoked admin-, donations:revoked leader-',
  'donations_update without "branch member" in [own row & branch member]':
    'donations:revoked peer+',
  'donations_update without "own row" in [own row & branch member]':
    'masked: donations_select hides a colleague\'s row from a member',
  'donations_update without the arm [branch organizer/secretary]':
    'donations:own organizer-, donations:own secretary-, donations:peer organizer-, donations:peer secretary-, donations:revoked organizer-, donations:revoked secretary-',
  'donations_update without the arm [own row & branch member]':
    'donations:own member-, donations:peer peer-',
  'event_checkin_secrets_insert without "org admin" in [org-wide & org admin]':
    'event_checkin_secrets:org leader+, event_checkin_secrets:org member+, event_checkin_secrets:org organizer+, event_checkin_secrets:org otherMember+, event_checkin_secrets:org otherSecretary+, event_checkin_secrets:org peer+, event_checkin_secrets:org secretary+',
  'event_checkin_secrets_insert without "org-wide" in [org-wide & org admin]':
    'event_checkin_secrets admin+',
  'event_checkin_secrets_insert without the arm [branch organizer/secretary]':
    'event_checkin_secrets organizer-, event_checkin_secrets secretary-',
  'event_checkin_secrets_insert without the arm [org-wide & org admin]':
    'event_checkin_secrets:org admin-',
  'event_checkin_secrets_select without "org admin" in [org-wide & org admin]':
    'event_checkin_secrets:org leader+, event_checkin_secrets:org member+, event_checkin_secrets:org organizer+, event_checkin_secrets:org otherMember+, event_checkin_secrets:org otherSecretary+, event_checkin_secrets:org peer+, event_checkin_secrets:org secretary+',
  'event_checkin_secrets_select without "org-wide" in [org-wide & org admin]':
    'event_checkin_secrets admin+',
  'event_checkin_secrets_select without the arm [branch organizer/secretary]':
    'event_checkin_secrets organizer-, event_checkin_secrets secretary-',
  'event_checkin_secrets_select without the arm [org-wide & org admin]':
    'event_checkin_secrets:org admin-',
  'event_resolutions_insert without "org admin" in [org-wide & org admin]':
    'event_resolutions:org leader+, event_resolutions:org member+, event_resolutions:org organizer+, event_resolutions:org otherMember+, event_resolutions:org otherSecretary+, event_resolutions:org peer+, event_resolutions:org secretary+',
  'event_resolutions_insert without "org-wide" in [org-wide & org admin]':
    'event_resolutions admin+',
  'event_resolutions_insert without the arm [branch organizer/secretary]':
    'event_resolutions organizer-, event_resolutions secretary-',
  'event_resolutions_insert without the arm [org-wide & org admin]':
    'event_resolutions:org admin-',
  'event_resolutions_select without "my org" in [org-wide & my org]':
    'event_resolutions:foreign admin+, event_resolutions:foreign leader+, event_resolutions:foreign member+, event_resolutions:foreign organizer+, event_resolutions:foreign otherMember+, event_resolutions:foreign otherSecretary+, event_resolutions:foreign peer+, event_resolutions:foreign secretary+',
  'event_resolutions_select without "org-wide" in [org-wide & my org]':
    'event_resolutions otherMember+, event_resolutions otherSecretary+',
  'event_resolutions_select without the arm [branch member/organizer/secretary]':
    'event_resolutions member-, event_resolutions organizer-, event_resolutions peer-, event_resolutions secretary-',
  'event_resolutions_select without the arm [org leader/admin]':
    'event_resolutions admin-, event_resolutions leader-',
  'event_resolutions_select without the arm [org-wide & my org]':
    'event_resolutions:org member-, event_resolutions:org organizer-, event_resolutions:org otherMember-, event_resolutions:org otherSecretary-, event_resolutions:org peer-, event_resolutions:org secretary-',
  'event_resolutions_update without "org admin" in [org-wide & org admin]':
    'event_resolutions:org leader+, event_resolutions:org member+, event_resolutions:org organizer+, event_resolutions:org otherMember+, event_resolutions:org otherSecretary+, event_resolutions:org peer+, event_resolutions:org secretary+',
  'event_resolutions_update without "org-wide" in [org-wide & org admin]':
    'event_resolutions admin+',
  'event_resolutions_update without the arm [branch organizer/secretary]':
    'event_resolutions organizer-, event_resolutions secretary-',
  'event_resolutions_update without the arm [org-wide & org admin]':
    'event_resolutions:org admin-',
  'events_insert without "org admin" in [org-wide & org admin]':
    'events:org leader+, events:org member+, events:org organizer+, events:org otherMember+, events:org otherSecretary+, events:org peer+, events:org secretary+',
  'events_insert without "org-wide" in [org-wide & org admin]':
    'events admin+',
  'events_insert without the arm [branch organizer/secretary]':
    'events organizer-, events secretary-',
  'events_insert without the arm [org-wide & org admin]':
    'events:org admin-',
  'events_select without "my org" in [org-wide & my org]':
    'events:foreign admin+, events:foreign leader+, events:foreign member+, events:foreign organizer+, events:foreign otherMember+, events:foreign otherSecretary+, events:foreign peer+, events:foreign secretary+',
  'events_select without "org-wide" in [org-wide & my org]':
    'events otherMember+, events otherSecretary+',
  'events_select without the arm [branch member/organizer/secretary]':
    'events member-, events organizer-, events peer-, events secretary-',
  'events_select without the arm [org leader/admin]':
    'events admin-, events leader-',
  'events_select without the arm [org-wide & my org]':
    'events:org member-, events:org organizer-, events:org otherMember-, events:org otherSecretary-, events:org peer-, events:org secretary-',
  'events_update without "org admin" in [org-wide & org admin]':
    'events:org leader+, events:org member+, events:org organizer+, events:org otherMember+, events:org otherSecretary+, events:org peer+, events:org secretary+',
  'events_update without "org-wide" in [org-wide & org admin]':
    'events admin+',
  'events_update without the arm [branch organizer/secretary]':
    'events organizer-, events secretary-',
  'events_update without the arm [org-wide & org admin]':
    'events:org admin-',
  'member_checkin_secrets_select own row widened to the branch':
    'member_checkin_secrets:own peer+, member_checkin_secrets:peer member+',
  'member_checkin_secrets_select without the arm [branch organizer/secretary]':
    'member_checkin_secrets:own organizer-, member_checkin_secrets:own secretary-, member_checkin_secrets:peer organizer-, member_checkin_secrets:peer secretary-',
  'member_checkin_secrets_select without the arm [own row]':
    'member_checkin_secrets:own member-, member_checkin_secrets:peer peer-',
  'member_details_insert without the arm [branch secretary]':
    'member_details:own secretary-',
  'member_details_insert without the arm [org admin]':
    'member_details:own admin-',
  'member_details_select own row widened to the branch':
    'member_details:own peer+, member_details:peer member+, member_details:revoked member+, member_details:revoked peer-',
  'member_details_select without the arm [branch organizer/secretary]':
    'member_details:own organizer-, member_details:own secretary-, member_details:peer organizer-, member_details:peer secretary-, member_details:revoked organizer-, member_details:revoked secretary-',
  'member_details_select without the arm [org admin]':
    'member_details:own admin-, member_details:peer admin-, member_details:revoked admin-',
  'member_details_select without the arm [own details]':
    'member_details:own member-, member_details:peer peer-, member_details:revoked peer-',
  'member_details_update without the arm [branch secretary]':
    'member_details:own secretary-, member_details:peer secretary-',
  'member_details_update without the arm [org admin]':
    'member_details:own admin-, member_details:peer admin-',
  'members_insert without the arm [branch secretary]':
    'members secretary-',
  'members_insert without the arm [org admin]':
    'members admin-',
  'members_select without the arm [branch member/organizer/secretary]':
    'members member-, members organizer-, members peer-, members secretary-',
  'members_select without the arm [org leader/admin]':
    'members admin-, members leader-',
  'members_update without the arm [branch secretary]':
    'members secretary-',
  'members_update without the arm [org admin]':
    'members admin-',
  'orgs_select without its only condition (my org)':
    'orgs:foreign admin+, orgs:foreign leader+, orgs:foreign member+, orgs:foreign organizer+, orgs:foreign otherMember+, orgs:foreign otherSecretary+, orgs:foreign peer+, orgs:foreign secretary+',
  'orgs_update without its only condition (org admin)':
    'orgs leader+, orgs member+, orgs organizer+, orgs otherMember+, orgs otherSecretary+, orgs peer+, orgs secretary+',
  'party_groups_insert without the arm [branch secretary]':
    'party_groups secretary-',
  'party_groups_insert without the arm [org admin]':
    'party_groups admin-',
  'party_groups_select without the arm [branch member/organizer/secretary]':
    'party_groups member-, party_groups organizer-, party_groups peer-, party_groups secretary-',
  'party_groups_select without the arm [org leader/admin]':
    'party_groups admin-, party_groups leader-',
  'party_groups_update without the arm [branch secretary]':
    'party_groups secretary-, party_groups:active secretary-',
  'party_groups_update without the arm [org admin]':
    'party_groups admin-, party_groups:active admin-',
  'pledge_signatures_insert without "branch member/organizer/secretary" in [own row & branch member/organizer/secretary]':
    'pledge_signatures:revoked peer+',
  'pledge_signatures_insert without "own row" in [own row & branch member/organizer/secretary]':
    'pledge_signatures:own organizer+, pledge_signatures:own peer+, pledge_signatures:own secretary+, pledge_signatures:peer member+, pledge_signatures:peer organizer+, pledge_signatures:peer secretary+, pledge_signatures:revoked member+, pledge_signatures:revoked organizer+, pledge_signatures:revoked secretary+',
  'pledge_signatures_insert without the arm [own row & branch member/organizer/secretary]':
    'pledge_signatures:own member-, pledge_signatures:peer peer-',
  'pledge_signatures_select own row widened to the branch':
    'pledge_signatures:own peer+, pledge_signatures:peer member+, pledge_signatures:revoked member+, pledge_signatures:revoked peer-',
  'pledge_signatures_select without the arm [branch organizer/secretary]':
    'pledge_signatures:own organizer-, pledge_signatures:own secretary-, pledge_signatures:peer organizer-, pledge_signatures:peer secretary-, pledge_signatures:revoked organizer-, pledge_signatures:revoked secretary-',
  'pledge_signatures_select without the arm [org leader/admin]':
    'pledge_signatures:own admin-, pledge_signatures:own leader-, pledge_signatures:peer admin-, pledge_signatures:peer leader-, pledge_signatures:revoked admin-, pledge_signatures:revoked leader-, pledge_signatures:unit admin-, pledge_signatures:unit leader-',
  'pledge_signatures_select without the arm [own row]':
    'pledge_signatures:own member-, pledge_signatures:peer peer-, pledge_signatures:revoked peer-',
  'pledge_templates_insert without its only condition (org admin)':
    'pledge_templates leader+, pledge_templates member+, pledge_templates organizer+, pledge_templates otherMember+, pledge_templates otherSecretary+, pledge_templates peer+, pledge_templates secretary+',
  'pledge_templates_select without its only condition (my org)':
    'pledge_templates:foreign admin+, pledge_templates:foreign leader+, pledge_templates:foreign member+, pledge_templates:foreign organizer+, pledge_templates:foreign otherMember+, pledge_templates:foreign otherSecretary+, pledge_templates:foreign peer+, pledge_templates:foreign secretary+',
  'pledge_templates_update without its only condition (org admin)':
    'pledge_templates leader+, pledge_templates member+, pledge_templates organizer+, pledge_templates otherMember+, pledge_templates otherSecretary+, pledge_templates peer+, pledge_templates secretary+',
  'role_grants_select without its only condition (org admin)':
    'role_grants leader+, role_grants member+, role_grants organizer+, role_grants otherMember+, role_grants otherSecretary+, role_grants peer+, role_grants secretary+, role_grants:foreign admin+, role_grants:foreign leader+, role_grants:foreign member+, role_grants:foreign organizer+, role_grants:foreign otherMember+, role_grants:foreign otherSecretary+, role_grants:foreign peer+, role_grants:foreign secretary+',
  'study_logs delete granted with an open policy':
    'study_logs:own admin+, study_logs:own leader+, study_logs:own member+, study_logs:own organizer+, study_logs:own secretary+',
  'study_logs_insert without "branch member/organizer/secretary" in [own row & branch member/organizer/secretary]':
    'study_logs:revoked peer+',
  'study_logs_insert without "own row" in [own row & branch member/organizer/secretary]':
    'study_logs:own organizer+, study_logs:own peer+, study_logs:own secretary+, study_logs:peer member+, study_logs:peer organizer+, study_logs:peer secretary+, study_logs:revoked member+, study_logs:revoked organizer+, study_logs:revoked secretary+',
  'study_logs_select own row widened to the branch':
    'study_logs:own peer+, study_logs:peer member+, study_logs:revoked member+, study_logs:revoked peer-',
  'study_logs_select without the arm [branch organizer/secretary]':
    'study_logs:own organizer-, study_logs:own secretary-, study_logs:peer organizer-, study_logs:peer secretary-, study_logs:revoked organizer-, study_logs:revoked secretary-',
  'study_logs_select without the arm [org leader/admin]':
    'study_logs:own admin-, study_logs:own leader-, study_logs:peer admin-, study_logs:peer leader-, study_logs:revoked admin-, study_logs:revoked leader-',
  'study_logs_select without the arm [own row]':
    'study_logs:own member-, study_logs:peer peer-, study_logs:revoked peer-',
  'study_logs_update CHECK without "branch member/organizer/secretary" in [own row & branch member/organizer/secretary]':
    'study_logs:revoked peer+',
  'study_logs_update CHECK without "own row" in [own row & branch member/organizer/secretary]':
    'masked: USING requires the own row, and a log handed to a colleague is no longer readable by its writer (study_logs_select)',
  'study_logs_update USING without its only condition (own row)':
    'masked: the CHECK still requires the writer\'s own row',
  'sync_overwrites_select without the arm [branch organizer/secretary]':
    'sync_overwrites organizer-, sync_overwrites secretary-',
  'sync_overwrites_select without the arm [org admin]':
    'sync_overwrites admin-',
  'units_insert without its only condition (org admin)':
    'units leader+, units member+, units organizer+, units otherMember+, units otherSecretary+, units peer+, units secretary+',
  'units_select without its only condition (my org)':
    'units:foreign admin+, units:foreign leader+, units:foreign member+, units:foreign organizer+, units:foreign otherMember+, units:foreign otherSecretary+, units:foreign peer+, units:foreign secretary+',
  'units_update without its only condition (org admin)':
    'units leader+, units member+, units organizer+, units otherMember+, units otherSecretary+, units peer+, units secretary+, units:active leader+, units:active member+, units:active organizer+, units:active otherMember+, units:active otherSecretary+, units:active peer+, units:active secretary+, units:head leader+, units:head member+, units:head organizer+, units:head otherMember+, units:head otherSecretary+, units:head peer+, units:head secretary+',
  'user_roles update granted, its guard trigger off, an open policy':
    'user_roles:own admin+, user_roles:own leader+, user_roles:own member+, user_roles:own secretary+',
  'user_roles_select without the arm [branch secretary]':
    'user_roles:own secretary-, user_roles:peer secretary-',
  'user_roles_select without the arm [org leader/admin]':
    'user_roles:own admin-, user_roles:own leader-, user_roles:peer admin-, user_roles:peer leader-',
  'user_roles_select without the arm [own role]':
    'user_roles:own member-, user_roles:peer peer-',
  'blood_donations_insert_org_drive without its only condition (org-wide event admin)':
    'blood_donations:org leader+, blood_donations:org member+, blood_donations:org otherMember+, blood_donations:org otherSecretary+, blood_donations:own admin+, blood_donations:own leader+, blood_donations:own otherMember+, blood_donations:own otherSecretary+, blood_donations:own peer+, blood_donations:peer admin+, blood_donations:peer leader+, blood_donations:peer member+, blood_donations:peer otherMember+, blood_donations:peer otherSecretary+, blood_donations:revoked admin+, blood_donations:revoked leader+, blood_donations:revoked member+, blood_donations:revoked otherMember+, blood_donations:revoked otherSecretary+, blood_donations:revoked peer+',
  'blood_donations_update_org_drive without its only condition (org-wide event admin)':
    'blood_donations:org leader+, blood_donations:own admin+, blood_donations:own leader+, blood_donations:peer admin+, blood_donations:peer leader+, blood_donations:revoked admin+, blood_donations:revoked leader+, blood_donations:revoked peer+',
  'pledge_signatures_insert without the arm [unit head]':
    'pledge_signatures:unit otherSecretary-',
  'pledge_signatures_select without the arm [unit head]':
    'pledge_signatures:unit secretary-',
  'xuexi_usage_insert without the arm [branch organizer/secretary]':
    'xuexi_usage organizer-, xuexi_usage secretary-',
  'xuexi_usage_insert without the arm [org admin]':
    'xuexi_usage admin-',
  'xuexi_usage_select without the arm [branch organizer/secretary]':
    'xuexi_usage organizer-, xuexi_usage secretary-',
  'xuexi_usage_select without the arm [org leader/admin]':
    'xuexi_usage admin-, xuexi_usage leader-',
  'xuexi_usage_update without the arm [branch organizer/secretary]':
    'xuexi_usage organizer-, xuexi_usage secretary-',
  'xuexi_usage_update without the arm [org admin]':
    'xuexi_usage admin-',
  'visit_participants_insert without "branch member" in [own row & branch member]':
    'visit_participants:revoked peer+',
  'visit_participants_insert without "own row" in [own row & branch member]':
    'visit_participants:own peer+, visit_participants:peer member+, visit_participants:revoked member+',
  'visit_participants_insert without the arm [branch organizer/secretary]':
    'visit_participants:own organizer-, visit_participants:own secretary-, visit_participants:peer organizer-, visit_participants:peer secretary-, visit_participants:revoked organizer-, visit_participants:revoked secretary-',
  'visit_participants_insert without the arm [own row & branch member]':
    'visit_participants:own member-, visit_participants:peer peer-',
  'visit_participants_select own row widened to the branch':
    'visit_participants:own peer+, visit_participants:peer member+, visit_participants:revoked member+, visit_participants:revoked peer-',
  'visit_participants_select without the arm [branch organizer/secretary]':
    'visit_participants:own organizer-, visit_participants:own secretary-, visit_participants:peer organizer-, visit_participants:peer secretary-, visit_participants:revoked organizer-, visit_participants:revoked secretary-',
  'visit_participants_select without the arm [org leader/admin]':
    'visit_participants:own admin-, visit_participants:own leader-, visit_participants:peer admin-, visit_participants:peer leader-, visit_participants:revoked admin-, visit_participants:revoked leader-',
  'visit_participants_select without the arm [own row]':
    'visit_participants:own member-, visit_participants:peer peer-, visit_participants:revoked peer-',
  'visit_participants_update without "branch member" in [own row & branch member]':
    'visit_participants:revoked peer+',
  'visit_participants_update without "own row" in [own row & branch member]':
    'masked: visit_participants_select hides a colleague\'s row from a member',
  'visit_participants_update without the arm [branch organizer/secretary]':
    'visit_participants:own organizer-, visit_participants:own secretary-, visit_participants:peer organizer-, visit_participants:peer secretary-, visit_participants:revoked organizer-, visit_participants:revoked secretary-',
  'visit_participants_update without the arm [own row & branch member]':
    'visit_participants:own member-, visit_participants:peer peer-',
  'visits_insert without the arm [branch organizer/secretary]':
    'visits organizer-, visits secretary-',
  'visits_insert without the arm [org admin]':
    'visits admin-',
  'visits_select participation widened to the branch':
    'visits member+, visits peer+, visits:joined member+, visits:listed peer+',
  'visits_select without the arm [branch organizer/secretary]':
    'visits:listed organizer-, visits:listed secretary-',
  'visits_select without the arm [listed participant]':
    'visits:listed member-',
  'visits_select without the arm [org leader/admin]':
    'visits admin-, visits leader-, visits:joined admin-, visits:joined leader-, visits:listed admin-, visits:listed leader-',
  'visits_select without the arm [own participation]':
    'visits:joined peer-',
  'visits_update without the arm [branch organizer/secretary]':
    'visits organizer-, visits secretary-, visits:listed organizer-, visits:listed secretary-',
  'visits_update without the arm [org admin]':
    'visits admin-, visits:listed admin-',
}

const flipsOf = (mismatches: Mismatch[]) =>
  mismatches
    .map((m) => `${m.row} ${m.actor}${m.got.outcome === 'allow' ? '+' : m.got.outcome === 'deny' ? '-' : `!(${m.got.detail})`}`)
    .sort()
    .join(', ')

describe('negative controls: the matrix notices each condition', () => {
  it('the policy descriptions reproduce the live policies', async () => {
    const read = async (policy: Policy) =>
      (
        await db.sql.query<{ cmd: string; roles: string[]; qual: string | null; with_check: string | null; permissive: string }>(
          `select cmd, roles::text[] as roles, qual, with_check, permissive from pg_policies where schemaname = 'public' and tablename = $1 and policyname = $2`,
          [policy.table, policy.name],
        )
      ).rows
    const { rows: all } = await db.sql.query<{ name: string }>(
      `select tablename || '.' || policyname as name from pg_policies where schemaname = 'public' and tablename <> 'sync_applied' order by 1`,
    )
    expect(POLICIES.map((p) => `${p.table}.${p.name}`).sort()).toEqual(all.map((r) => r.name))
    for (const policy of POLICIES) {
      const live = await read(policy)
      expect(live, policy.name).toHaveLength(1)
      await db.sql.exec('begin')
      try {
        await db.sql.exec(createPolicy(policy, policy.using ?? policy.both, policy.check ?? policy.both))
        expect(await read(policy), policy.name).toEqual(live)
      } finally {
        await db.sql.exec('rollback')
      }
    }
  })

  it('has one expectation per control', () => {
    expect(Object.keys(EXPECTED_FLIPS).sort()).toEqual(CONTROLS.map((c) => c.name).sort())
  })

  for (const control of CONTROLS) {
    it(control.name, async () => {
      const rows = TABLES.filter((t) => t.table === control.table && opsOf(t).includes(control.op))
      const mismatches: Mismatch[] = []
      await db.sql.exec('begin')
      try {
        await db.sql.exec(control.change)
        for (const spec of rows) mismatches.push(...(await runRow(db.sql, spec, control.op, true)))
      } finally {
        await db.sql.exec('rollback')
      }
      const expected = EXPECTED_FLIPS[control.name] ?? '(no expectation)'
      expect(flipsOf(mismatches)).toBe(expected.startsWith('masked:') ? '' : expected)
    })
  }
})
