/**
 * The role × table × operation matrix: what each actor may do to a row of 机关第一党支部 (or to an
 * organisation-wide row) in every table, and a runner that checks one cell against the database.
 * Shared by the PGlite and the real-PostgreSQL suites and by the negative controls.
 *
 * Personal records are checked from both sides of a colleague: "member" (李晓梅) and "peer" (杨帆, a
 * plain member of the same branch) each act on a row of their own and on one of the other's. Rows:
 *   table:own      李晓梅's row (insert: a row for 李晓梅)
 *   table:peer     杨帆's row (insert: a row for 杨帆)
 *   table:revoked  杨帆's row, with his member role revoked inside the case's transaction
 *   table:foreign  a row of another organisation (市档案馆), made inside the case's transaction
 *   other variants exercise one condition of a policy (a status, a hand-over to a colleague)
 */
import { randomUUID } from 'node:crypto'
import {
  ACTORS,
  ATTENDANCE_MEMBER,
  ATTENDANCE_PENDING_LEAVE,
  BLOOD_MEMBER,
  BLOOD_PEER,
  BRANCH,
  CAMPAIGN,
  DONATION_MEMBER,
  DONATION_PEER,
  EVENT,
  GROUP,
  INVITE,
  MATRIX_ACTOR_NAMES,
  MEMBER,
  ORG_ID,
  PLEDGE_TEMPLATE,
  ROLE_ROW,
  STUDY_LOG,
  UNIT,
  USER,
  VISIT_FIRST,
  type ActorName,
} from '../helpers/roles'
import { claimsFor, sqlState, type SqlClient } from '../helpers/sql'

export type Operation = 'select' | 'insert' | 'update' | 'delete'
export const OPERATIONS: readonly Operation[] = ['select', 'insert', 'update', 'delete']

/**
 * Expected outcomes. Columns are the actors in MATRIX_ACTOR_NAMES order:
 *   anon  member(李晓梅)  peer(杨帆, same branch)  otherMember(机关第二党支部)  organizer  secretary
 *   otherSecretary(机关第二党支部)  leader  admin
 * Y = allowed, - = refused. Nobody may delete anything (each table's first row also runs delete).
 */
