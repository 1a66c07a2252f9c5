/**
 * Roles with an audit trail, invite codes, the organisation's structure and transfers
 * (20261201005100_roles_org.sql): every refusal, and exactly what the audit trail records.
 */
import { describe, expect, it } from 'vitest'
import { useSeededTestDb } from '../helpers/roleOperations'
import { ACTORS, BRANCH, INVITE_CODE, MEMBER, ORG_ID, UNIT, USER } from '../helpers/roles'
import { expectError, runAs, user, type SqlClient } from '../helpers/sql'

/** Another organisation (市档案馆) with a branch, and a login that is a member there. */
const FOREIGN = {
  org: '70000000-0000-4000-8000-000000000001',
  branch: '70000000-0000-4000-8000-000000000002',
  member: '70000000-0000-4000-8000-000000000003',
  user: '70000000-0000-4000-8000-000000000004',
  role: '70000000-0000-4000-8000-000000000005',
} as const
/** A login with no role and no roster row anywhere yet. */
const FRESH_USER = '70000000-0000-4000-8000-000000000006'
const foreignUser = user(FOREIGN.user)

const sql: SqlClient = useSeededTestDb(async (db) => {
  await db.query(
    `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', 'dangan@example.cn', 'x', now()),
            ($2, 'authenticated', 'authenticated', 'fresh@example.cn', 'x', now())`,
    [FOREIGN.user, FRESH_USER],
  )
  await db.query(
    `with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
          b as (insert into public.branches (id, org_id, name) select $2, id, '市档案馆机关党支部' from o returning id, org_id),
          m as (insert into public.members (id, org_id, branch_id, user_id, name) select $3, org_id, id, $4, '档案员' from b returning id)
     insert into public.user_roles (id, org_id, branch_id, user_id, role) select $5, org_id, id, $4, 'member' from b`,
    [FOREIGN.org, FOREIGN.branch, FOREIGN.member, FOREIGN.user, FOREIGN.role],
  )
})

interface Grant {
  org_id: string
  branch_id: string | null
  user_id: string
  member_id: string | null
  role: string
  action: string
  by_user_id: string
}
/** The audit rows written in the current transaction (read as the superuser), oldest first. */
const grantsNow = async (tx: SqlClient): Promise<Grant[]> => {
  await tx.exec('reset role')
  return (
    await tx.query<Grant>(
      `select org_id, branch_id, user_id, member_id, role, action, by_user_id from public.role_grants
        where at = now() order by ctid`,
    )
  ).rows
}

const call = (actor: keyof typeof ACTORS, statement: string, params: unknown[]) =>
  expectError(() => runAs(sql, ACTORS[actor], (tx) => tx.query(statement, params)))

