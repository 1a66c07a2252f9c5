/**
 * The year's setup (20261201005200_year_setup.sql): unit heads sign their unit's 党风廉政建设责任书,
 * signed templates keep their text, pledge progress, campaigns' hand-over, 学习强国 usage, blood
 * donors of an organisation-wide drive, and the year's read functions.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, schemaFiles, type TestDb } from '../helpers/pglite'
import { ACTORS, BRANCH, CAMPAIGN, MEMBER, ORG_ID, PLEDGE_TEMPLATE, UNIT } from '../helpers/roles'
import { claimsFor, expectError, runAs, type SqlClient } from '../helpers/sql'

let db: TestDb

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

const STROKES = '[[[1, 2, 0], [3, 4, 12], [5, 3, 20]]]'

/** Signs 财务处's 责任书 as a phone sends it: a made-up name and time, which the server replaces. */
const signFinance = async (tx: SqlClient, template: string = PLEDGE_TEMPLATE.department2026) => {
  const id = randomUUID()
  const sha = (await tx.query<{ sha: string }>('select body_sha256 as sha from public.pledge_templates where id = $1', [template])).rows[0]!.sha
  await tx.query(
    `insert into public.pledge_signatures (id, org_id, template_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
     values ($1, $2, $3, $4, '随便写的名字', $5, $6, '2001-01-01 00:00+08')`,
    [id, ORG_ID, template, UNIT.finance, sha, STROKES],
  )
  return (await tx.query<{ signer_name: string; recent: boolean }>(
    `select signer_name, signed_at > now() - interval '1 minute' as recent from public.pledge_signatures where id = $1`,
    [id],
  )).rows[0]
}

describe('the unit head signs the 党风廉政建设责任书', () => {
  it('the head of 财务处 (周海波) signs; the server writes his name and its own time', async () => {
    expect(await runAs(db.sql, ACTORS.otherSecretary, (tx) => signFinance(tx))).toEqual({ signer_name: '周海波', recent: true })
  })

  it.each(['member', 'secretary', 'admin', 'leader'] as const)('%s, not the head of 财务处, cannot sign for it (42501)', async (actor) => {
    const error = await expectError(() => runAs(db.sql, ACTORS[actor], (tx) => signFinance(tx)))
    expect(error.code).toBe('42501')
  })

  it('the head cannot sign the personal pledge in his unit\'s name (23514)', async () => {
    const error = await expectError(() => runAs(db.sql, ACTORS.otherSecretary, (tx) => signFinance(tx, PLEDGE_TEMPLATE.personal2026)))
    expect(error.code).toBe('23514')
  })

  it('a signature, once stored, never changes', async () => {
    const error = await expectError(() =>
      runAs(db.sql, ACTORS.otherSecretary, async (tx) => {
        await signFinance(tx)
        await tx.query(`update public.pledge_signatures set signer_name = '别人' where unit_id = $1`, [UNIT.finance])
      }),
    )
    expect(error.code).toBe('42501')
  })

  it('no longer the head: the unit\'s new head signs, the old one cannot', async () => {
    await db.sql.exec('begin')
    try {
      await db.sql.query('update public.units set head_member_id = $1 where id = $2', [MEMBER.member2, UNIT.finance])
      const old = await expectError(() => runAs(db.sql, ACTORS.otherSecretary, (tx) => signFinance(tx), { nested: true }))
      expect(old.code).toBe('42501')
      expect(await runAs(db.sql, ACTORS.otherMember, (tx) => signFinance(tx), { nested: true })).toEqual({ signer_name: '吴佳怡', recent: true })
    } finally {
      await db.sql.exec('rollback')
    }
  })
})

describe('unit heads', () => {
  const setHead = (member: string) => (tx: SqlClient) =>
    tx.query('update public.units set head_member_id = $1 where id = $2 returning id', [member, UNIT.assets])

  it('an admin names an active member of the organisation', async () => {
    expect((await runAs(db.sql, ACTORS.admin, setHead(MEMBER.member))).rowCount).toBe(1)
  })

  it.each([
    ['a retired member', MEMBER.retiredNoLogin],
    ['an unknown id', randomUUID()],
  ])('refuses %s as head (23503)', async (_label, member) => {
    const error = await expectError(() => runAs(db.sql, ACTORS.admin, setHead(member)))
    expect(error.code).toBe('23503')
  })

  it('refuses a member of another organisation, with the same answer as an unknown id', async () => {
    await db.sql.exec('begin')
    try {
      const org = randomUUID()
      const branch = randomUUID()
      const member = randomUUID()
      await db.sql.query(`insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆')`, [org])
      await db.sql.query(`insert into public.branches (id, org_id, name) values ($1, $2, '市档案馆机关党支部')`, [branch, org])
      await db.sql.query(`insert into public.members (id, org_id, branch_id, name) values ($1, $2, $3, '外单位')`, [member, org, branch])
      const error = await expectError(() => runAs(db.sql, ACTORS.admin, setHead(member), { nested: true }))
      expect(error.code).toBe('23503')
    } finally {
      await db.sql.exec('rollback')
    }
  })
})