const EXPECTED_TABLE = `
row                         op      anon member peer other organizer secretary otherSec leader admin
orgs                        select   -     Y     Y    Y      Y         Y         Y       Y     Y
orgs                        insert   -     -     -    -      -         -         -       -     -
orgs                        update   -     -     -    -      -         -         -       -     Y
units                       select   -     Y     Y    Y      Y         Y         Y       Y     Y
units                       insert   -     -     -    -      -         -         -       -     Y
units                       update   -     -     -    -      -         -         -       -     Y
units:head                  update   -     -     -    -      -         -         -       -     Y
branches                    select   -     Y     Y    Y      Y         Y         Y       Y     Y
branches                    insert   -     -     -    -      -         -         -       -     Y
branches                    update   -     -     -    -      -         -         -       -     Y
branch_invites              select   -     -     -    -      -         Y         -       -     Y
branch_invites              insert   -     -     -    -      -         Y         -       -     Y
branch_invites              update   -     -     -    -      -         Y         -       -     Y
party_groups                select   -     Y     Y    -      Y         Y         -       Y     Y
party_groups                insert   -     -     -    -      -         Y         -       -     Y
party_groups                update   -     -     -    -      -         Y         -       -     Y
units:active                update   -     -     -    -      -         -         -       -     Y
branches:active             update   -     -     -    -      -         -         -       -     Y
party_groups:active         update   -     -     -    -      -         Y         -       -     Y
role_grants                 select   -     -     -    -      -         -         -       -     Y
role_grants                 insert   -     -     -    -      -         -         -       -     -
role_grants                 update   -     -     -    -      -         -         -       -     -
role_grants:foreign         select   -     -     -    -      -         -         -       -     -
members                     select   -     Y     Y    -      Y         Y         -       Y     Y
members                     insert   -     -     -    -      -         Y         -       -     Y
members                     update   -     -     -    -      -         Y         -       -     Y
member_details:own          select   -     Y     -    -      Y         Y         -       -     Y
member_details:own          insert   -     -     -    -      -         Y         -       -     Y
member_details:own          update   -     -     -    -      -         Y         -       -     Y
member_details:peer         select   -     -     Y    -      Y         Y         -       -     Y
member_details:peer         update   -     -     -    -      -         Y         -       -     Y
member_details:revoked      select   -     -     Y    -      Y         Y         -       -     Y
user_roles:own              select   -     Y     -    -      -         Y         -       Y     Y
user_roles:own              insert   -     -     -    -      -         -         -       -     -
user_roles:own              update   -     -     -    -      -         -         -       -     -
user_roles:peer             select   -     -     Y    -      -         Y         -       Y     Y
events                      select   -     Y     Y    -      Y         Y         -       Y     Y
events                      insert   -     -     -    -      Y         Y         -       -     -
events                      update   -     -     -    -      Y         Y         -       -     -
events:org                  select   -     Y     Y    Y      Y         Y         Y       Y     Y
events:org                  insert   -     -     -    -      -         -         -       -     Y
events:org                  update   -     -     -    -      -         -         -       -     Y
event_resolutions           select   -     Y     Y    -      Y         Y         -       Y     Y
event_resolutions           insert   -     -     -    -      Y         Y         -       -     -
event_resolutions           update   -     -     -    -      Y         Y         -       -     -
event_resolutions:org       select   -     Y     Y    Y      Y         Y         Y       Y     Y
event_resolutions:org       insert   -     -     -    -      -         -         -       -     Y
event_resolutions:org       update   -     -     -    -      -         -         -       -     Y
attendance:own              select   -     Y     -    -      Y         Y         -       Y     Y
attendance:own              insert   -     Y     -    -      Y         Y         -       -     -
attendance:own              update   -     -     -    -      -         Y         -       -     -
attendance:peer             select   -     -     Y    -      Y         Y         -       Y     Y
attendance:peer             insert   -     -     Y    -      Y         Y         -       -     -
attendance:peer             update   -     -     Y    -      Y         Y         -       -     -
attendance:revoked          select   -     -     Y    -      Y         Y         -       Y     Y
attendance:revoked          insert   -     -     -    -      Y         Y         -       -     -
attendance:revoked          update   -     -     -    -      Y         Y         -       -     -
attendance:manual           insert   -     -     -    -      Y         Y         -       -     -
attendance:manual           update   -     -     -    -      -         Y         -       -     -
attendance:makeup           insert   -     -     -    -      Y         Y         -       -     -
attendance:makeup           update   -     -     -    -      Y         Y         -       -     -
attendance:makeup-flag      update   -     -     -    -      Y         Y         -       -     -
attendance:pending          select   -     Y     -    -      Y         Y         -       Y     Y
attendance:pending          update   -     -     -    -      -         Y         -       -     -
attendance:leave-note       update   -     -     -    -      -         Y         -       -     -
attendance:org              select   -     Y     -    -      Y         Y         -       Y     Y
attendance:org              insert   -     -     -    -      Y         Y         -       -     Y
attendance:org              update   -     -     -    -      Y         Y         -       -     Y
attendance_changes          select   -     -     -    -      Y         Y         -       Y     Y
attendance_changes          insert   -     -     -    -      -         -         -       -     -
attendance_changes          update   -     -     -    -      -         -         -       -     -
donation_campaigns          select   -     Y     Y    Y      Y         Y         Y       Y     Y
donation_campaigns          insert   -     -     -    -      -         -         -       -     Y
donation_campaigns          update   -     -     -    -      -         -         -       -     Y
donation_campaigns:handover update   -     -     -    -      -         -         -       -     Y
donation_campaigns:photos   update   -     -     -    -      -         -         -       -     Y
donations:own               select   -     Y     -    -      Y         Y         -       Y     Y
donations:own               insert   -     Y     -    -      Y         Y         -       -     -
donations:own               update   -     Y     -    -      Y         Y         -       -     -
donations:peer              select   -     -     Y    -      Y         Y         -       Y     Y
donations:peer              insert   -     -     Y    -      Y         Y         -       -     -
donations:peer              update   -     -     Y    -      Y         Y         -       -     -
donations:revoked           select   -     -     Y    -      Y         Y         -       Y     Y
donations:revoked           insert   -     -     -    -      Y         Y         -       -     -
donations:revoked           update   -     -     -    -      Y         Y         -       -     -
blood_donations:own         select   -     Y     -    -      Y         Y         -       Y     Y
blood_donations:own         insert   -     Y     -    -      Y         Y         -       -     -
blood_donations:own         update   -     Y     -    -      Y         Y         -       -     -
blood_donations:peer        select   -     -     Y    -      Y         Y         -       Y     Y
blood_donations:peer        insert   -     -     Y    -      Y         Y         -       -     -
blood_donations:peer        update   -     -     Y    -      Y         Y         -       -     -
blood_donations:revoked     select   -     -     Y    -      Y         Y         -       Y     Y
blood_donations:revoked     insert   -     -     -    -      Y         Y         -       -     -
blood_donations:revoked     update   -     -     -    -      Y         Y         -       -     -
blood_donations:org         insert   -     -     Y    -      Y         Y         -       -     Y
blood_donations:org         update   -     -     Y    -      Y         Y         -       -     Y
pledge_templates            select   -     Y     Y    Y      Y         Y         Y       Y     Y
pledge_templates            insert   -     -     -    -      -         -         -       -     Y
pledge_templates            update   -     -     -    -      -         -         -       -     Y
pledge_templates:signed     update   -     -     -    -      -         -         -       -     -
pledge_signatures:own       select   -     Y     -    -      Y         Y         -       Y     Y
pledge_signatures:own       insert   -     Y     -    -      -         -         -       -     -
pledge_signatures:own       update   -     -     -    -      -         -         -       -     -
pledge_signatures:peer      select   -     -     Y    -      Y         Y         -       Y     Y
pledge_signatures:peer      insert   -     -     Y    -      -         -         -       -     -
pledge_signatures:revoked   select   -     -     Y    -      Y         Y         -       Y     Y
pledge_signatures:revoked   insert   -     -     -    -      -         -         -       -     -
pledge_signatures:unit      select   -     -     -    -      -         Y         -       Y     Y
pledge_signatures:unit      insert   -     -     -    -      -         -         Y       -     -
visits                      select   -     -     -    -      Y         Y         -       Y     Y
visits                      insert   -     -     -    -      Y         Y         -       -     Y
visits                      update   -     -     -    -      Y         Y         -       -     Y
visits:listed               select   -     Y     -    -      Y         Y         -       Y     Y
visits:listed               update   -     -     -    -      Y         Y         -       -     Y
visits:joined               select   -     -     Y    -      Y         Y         -       Y     Y
visits:foreign              select   -     -     -    -      -         -         -       -     -
study_logs:own              select   -     Y     -    -      Y         Y         -       Y     Y
study_logs:own              insert   -     Y     -    -      -         -         -       -     -
study_logs:own              update   -     Y     -    -      -         -         -       -     -
study_logs:peer             select   -     -     Y    -      Y         Y         -       Y     Y
study_logs:peer             insert   -     -     Y    -      -         -         -       -     -
study_logs:peer             update   -     -     Y    -      -         -         -       -     -
study_logs:revoked          select   -     -     Y    -      Y         Y         -       Y     Y
study_logs:revoked          insert   -     -     -    -      -         -         -       -     -
study_logs:revoked          update   -     -     -    -      -         -         -       -     -
study_logs:handover         update   -     -     -    -      -         -         -       -     -
event_checkin_secrets       select   -     -     -    -      Y         Y         -       -     -
event_checkin_secrets       insert   -     -     -    -      Y         Y         -       -     -
event_checkin_secrets       update   -     -     -    -      -         -         -       -     -
event_checkin_secrets:org   select   -     -     -    -      -         -         -       -     Y
event_checkin_secrets:org   insert   -     -     -    -      -         -         -       -     Y
member_checkin_secrets:own  select   -     Y     -    -      Y         Y         -       -     -
member_checkin_secrets:own  insert   -     -     -    -      -         -         -       -     -
member_checkin_secrets:own  update   -     -     -    -      -         -         -       -     -
member_checkin_secrets:peer select   -     -     Y    -      Y         Y         -       -     -
visit_participants:own      select   -     Y     -    -      Y         Y         -       Y     Y
visit_participants:own      insert   -     Y     -    -      Y         Y         -       -     -
visit_participants:own      update   -     Y     -    -      Y         Y         -       -     -
visit_participants:peer     select   -     -     Y    -      Y         Y         -       Y     Y
visit_participants:peer     insert   -     -     Y    -      Y         Y         -       -     -
visit_participants:peer     update   -     -     Y    -      Y         Y         -       -     -
visit_participants:revoked  select   -     -     Y    -      Y         Y         -       Y     Y
visit_participants:revoked  insert   -     -     -    -      Y         Y         -       -     -
visit_participants:revoked  update   -     -     -    -      Y         Y         -       -     -
xuexi_usage                 select   -     -     -    -      Y         Y         -       Y     Y
xuexi_usage                 insert   -     -     -    -      Y         Y         -       -     Y
xuexi_usage                 update   -     -     -    -      Y         Y         -       -     Y
sync_overwrites             select   -     -     -    -      Y         Y         -       -     Y
sync_overwrites             insert   -     -     -    -      -         -         -       -     -
sync_overwrites             update   -     -     -    -      -         -         -       -     -
orgs:foreign                select   -     -     -    -      -         -         -       -     -
units:foreign               select   -     -     -    -      -         -         -       -     -
branches:foreign            select   -     -     -    -      -         -         -       -     -
donation_campaigns:foreign  select   -     -     -    -      -         -         -       -     -
pledge_templates:foreign    select   -     -     -    -      -         -         -       -     -
pledge_signatures:foreign   select   -     -     -    -      -         -         -       -     -
events:foreign              select   -     -     -    -      -         -         -       -     -
event_resolutions:foreign   select   -     -     -    -      -         -         -       -     -
`

export type Outcome = 'allow' | 'deny'
type Row = Record<ActorName, Outcome>

/** Per matrix row name, per operation it declares, the expected outcome for each actor. */
export const EXPECTED: Record<string, Partial<Record<Operation, Row>>> = parseExpected(EXPECTED_TABLE)

