/**
 * The role × table × operation matrix: what each actor may do to a row of 机关第一党支部 (or to an
 * organisation-wide row) in every table, and a runner that checks one cell against the database.
 * Shared by the PGlite and the real-PostgreSQL suites and by the negative controls.
 */
import { randomUUID } from 'node:crypto'
import {
  ACTORS,
  ACTOR_NAMES,
  ATTENDANCE_MEMBER,
  BLOOD_MEMBER,
  BRANCH,
  CAMPAIGN,
  DONATION_MEMBER,
  EVENT,
  GROUP,
  INVITE,
  MEMBER,
  ORG_ID,
  PLEDGE_TEMPLATE,
  ROLE_ROW,
  SIGNATURE_SECRETARY,
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
 * Expected outcomes. Columns are the actors in this order:
 *   anon  member  otherMember  organizer  secretary  otherSecretary  leader  admin
 * Y = allowed, - = refused. "member" is 李晓梅 of 机关第一党支部 and the target rows are hers where
 * the table holds personal records; "other…" belong to 机关第二党支部. Nobody may delete anything.
 */
const EXPECTED_TABLE = `
table               op      anon member other organizer secretary otherSec leader admin
orgs                select   -     Y      Y      Y         Y         Y       Y     Y
orgs                insert   -     -      -      -         -         -       -     -
orgs                update   -     -      -      -         -         -       -     Y
units               select   -     Y      Y      Y         Y         Y       Y     Y
units               insert   -     -      -      -         -         -       -     Y
units               update   -     -      -      -         -         -       -     Y
branches            select   -     Y      Y      Y         Y         Y       Y     Y
branches            insert   -     -      -      -         -         -       -     Y
branches            update   -     -      -      -         -         -       -     Y
branch_invites      select   -     -      -      -         Y         -       -     Y
branch_invites      insert   -     -      -      -         Y         -       -     Y
branch_invites      update   -     -      -      -         Y         -       -     Y
party_groups        select   -     Y      -      Y         Y         -       Y     Y
party_groups        insert   -     -      -      -         Y         -       -     Y
party_groups        update   -     -      -      -         Y         -       -     Y
members             select   -     Y      -      Y         Y         -       Y     Y
members             insert   -     -      -      -         Y         -       -     Y
members             update   -     -      -      -         Y         -       -     Y
user_roles          select   -     Y      -      -         Y         -       Y     Y
user_roles          insert   -     -      -      -         -         -       -     -
user_roles          update   -     -      -      -         -         -       -     -
events              select   -     Y      -      Y         Y         -       Y     Y
events              insert   -     -      -      Y         Y         -       -     -
events              update   -     -      -      Y         Y         -       -     -
attendance          select   -     Y      -      Y         Y         -       Y     Y
attendance          insert   -     Y      -      Y         Y         -       -     -
attendance          update   -     Y      -      Y         Y         -       -     -
donation_campaigns  select   -     Y      Y      Y         Y         Y       Y     Y
donation_campaigns  insert   -     -      -      -         -         -       -     Y
donation_campaigns  update   -     -      -      -         -         -       -     Y
donations           select   -     Y      -      Y         Y         -       Y     Y
donations           insert   -     Y      -      Y         Y         -       -     -
donations           update   -     Y      -      Y         Y         -       -     -
blood_donations     select   -     Y      -      Y         Y         -       Y     Y
blood_donations     insert   -     Y      -      Y         Y         -       -     -
blood_donations     update   -     Y      -      Y         Y         -       -     -
pledge_templates    select   -     Y      Y      Y         Y         Y       Y     Y
pledge_templates    insert   -     -      -      -         -         -       -     Y
pledge_templates    update   -     -      -      -         -         -       -     Y
pledge_signatures   select   -     Y      -      Y         Y         -       Y     Y
pledge_signatures   insert   -     Y      -      -         -         -       -     -
pledge_signatures   update   -     -      -      -         -         -       -     -
visits              select   -     Y      -      Y         Y         -       Y     Y
visits              insert   -     -      -      Y         Y         -       -     -
visits              update   -     -      -      Y         Y         -       -     -
study_logs          select   -     Y      -      Y         Y         -       Y     Y
study_logs          insert   -     Y      -      -         -         -       -     -
study_logs          update   -     Y      -      -         -         -       -     -
event_checkin_secrets select -   -      -      Y         Y         -       -     -
event_checkin_secrets insert -   -      -      Y         Y         -       -     -
event_checkin_secrets update -   -      -      -         -         -       -     -
visit_participants  select   -     Y      -      Y         Y         -       Y     Y
visit_participants  insert   -     Y      -      Y         Y         -       -     -
visit_participants  update   -     Y      -      Y         Y         -       -     -
sync_overwrites     select   -     -      -      Y         Y         -       -     Y
sync_overwrites     insert   -     -      -      -         -         -       -     -
sync_overwrites     update   -     -      -      -         -         -       -     -
`

export type Outcome = 'allow' | 'deny'

export const EXPECTED: Record<string, Record<Operation, Record<ActorName, Outcome>>> = parseExpected(EXPECTED_TABLE)

function parseExpected(text: string) {
  const result: Record<string, Record<Operation, Record<ActorName, Outcome>>> = {}
  const lines = text.trim().split('\n').slice(1)
  for (const line of lines) {
    const [table, op, ...cells] = line.trim().split(/\s+/) as [string, Operation, ...string[]]
    if (cells.length !== ACTOR_NAMES.length) throw new Error(`matrix line has ${cells.length} cells: ${line}`)
    const row = Object.fromEntries(ACTOR_NAMES.map((actor, i) => [actor, cells[i] === 'Y' ? 'allow' : 'deny'])) as Record<ActorName, Outcome>
    result[table] ??= {} as Record<Operation, Record<ActorName, Outcome>>
    result[table][op] = row
  }
  for (const table of Object.keys(result)) {
    result[table]!.delete = Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'deny'])) as Record<ActorName, Outcome>
  }
  return result
}

