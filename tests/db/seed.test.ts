import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, schemaFiles, type TestDb } from '../helpers/pglite'
import { BRANCH, DEMO_PASSWORD, EMAIL, EVENT, MEMBER, ORG_ID, UNLINKED_PHONE, USER } from '../helpers/roles'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.sql.query<T>(sql, params)).rows[0] as T

describe('schema files', () => {
  it('load the platform stand-in first, then the migrations in file-name order, then the seed', async () => {
    const names = (await schemaFiles({ seed: true })).map((f) => f.name)
    expect(names[0]).toBe('supabase/local/auth-schema.sql')
    expect(names.at(-1)).toBe('supabase/seed.sql')
    const migrations = names.filter((n) => n.startsWith('supabase/migrations/'))
    expect(migrations).toEqual([...migrations].sort())
    expect(migrations.every((n) => /^supabase\/migrations\/\d{14}_[a-z0-9_]+\.sql$/.test(n))).toBe(true)
  })

  it('the migrations apply without the seed', async () => {
    const bare = await createTestDb({ seed: false })
    try {
      expect((await bare.sql.query(`select count(*)::int as n from public.members`)).rows[0]).toEqual({ n: 0 })
    } finally {
      await bare.close()
    }
  })
})

describe('the demo organisation', () => {
  it('has the organisation, units of both kinds, three branches with invite codes, party groups', async () => {
    expect(await one(`select name from public.orgs where id = $1`, [ORG_ID])).toEqual({ name: '市直机关事务局' })
    expect(await one(`select count(*) filter (where kind = 'department')::int as dept, count(*) filter (where kind = 'subunit')::int as sub from public.units`)).toEqual({ dept: 3, sub: 2 })
    expect((await db.sql.query(`select b.name, i.code from public.branches b join public.branch_invites i on i.branch_id = b.id order by b.sort_order`)).rows).toEqual([
      { name: '机关第一党支部', code: 'ZB1001' },
      { name: '机关第二党支部', code: 'ZB1002' },
      { name: '离退休党支部', code: 'ZB1003' },
    ])
    expect(await one(`select count(*)::int as n from public.party_groups`)).toEqual({ n: 4 })
  })

  it('has at least 40 roster members, each with one details row, with distinct valid phones', async () => {
    const row = await one<{ n: number; details: number; phones: number; distinct_phones: number }>(
      `select count(*)::int as n, count(d.id)::int as details, count(d.phone)::int as phones, count(distinct d.phone)::int as distinct_phones
       from public.members m left join public.member_details d on d.id = m.id and d.branch_id = m.branch_id`,
    )
    expect(row.n).toBeGreaterThanOrEqual(40)
    expect(row.details).toBe(row.n)
    expect(row.distinct_phones).toBe(row.phones)
  })

  it('has staff who are not party members in both office branches: two 共青团员 and two 群众', async () => {
    const rows = (
      await db.sql.query<{ branch_id: string; member_type: string; n: number; in_group: number }>(
        `select branch_id, member_type, count(*)::int as n, count(group_id)::int as in_group from public.members
         where member_type not in ('full', 'probationary') group by 1, 2 order by 1, 2`,
      )
    ).rows
    expect(rows).toEqual([
      { branch_id: BRANCH.first, member_type: 'league', n: 1, in_group: 0 },
      { branch_id: BRANCH.first, member_type: 'masses', n: 1, in_group: 0 },
      { branch_id: BRANCH.second, member_type: 'league', n: 1, in_group: 0 },
      { branch_id: BRANCH.second, member_type: 'masses', n: 1, in_group: 0 },
    ])
  })

  it('has a retired member without a login, and 刘洋 waiting to join with his phone', async () => {
    expect(await one(`select name, status, user_id from public.members where id = $1`, [MEMBER.retiredNoLogin])).toEqual({ name: '郑守仁', status: 'retired', user_id: null })
    expect(
      await one(`select m.branch_id, m.user_id from public.members m join public.member_details d on d.id = m.id where d.phone = $1`, [UNLINKED_PHONE]),
    ).toEqual({ branch_id: BRANCH.first, user_id: null })
  })

  it('has the eight demo logins with the demo password, confirmed e-mail, phone, and an email identity', async () => {
    const rows = (
      await db.sql.query<{ email: string; ok: boolean; confirmed: boolean; phone: string; identity: boolean; tokens: boolean }>(
        `select u.email, u.encrypted_password = extensions.crypt($1, u.encrypted_password) as ok,
                u.email_confirmed_at is not null as confirmed, u.phone,
                exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email' and i.identity_data ->> 'email' = u.email) as identity,
                u.confirmation_token = '' and u.recovery_token = '' as tokens
         from auth.users u order by u.phone`,
        [DEMO_PASSWORD],
      )
    ).rows
    expect(rows.map((r) => r.email)).toEqual(Object.values(EMAIL))
    expect(rows.every((r) => r.ok && r.confirmed && r.identity && r.tokens)).toBe(true)
    expect(rows.map((r) => r.phone)).toEqual(['8613900000001', '8613900000002', '8613900000003', '8613900000004', '8613900000005', '8613900000006', '8613900000007', '8613900000008'])
  })

  it('links the demo logins to their roster rows (the admin has none)', async () => {
    const rows = (await db.sql.query<{ user_id: string; name: string }>(`select user_id, name from public.members where user_id is not null order by user_id`)).rows
    expect(rows).toEqual([
      { user_id: USER.member, name: '李晓梅' },
      { user_id: USER.organizer, name: '王建国' },
      { user_id: USER.secretary, name: '陈志强' },
      { user_id: USER.leader, name: '赵立新' },
      { user_id: USER.secretary2, name: '周海波' },
      { user_id: USER.member2, name: '吴佳怡' },
      { user_id: USER.member3, name: '杨帆' },
    ])
  })

  it('has the 2026 pledge templates with the SHA-256 of their bodies, and the 博爱一日捐 campaign', async () => {
    const rows = (await db.sql.query<{ kind: string; title: string; ok: boolean }>(
      `select kind, title, body_sha256 = encode(sha256(convert_to(body, 'UTF8')), 'hex') as ok from public.pledge_templates where year = 2026 order by kind`,
    )).rows
    expect(rows).toEqual([
      { kind: 'department', title: '党风廉政建设责任书', ok: true },
      { kind: 'personal', title: '干部职工廉洁从政承诺书', ok: true },
    ])
    expect(await one(`select name, recipient, (select sum(amount_fen)::int from public.donations d where d.campaign_id = c.id) as total from public.donation_campaigns c`)).toEqual({
      name: '2026年“博爱一日捐”',
      recipient: '市红十字会',
      // 36 party members (4,200 yuan) and the four staff who are not (450 yuan).
      total: 465000,
    })
  })

  it('has events of several kinds, and the first-quarter 党员大会 of 机关第一党支部 with its 18 members\' attendance', async () => {
    const row = await one<{ kinds: number; attendance: number }>(
      `select (select count(distinct kind)::int from public.events) as kinds,
              (select count(*)::int from public.attendance where event_id = $1) as attendance`, [EVENT.generalMeeting])
    expect(row.kinds).toBeGreaterThanOrEqual(11)
    expect(row.attendance).toBe(18)
  })
})