function parseExpected(text: string) {
  const result: Record<string, Partial<Record<Operation, Row>>> = {}
  const lines = text.trim().split('\n').slice(1)
  for (const line of lines) {
    const [name, op, ...cells] = line.trim().split(/\s+/) as [string, Operation, ...string[]]
    if (cells.length !== MATRIX_ACTOR_NAMES.length) throw new Error(`matrix line has ${cells.length} cells: ${line}`)
    result[name] ??= {}
    if (result[name][op]) throw new Error(`matrix line repeated: ${line}`)
    result[name][op] = Object.fromEntries(MATRIX_ACTOR_NAMES.map((actor, i) => [actor, cells[i] === 'Y' ? 'allow' : 'deny'])) as Row
  }
  // Each table's first row also checks delete: nobody may.
  const seen = new Set<string>()
  for (const name of Object.keys(result)) {
    const table = name.split(':')[0]!
    if (seen.has(table)) continue
    seen.add(table)
    result[name]!.delete = Object.fromEntries(MATRIX_ACTOR_NAMES.map((a) => [a, 'deny'])) as Row
  }
  return result
}

interface Statement {
  sql: string
  params: unknown[]
}

/** How to exercise one matrix row: the target row, a fresh row to insert, and one column change. */
export interface TableSpec {
  /** The row's name in EXPECTED_TABLE: the table, or `table:variant`. */
  name: string
  table: string
  target: string
  /** The id the inserted row gets, when the table fixes it (default: a random UUID). */
  insertId?: string
  /** Creates the target row (as the superuser, inside the case's transaction) when the seed has none. */
  setup?: Statement
  /** Required when the row declares insert / update. */
  insert?(id: string): Statement
  update?: { column: string; value: unknown }
}

/** The operations a row declares, in OPERATIONS order. */
export const opsOf = (spec: TableSpec): Operation[] => OPERATIONS.filter((op) => EXPECTED[spec.name]?.[op])

const SYNC_OVERWRITE = '60000000-0000-4000-8000-000000000001'
/** The audit trail: 陈志强 made 杨帆 组织委员; another organisation's admin made someone a leader. */
const ROLE_GRANT = '67000000-0000-4000-8000-000000000001'
const ROLE_GRANT_FOREIGN = '67000000-0000-4000-8000-000000000002'
const ROLE_GRANT_INSERT = `insert into public.role_grants (id, org_id, branch_id, user_id, member_id, role, action, by_user_id, at)
  values ($1, $2, $3, $4, $5, 'organizer', 'grant', $6, '2026-03-01 09:00+08')`
const VISIT_PARTICIPATION = '61000000-0000-4000-8000-000000000001'
const VISIT_SECOND = '61000000-0000-4000-8000-000000000002'
const VISIT_PARTICIPATION_PEER = '61000000-0000-4000-8000-000000000003'
const VISIT_LISTED = '61000000-0000-4000-8000-000000000004'
const ATTENDANCE_PEER_LEAVE = '62000000-0000-4000-8000-000000000001'
const ATTENDANCE_MAKEUP = '62000000-0000-4000-8000-000000000002'
const STUDY_LOG_PEER = '63000000-0000-4000-8000-000000000001'
const PLEDGE_TEMPLATE_2025 = '64000000-0000-4000-8000-000000000001'
const SIGNATURE_OWN = '64000000-0000-4000-8000-000000000002'
const SIGNATURE_PEER = '64000000-0000-4000-8000-000000000003'
const SIGNATURE_UNIT_OFFICE = '1d000000-0000-4000-8000-000000000003' // 办公室's 党风廉政建设责任书
/** The year's setup: 机关第一党支部's 学习强国 use in a month the seed does not hold, a blood donation at an organisation-wide drive. */
const XUEXI_FIRST = '67000000-0000-4000-8000-000000000001'
const ORG_BLOOD_DRIVE = '67000000-0000-4000-8000-000000000002'
const ORG_BLOOD_PEER = '67000000-0000-4000-8000-000000000003'
const TEMPLATE_UNSIGNED = '67000000-0000-4000-8000-000000000004'
const ORG_BLOOD_SETUP = `with drive as (insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
    values ($1, $2, null, 'org', 'blood_drive', '机关无偿献血日', '2026-09-16 09:00+08') returning id)`
/** An event of the whole organisation (机关党委, branch_id null) and what hangs on it. */
const ORG_EVENT = '66000000-0000-4000-8000-000000000001'
const ORG_EVENT_2 = '66000000-0000-4000-8000-000000000002'
const ORG_ATTENDANCE = '66000000-0000-4000-8000-000000000003'
const RESOLUTION = '66000000-0000-4000-8000-000000000004'
const ORG_RESOLUTION = '66000000-0000-4000-8000-000000000005'
const ATTENDANCE_PENDING = '66000000-0000-4000-8000-000000000006'
const ATTENDANCE_CHANGE = '66000000-0000-4000-8000-000000000007'
const ORG_EVENT_INSERT = `insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at, ends_at)
  values ($1, $2, null, 'org', 'group_study', '机关党委集中学习', '2026-04-02 14:30+08', '2026-04-02 16:30+08')`
/** The organisation-wide event, then `rest` (a statement using $1 = the event, $2 = the organisation). */
const withOrgEvent = (rest: string, params: unknown[] = []): Statement => ({
  sql: `with org_event as (${ORG_EVENT_INSERT} returning id) ${rest}`,
  params: [ORG_EVENT, ORG_ID, ...params],
})

const sha = (body: string) => `encode(sha256(convert_to(${body}, 'UTF8')), 'hex')`