describe('templates', () => {
  it('a signed template keeps its text; the admin publishes a new version of the year instead', async () => {
    const edit = await expectError(() =>
      runAs(db.sql, ACTORS.admin, (tx) => tx.query(`update public.pledge_templates set body = body || '（修订）', body_sha256 = encode(sha256(convert_to(body || '（修订）', 'UTF8')), 'hex') where id = $1`, [PLEDGE_TEMPLATE.personal2026])),
    )
    expect(edit.code).toBe('42501')
    const remove = await expectError(() =>
      runAs(db.sql, ACTORS.admin, (tx) => tx.query('update public.pledge_templates set _deleted = true where id = $1', [PLEDGE_TEMPLATE.personal2026])),
    )
    expect(remove.code).toBe('42501')
    const version = await runAs(db.sql, ACTORS.admin, async (tx) => {
      await tx.query(
        `insert into public.pledge_templates (id, org_id, year, kind, version, title, body, body_sha256)
         values ($1, $2, 2026, 'personal', 2, '干部职工廉洁从政承诺书', '修订后的承诺', encode(sha256(convert_to('修订后的承诺', 'UTF8')), 'hex'))`,
        [randomUUID(), ORG_ID],
      )
      return (await tx.query<{ n: number }>(`select count(*)::int as n from public.pledge_templates where year = 2026 and kind = 'personal'`)).rows[0]!.n
    })
    expect(version).toBe(2)
  })

  it('an unsigned template is edited in place', async () => {
    const rows = await runAs(db.sql, ACTORS.admin, async (tx) => {
      const id = randomUUID()
      await tx.query(
        `insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256)
         values ($1, $2, 2027, 'personal', '承诺书', '初稿', encode(sha256(convert_to('初稿', 'UTF8')), 'hex'))`,
        [id, ORG_ID],
      )
      return (await tx.query(`update public.pledge_templates set body = '定稿', body_sha256 = encode(sha256(convert_to('定稿', 'UTF8')), 'hex') where id = $1`, [id])).rowCount
    })
    expect(rows).toBe(1)
  })
})

describe('pledge_progress', () => {
  const progress = (actor: keyof typeof ACTORS, year = 2026) =>
    runAs(db.sql, ACTORS[actor], async (tx) => (await tx.query<{ p: Progress }>('select public.pledge_progress($1) as p', [year])).rows[0]!.p)
  interface Progress {
    year: number
    persons: { signed: number; expected: number; missing: { member_id: string; name: string; branch_name: string }[] }
    units: { signed: number; total: number; missing: { unit_id: string; name: string; kind: string }[] } | null
  }
  const activeCount = async (branch?: string) =>
    (await db.sql.query<{ n: number }>(`select count(*)::int as n from public.members where status = 'active' and ($1::uuid is null or branch_id = $1)`, [branch ?? null])).rows[0]!.n

  it('an admin: the seed\'s two personal signatures (陈志强, 王建国) of every active person, and 2 of 5 units', async () => {
    const p = await progress('admin')
    const active = await activeCount()
    expect(p.persons.signed).toBe(2)
    expect(p.persons.expected).toBe(active)
    expect(p.persons.missing).toHaveLength(active - 2)
    expect(p.persons.missing.map((m) => m.name)).not.toContain('陈志强')
    expect(p.persons.missing.map((m) => m.name)).toContain('李晓梅')
    expect(p.units).toEqual({
      signed: 2,
      total: 5,
      missing: [
        { unit_id: UNIT.finance, name: '财务处', kind: 'department' },
        { unit_id: UNIT.assets, name: '资产管理处', kind: 'department' },
        { unit_id: UNIT.fleetCentre, name: '公务用车服务中心', kind: 'subunit' },
      ],
    })
  })

  it('a signature of the head moves 财务处 from missing to signed', async () => {
    const units = await runAs(db.sql, ACTORS.otherSecretary, async (tx) => {
      await signFinance(tx)
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(ACTORS.admin))])
      return (await tx.query<{ p: Progress }>('select public.pledge_progress(2026) as p')).rows[0]!.p.units
    })
    expect(units?.signed).toBe(3)
    expect(units?.missing.map((u) => u.name)).toEqual(['资产管理处', '公务用车服务中心'])
  })

  it('a secretary: his branch\'s persons only, no units', async () => {
    const p = await progress('secretary')
    expect(p.persons).toMatchObject({ signed: 2, expected: await activeCount(BRANCH.first) })
    expect(p.persons.missing.every((m) => m.branch_name === '机关第一党支部')).toBe(true)
    expect(p.units).toBeNull()
  })

  it('a year without signatures: nobody signed', async () => {
    const p = await progress('admin', 2031)
    expect(p.persons.signed).toBe(0)
    expect(p.units?.signed).toBe(0)
  })

  it.each(['member', 'organizer', 'anon'] as const)('%s is refused', async (actor) => {
    const error = await expectError(() => progress(actor))
    expect(['42501']).toContain(error.code)
  })
})