describe('granting roles', () => {
  it('an admin cannot grant any role to a login of another organisation', async () => {
    for (const [role, branch] of [
      ['leader', null],
      ['admin', null],
      ['member', BRANCH.first],
      ['secretary', BRANCH.first],
    ] as const) {
      const error = await call('admin', 'select public.assign_role($1, $2, $3)', [FOREIGN.user, role, branch])
      expect({ code: error.code, message: error.message }).toEqual({ code: '42501', message: '该账号属于其他组织，不能在本组织分配角色' })
    }
    const revoke = await call('admin', 'select public.revoke_role($1, $2, $3)', [FOREIGN.user, 'member', BRANCH.first])
    expect(revoke.code).toBe('42501')
  })

  it('an admin may grant a leader role to a login that belongs to no organisation yet', async () => {
    const rows = await runAs(sql, ACTORS.admin, async (tx) => {
      await tx.query(`select public.assign_role($1, 'leader', null)`, [FRESH_USER])
      return grantsNow(tx)
    })
    expect(rows).toEqual([
      { org_id: ORG_ID, branch_id: null, user_id: FRESH_USER, member_id: null, role: 'leader', action: 'grant', by_user_id: USER.admin },
    ])
  })

  it('a secretary grants only organizer, only in his branch, only to a login on its roster', async () => {
    for (const role of ['secretary', 'leader', 'admin', 'member']) {
      const branch = role === 'leader' || role === 'admin' ? null : BRANCH.first
      const error = await call('secretary', 'select public.assign_role($1, $2, $3)', [USER.member3, role, branch])
      expect({ role, code: error.code }).toEqual({ role, code: '42501' })
    }
    const revokeMember = await call('secretary', `select public.revoke_role($1, 'member', $2)`, [USER.member3, BRANCH.first])
    expect(revokeMember.code).toBe('42501')
    const otherBranch = await call('otherSecretary', `select public.assign_role($1, 'organizer', $2)`, [USER.member3, BRANCH.first])
    expect(otherBranch.code).toBe('42501')
    const notOnRoster = await call('secretary', `select public.assign_role($1, 'organizer', $2)`, [USER.member2, BRANCH.first])
    expect({ code: notOnRoster.code, message: notOnRoster.message }).toEqual({ code: 'P0001', message: '该账号未绑定本支部名册' })
    const foreign = await call('secretary', `select public.assign_role($1, 'organizer', $2)`, [FOREIGN.user, BRANCH.first])
    expect(foreign.code).toBe('42501')
  })

  it('a member, an organizer and a leader grant nothing', async () => {
    for (const actor of ['member', 'organizer', 'leader'] as const) {
      const error = await call(actor, `select public.assign_role($1, 'organizer', $2)`, [USER.member3, BRANCH.first])
      expect({ actor, code: error.code }).toEqual({ actor, code: '42501' })
    }
  })

  it('records who granted and who revoked organizer, to whom, where and on which roster row', async () => {
    const rows = await runAs(sql, ACTORS.secretary, async (tx) => {
      await tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member3, BRANCH.first])
      await tx.query(`select public.revoke_role($1, 'organizer', $2)`, [USER.member3, BRANCH.first])
      return grantsNow(tx)
    })
    const base = { org_id: ORG_ID, branch_id: BRANCH.first, user_id: USER.member3, member_id: MEMBER.yangFan, role: 'organizer', by_user_id: USER.secretary }
    expect(rows).toEqual([
      { ...base, action: 'grant' },
      { ...base, action: 'revoke' },
    ])
  })

  it('granting a role held already records nothing more', async () => {
    const rows = await runAs(sql, ACTORS.admin, async (tx) => {
      await tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.organizer, BRANCH.first])
      return grantsNow(tx)
    })
    expect(rows).toEqual([])
  })

  it('nobody writes the audit trail directly, and only admins read it', async () => {
    for (const actor of ['member', 'secretary', 'leader', 'admin'] as const) {
      const error = await call(actor, `insert into public.role_grants (org_id, user_id, role, action, by_user_id) values ($1, $2, 'leader', 'grant', $2)`, [
        ORG_ID,
        ACTORS[actor].kind === 'user' ? (ACTORS[actor] as { userId: string }).userId : null,
      ])
      expect({ actor, code: error.code }).toEqual({ actor, code: '42501' })
    }
    const seen = async (actor: keyof typeof ACTORS) =>
      runAs(sql, ACTORS[actor], async (tx) => {
        await tx.query(`select public.assign_role($1, 'organizer', $2)`, [USER.member3, BRANCH.first]).catch(() => undefined)
        return (await tx.query(`select id from public.role_grants`)).rowCount
      })
    // The admin's own grant is there for him; the secretary's grant in his own transaction is not readable by him.
    expect(await seen('admin')).toBe(1)
    expect(await seen('secretary')).toBe(0)
  })
})

describe('the audit trail through the API', () => {
  it('role_grant_history lists the organisation’s grants newest first, with names, to admins only', async () => {
    const history = await runAs(sql, ACTORS.admin, async (tx) => {
      await tx.query(`select public.assign_role($1, 'leader', null)`, [USER.secretary])
      await tx.exec('reset role')
      await tx.query(`update public.role_grants set at = at - interval '1 hour'`)
      await tx.exec('set local role authenticated')
      await tx.query(`select public.revoke_role($1, 'leader', null)`, [USER.secretary])
      return (await tx.query<{ h: { rows: Record<string, unknown>[] } }>(`select public.role_grant_history(10) as h`)).rows[0]!.h
    })
    expect(history.rows.map((r) => [r.action, r.role, r.target_name, r.by_name, r.branch_name])).toEqual([
      ['revoke', 'leader', '陈志强', '孙丽华', null],
      ['grant', 'leader', '陈志强', '孙丽华', null],
    ])
    for (const actor of ['secretary', 'leader', 'member'] as const) {
      const error = await call(actor, 'select public.role_grant_history(10)', [])
      expect({ actor, code: error.code }).toEqual({ actor, code: '42501' })
    }
    const tooMany = await call('admin', 'select public.role_grant_history(5000)', [])
    expect(tooMany.code).toBe('22023')
  })

  it('org_directory gives an admin every branch and a secretary only his own; others are refused', async () => {
    type Directory = { admin: boolean; branches: { id: string; invite_code: string | null }[]; people: { user_id: string; name: string }[] }
    const read = (actor: keyof typeof ACTORS) =>
      runAs(sql, ACTORS[actor], async (tx) => (await tx.query<{ d: Directory }>('select public.org_directory() as d')).rows[0]!.d)
    const admin = await read('admin')
    expect(admin.admin).toBe(true)
    expect(admin.branches.map((b) => [b.id, b.invite_code])).toEqual([
      [BRANCH.first, INVITE_CODE.first],
      [BRANCH.second, INVITE_CODE.second],
      [BRANCH.retired, INVITE_CODE.retired],
    ])
    expect(admin.people.map((p) => p.user_id)).not.toContain(FOREIGN.user)
    expect(admin.people.map((p) => p.name)).toContain('孙丽华')
    const secretary = await read('secretary')
    expect(secretary.admin).toBe(false)
    expect(secretary.branches.map((b) => b.id)).toEqual([BRANCH.first])
    expect(secretary.people.map((p) => p.name).sort()).toEqual(['李晓梅', '杨帆', '王建国', '陈志强'].sort())
    for (const actor of ['member', 'organizer', 'leader'] as const) {
      const error = await call(actor, 'select public.org_directory()', [])
      expect({ actor, code: error.code }).toEqual({ actor, code: '42501' })
    }
  })
})