interface Statement {
  sql: string
  params: unknown[]
}

/** How to exercise one table: the target row, a fresh row to insert, and a harmless column change. */
export interface TableSpec {
  table: string
  target: string
  /** The id the inserted row gets, when the table fixes it (default: a random UUID). */
  insertId?: string
  /** Creates the target row (as the superuser, inside the case's transaction) when the seed has none. */
  setup?: Statement
  insert(id: string): Statement
  update: { column: string; value: unknown }
}

const SYNC_OVERWRITE = '60000000-0000-4000-8000-000000000001'
const VISIT_PARTICIPATION = '61000000-0000-4000-8000-000000000001'
const VISIT_SECOND = '61000000-0000-4000-8000-000000000002'

const sha = (body: string) => `encode(sha256(convert_to(${body}, 'UTF8')), 'hex')`

export const TABLES: TableSpec[] = [
  {
    table: 'orgs',
    target: ORG_ID,
    insert: (id) => ({ sql: `insert into public.orgs (id, org_id, name) values ($1, $1, '另一个机关')`, params: [id] }),
    update: { column: 'short_name', value: '事务局' },
  },
  {
    table: 'units',
    target: UNIT.office,
    insert: (id) => ({ sql: `insert into public.units (id, org_id, name, kind) values ($1, $2, '法规处', 'department')`, params: [id, ORG_ID] }),
    update: { column: 'name', value: '局办公室' },
  },
  {
    table: 'branches',
    target: BRANCH.first,
    insert: (id) => ({ sql: `insert into public.branches (id, org_id, unit_id, name) values ($1, $2, $3, '机关第三党支部')`, params: [id, ORG_ID, UNIT.assets] }),
    update: { column: 'name', value: '机关第一支部' },
  },
  {
    table: 'branch_invites',
    target: INVITE.first,
    insert: (id) => ({ sql: `insert into public.branch_invites (id, org_id, branch_id, code) values ($1, $2, $3, 'ZB7777')`, params: [id, ORG_ID, BRANCH.first] }),
    update: { column: 'code', value: 'ZB1101' },
  },
  {
    table: 'party_groups',
    target: GROUP.firstA,
    insert: (id) => ({ sql: `insert into public.party_groups (id, org_id, branch_id, name) values ($1, $2, $3, '第三党小组')`, params: [id, ORG_ID, BRANCH.first] }),
    update: { column: 'name', value: '第一小组' },
  },
  {
    table: 'members',
    target: MEMBER.yangFan,
    insert: (id) => ({
      sql: `insert into public.members (id, org_id, branch_id, group_id, name, phone, gender, status) values ($1, $2, $3, $4, '新党员', '13698765432', 'female', 'active')`,
      params: [id, ORG_ID, BRANCH.first, GROUP.firstB],
    }),
    update: { column: 'note', value: '已转正' },
  },
  {
    table: 'user_roles',
    target: ROLE_ROW.member,
    insert: (id) => ({ sql: `insert into public.user_roles (id, org_id, branch_id, user_id, role) values ($1, $2, $3, $4, 'organizer')`, params: [id, ORG_ID, BRANCH.first, USER.member] }),
    update: { column: 'role', value: 'secretary' },
  },
  {
    table: 'events',
    target: EVENT.generalMeeting,
    insert: (id) => ({
      sql: `insert into public.events (id, org_id, branch_id, kind, title, starts_at, ends_at) values ($1, $2, $3, 'committee_meeting', '2月支委会', '2026-02-05 09:00+08', '2026-02-05 10:00+08')`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'title', value: '2026年第一季度支部党员大会（补记）' },
  },
  {
    table: 'attendance',
    target: ATTENDANCE_MEMBER,
    insert: (id) => ({
      // A leave request: the member's own kind of row that needs no check-in token.
      sql: `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_reason, leave_status) values ($1, $2, $3, $4, $5, 'leave', '出差', 'pending')`,
      params: [id, ORG_ID, BRANCH.first, EVENT.partyLecture, MEMBER.member],
    }),
    update: { column: 'checked_in_at', value: '2026-01-16T06:58:00.000Z' },
  },
  {
    table: 'donation_campaigns',
    target: CAMPAIGN,
    insert: (id) => ({ sql: `insert into public.donation_campaigns (id, org_id, name, year, recipient) values ($1, $2, '抗洪救灾捐款', 2026, '市慈善总会')`, params: [id, ORG_ID] }),
    update: { column: 'receipt_note', value: '收据编号 2026-018' },
  },
  {
    table: 'donations',
    target: DONATION_MEMBER,
    insert: (id) => ({
      sql: `insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values ($1, $2, $3, $4, $5, 8800, '2026-05-12')`,
      params: [id, ORG_ID, BRANCH.first, CAMPAIGN, MEMBER.member],
    }),
    update: { column: 'amount_fen', value: 12345 },
  },
  {
    table: 'blood_donations',
    target: BLOOD_MEMBER,
    insert: (id) => ({
      sql: `insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on) values ($1, $2, $3, $4, $5, 300, '2026-04-15')`,
      params: [id, ORG_ID, BRANCH.first, EVENT.bloodDrive, MEMBER.member],
    }),
    update: { column: 'volume_ml', value: 400 },
  },
  {
    table: 'pledge_templates',
    target: PLEDGE_TEMPLATE.personal2026,
    insert: (id) => ({
      sql: `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values ($1, $2, 2027, 'personal', '干部职工廉洁从政承诺书', $3, ${sha('$3::text')})`,
      params: [id, ORG_ID, '本人郑重承诺：严守纪律，廉洁从政。'],
    }),
    update: { column: 'title', value: '2026年度干部职工廉洁从政承诺书' },
  },
  {
    table: 'pledge_signatures',
    target: SIGNATURE_SECRETARY,
    insert: (id) => ({
      sql: `insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, signer_name, signed_text_sha256, strokes, signed_at)
            select $1, $2, $3, t.id, $4, '李晓梅', t.body_sha256, '[[[1, 2, 0], [3, 4, 12]]]', '2026-02-04 09:00+08' from public.pledge_templates t where t.id = $5`,
      params: [id, ORG_ID, BRANCH.first, MEMBER.member, PLEDGE_TEMPLATE.personal2026],
    }),
    update: { column: 'signer_name', value: '陈 志强' },
  },
  {
    table: 'visits',
    target: VISIT_FIRST,
    insert: (id) => ({
      sql: `insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen) values ($1, $2, $3, 'retired_member', '2026-06-28', '何建平同志家中', 1, 1, 50000)`,
      params: [id, ORG_ID, BRANCH.first],
    }),
    update: { column: 'notes', value: '补充：春节前走访帮扶村困难户并送去慰问品' },
  },
  {
    table: 'study_logs',
    target: STUDY_LOG.member,
    insert: (id) => ({
      sql: `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic, source) values ($1, $2, $3, $4, '2026-03-01', 35, '廉洁文化学习', '学习强国')`,
      params: [id, ORG_ID, BRANCH.first, MEMBER.member],
    }),
    update: { column: 'minutes', value: 50 },
  },
  {
    // The secret behind an event's rotating check-in code: only the branch's organizers and secretary.
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
    // Taking part in a visit: the member records his own; the branch committee records anyone's.
    // Setup adds 李晓梅's part in the first visit and a second visit of the branch to join.
    table: 'visit_participants',
    target: VISIT_PARTICIPATION,
    setup: {
      sql: `with second_visit as (
              insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen)
              values ($4, $2, $3, 'staff_hardship', '2026-03-10', '职工家中', 1, 2, 20000) returning id)
            insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id)
            select $1, $2, $3, $5, $6 from second_visit`,
      params: [VISIT_PARTICIPATION, ORG_ID, BRANCH.first, VISIT_SECOND, VISIT_FIRST, MEMBER.member],
    },
    insert: (id) => ({
      sql: `insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`,
      params: [id, ORG_ID, BRANCH.first, VISIT_SECOND, MEMBER.member],
    }),
    update: { column: 'note', value: '负责登记慰问物资' },
  },
  {
    // Text a later sync edit replaced unseen: kept for the branch's organizers and secretary; written
    // only by the sync functions.
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
]

export interface CaseResult {
  outcome: Outcome | 'unexpected'
  detail: string
}

const read = async (db: SqlClient, table: string, id: string) =>
  (await db.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from public.${table} t where id = $1`, [id])).rows[0]?.row

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const normalise = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(value).toISOString() : value)

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
        const statement = spec.insert(newId)
        rowCount = (await db.query(statement.sql, statement.params)).rowCount
      } else if (op === 'update') {
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
      return normalise(after?.[spec.update.column]) === normalise(spec.update.value)
        ? { outcome: 'allow', detail: 'updated' }
        : { outcome: 'unexpected', detail: `updated ${rowCount} rows but the value is ${JSON.stringify(after?.[spec.update.column])}` }
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
  table: string
  op: Operation
  actor: ActorName
  expected: Outcome
  got: CaseResult
}

/** Runs every actor for one table and operation; returns the cells that differ from EXPECTED. */
export async function runRow(db: SqlClient, spec: TableSpec, op: Operation, nested = false): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = []
  for (const actor of ACTOR_NAMES) {
    const expected = EXPECTED[spec.table]![op][actor]
    const got = await runCase(db, spec, actor, op, nested)
    if (got.outcome !== expected) mismatches.push({ table: spec.table, op, actor, expected, got })
  }
  return mismatches
}

export const describeMismatches = (mismatches: Mismatch[]) =>
  mismatches.map((m) => `${m.table}.${m.op} as ${m.actor}: expected ${m.expected}, got ${m.got.outcome} (${m.got.detail})`).join('\n')

/** Number of cells: every table × every operation × every actor. */
export const MATRIX_CASE_COUNT = TABLES.length * OPERATIONS.length * ACTOR_NAMES.length