describe('campaigns, blood drives and the roster for admins', () => {
  it('the seed\'s 博爱一日捐 was handed over in full, and campaign_totals counts what was given', async () => {
    const { rows } = await db.sql.query<{ handed: number; sum: number; donors: number }>(
      `select c.handed_over_fen as handed, (select sum(amount_fen)::int from public.donations where campaign_id = c.id) as sum,
              (select count(distinct member_id)::int from public.donations where campaign_id = c.id) as donors
       from public.donation_campaigns c where id = $1`,
      [CAMPAIGN],
    )
    expect(rows[0]!.handed).toBe(rows[0]!.sum)
    const totals = await runAs(db.sql, ACTORS.admin, async (tx) => (await tx.query<{ t: { campaigns: unknown[] } }>('select public.campaign_totals(2026) as t')).rows[0]!.t)
    expect(totals.campaigns).toContainEqual({ campaign_id: CAMPAIGN, donated_fen: rows[0]!.sum, donors: rows[0]!.donors })
  })

  it('refuses a negative hand-over (23514)', async () => {
    const error = await expectError(() => runAs(db.sql, ACTORS.admin, (tx) => tx.query('update public.donation_campaigns set handed_over_fen = -1 where id = $1', [CAMPAIGN])))
    expect(error.code).toBe('23514')
  })

  it('an admin records a donor of any branch at an organisation-wide drive; a branch drive takes only its own branch', async () => {
    await db.sql.exec('begin')
    try {
      const drive = randomUUID()
      await db.sql.query(
        `insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at) values ($1, $2, null, 'org', 'blood_drive', '全局献血日', now())`,
        [drive, ORG_ID],
      )
      const give = (event: string, branch: string, member: string) => (tx: SqlClient) =>
        tx.query(
          `insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on) values ($1, $2, $3, $4, $5, 300, current_date)`,
          [randomUUID(), ORG_ID, branch, event, member],
        )
      expect((await runAs(db.sql, ACTORS.admin, give(drive, BRANCH.second, MEMBER.member2), { nested: true })).rowCount).toBe(1)
      expect((await runAs(db.sql, ACTORS.admin, give(drive, BRANCH.first, MEMBER.member), { nested: true })).rowCount).toBe(1)
      const { rows } = await db.sql.query<{ id: string }>(`select id from public.events where branch_id = $1 and kind = 'blood_drive' limit 1`, [BRANCH.first])
      const branchDrive = await expectError(() => runAs(db.sql, ACTORS.otherSecretary, give(rows[0]!.id, BRANCH.second, MEMBER.member2), { nested: true }))
      expect(branchDrive.code).toBe('23503')
      const notAdmins = await expectError(() => runAs(db.sql, ACTORS.admin, give(rows[0]!.id, BRANCH.first, MEMBER.member), { nested: true }))
      expect(notAdmins.code).toBe('42501')
    } finally {
      await db.sql.exec('rollback')
    }
  })

  it('blood_drive_roll lists who registered and who gave, by name and branch, for admins', async () => {
    const { rows } = await db.sql.query<{ id: string; registered: number; donors: number }>(
      `select e.id, (select count(*)::int from public.attendance a where a.event_id = e.id) as registered,
              (select count(*)::int from public.blood_donations d where d.event_id = e.id) as donors
       from public.events e where e.branch_id is null and e.kind = 'blood_drive' order by e.starts_at desc limit 1`,
    )
    const drive = rows[0]!
    expect(drive.donors).toBeGreaterThan(0)
    const roll = await runAs(db.sql, ACTORS.admin, async (tx) =>
      (await tx.query<{ r: { registered: Record<string, unknown>[]; donations: Record<string, unknown>[] } }>('select public.blood_drive_roll($1) as r', [drive.id])).rows[0]!.r,
    )
    expect(roll.registered).toHaveLength(drive.registered)
    expect(roll.donations).toHaveLength(drive.donors)
    expect(Object.keys(roll.donations[0]!).sort()).toEqual(['branch_id', 'branch_name', 'donated_on', 'id', 'member_id', 'name', 'volume_ml'])
    const member = await expectError(() => runAs(db.sql, ACTORS.member, (tx) => tx.query('select public.blood_drive_roll($1)', [drive.id])))
    expect(member.code).toBe('42501')
  })

  it('org_people gives admins the active roster without phones; others are refused', async () => {
    const people = await runAs(db.sql, ACTORS.admin, async (tx) => (await tx.query<{ p: { people: Record<string, unknown>[] } }>('select public.org_people() as p')).rows[0]!.p.people)
    const { rows } = await db.sql.query<{ n: number }>(`select count(*)::int as n from public.members where status = 'active'`)
    expect(people).toHaveLength(rows[0]!.n)
    expect(Object.keys(people[0]!).sort()).toEqual(['branch_id', 'branch_name', 'member_id', 'name', 'unit_id'])
    for (const actor of ['leader', 'secretary', 'member'] as const) {
      const error = await expectError(() => runAs(db.sql, ACTORS[actor], (tx) => tx.query('select public.org_people()')))
      expect(error.code, actor).toBe('42501')
    }
  })
})

