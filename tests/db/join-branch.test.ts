import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, INVITE_CODE, MEMBER, ORG_ID, UNLINKED_PHONE, USER } from '../helpers/roles'
import { expectError, runAs, user, type SqlClient } from '../helpers/sql'

let db: TestDb
let sql: SqlClient

const NEW_USER = '40000000-0000-4000-8000-000000000001' // an email login without a phone
const PHONE_USER = '40000000-0000-4000-8000-000000000002' // a login whose verified phone is 刘洋's
const OTHER_PHONE_USER = '40000000-0000-4000-8000-000000000003' // a login with some other verified phone
const LINKED_USER = '40000000-0000-4000-8000-000000000004' // already linked to 张静
const TAKEN_PHONE_USER = '40000000-0000-4000-8000-000000000005' // verified phone of a row linked to someone else
const UNVERIFIED_USER = '40000000-0000-4000-8000-000000000006' // 刘洋's phone, never verified
const SECOND_BRANCH_USER = '40000000-0000-4000-8000-000000000007' // verified phone of 许志刚, 机关第二党支部
const ZHANG_JING = '15000000-0000-4000-8000-000000000005'
const TAKEN_PHONE = '13711112222'

beforeAll(async () => {
  db = await createTestDb()
  sql = db.sql
  await sql.query(
    `insert into auth.users (id, aud, role, email, phone, phone_confirmed_at, encrypted_password, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', 'liuyang@example.cn', null, null, 'x', now()),
            ($2, 'authenticated', 'authenticated', 'liuyang2@example.cn', '8613900000011', now(), 'x', now()),
            ($3, 'authenticated', 'authenticated', 'someone@example.cn', '8613766665555', now(), 'x', now()),
            ($4, 'authenticated', 'authenticated', 'zhangjing@example.cn', '8613722223333', now(), 'x', now()),
            ($5, 'authenticated', 'authenticated', 'taken@example.cn', '86' || $7, now(), 'x', now()),
            ($6, 'authenticated', 'authenticated', 'unverified@example.cn', null, null, 'x', now()),
            ($8, 'authenticated', 'authenticated', 'xuzhigang@example.cn', '8613812340022', now(), 'x', now())`,
    [NEW_USER, PHONE_USER, OTHER_PHONE_USER, LINKED_USER, TAKEN_PHONE_USER, UNVERIFIED_USER, TAKEN_PHONE, SECOND_BRANCH_USER],
  )
  // 张静 is linked to LINKED_USER and carries TAKEN_PHONE on the roster.
  await sql.query('update public.members set user_id = $1 where id = $2', [LINKED_USER, ZHANG_JING])
  await sql.query('update public.member_details set phone = $2 where id = $1', [ZHANG_JING, TAKEN_PHONE])
})
afterAll(() => db?.close())

interface Me {
  user_id: string
  email: string
  phone: string | null
  member: { id: string; name: string; branch_id: string; branch_name: string; org_id: string; org_name: string } | null
  roles: { role: string; branch_id: string | null }[]
}

const join = (tx: SqlClient, code: string, phone: string) =>
  tx.query<{ me: Me }>('select public.join_branch($1, $2) as me', [code, phone]).then((r) => r.rows[0]!.me)

describe('me()', () => {
  it('describes the demo member: login, roster row, branch, organisation, roles', async () => {
    const me = await runAs(sql, ACTORS.member, (tx) => tx.query<{ me: Me }>('select public.me() as me').then((r) => r.rows[0]!.me))
    expect(me).toMatchObject({
      user_id: USER.member,
      email: 'member@demo.zhibu.cn',
      member: { id: MEMBER.member, name: '李晓梅', branch_id: BRANCH.first, branch_name: '机关第一党支部', org_id: ORG_ID, org_name: '市直机关事务局' },
      roles: [{ role: 'member', branch_id: BRANCH.first }],
    })
    expect(me.phone).toBe('13900000001')
  })

  it('gives an admin without a roster row member = null and the org-wide role', async () => {
    const me = await runAs(sql, ACTORS.admin, (tx) => tx.query<{ me: Me }>('select public.me() as me').then((r) => r.rows[0]!.me))
    expect(me.member).toBeNull()
    expect(me.roles).toEqual([{ role: 'admin', branch_id: null, org_id: ORG_ID }])
  })

  it('lists both of the leader\'s roles', async () => {
    const me = await runAs(sql, ACTORS.leader, (tx) => tx.query<{ me: Me }>('select public.me() as me').then((r) => r.rows[0]!.me))
    expect(me.roles.map((r) => r.role)).toEqual(['leader', 'member'])
    expect(me.member?.name).toBe('赵立新')
  })

  it('is not callable by anon (42501), and a token without a subject gets 28000', async () => {
    expect((await expectError(() => runAs(sql, ACTORS.anon, (tx) => tx.query('select public.me()')))).code).toBe('42501')
    const noSub = await expectError(() => runAs(sql, user(''), (tx) => tx.query('select public.me()')))
    expect(['28000', '22P02']).toContain(noSub.code)
  })
})

