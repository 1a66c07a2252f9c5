/** What a bad client could send: the sync columns it cannot set, and the values CHECKs refuse. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, CAMPAIGN, EVENT, GROUP, MEMBER, ORG_ID, PLEDGE_TEMPLATE, STUDY_LOG, USER } from '../helpers/roles'
import { expectError, runAs, type SqlClient } from '../helpers/sql'

let db: TestDb
let sql: SqlClient

beforeAll(async () => {
  db = await createTestDb()
  sql = db.sql
})
afterAll(() => db?.close())

describe('sync columns', () => {
  it('are set by the trigger; values sent by the client are ignored', async () => {
    const row = await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query(
        `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic, _ver, _xid, updated_at, updated_by)
         values ('50000000-0000-4000-8000-000000000001', $1, $2, $3, '2026-03-03', 20, '党章', 99, '1', '2000-01-01', $4)`,
        [ORG_ID, BRANCH.first, MEMBER.member, USER.admin],
      )
      return (await tx.query<Record<string, unknown>>(
        `select _ver, _xid = pg_current_xact_id() as own_xid, updated_at = now() as now, updated_by from public.study_logs where id = '50000000-0000-4000-8000-000000000001'`,
      )).rows[0]
    })
    expect(row).toEqual({ _ver: 1, own_xid: true, now: true, updated_by: USER.member })
  })

  it('_ver counts updates and _xid moves forward', async () => {
    const before = (await sql.query<{ _ver: number; _xid: string }>('select _ver, _xid::text from public.study_logs where id = $1', [STUDY_LOG.member])).rows[0]!
    const after = await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query(`update public.study_logs set minutes = 46, _ver = 1000 where id = $1`, [STUDY_LOG.member])
      await tx.query(`update public.study_logs set minutes = 47 where id = $1`, [STUDY_LOG.member])
      return (await tx.query<{ _ver: number; _xid: string }>('select _ver, _xid::text from public.study_logs where id = $1', [STUDY_LOG.member])).rows[0]!
    })
    expect(after._ver).toBe(before._ver + 2)
    expect(BigInt(after._xid)).toBeGreaterThan(BigInt(before._xid))
  })

  it('a client may tombstone its own row', async () => {
    const deleted = await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query(`update public.study_logs set _deleted = true where id = $1`, [STUDY_LOG.member])
      return (await tx.query<{ _deleted: boolean }>('select _deleted from public.study_logs where id = $1', [STUDY_LOG.member])).rows[0]?._deleted
    })
    expect(deleted).toBe(true)
  })
})

/** Each case: a statement run as the branch secretary (or member) that a CHECK/FK must refuse. */
const refused: [string, 'secretary' | 'member' | 'admin', string, unknown[], string][] = [
  ['a malformed phone', 'secretary', `update public.member_details set phone = '1234567' where id = $1`, [MEMBER.yangFan], '23514'],
  ['an empty name', 'secretary', `insert into public.members (id, org_id, branch_id, name) values (gen_random_uuid(), $1, $2, '   ')`, [ORG_ID, BRANCH.first], '23514'],
  ['an unknown member status', 'secretary', `update public.members set status = 'vip' where id = $1`, [MEMBER.yangFan], '23514'],
  ['a birth date in 1850', 'secretary', `update public.member_details set birth_date = '1850-01-01' where id = $1`, [MEMBER.yangFan], '23514'],
  ['a duplicate phone in the branch', 'secretary', `update public.member_details set phone = '13900000001' where id = $1`, [MEMBER.yangFan], '23505'],
  ['an ID number of 17 characters', 'secretary', `update public.member_details set id_number = '11010519900709123' where id = $1`, [MEMBER.yangFan], '23514'],
  ['an ID number ending in a lower-case x', 'secretary', `update public.member_details set id_number = '11010519900709123x' where id = $1`, [MEMBER.yangFan], '23514'],
  ['a note of 501 characters', 'secretary', `update public.member_details set note = repeat('注', 501) where id = $1`, [MEMBER.yangFan], '23514'],
  ['a birth date after joining the party', 'secretary', `update public.member_details set birth_date = '2014-07-01' where id = $1`, [MEMBER.yangFan], '23514'],
  ['joining the party before birth', 'secretary', `update public.members set joined_party_on = '1990-07-08' where id = $1`, [MEMBER.yangFan], '23514'],
  ['details of no roster row of the branch', 'admin', `insert into public.member_details (id, org_id, branch_id, phone) values (gen_random_uuid(), $1, $2, '13512345670')`, [ORG_ID, BRANCH.first], '23503'],
  ['an unknown political status', 'secretary', `update public.members set member_type = 'friend' where id = $1`, [MEMBER.yangFan], '23514'],
  ['a party group of another branch', 'secretary', `update public.members set group_id = $2 where id = $1`, [MEMBER.yangFan, GROUP.second], '23503'],
  ['an event ending before it starts', 'secretary', `update public.events set ends_at = starts_at - interval '1 hour' where id = $1`, [EVENT.generalMeeting], '23514'],
  ['an unknown event kind', 'secretary', `update public.events set kind = 'party' where id = $1`, [EVENT.generalMeeting], '23514'],
  ['a 60,000-character minutes', 'secretary', `update public.events set minutes = repeat('记', 60000) where id = $1`, [EVENT.generalMeeting], '23514'],
  ['evidence that is not a list of paths', 'secretary', `update public.events set photos = '[{"path": "a.jpg"}]' where id = $1`, [EVENT.generalMeeting], '23514'],
  ['an evidence path with ..', 'secretary', `update public.events set photos = '["../etc/passwd"]' where id = $1`, [EVENT.generalMeeting], '23514'],
  ['a group meeting field on a non-group event', 'secretary', `update public.events set group_id = $2 where id = $1`, [EVENT.generalMeeting, GROUP.firstA], '23514'],
  ['attendance of a member of another branch', 'secretary', `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method) values (gen_random_uuid(), $1, $2, $3, $4, 'present', 'manual')`, [ORG_ID, BRANCH.first, EVENT.partyLecture, MEMBER.member2], '23503'],
  ['a second attendance row for the same member and event', 'secretary', `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method) values (gen_random_uuid(), $1, $2, $3, $4, 'present', 'manual')`, [ORG_ID, BRANCH.first, EVENT.generalMeeting, MEMBER.member], '23505'],
  ['leave without a leave status', 'secretary', `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status) values (gen_random_uuid(), $1, $2, $3, $4, 'leave')`, [ORG_ID, BRANCH.first, EVENT.partyLecture, MEMBER.yangFan], '23514'],
  ['a zero donation', 'member', `insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values (gen_random_uuid(), $1, $2, $3, $4, 0, '2026-05-10')`, [ORG_ID, BRANCH.first, CAMPAIGN, MEMBER.member], '23514'],
  ['a donation of 200,000 yuan', 'member', `insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values (gen_random_uuid(), $1, $2, $3, $4, 20000000, '2026-05-10')`, [ORG_ID, BRANCH.first, CAMPAIGN, MEMBER.member], '23514'],
  ['a 2000 ml blood donation', 'member', `insert into public.blood_donations (id, org_id, branch_id, member_id, volume_ml, donated_on) values (gen_random_uuid(), $1, $2, $3, 2000, '2026-04-15')`, [ORG_ID, BRANCH.first, MEMBER.member], '23514'],
  ['a study log of 0 minutes', 'member', `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2026-03-01', 0, '学习')`, [ORG_ID, BRANCH.first, MEMBER.member], '23514'],
  ['a study log of 25 hours', 'member', `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2026-03-01', 1500, '学习')`, [ORG_ID, BRANCH.first, MEMBER.member], '23514'],
  ['a study log in the year 2200', 'member', `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2200-03-01', 30, '学习')`, [ORG_ID, BRANCH.first, MEMBER.member], '23514'],
  ['a record filed under the wrong branch for its member', 'member', `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2026-03-01', 30, '学习')`, [ORG_ID, BRANCH.second, MEMBER.member], '42501'],
  ['a signature of a text other than the template\'s', 'member', `insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, signer_name, signed_text_sha256, strokes, signed_at) values (gen_random_uuid(), $1, $2, $3, $4, '李晓梅', repeat('a', 64), '[[[1, 2, 0], [3, 4, 12], [5, 3, 20]]]', now())`, [ORG_ID, BRANCH.first, PLEDGE_TEMPLATE.personal2026, MEMBER.member], '23503'],
  ['a pledge template whose hash does not match its body', 'admin', `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values (gen_random_uuid(), $1, 2028, 'personal', '承诺书', '正文', repeat('0', 64))`, [ORG_ID], '23514'],
  ['a second personal template for 2026', 'admin', `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values (gen_random_uuid(), $1, 2026, 'personal', '承诺书', '正文', encode(sha256(convert_to('正文', 'UTF8')), 'hex'))`, [ORG_ID], '23505'],
  ['an invite code with lower-case letters', 'admin', `update public.branch_invites set code = 'zb1001' where branch_id = $1`, [BRANCH.first], '23514'],
  ['a branch role without a branch', 'admin', `select public.assign_role($1, 'organizer', null)`, [USER.member], '22023'],
]