/** Another organisation (市档案馆) with a unit, a branch, a campaign and a signed department pledge. */
const FOREIGN = {
  org: '65000000-0000-4000-8000-000000000001',
  unit: '65000000-0000-4000-8000-000000000002',
  branch: '65000000-0000-4000-8000-000000000003',
  campaign: '65000000-0000-4000-8000-000000000004',
  template: '65000000-0000-4000-8000-000000000005',
  signature: '65000000-0000-4000-8000-000000000006',
} as const
const FOREIGN_SETUP: Statement = {
  sql: `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
        u as (insert into public.units (id, org_id, name, kind) values ($2, $1, '馆办公室', 'department') returning id),
        b as (insert into public.branches (id, org_id, unit_id, name) values ($3, $1, $2, '市档案馆机关党支部') returning id),
        c as (insert into public.donation_campaigns (id, org_id, name, year) values ($4, $1, '慈善一日捐', 2026) returning id),
        t as (insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256)
              values ($5, $1, 2026, 'department', '党风廉政建设责任书', '责任书正文', ${sha(`'责任书正文'`)}) returning id, body_sha256)
        insert into public.pledge_signatures (id, org_id, template_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
        select $6, $1, t.id, $2, '馆办公室', t.body_sha256, '[[[1, 2, 0], [3, 4, 12], [5, 3, 20]]]', '2026-02-10 09:00+08' from t`,
  params: [FOREIGN.org, FOREIGN.unit, FOREIGN.branch, FOREIGN.campaign, FOREIGN.template, FOREIGN.signature],
}
/** An organisation-wide event of another organisation, with a resolution. */
const FOREIGN_EVENT = '65000000-0000-4000-8000-000000000007'
const FOREIGN_RESOLUTION = '65000000-0000-4000-8000-000000000008'
const FOREIGN_EVENT_SETUP: Statement = {
  sql: `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
        e as (insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
              select $2, id, null, 'org', 'group_study', '馆党委集中学习', '2026-04-09 14:30+08' from o returning id, org_id)
        insert into public.event_resolutions (id, org_id, branch_id, event_id, text) select $3, org_id, null, id, '开展档案安全检查' from e`,
  params: [FOREIGN.org, FOREIGN_EVENT, FOREIGN_RESOLUTION],
}
/** A visit of another organisation's branch. */
const FOREIGN_VISIT = '65000000-0000-4000-8000-000000000009'
const FOREIGN_VISIT_SETUP: Statement = {
  sql: `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
        u as (insert into public.units (id, org_id, name, kind) select $2, id, '馆办公室', 'department' from o returning id, org_id),
        b as (insert into public.branches (id, org_id, unit_id, name) select $3, org_id, id, '市档案馆机关党支部' from u returning id, org_id)
        insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons)
        select $4, org_id, id, 'poverty', '2026-01-20', '帮扶村', 3, 9 from b`,
  params: [FOREIGN.org, FOREIGN.unit, FOREIGN.branch, FOREIGN_VISIT],
}
/** Organisation-wide rows of another organisation: nobody here reads them. */
const foreignRows: TableSpec[] = [
  { name: 'orgs:foreign', table: 'orgs', target: FOREIGN.org, setup: FOREIGN_SETUP },
  { name: 'units:foreign', table: 'units', target: FOREIGN.unit, setup: FOREIGN_SETUP },
  { name: 'branches:foreign', table: 'branches', target: FOREIGN.branch, setup: FOREIGN_SETUP },
  { name: 'donation_campaigns:foreign', table: 'donation_campaigns', target: FOREIGN.campaign, setup: FOREIGN_SETUP },
  { name: 'pledge_templates:foreign', table: 'pledge_templates', target: FOREIGN.template, setup: FOREIGN_SETUP },
  { name: 'pledge_signatures:foreign', table: 'pledge_signatures', target: FOREIGN.signature, setup: FOREIGN_SETUP },
  { name: 'events:foreign', table: 'events', target: FOREIGN_EVENT, setup: FOREIGN_EVENT_SETUP },
  { name: 'event_resolutions:foreign', table: 'event_resolutions', target: FOREIGN_RESOLUTION, setup: FOREIGN_EVENT_SETUP },
]

/** Revokes 杨帆's member role (a tombstone, as revoke_role leaves it) in the same statement. */
const REVOKE_PEER = `revoked as (update public.user_roles set _deleted = true where id = '${ROLE_ROW.peer}' returning id)`
const withRevoke = (setup: Statement | undefined, revoke: boolean): Statement | undefined => {
  if (!revoke) return setup
  if (!setup) return { sql: `with ${REVOKE_PEER} select count(*) from revoked`, params: [] }
  const sql = setup.sql.trimStart()
  return { sql: sql.startsWith('with ') ? `with ${REVOKE_PEER}, ${sql.slice(5)}` : `with ${REVOKE_PEER} ${sql}`, params: setup.params }
}

/** One personal table's rows for 李晓梅 (own), 杨帆 (peer) and 杨帆 with his role revoked. */
function personal(
  table: string,
  own: Omit<TableSpec, 'name' | 'table'>,
  peer: Omit<TableSpec, 'name' | 'table' | 'update'>,
): TableSpec[] {
  return [
    { name: `${table}:own`, table, ...own },
    { name: `${table}:peer`, table, update: own.update, ...peer },
    { name: `${table}:revoked`, table, update: own.update, ...peer, setup: withRevoke(peer.setup, true) },
  ]
}

