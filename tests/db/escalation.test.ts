/**
 * Attempts to get more than one's role allows: promoting oneself, moving one's own roster row,
 * re-linking someone else's roster row, approving one's own leave, writing others' records,
 * reading another organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import {
  ACTORS,
  ATTENDANCE_PENDING_LEAVE,
  BRANCH,
  EVENT,
  MEMBER,
  ORG_ID,
  ROLE_ROW,
  STUDY_LOG,
  USER,
} from '../helpers/roles'
import { expectError, runAs, type SqlClient } from '../helpers/sql'

let db: TestDb
let sql: SqlClient

beforeAll(async () => {
  db = await createTestDb()
  sql = db.sql
})
afterAll(() => db?.close())

const superRead = async (query: string, params: unknown[] = []) => (await sql.query<Record<string, unknown>>(query, params)).rows

describe('promoting oneself', () => {
  it('a member cannot update his own role row', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) => tx.query(`update public.user_roles set role = 'secretary' where id = $1`, [ROLE_ROW.member])),
    )
    expect(error.code).toBe('42501')
    expect((await superRead('select role from public.user_roles where id = $1', [ROLE_ROW.member]))[0]?.role).toBe('member')
  })

  it('a member cannot insert a role for himself', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(`insert into public.user_roles (id, org_id, branch_id, user_id, role) values (gen_random_uuid(), $1, null, $2, 'admin')`, [ORG_ID, USER.member]),
      ),
    )
    expect(error.code).toBe('42501')
  })

  it('nobody can assign_role to himself, not even an admin', async () => {
    for (const [actor, role, branch] of [
      [ACTORS.member, 'secretary', BRANCH.first],
      [ACTORS.secretary, 'admin', null],
      [ACTORS.admin, 'leader', null],
    ] as const) {
      const self = actor.kind === 'user' ? actor.userId : ''
      const error = await expectError(() => runAs(sql, actor, (tx) => tx.query('select public.assign_role($1, $2, $3)', [self, role, branch])))
      expect(error.code).toBe('42501')
      expect(error.message).toBe('不能修改自己的角色')
    }
  })

  it('a secretary may grant organizer in his branch, but not secretary, and not in another branch', async () => {
    const granted = await runAs(sql, ACTORS.secretary, async (tx) => {
      await tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member, BRANCH.first])
      return (await tx.query<{ role: string }>(`select role from public.user_roles where user_id = $1 and not _deleted order by role`, [USER.member])).rows
    })
    expect(granted.map((r) => r.role)).toEqual(['member', 'organizer'])

    const tooHigh = await expectError(() =>
      runAs(sql, ACTORS.secretary, (tx) => tx.query(`select public.assign_role($1, 'secretary', $2)`, [USER.member, BRANCH.first])),
    )
    expect(tooHigh.code).toBe('42501')
    const otherBranch = await expectError(() =>
      runAs(sql, ACTORS.otherSecretary, (tx) => tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member, BRANCH.first])),
    )
    expect(otherBranch.code).toBe('42501')
    const notOnRoster = await expectError(() =>
      runAs(sql, ACTORS.secretary, (tx) => tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member2, BRANCH.first])),
    )
    expect(notOnRoster.message).toBe('该账号未绑定本支部名册')
  })

  it('an organizer or a leader cannot assign roles', async () => {
    for (const actor of [ACTORS.organizer, ACTORS.leader]) {
      const error = await expectError(() =>
        runAs(sql, actor, (tx) => tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member, BRANCH.first])),
      )
      expect(error.code).toBe('42501')
    }
  })

  it('an admin grants and revokes any role in the organisation; a revoke is a tombstone', async () => {
    await runAs(sql, ACTORS.admin, async (tx) => {
      const id = (await tx.query<{ id: string }>(`select public.assign_role($1, 'leader', null) as id`, [USER.secretary])).rows[0]!.id
      const again = (await tx.query<{ id: string }>(`select public.assign_role($1, 'leader', null) as id`, [USER.secretary])).rows[0]!.id
      expect(again).toBe(id)
      expect((await tx.query(`select public.revoke_role($1, 'leader', null) as ok`, [USER.secretary])).rows[0]).toEqual({ ok: true })
      const row = (await tx.query<{ _deleted: boolean }>(`select _deleted from public.user_roles where id = $1`, [id])).rows[0]
      expect(row?._deleted).toBe(true)
    })
  })

  it('anon cannot call the role functions', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.anon, (tx) => tx.query(`select public.assign_role($1, 'admin', null)`, [USER.member])),
    )
    expect(error.code).toBe('42501')
  })

  it('a JWT that claims admin in its user metadata gives no admin rights', async () => {
    // claimsFor() always puts user_metadata.role = 'admin' into the token.
    const rows = await runAs(sql, ACTORS.member, (tx) => tx.query(`select id from public.branch_invites`))
    expect(rows.rowCount).toBe(0)
  })
})

describe('changing one\'s branch', () => {
  it('a member cannot move his roster row (no update right on the roster)', async () => {
    const result = await runAs(sql, ACTORS.member, (tx) => tx.query(`update public.members set branch_id = $2 where id = $1`, [MEMBER.member, BRANCH.second]))
    expect(result.rowCount).toBe(0)
    expect((await superRead('select branch_id from public.members where id = $1', [MEMBER.member]))[0]?.branch_id).toBe(BRANCH.first)
  })

  it('a secretary cannot move his own or anyone\'s roster row to another branch', async () => {
    for (const target of [MEMBER.secretary, MEMBER.yangFan]) {
      const error = await expectError(() =>
        runAs(sql, ACTORS.secretary, (tx) => tx.query(`update public.members set branch_id = $2 where id = $1`, [target, BRANCH.second])),
      )
      expect(error.code).toBe('42501')
    }
    expect((await superRead('select branch_id from public.members where id = $1', [MEMBER.secretary]))[0]?.branch_id).toBe(BRANCH.first)
  })

  it('an admin cannot move a roster row or a record either (a transfer is a new roster row)', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.admin, (tx) => tx.query(`update public.members set branch_id = $2 where id = $1`, [MEMBER.yangFan, BRANCH.second])),
    )
    expect(error.code).toBe('42501')
  })

  it('an organizer cannot move an event out of the branch', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.organizer, (tx) => tx.query(`update public.events set branch_id = $2 where id = $1`, [EVENT.generalMeeting, BRANCH.second])),
    )
    expect(error.code).toBe('42501')
  })
})

describe('re-linking a roster row', () => {
  it('a secretary cannot link or re-link a roster row to a login', async () => {
    for (const [target, login] of [
      [MEMBER.unlinked, USER.member2],
      [MEMBER.member, USER.secretary2],
      [MEMBER.member, null],
    ] as const) {
      const error = await expectError(() =>
        runAs(sql, ACTORS.secretary, (tx) => tx.query(`update public.members set user_id = $2 where id = $1`, [target, login])),
      )
      expect(error.code).toBe('42501')
    }
    expect((await superRead('select user_id from public.members where id = $1', [MEMBER.member]))[0]?.user_id).toBe(USER.member)
  })

  it('a secretary cannot create a roster row already linked to a login', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.secretary, (tx) =>
        tx.query(`insert into public.members (id, org_id, branch_id, user_id, name) values (gen_random_uuid(), $1, $2, $3, '冒名者')`, [ORG_ID, BRANCH.first, USER.secretary2]),
      ),
    )
    expect(error.code).toBe('42501')
  })

  it('an admin cannot re-link a roster row directly', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.admin, (tx) => tx.query(`update public.members set user_id = $2 where id = $1`, [MEMBER.unlinked, USER.admin])),
    )
    expect(error.code).toBe('42501')
  })
})

describe('leave requests', () => {
  const pendingLeave = async (tx: SqlClient, memberId: string) => {
    // Inserted as the superuser before the role switch would be simpler, but the point is that the
    // member himself may create it.
    await tx.query(
      `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_reason, leave_status)
       values (gen_random_uuid(), $1, $2, $3, $4, 'leave', '外出公务', 'pending')`,
      [ORG_ID, BRANCH.first, EVENT.themeDay, memberId],
    )
  }

  it('a member may request leave, but not approve it, neither on insert nor on update', async () => {
    await runAs(sql, ACTORS.member, async (tx) => {
      await pendingLeave(tx, MEMBER.member)
      await tx.exec('savepoint s')
      await expect(tx.query(`update public.attendance set leave_status = 'approved' where event_id = $1 and member_id = $2`, [EVENT.themeDay, MEMBER.member])).rejects.toMatchObject({ code: '42501' })
      await tx.exec('rollback to savepoint s')
      const row = (await tx.query<{ leave_status: string }>(`select leave_status from public.attendance where event_id = $1 and member_id = $2`, [EVENT.themeDay, MEMBER.member])).rows[0]
      expect(row?.leave_status).toBe('pending')
    })
    const insertApproved = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(
          `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, leave_status, decided_at)
           values (gen_random_uuid(), $1, $2, $3, $4, 'leave', 'approved', now())`,
          [ORG_ID, BRANCH.first, EVENT.themeDay, MEMBER.member],
        ),
      ),
    )
    expect(insertApproved.code).toBe('42501')
  })

  it('an organizer cannot decide leave; the secretary can, and is recorded as the decider', async () => {
    const organizer = await expectError(() =>
      runAs(sql, ACTORS.organizer, (tx) =>
        tx.query(`update public.attendance set leave_status = 'approved', decided_at = now() where id = $1`, [ATTENDANCE_PENDING_LEAVE]),
      ),
    )
    expect(organizer.message).toBe('只有支部书记可以审批请假')
    const decided = await runAs(sql, ACTORS.secretary, async (tx) => {
      await tx.query(`update public.attendance set leave_status = 'approved', decided_by = $2, decided_at = now() where id = $1`, [ATTENDANCE_PENDING_LEAVE, USER.member])
      return (await tx.query<{ decided_by: string }>(`select decided_by from public.attendance where id = $1`, [ATTENDANCE_PENDING_LEAVE])).rows[0]
    })
    expect(decided?.decided_by).toBe(USER.secretary)
  })

  it('a secretary cannot approve his own leave', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.secretary, async (tx) => {
        await pendingLeave(tx, MEMBER.secretary)
        await tx.query(`update public.attendance set leave_status = 'approved' where event_id = $1 and member_id = $2`, [EVENT.themeDay, MEMBER.secretary])
      }),
    )
    expect(error.message).toBe('不能审批自己的请假')
  })

  it('a member cannot check in someone else, nor mark himself by hand', async () => {
    for (const [memberId, method] of [
      [MEMBER.yangFan, 'qr'],
      [MEMBER.member, 'manual'],
    ] as const) {
      const error = await expectError(() =>
        runAs(sql, ACTORS.member, (tx) =>
          tx.query(
            `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
             values (gen_random_uuid(), $1, $2, $3, $4, 'present', $5, now())`,
            [ORG_ID, BRANCH.first, EVENT.themeDay, memberId, method],
          ),
        ),
      )
      expect(error.code).toBe('42501')
    }
  })

  it('a member cannot check in to another branch\'s event', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(
          `insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
           values (gen_random_uuid(), $1, $2, $3, $4, 'present', 'qr', now())`,
          [ORG_ID, BRANCH.second, EVENT.secondGeneralMeeting, MEMBER.member],
        ),
      ),
    )
    expect(['42501', '23503']).toContain(error.code)
  })
})

describe('other people\'s records', () => {
  it('a member cannot write another member\'s study log', async () => {
    const insert = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(
          `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values (gen_random_uuid(), $1, $2, $3, '2026-03-02', 30, '代写')`,
          [ORG_ID, BRANCH.first, MEMBER.organizer],
        ),
      ),
    )
    expect(insert.code).toBe('42501')
    const before = await superRead('select to_jsonb(s) as row from public.study_logs s where id = $1', [STUDY_LOG.organizer])
    const update = await runAs(sql, ACTORS.member, (tx) => tx.query(`update public.study_logs set minutes = 600 where id = $1`, [STUDY_LOG.organizer]))
    expect(update.rowCount).toBe(0)
    expect(await superRead('select to_jsonb(s) as row from public.study_logs s where id = $1', [STUDY_LOG.organizer])).toEqual(before)
  })

  it('a member cannot hand his study log over to someone else', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) => tx.query(`update public.study_logs set member_id = $2 where id = $1`, [STUDY_LOG.member, MEMBER.organizer])),
    )
    expect(error.code).toBe('42501')
  })

  it('a member cannot sign a pledge in another member\'s name', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, (tx) =>
        tx.query(
          `insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, signer_name, signed_text_sha256, strokes, signed_at)
           select gen_random_uuid(), t.org_id, $2, t.id, $3, '杨帆', t.body_sha256, '[]', now() from public.pledge_templates t where t.kind = 'personal' and t.org_id = $1`,
          [ORG_ID, BRANCH.first, MEMBER.yangFan],
        ),
      ),
    )
    expect(error.code).toBe('42501')
  })

  it('a tombstone cannot be brought back by a client', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.member, async (tx) => {
        await tx.query(`update public.study_logs set _deleted = true where id = $1`, [STUDY_LOG.member])
        await tx.query(`update public.study_logs set _deleted = false where id = $1`, [STUDY_LOG.member])
      }),
    )
    expect(error.code).toBe('42501')
  })
})

describe('another organisation', () => {
  it('an admin of one organisation sees and changes nothing of another', async () => {
    const other = '30000000-0000-4000-8000-000000000001'
    await sql.exec('begin')
    try {
      await sql.query(`insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆')`, [other])
      await sql.query(`insert into public.units (id, org_id, name, kind) values ('30000000-0000-4000-8000-000000000002', $1, '馆办公室', 'department')`, [other])
      await sql.query(`insert into public.donation_campaigns (id, org_id, name, year) values ('30000000-0000-4000-8000-000000000003', $1, '慈善一日捐', 2026)`, [other])
      for (const actor of [ACTORS.admin, ACTORS.leader, ACTORS.member]) {
        await sql.exec('savepoint s')
        await sql.exec('set local role authenticated')
        await sql.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: actor.kind === 'user' ? actor.userId : null, role: 'authenticated' })])
        const seen = await sql.query(
          `select id from public.orgs where id = $1 union all select id from public.units where org_id = $1
           union all select id from public.donation_campaigns where org_id = $1`,
          [other],
        )
        expect(seen.rowCount).toBe(0)
        const changed = await sql.query(`update public.units set name = 'x' where org_id = $1`, [other])
        expect(changed.rowCount).toBe(0)
        await sql.exec('rollback to savepoint s')
        await sql.exec('reset role')
      }
    } finally {
      await sql.exec('rollback')
    }
  })
})