describe('CHECK and foreign-key constraints refuse', () => {
  for (const [what, who, statement, params, code] of refused) {
    it(what, async () => {
      const error = await expectError(() => runAs(sql, ACTORS[who], (tx) => tx.query(statement, params)))
      expect(error.code, error.message).toBe(code)
    })
  }

  it('and the same statements pass with sane values (the cases fail for the reason given)', async () => {
    await runAs(sql, ACTORS.member, async (tx) => {
      await tx.query(
        `insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on) values (gen_random_uuid(), $1, $2, $3, $4, 1, '2026-05-10')`,
        [ORG_ID, BRANCH.first, CAMPAIGN, MEMBER.member],
      )
      await tx.query(
        `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2026-03-01', 1440, '学习')`,
        [ORG_ID, BRANCH.first, MEMBER.member],
      )
    })
    await runAs(sql, ACTORS.secretary, async (tx) => {
      await tx.query(
        `update public.member_details set phone = '13512345678', birth_date = '1990-07-09', id_number = '11010519900709123X', note = repeat('注', 500) where id = $1`,
        [MEMBER.yangFan],
      )
      await tx.query(`update public.members set joined_party_on = '1990-07-10', member_type = 'league', status = 'left' where id = $1`, [MEMBER.yangFan])
      await tx.query(`update public.events set photos = '["events/2026/a.jpg"]', ends_at = starts_at where id = $1`, [EVENT.generalMeeting])
    })
  })
})