const attendanceRow = (member: string, event: string, extra: string, values: string) => (id: string): Statement => ({
  sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, ${extra}) values ($1, $2, $3, $4, $5, ${values})`,
  params: [id, ORG_ID, BRANCH.first, event, member],
})
const leaveRequest = (member: string, event: string) => attendanceRow(member, event, 'status, leave_reason, leave_status', `'leave', '出差', 'pending'`)
const donation = (member: string) => (id: string): Statement => ({
  sql: `insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values ($1, $2, $3, $4, $5, 8800, '2026-05-12')`,
  params: [id, ORG_ID, BRANCH.first, CAMPAIGN, member],
})
const bloodDonation = (member: string) => (id: string): Statement => ({
  sql: `insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on) values ($1, $2, $3, $4, $5, 300, '2026-04-15')`,
  params: [id, ORG_ID, BRANCH.first, EVENT.bloodDrive, member],
})
const studyLog = (member: string) => (id: string): Statement => ({
  sql: `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic, source) values ($1, $2, $3, $4, '2026-03-01', 35, '廉洁文化学习', '学习强国')`,
  params: [id, ORG_ID, BRANCH.first, member],
})
/** SHA-256 of the seed's 2026 personal pledge text (a wrong value fails every insert with 23503). */
const PERSONAL_2026_SHA256 = 'c0883498e019d88d810cf4a783c40910e8f025bcf36d5bf70cf448adab67a927'
// The signed text's hash is sent as a phone sends it, without reading the template under RLS.
const personalPledge = (member: string, name: string) => (id: string): Statement => ({
  sql: `insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, signer_name, signed_text_sha256, strokes, signed_at)
        values ($1, $2, $3, $5, $4, $6, $7, '[[[1, 2, 0], [3, 4, 12], [5, 3, 20]]]', '2026-02-04 09:00+08')`,
  params: [id, ORG_ID, BRANCH.first, member, PLEDGE_TEMPLATE.personal2026, name, PERSONAL_2026_SHA256],
})
/** A 2025 personal pledge template and one member's signature of it (the 2026 one is left to sign). */
const signed2025 = (signature: string, member: string, name: string): Statement => ({
  sql: `with template as (
          insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256)
          values ($1, $2, 2025, 'personal', '干部职工廉洁从政承诺书', '本人郑重承诺：廉洁从政。', ${sha(`'本人郑重承诺：廉洁从政。'`)})
          returning id, body_sha256)
        insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, signer_name, signed_text_sha256, strokes, signed_at)
        select $3, $2, $4, t.id, $5, $6, t.body_sha256, '[[[5, 6, 0], [7, 8, 10], [9, 6, 20]]]', '2025-02-04 09:00+08' from template t`,
  params: [PLEDGE_TEMPLATE_2025, ORG_ID, signature, BRANCH.first, member, name],
})
/** A second visit of the branch (to join) and one member's part in the first visit. */
const visitPart = (participation: string, member: string): Statement => ({
  sql: `with second_visit as (
          insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen)
          values ($4, $2, $3, 'staff_hardship', '2026-03-10', '职工家中', 1, 2, 20000) returning id)
        insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id)
        select $1, $2, $3, $5, $6 from second_visit`,
  params: [participation, ORG_ID, BRANCH.first, VISIT_SECOND, VISIT_FIRST, member],
})
const joinSecondVisit = (member: string) => (id: string): Statement => ({
  sql: `insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`,
  params: [id, ORG_ID, BRANCH.first, VISIT_SECOND, member],
})

export const TABLES: TableSpec[] = [
  {
    name: 'orgs',
    table: 'orgs',
    target: ORG_ID,
    insert: (id) => ({ sql: `insert into public.orgs (id, org_id, name) values ($1, $1, '另一个机关')`, params: [id] }),
    update: { column: 'short_name', value: '事务局' },
  },
  {
    name: 'units',
    table: 'units',
    target: UNIT.office,
    insert: (id) => ({ sql: `insert into public.units (id, org_id, name, kind) values ($1, $2, '法规处', 'department')`, params: [id, ORG_ID] }),
    update: { column: 'name', value: '局办公室' },
  },
  {
    name: 'branches',
    table: 'branches',
    target: BRANCH.first,
    insert: (id) => ({ sql: `insert into public.branches (id, org_id, unit_id, name) values ($1, $2, $3, '机关第三党支部')`, params: [id, ORG_ID, UNIT.assets] }),
    update: { column: 'name', value: '机关第一支部' },
  },
  {
    name: 'branch_invites',
    table: 'branch_invites',
    target: INVITE.first,
    insert: (id) => ({ sql: `insert into public.branch_invites (id, org_id, branch_id, code) values ($1, $2, $3, 'ZB7777')`, params: [id, ORG_ID, BRANCH.first] }),
    update: { column: 'code', value: 'ZB1101' },
  },
  {
    name: 'party_groups',
    table: 'party_groups',
    target: GROUP.firstA,
    insert: (id) => ({ sql: `insert into public.party_groups (id, org_id, branch_id, name) values ($1, $2, $3, '第三党小组')`, params: [id, ORG_ID, BRANCH.first] }),
    update: { column: 'name', value: '第一小组' },
  },
  // Units, branches and party groups are deactivated, never deleted.
  { name: 'units:active', table: 'units', target: UNIT.office, update: { column: 'active', value: false } },
  { name: 'branches:active', table: 'branches', target: BRANCH.first, update: { column: 'active', value: false } },
  { name: 'party_groups:active', table: 'party_groups', target: GROUP.firstA, update: { column: 'active', value: false } },
  {
    // Who granted or revoked which role: admins read it; only the server's trigger writes it.
    name: 'role_grants',
    table: 'role_grants',
    target: ROLE_GRANT,
    setup: { sql: ROLE_GRANT_INSERT, params: [ROLE_GRANT, ORG_ID, BRANCH.first, USER.member3, MEMBER.yangFan, USER.secretary] },
    insert: (id) => ({ sql: ROLE_GRANT_INSERT, params: [id, ORG_ID, BRANCH.first, USER.member, MEMBER.member, USER.secretary] }),
    update: { column: 'action', value: 'revoke' },
  },
  {
    name: 'role_grants:foreign',
    table: 'role_grants',
    target: ROLE_GRANT_FOREIGN,
    setup: {
      sql: `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id)
            insert into public.role_grants (id, org_id, user_id, role, action, by_user_id) select $2, id, $3, 'leader', 'grant', $3 from o`,
      params: ['65000000-0000-4000-8000-000000000001', ROLE_GRANT_FOREIGN, USER.member2],
    },
  },
  {
    // 杨帆's roster row (name, group, committee post): his colleagues read it, only the secretary and admins write it.
    name: 'members',
    table: 'members',
    target: MEMBER.yangFan,
    insert: (id) => ({
      sql: `insert into public.members (id, org_id, branch_id, group_id, name, gender, status) values ($1, $2, $3, $4, '新党员', 'female', 'active')`,
      params: [id, ORG_ID, BRANCH.first, GROUP.firstB],
    }),
    update: { column: 'committee_title', value: '宣传委员' },
  },
  // Personal details (phone, birth date, ID number, note; id = the member's id): the person, the
  // branch's organizers and secretary and the admins read them; the secretary and admins write them.
  ...personal(
    'member_details',
    {
      target: MEMBER.member,
      update: { column: 'note', value: '联系电话已核实' },
      // Insert: details of a roster row that has none yet (刘洋's are removed in the case's
      // transaction); declared on this first row, as every table's first row declares all four.
      insertId: MEMBER.unlinked,
      setup: { sql: `delete from public.member_details where id = $1`, params: [MEMBER.unlinked] },
      insert: (id) => ({
        sql: `insert into public.member_details (id, org_id, branch_id, phone, birth_date, id_number) values ($1, $2, $3, '13698765432', '1992-11-08', '11010519921108361X')`,
        params: [id, ORG_ID, BRANCH.first],
      }),
    },
    { target: MEMBER.yangFan },
  ),
  {
    name: 'user_roles:own',
    table: 'user_roles',
    target: ROLE_ROW.member,
    insert: (id) => ({ sql: `insert into public.user_roles (id, org_id, branch_id, user_id, role) values ($1, $2, $3, $4, 'organizer')`, params: [id, ORG_ID, BRANCH.first, USER.member] }),
    update: { column: 'role', value: 'secretary' },
  },
  {
    name: 'user_roles:peer',
    table: 'user_roles',
    target: ROLE_ROW.peer,
    insert: (id) => ({ sql: `insert into public.user_roles (id, org_id, branch_id, user_id, role) values ($1, $2, $3, $4, 'organizer')`, params: [id, ORG_ID, BRANCH.first, USER.member3] }),
    update: { column: 'role', value: 'secretary' },
  },
  {
    name: 'events',
    table: 'events',
    target: EVENT.generalMeeting,
    insert: (id) => ({
      sql: `insert into public.events (id, org_id, branch_id, kind, title, starts_at, ends_at) values ($1, $2, $3, 'committee_meeting', '2月支委会', '2026-02-05 09:00+08', '2026-02-05 10:00+08')`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'title', value: '2026年第一季度支部党员大会（补记）' },
  },
  {
    // An event of the whole organisation: everyone in it reads it, only admins write it.
    name: 'events:org',
    table: 'events',
    target: ORG_EVENT,
    setup: { sql: ORG_EVENT_INSERT, params: [ORG_EVENT, ORG_ID] },
    insert: (id) => ({ sql: ORG_EVENT_INSERT.replace('机关党委集中学习', '全局廉政教育培训'), params: [id, ORG_ID] }),
    update: { column: 'place', value: '局机关报告厅' },
  },
  {
    // A resolution of the branch's general meeting: the branch reads it, its committee writes it.
    name: 'event_resolutions',
    table: 'event_resolutions',
    target: RESOLUTION,
    setup: {
      sql: `insert into public.event_resolutions (id, org_id, branch_id, event_id, text, votes_for, votes_against, votes_abstain, passed)
            values ($1, $2, $3, $4, '通过《机关第一党支部2026年度工作计划》', 15, 0, 0, true)`,
      params: [RESOLUTION, ORG_ID, BRANCH.first, EVENT.generalMeeting],
    },
    insert: (id) => ({
      sql: `insert into public.event_resolutions (id, org_id, branch_id, event_id, sort_order, text, votes_for, votes_against, votes_abstain, passed)
            values ($1, $2, $3, $4, 1, '同意王建国同志转为正式党员', 14, 1, 0, true)`,
      params: [id, ORG_ID, BRANCH.first, EVENT.generalMeeting],
    }),
    update: { column: 'votes_abstain', value: 1 },
  },
  {
    name: 'event_resolutions:org',
    table: 'event_resolutions',
    target: ORG_RESOLUTION,
    setup: withOrgEvent(`insert into public.event_resolutions (id, org_id, branch_id, event_id, text) select $3, $2, null, id, '开展全局廉政教育月活动' from org_event`, [ORG_RESOLUTION]),
    insert: (id) => ({ sql: `insert into public.event_resolutions (id, org_id, branch_id, event_id, text) values ($1, $2, null, $3, '组织参观廉政教育基地')`, params: [id, ORG_ID, ORG_EVENT] }),
    update: { column: 'quorum_note', value: '各支部代表均已到会' },
  },
  // Attendance: 李晓梅's QR check-in (verified) and leave request; 杨帆's pending leave request with its reason.
  ...personal(
    'attendance',
    { target: ATTENDANCE_MEMBER, insert: leaveRequest(MEMBER.member, EVENT.partyLecture), update: { column: 'checked_in_at', value: '2026-01-16T06:58:00.000Z' } },
    {
      target: ATTENDANCE_PEER_LEAVE,
      setup: {
        sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_reason, leave_status) values ($1, $2, $3, $4, $5, 'leave', '家中老人住院', 'pending')`,
        params: [ATTENDANCE_PEER_LEAVE, ORG_ID, BRANCH.first, EVENT.groupMeeting, MEMBER.yangFan],
      },
      insert: leaveRequest(MEMBER.yangFan, EVENT.partyLecture),
    },
  ),
  {
    // A member's own row may only be a QR/code check-in or a pending leave request: not a hand mark.
    name: 'attendance:manual',
    table: 'attendance',
    target: ATTENDANCE_MEMBER,
    insert: attendanceRow(MEMBER.member, EVENT.partyLecture, 'status, method', `'present', 'manual'`),
    update: { column: 'method', value: 'manual' },
  },
  {
    // Owing a make-up (补课) is the committee's mark: a member neither sets nor clears it on her row.
    name: 'attendance:makeup',
    table: 'attendance',
    target: ATTENDANCE_MAKEUP,
    setup: {
      sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_reason, leave_status, makeup_required) values ($1, $2, $3, $4, $5, 'leave', '出差', 'pending', true)`,
      params: [ATTENDANCE_MAKEUP, ORG_ID, BRANCH.first, EVENT.groupMeeting, MEMBER.member],
    },
    insert: attendanceRow(MEMBER.member, EVENT.partyLecture, 'status, leave_reason, leave_status, makeup_required', `'leave', '出差', 'pending', true`),
    update: { column: 'makeup_required', value: false },
  },
  {
    // 李晓梅's check-in that reached the server late (待核实): only the secretary confirms it.
    name: 'attendance:pending',
    table: 'attendance',
    target: ATTENDANCE_PENDING,
    setup: {
      sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, verification)
            values ($1, $2, $3, $4, $5, 'present', 'qr', '2026-03-10 15:01+08', 'pending')`,
      params: [ATTENDANCE_PENDING, ORG_ID, BRANCH.first, EVENT.partyLecture, MEMBER.member],
    },
    update: { column: 'verification', value: 'verified' },
  },
  {
    // The note on a leave decision is the secretary's, like the decision.
    name: 'attendance:leave-note',
    table: 'attendance',
    target: ATTENDANCE_PENDING_LEAVE,
    update: { column: 'decision_note', value: '培训结束后补学会议精神' },
  },
  {
    // 李晓梅 marked by hand at an event of the whole organisation: her branch's committee and the
    // organisation's admins write it (杨帆's row in the insert).
    name: 'attendance:org',
    table: 'attendance',
    target: ORG_ATTENDANCE,
    setup: withOrgEvent(
      `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
       select $3, $2, $4, id, $5, 'present', 'manual', '2026-04-02 14:25+08' from org_event`,
      [ORG_ATTENDANCE, BRANCH.first, MEMBER.member],
    ),
    insert: (id) => ({
      sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at) values ($1, $2, $3, $4, $5, 'present', 'manual', '2026-04-02 14:28+08')`,
      params: [id, ORG_ID, BRANCH.first, ORG_EVENT, MEMBER.yangFan],
    }),
    update: { column: 'mark_reason', value: '未带手机，现场登记' },
  },
  {
    // The trail of a check-in changed by hand: the committee, leaders and admins read it; only the
    // database writes it.
    name: 'attendance_changes',
    table: 'attendance_changes',
    target: ATTENDANCE_CHANGE,
    setup: {
      sql: `insert into public.attendance_changes (id, org_id, branch_id, attendance_id, event_id, member_id, changed_by, old_status, new_status)
            values ($1, $2, $3, $4, $5, $6, $7, 'present', 'late')`,
      params: [ATTENDANCE_CHANGE, ORG_ID, BRANCH.first, ATTENDANCE_MEMBER, EVENT.generalMeeting, MEMBER.member, USER.secretary],
    },
    insert: (id) => ({
      sql: `insert into public.attendance_changes (id, org_id, branch_id, attendance_id, event_id, member_id, old_status, new_status) values ($1, $2, $3, $4, $5, $6, 'late', 'present')`,
      params: [id, ORG_ID, BRANCH.first, ATTENDANCE_MEMBER, EVENT.generalMeeting, MEMBER.member],
    }),
    update: { column: 'new_status', value: 'present' },
  },
  {
    // Nor may she mark herself as owing one.
    name: 'attendance:makeup-flag',
    table: 'attendance',
    target: ATTENDANCE_MEMBER,
    update: { column: 'makeup_required', value: true },
  },
  {
    // The unit head, who signs the unit's 责任书: an admin names him.
    name: 'units:head',
    table: 'units',
    target: UNIT.assets,
    update: { column: 'head_member_id', value: MEMBER.member },
  },
  {
    // 学习强国 use of the branch in a month: its committee and the admins write, leaders read.
    name: 'xuexi_usage',
    table: 'xuexi_usage',
    target: XUEXI_FIRST,
    setup: {
      sql: `insert into public.xuexi_usage (id, org_id, branch_id, month, members_total, members_using) values ($1, $2, $3, '2020-01-01', 18, 16)`,
      params: [XUEXI_FIRST, ORG_ID, BRANCH.first],
    },
    insert: (id) => ({
      sql: `insert into public.xuexi_usage (id, org_id, branch_id, month, members_total, members_using) values ($1, $2, $3, '2020-02-01', 18, 15)`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'members_using', value: 17 },
  },
  {
    name: 'donation_campaigns',
    table: 'donation_campaigns',
    target: CAMPAIGN,
    insert: (id) => ({ sql: `insert into public.donation_campaigns (id, org_id, name, year, recipient) values ($1, $2, '抗洪救灾捐款', 2026, '市慈善总会')`, params: [id, ORG_ID] }),
    update: { column: 'receipt_note', value: '收据编号 2026-018' },
  },
  {
    // The amount handed over to the recipient: the admins'.
    name: 'donation_campaigns:handover',
    table: 'donation_campaigns',
    target: CAMPAIGN,
    update: { column: 'handed_over_fen', value: 1234500 },
  },
  {
    // The hand-over receipt's photos (names of objects in the evidence bucket): the admins'.
    name: 'donation_campaigns:photos',
    table: 'donation_campaigns',
    target: CAMPAIGN,
    update: { column: 'photos', value: JSON.stringify([`${ORG_ID}/org/donation_campaigns/${CAMPAIGN}/0190b1c2-0000-7000-8000-000000000001.jpg`]) },
  },
  ...personal(
    'donations',
    { target: DONATION_MEMBER, insert: donation(MEMBER.member), update: { column: 'amount_fen', value: 12345 } },
    { target: DONATION_PEER, insert: donation(MEMBER.yangFan) },
  ),
  ...personal(
    'blood_donations',
    { target: BLOOD_MEMBER, insert: bloodDonation(MEMBER.member), update: { column: 'volume_ml', value: 400 } },
    { target: BLOOD_PEER, insert: bloodDonation(MEMBER.yangFan) },
  ),
  {
    // 杨帆's blood at an organisation-wide drive: he, his branch's committee and the admins record it.
    name: 'blood_donations:org',
    table: 'blood_donations',
    target: ORG_BLOOD_PEER,
    setup: {
      sql: `${ORG_BLOOD_SETUP} insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on)
            select $3, $2, $4, id, $5, 300, '2026-09-16' from drive`,
      params: [ORG_BLOOD_DRIVE, ORG_ID, ORG_BLOOD_PEER, BRANCH.first, MEMBER.yangFan],
    },
    insert: (id) => ({
      sql: `insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on) values ($1, $2, $3, $4, $5, 200, '2026-09-16')`,
      params: [id, ORG_ID, BRANCH.first, ORG_BLOOD_DRIVE, MEMBER.yangFan],
    }),
    update: { column: 'volume_ml', value: 400 },
  },
  {
    // A template nobody signed yet (the seed's 2026 ones are signed: pledge_templates:signed).
    name: 'pledge_templates',
    table: 'pledge_templates',
    target: TEMPLATE_UNSIGNED,
    setup: {
      sql: `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values ($1, $2, 2027, 'department', '党风廉政建设责任书', '责任书草稿', ${sha(`'责任书草稿'`)})`,
      params: [TEMPLATE_UNSIGNED, ORG_ID],
    },
    insert: (id) => ({
      sql: `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values ($1, $2, 2027, 'personal', '干部职工廉洁从政承诺书', $3, ${sha('$3::text')})`,
      params: [id, ORG_ID, '本人郑重承诺：严守纪律，廉洁从政。'],
    }),
    update: { column: 'title', value: '2026年度干部职工廉洁从政承诺书' },
  },
  {
    // A template someone signed keeps its text: nobody edits it (a new version is published).
    name: 'pledge_templates:signed',
    table: 'pledge_templates',
    target: PLEDGE_TEMPLATE.department2026,
    update: { column: 'title', value: '党风廉政建设责任书（修订）' },
  },
  // Signatures: each signed the 2025 pledge (setup) and signs 2026's in the insert.
  ...personal(
    'pledge_signatures',
    {
      target: SIGNATURE_OWN,
      setup: signed2025(SIGNATURE_OWN, MEMBER.member, '李晓梅'),
      insert: personalPledge(MEMBER.member, '李晓梅'),
      update: { column: 'signer_name', value: '李 晓梅' },
    },
    { target: SIGNATURE_PEER, setup: signed2025(SIGNATURE_PEER, MEMBER.yangFan, '杨帆'), insert: personalPledge(MEMBER.yangFan, '杨帆') },
  ),
  {
    // A unit's 党风廉政建设责任书: its head signs it on his phone (周海波 heads 财务处; 陈志强, 办公室,
    // whose signature is the target); the head, leaders and admins read it.
    name: 'pledge_signatures:unit',
    table: 'pledge_signatures',
    target: SIGNATURE_UNIT_OFFICE,
    insert: (id) => ({
      sql: `insert into public.pledge_signatures (id, org_id, template_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
            select $1, $2, t.id, $3, '财务处', t.body_sha256, '[[[1, 2, 0], [3, 4, 12], [5, 3, 20]]]', '2026-02-11 09:00+08' from public.pledge_templates t where t.id = $4`,
      params: [id, ORG_ID, UNIT.finance, PLEDGE_TEMPLATE.department2026],
    }),
    update: { column: 'signer_name', value: '局办公室' },
  },
  {
    name: 'visits',
    table: 'visits',
    target: VISIT_FIRST,
    insert: (id) => ({
      sql: `insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen) values ($1, $2, $3, 'retired_member', '2026-06-28', '何建平同志家中', 1, 1, 50000)`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'notes', value: '补充：春节前走访帮扶村困难户并送去慰问品' },
  },
  // A visit lists 李晓梅 among its participants: she reads it, her colleague does not.
  {
    name: 'visits:listed',
    table: 'visits',
    target: VISIT_LISTED,
    setup: {
      sql: `insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, participant_ids, notes)
            values ($1, $2, $3, 'staff_hardship', '2026-03-12', '职工家中', 1, 1, array[$4::uuid], '职工家属住院，送去慰问金')`,
      params: [VISIT_LISTED, ORG_ID, BRANCH.first, MEMBER.member],
    },
    update: { column: 'notes', value: '职工家属已出院' },
  },
  // 杨帆 recorded his own part in a visit (visit_participants): he reads the visit, 李晓梅 does not.
  {
    name: 'visits:joined',
    table: 'visits',
    target: VISIT_FIRST,
    setup: visitPart(VISIT_PARTICIPATION_PEER, MEMBER.yangFan),
  },
  { name: 'visits:foreign', table: 'visits', target: FOREIGN_VISIT, setup: FOREIGN_VISIT_SETUP },
  ...personal(
    'study_logs',
    { target: STUDY_LOG.member, insert: studyLog(MEMBER.member), update: { column: 'minutes', value: 50 } },
    {
      target: STUDY_LOG_PEER,
      setup: {
        sql: `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic, source) values ($1, $2, $3, $4, '2026-02-12', 40, '党史学习', '学习强国')`,
        params: [STUDY_LOG_PEER, ORG_ID, BRANCH.first, MEMBER.yangFan],
      },
      insert: studyLog(MEMBER.yangFan),
    },
  ),
  {
    // Handing one's own log over to a colleague: nobody may (only the member writes, and only hers).
    name: 'study_logs:handover',
    table: 'study_logs',
    target: STUDY_LOG.member,
    insert: studyLog(MEMBER.member),
    update: { column: 'member_id', value: MEMBER.yangFan },
  },
  {
    // The secret behind an event's rotating check-in code: only the branch's organizers and secretary.
    name: 'event_checkin_secrets',
    table: 'event_checkin_secrets',
    target: EVENT.generalMeeting,
    insertId: EVENT.committeeMeeting,
    insert: (id) => ({
      sql: `insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, $3, $1, repeat('5a', 32))`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'secret', value: 'ab'.repeat(32) },
  },
  {
    // The check-in secret of an event of the whole organisation: only its admins' phones.
    name: 'event_checkin_secrets:org',
    table: 'event_checkin_secrets',
    target: ORG_EVENT,
    insertId: ORG_EVENT_2,
    setup: withOrgEvent(
      `, second as (insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at) values ($3, $2, null, 'org', 'blood_drive', '全局献血日', '2026-05-20 09:00+08'))
       insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) select id, $2, null, id, repeat('6b', 32) from org_event`,
      [ORG_EVENT_2],
    ),
    insert: (id) => ({
      sql: `insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret) values ($1, $2, null, $1, repeat('7c', 32))`,
      params: [id, ORG_ID],
    }),
  },
  {
    // A member's own check-in code secret (made by the server): the member and his branch's committee.
    name: 'member_checkin_secrets:own',
    table: 'member_checkin_secrets',
    target: MEMBER.member,
    insert: (id) => ({
      sql: `insert into public.member_checkin_secrets (id, org_id, branch_id, member_id, secret) values ($1, $2, $3, $1, repeat('8d', 32))`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'secret', value: 'ab'.repeat(32) },
  },
  { name: 'member_checkin_secrets:peer', table: 'member_checkin_secrets', target: MEMBER.yangFan },
  // Taking part in a visit: the member records his own; the branch committee records anyone's.
  ...personal(
    'visit_participants',
    {
      target: VISIT_PARTICIPATION,
      setup: visitPart(VISIT_PARTICIPATION, MEMBER.member),
      insert: joinSecondVisit(MEMBER.member),
      update: { column: 'note', value: '负责登记慰问物资' },
    },
    { target: VISIT_PARTICIPATION_PEER, setup: visitPart(VISIT_PARTICIPATION_PEER, MEMBER.yangFan), insert: joinSecondVisit(MEMBER.yangFan) },
  ),
  {
    // Text a later sync edit replaced unseen: kept for the branch's organizers and secretary; written
    // only by the sync functions.
    name: 'sync_overwrites',
    table: 'sync_overwrites',
    target: SYNC_OVERWRITE,
    setup: {
      sql: `insert into public.sync_overwrites (id, org_id, branch_id, table_name, row_id, overwritten, overwritten_ver, overwritten_by, replaced_by)
            values ($1, $2, $3, 'events', $4, '{"minutes": "会议由陈志强同志主持。"}', 3, $5, $6)`,
      params: [SYNC_OVERWRITE, ORG_ID, BRANCH.first, EVENT.generalMeeting, USER.secretary, USER.organizer],
    },
    insert: (id) => ({
      sql: `insert into public.sync_overwrites (id, org_id, branch_id, table_name, row_id, overwritten, overwritten_ver, replaced_by) values ($1, $2, $3, 'events', $4, '{}', 1, $5)`,
      params: [id, ORG_ID, BRANCH.first, EVENT.generalMeeting, USER.member],
    }),
    update: { column: 'table_name', value: 'visits' },
  },
  ...foreignRows,
]

export interface CaseResult {
  outcome: Outcome | 'unexpected'
  detail: string
}

const read = async (db: SqlClient, table: string, id: string) =>
  (await db.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from public.${table} t where id = $1`, [id])).rows[0]?.row

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
// A jsonb value is compared as its JSON text (an update's value is given as that text).
const normalise = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)
    ? new Date(value).toISOString()
    : value !== null && typeof value === 'object' && !(value instanceof Date)
      ? JSON.stringify(value)
      : value