describe('invite codes', () => {
  it('the branch secretary rotates the code: the new one joins, the old one no longer does', async () => {
    const outcome = await runAs(sql, ACTORS.secretary, async (tx) => {
      const code = (await tx.query<{ code: string }>('select public.rotate_branch_invite($1) as code', [BRANCH.first])).rows[0]!.code
      await tx.exec('reset role')
      const live = (await tx.query<{ code: string }>(`select code from public.branch_invites where branch_id = $1 and not _deleted`, [BRANCH.first])).rows
      const oldCode = (await tx.query(`select 1 from public.branch_invites where code = $1 and not _deleted`, [INVITE_CODE.first])).rowCount
      return { code, live, oldCode }
    })
    expect(outcome.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    expect(outcome.live).toEqual([{ code: outcome.code }])
    expect(outcome.oldCode).toBe(0)
  })

  it('an old code is refused by join_branch once rotated', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.admin, async (tx) => {
        await tx.query('select public.rotate_branch_invite($1)', [BRANCH.second])
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: FRESH_USER, role: 'authenticated', exp: 9999999999 })])
        return tx.query('select public.join_branch($1, $2)', [INVITE_CODE.second, '13812340022'])
      }),
    )
    expect({ code: error.code, message: error.message }).toEqual({ code: 'P0001', message: '邀请码无效' })
  })

  it('join_branch refuses a deactivated branch’s live code before looking at the roster', async () => {
    const joinSecond = (deactivate: boolean) =>
      expectError(() =>
        runAs(sql, ACTORS.admin, async (tx) => {
          if (deactivate) await tx.query('update public.branches set active = false where id = $1', [BRANCH.second])
          await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: FRESH_USER, role: 'authenticated', exp: 9999999999 })])
          return tx.query('select public.join_branch($1, $2)', [` ${INVITE_CODE.second.toLowerCase()} `, '13812340022'])
        }),
      )
    const inactive = await joinSecond(true)
    expect({ code: inactive.code, message: inactive.message }).toEqual({ code: 'P0001', message: '该支部已停用，邀请码不能使用' })
    // The same code of the active branch goes on to the login's phone (this login has none).
    const active = await joinSecond(false)
    expect({ code: active.code, message: active.message }).toEqual({ code: 'P0001', message: '请先用手机号注册或在账号中验证手机号，再加入支部' })
  })

  it('a member, an organizer, a leader and another branch’s secretary cannot rotate; nor anyone a branch of another organisation', async () => {
    for (const actor of ['member', 'organizer', 'leader', 'otherSecretary'] as const) {
      const error = await call(actor, 'select public.rotate_branch_invite($1)', [BRANCH.first])
      expect({ actor, code: error.code, message: error.message }).toEqual({ actor, code: '42501', message: '只有本支部书记或管理员可以更换邀请码' })
    }
    const foreign = await call('admin', 'select public.rotate_branch_invite($1)', [FOREIGN.branch])
    expect(foreign.code).toBe('42501')
  })

  it('a deactivated branch gets no new code', async () => {
    const error = await expectError(() =>
      runAs(sql, ACTORS.admin, async (tx) => {
        await tx.query('update public.branches set active = false where id = $1', [BRANCH.retired])
        return tx.query('select public.rotate_branch_invite($1)', [BRANCH.retired])
      }),
    )
    expect(error.message).toBe('支部已停用，不能更换邀请码')
  })
})