describe('join_branch()', () => {
  it('links the login to the roster row and makes it a member of the branch', async () => {
    const me = await runAs(sql, user(PHONE_USER), (tx) => join(tx, '  zb1001 ', UNLINKED_PHONE))
    expect(me.member).toMatchObject({ id: MEMBER.unlinked, name: '刘洋', branch_name: '机关第一党支部' })
    expect(me.roles).toEqual([{ role: 'member', branch_id: BRANCH.first, org_id: ORG_ID }])
  })

  it('persists the link and the role, and a second call changes nothing', async () => {
    await runAs(
      sql,
      user(PHONE_USER),
      async (tx) => {
        await join(tx, INVITE_CODE.first, UNLINKED_PHONE)
        const again = await join(tx, INVITE_CODE.first, UNLINKED_PHONE)
        expect(again.roles).toHaveLength(1)
      },
      { commit: true },
    )
    const rows = await sql.query<{ user_id: string; roles: number }>(
      `select m.user_id, (select count(*)::int from public.user_roles r where r.user_id = m.user_id) as roles from public.members m where m.id = $1`,
      [MEMBER.unlinked],
    )
    expect(rows.rows[0]).toEqual({ user_id: PHONE_USER, roles: 1 })
    // Undo, so the other cases see 刘洋 unlinked again.
    await sql.query('update public.members set user_id = null where id = $1', [MEMBER.unlinked])
    await sql.query('delete from public.user_roles where user_id = $1', [PHONE_USER])
  })

  it('accepts the phone typed with +86, spaces or dashes; the login\'s own phone must match', async () => {
    const me = await runAs(sql, user(PHONE_USER), (tx) => join(tx, INVITE_CODE.first, '+86 139-0000-0011'))
    expect(me.member?.id).toBe(MEMBER.unlinked)
  })

  it('refuses a wrong invite code', async () => {
    const error = await expectError(() => runAs(sql, user(NEW_USER), (tx) => join(tx, 'ZB9999', UNLINKED_PHONE)))
    expect(error).toMatchObject({ code: 'P0001', message: '邀请码无效' })
  })

  it('refuses a login that has not proved a phone: the roster row is claimed by its phone', async () => {
    for (const login of [NEW_USER, UNVERIFIED_USER]) {
      const error = await expectError(() => runAs(sql, user(login), (tx) => join(tx, INVITE_CODE.first, UNLINKED_PHONE)))
      expect(error).toMatchObject({ code: 'P0001', message: '请先用手机号注册或在账号中验证手机号，再加入支部' })
    }
  })

  it('refuses a phone that is not on that branch\'s roster', async () => {
    const unknown = await expectError(() => runAs(sql, user(OTHER_PHONE_USER), (tx) => join(tx, INVITE_CODE.first, '13766665555')))
    expect(unknown).toMatchObject({ code: 'P0001', message: '该手机号不在支部名册中' })
    // 许志刚 is on the roster, but of 机关第二党支部.
    const wrongBranch = await expectError(() => runAs(sql, user(SECOND_BRANCH_USER), (tx) => join(tx, INVITE_CODE.first, '13812340022')))
    expect(wrongBranch).toMatchObject({ code: 'P0001', message: '该手机号不在支部名册中' })
  })

  it('refuses a roster row that is already linked to another login', async () => {
    const error = await expectError(() => runAs(sql, user(TAKEN_PHONE_USER), (tx) => join(tx, INVITE_CODE.first, TAKEN_PHONE)))
    expect(error).toMatchObject({ code: 'P0001', message: '该名册记录已绑定其他账号' })
  })

  it('refuses a phone different from the login\'s own phone', async () => {
    const error = await expectError(() => runAs(sql, user(OTHER_PHONE_USER), (tx) => join(tx, INVITE_CODE.first, UNLINKED_PHONE)))
    expect(error).toMatchObject({ code: 'P0001', message: '手机号与当前登录账号绑定的手机号不一致' })
  })

  it('refuses a login already linked to another roster row', async () => {
    const error = await expectError(() => runAs(sql, user(LINKED_USER), (tx) => join(tx, INVITE_CODE.first, '13722223333')))
    expect(error.code).toBe('P0001')
    expect(error.message).toMatch(/当前账号已绑定其他名册记录/)
  })

  it('does not give back a role the branch revoked when the member joins again', async () => {
    await runAs(
      sql,
      user(PHONE_USER),
      async (tx) => {
        await join(tx, INVITE_CODE.first, UNLINKED_PHONE)
      },
      { commit: true },
    )
    await sql.query('update public.user_roles set _deleted = true where user_id = $1', [PHONE_USER])
    const error = await expectError(() => runAs(sql, user(PHONE_USER), (tx) => join(tx, INVITE_CODE.first, UNLINKED_PHONE)))
    expect(error).toMatchObject({ code: 'P0001', message: '你在本支部的权限已被撤销，请联系支部书记' })
    const live = await sql.query('select 1 from public.user_roles where user_id = $1 and not _deleted', [PHONE_USER])
    expect(live.rowCount).toBe(0)
    await sql.query('update public.members set user_id = null where id = $1', [MEMBER.unlinked])
    await sql.query('delete from public.user_roles where user_id = $1', [PHONE_USER])
  })

  it('refuses a malformed phone with 22023', async () => {
    const error = await expectError(() => runAs(sql, user(NEW_USER), (tx) => join(tx, INVITE_CODE.first, '12345')))
    expect(error).toMatchObject({ code: '22023', message: '手机号格式不正确' })
  })

  it('is not callable by anon', async () => {
    const error = await expectError(() => runAs(sql, ACTORS.anon, (tx) => join(tx, INVITE_CODE.first, UNLINKED_PHONE)))
    expect(error.code).toBe('42501')
  })

  it('does not reveal invite codes to members, who must be given one', async () => {
    const rows = await runAs(sql, user(NEW_USER), (tx) => tx.query('select code from public.branch_invites'))
    expect(rows.rowCount).toBe(0)
  })
})