/**
 * Runs one cell as PostgREST would (role switch + claims) and judges it. A refusal must be a
 * privilege/RLS refusal (42501, or 0 rows for RLS-filtered reads and updates) and is verified by
 * re-reading the row as the superuser in the same transaction. Anything else (a constraint
 * violation, a wrong value written) is 'unexpected'. Leaves the database unchanged.
 * With `nested`, runs inside the caller's open transaction (savepoints instead of begin/rollback).
 */
export async function runCase(db: SqlClient, spec: TableSpec, actorName: ActorName, op: Operation, nested = false): Promise<CaseResult> {
  const actor = ACTORS[actorName]
  const newId = spec.insertId ?? randomUUID()
  await db.exec(nested ? 'savepoint matrix_case' : 'begin')
  try {
    if (spec.setup) await db.query(spec.setup.sql, spec.setup.params)
    const before = await read(db, spec.table, spec.target)
    if (!before) return { outcome: 'unexpected', detail: `target ${spec.target} missing` }
    await db.exec(`set local role ${actor.kind === 'anon' ? 'anon' : 'authenticated'}`)
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(actor))])
    await db.exec('savepoint matrix_attempt')
    let rowCount = 0
    let error: unknown
    try {
      if (op === 'select') {
        rowCount = (await db.query(`select id from public.${spec.table} where id = $1`, [spec.target])).rowCount
      } else if (op === 'insert') {
        if (!spec.insert) throw new Error(`${spec.name} has no insert statement`)
        const statement = spec.insert(newId)
        rowCount = (await db.query(statement.sql, statement.params)).rowCount
      } else if (op === 'update') {
        if (!spec.update) throw new Error(`${spec.name} has no update`)
        rowCount = (await db.query(`update public.${spec.table} set ${spec.update.column} = $2 where id = $1`, [spec.target, spec.update.value])).rowCount
      } else {
        rowCount = (await db.query(`delete from public.${spec.table} where id = $1`, [spec.target])).rowCount
      }
    } catch (caught) {
      error = caught
      await db.exec('rollback to savepoint matrix_attempt')
    }
    await db.exec('reset role')
    const code = sqlState(error)
    if (error && code !== '42501') {
      return { outcome: 'unexpected', detail: `error ${code}: ${(error as Error).message}` }
    }
    if (op === 'select') {
      return error || rowCount === 0 ? { outcome: 'deny', detail: code ?? '0 rows' } : { outcome: 'allow', detail: `${rowCount} row` }
    }
    if (op === 'insert') {
      const inserted = await read(db, spec.table, newId)
      if (error || rowCount === 0) {
        return inserted ? { outcome: 'unexpected', detail: 'refused but the row exists' } : { outcome: 'deny', detail: code ?? '0 rows' }
      }
      return inserted ? { outcome: 'allow', detail: 'inserted' } : { outcome: 'unexpected', detail: 'no error but no row' }
    }
    const after = await read(db, spec.table, spec.target)
    if (op === 'update') {
      if (error || rowCount === 0) {
        return same(before, after) ? { outcome: 'deny', detail: code ?? '0 rows' } : { outcome: 'unexpected', detail: 'refused but the row changed' }
      }
      return normalise(after?.[spec.update!.column]) === normalise(spec.update!.value)
        ? { outcome: 'allow', detail: 'updated' }
        : { outcome: 'unexpected', detail: `updated ${rowCount} rows but the value is ${JSON.stringify(after?.[spec.update!.column])}` }
    }
    if (error || rowCount === 0) {
      return same(before, after) ? { outcome: 'deny', detail: code ?? '0 rows' } : { outcome: 'unexpected', detail: 'refused but the row changed' }
    }
    return { outcome: 'allow', detail: 'deleted' }
  } finally {
    await db.exec(nested ? 'rollback to savepoint matrix_case; release savepoint matrix_case' : 'rollback')
    if (nested) await db.exec('reset role')
  }
}

export interface Mismatch {
  /** The matrix row's name (TableSpec.name). */
  row: string
  op: Operation
  actor: ActorName
  expected: Outcome
  got: CaseResult
}

/** Runs every actor for one matrix row and operation; returns the cells that differ from EXPECTED. */
export async function runRow(db: SqlClient, spec: TableSpec, op: Operation, nested = false): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = []
  const row = EXPECTED[spec.name]?.[op]
  if (!row) throw new Error(`the matrix declares no ${op} for ${spec.name}`)
  for (const actor of MATRIX_ACTOR_NAMES) {
    const got = await runCase(db, spec, actor, op, nested)
    if (got.outcome !== row[actor]) mismatches.push({ row: spec.name, op, actor, expected: row[actor], got })
  }
  return mismatches
}

export const describeMismatches = (mismatches: Mismatch[]) =>
  mismatches.map((m) => `${m.row} ${m.op} as ${m.actor}: expected ${m.expected}, got ${m.got.outcome} (${m.got.detail})`).join('\n')

/** Number of cells: every row × each operation it declares × every actor. */
export const MATRIX_CASE_COUNT = TABLES.reduce((sum, spec) => sum + opsOf(spec).length, 0) * MATRIX_ACTOR_NAMES.length