describe('学习强国 usage', () => {
  const put = (month: string, total: number, using: number, branch: string = BRANCH.first) => (tx: SqlClient) =>
    tx.query(
      `insert into public.xuexi_usage (id, org_id, branch_id, month, members_total, members_using) values ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), ORG_ID, branch, month, total, using],
    )

  it('the secretary records his branch\'s month', async () => {
    expect((await runAs(db.sql, ACTORS.secretary, put('2019-03-01', 18, 17))).rowCount).toBe(1)
  })

  it.each([
    ['a month not given by its first day', '2019-03-02', 18, 17, '23514'],
    ['more using it than members', '2019-03-01', 18, 19, '23514'],
    ['a negative count', '2019-03-01', 18, -1, '23514'],
  ])('refuses %s', async (_label, month, total, using, code) => {
    const error = await expectError(() => runAs(db.sql, ACTORS.secretary, put(month, total, using)))
    expect(error.code).toBe(code)
  })

  it('one row per branch and month (23505)', async () => {
    const error = await expectError(() =>
      runAs(db.sql, ACTORS.secretary, async (tx) => {
        await put('2019-04-01', 18, 10)(tx)
        await put('2019-04-01', 18, 12)(tx)
      }),
    )
    expect(error.code).toBe('23505')
  })

  it('the seed holds twelve months for each of the three branches, using ≤ total', async () => {
    const { rows } = await db.sql.query<{ branch_id: string; months: number; bad: number }>(
      `select branch_id, count(*)::int as months, count(*) filter (where members_using > members_total)::int as bad
       from public.xuexi_usage group by branch_id order by branch_id`,
    )
    expect(rows).toEqual([BRANCH.first, BRANCH.second, BRANCH.retired].map((b) => ({ branch_id: b, months: 12, bad: 0 })))
  })
})

describe('学习强国 row ids', () => {
  it('the seed gives each row the id every phone derives (xuexiUsageRowId)', async () => {
    const { xuexiUsageRowId } = await import('../../src/domain/yearSetup')
    const { rows } = await db.sql.query<{ id: string; branch_id: string; month: string }>(
      `select id, branch_id, to_char(month, 'YYYY-MM-DD') as month from public.xuexi_usage`,
    )
    expect(rows).toHaveLength(36)
    for (const row of rows) expect(row.id).toBe(xuexiUsageRowId(row.branch_id, row.month))
  })
})

describe('the seed made in another year', () => {
  it('has that year\'s two templates, two persons and two units signed, and twelve months of 学习强国 before it', async () => {
    const other = await createTestDb({ seed: false })
    try {
      const seed = (await schemaFiles({ seed: true })).at(-1)!
      await other.sql.exec(`set zhibu.demo_day = '2027-03-10'`)
      await other.sql.exec(seed.sql)
      const progress = await runAs(other.sql, ACTORS.admin, async (tx) =>
        (await tx.query<{ p: { persons: { signed: number }; units: { signed: number; total: number } } }>('select public.pledge_progress(2027) as p')).rows[0]!.p,
      )
      expect(progress.persons.signed).toBe(2)
      expect(progress.units).toMatchObject({ signed: 2, total: 5 })
      const { rows } = await other.sql.query<{ first: string; last: string; n: number }>(
        `select to_char(min(month), 'YYYY-MM-DD') as first, to_char(max(month), 'YYYY-MM-DD') as last, count(*)::int as n from public.xuexi_usage`,
      )
      expect(rows[0]).toEqual({ first: '2026-03-01', last: '2027-02-01', n: 36 })
    } finally {
      await other.close()
    }
  })
})