describe('deactivating units, branches and party groups', () => {
  it('admins deactivate units and branches, the secretary his groups; a leader writes nothing', async () => {
    const changed = async (actor: keyof typeof ACTORS, statement: string, id: string) =>
      runAs(sql, ACTORS[actor], async (tx) => (await tx.query(statement, [id])).rowCount)
    const unit = 'update public.units set active = false where id = $1'
    const branch = 'update public.branches set active = false where id = $1'
    const group = `update public.party_groups set active = false where id = $1`
    const firstGroup = '14000000-0000-4000-8000-000000000001'
    expect(await changed('admin', unit, UNIT.office)).toBe(1)
    expect(await changed('admin', branch, BRANCH.first)).toBe(1)
    expect(await changed('secretary', group, firstGroup)).toBe(1)
    for (const actor of ['leader', 'secretary', 'member'] as const) {
      expect({ actor, unit: await changed(actor, unit, UNIT.office), branch: await changed(actor, branch, BRANCH.first) }).toEqual({ actor, unit: 0, branch: 0 })
    }
    expect(await changed('leader', group, firstGroup)).toBe(0)
    expect(await changed('otherSecretary', group, firstGroup)).toBe(0)
    const notNull = await call('admin', 'update public.units set active = null where id = $1', [UNIT.office])
    expect(notNull.code).toBe('23502')
  })
})

describe('transferring a member', () => {
  interface Row {
    id: string
    branch_id: string
    user_id: string | null
    name: string
    status: string
  }
  it('keeps the old row as transferred, makes a new row in the destination, moves the login and the member role, and records it', async () => {
    const result = await runAs(sql, ACTORS.secretary, async (tx) => {
      const id = (await tx.query<{ id: string }>('select public.transfer_member($1, $2) as id', [MEMBER.member, BRANCH.second])).rows[0]!.id
      const grants = await grantsNow(tx)
      const rows = (
        await tx.query<Row>(`select id, branch_id, user_id, name, status from public.members where id in ($1, $2) order by branch_id`, [MEMBER.member, id])
      ).rows
      const roles = (
        await tx.query<{ role: string; branch_id: string }>(`select role, branch_id from public.user_roles where user_id = $1 and not _deleted`, [USER.member])
      ).rows
      const history = (await tx.query(`select 1 from public.attendance where member_id = $1`, [MEMBER.member])).rowCount
      return { id, grants, rows, roles, history }
    })
    expect(result.rows).toEqual([
      { id: MEMBER.member, branch_id: BRANCH.first, user_id: null, name: '李晓梅', status: 'transferred' },
      { id: result.id, branch_id: BRANCH.second, user_id: USER.member, name: '李晓梅', status: 'active' },
    ])
    expect(result.roles).toEqual([{ role: 'member', branch_id: BRANCH.second }])
    expect(result.history).toBeGreaterThan(0)
    expect(result.grants).toEqual([
      { org_id: ORG_ID, branch_id: BRANCH.first, user_id: USER.member, member_id: MEMBER.member, role: 'member', action: 'revoke', by_user_id: USER.secretary },
      { org_id: ORG_ID, branch_id: BRANCH.second, user_id: USER.member, member_id: result.id, role: 'member', action: 'grant', by_user_id: USER.secretary },
    ])
  })

  it('is refused to another branch’s secretary, a member, an organizer and a leader', async () => {
    for (const actor of ['otherSecretary', 'member', 'organizer', 'leader'] as const) {
      const error = await call(actor, 'select public.transfer_member($1, $2)', [MEMBER.yangFan, BRANCH.second])
      expect({ actor, code: error.code, message: error.message }).toEqual({ actor, code: '42501', message: '只有原支部书记或管理员可以办理转出' })
    }
  })

  it('is refused across organisations, to the same branch, and from a foreign admin', async () => {
    const across = await call('admin', 'select public.transfer_member($1, $2)', [MEMBER.yangFan, FOREIGN.branch])
    expect({ code: across.code, message: across.message }).toEqual({ code: '42501', message: '只能转入本组织的支部' })
    const same = await call('secretary', 'select public.transfer_member($1, $2)', [MEMBER.yangFan, BRANCH.first])
    expect(same.code).toBe('22023')
    const foreignCaller = await expectError(() =>
      runAs(sql, foreignUser, (tx) => tx.query('select public.transfer_member($1, $2)', [MEMBER.yangFan, FOREIGN.branch])),
    )
    expect(foreignCaller.code).toBe('42501')
    const again = await expectError(() =>
      runAs(sql, ACTORS.admin, async (tx) => {
        await tx.query('select public.transfer_member($1, $2)', [MEMBER.yangFan, BRANCH.second])
        return tx.query('select public.transfer_member($1, $2)', [MEMBER.yangFan, BRANCH.retired])
      }),
    )
    expect(again.message).toBe('该名册记录不能转出')
  })
})
