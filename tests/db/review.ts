/**
 * The review aggregates on the fixed world of review-fixture.ts: every figure against a value
 * counted by hand, and who may ask for what. Run on PGlite (review.test.ts) and on a real
 * PostgreSQL server (review-realpg.test.ts); the fixture lives beside the demo data, in its own
 * organisations.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { expectError, runAs, type SqlClient } from '../helpers/sql'
import { ACTORS, BRANCH } from '../helpers/roles'
import { actor, BR, EV, FIXTURE_SQL, GRP, M, ORG_A, YEAR, type ReviewActor } from './review-fixture'

type Json = Record<string, unknown>

/** Figures whose source the demo data does not hold yet (null: 暂无数据). */
const NOT_IN_DEMO_YET: string[] = []

export function reviewSuite(db: () => SqlClient): void {
  beforeAll(async () => {
    await db().exec(FIXTURE_SQL)
  })

  const call = async <T = Json>(who: ReviewActor, sql: string, params: unknown[] = []): Promise<T> =>
    runAs(db(), actor(who), async (tx) => (await tx.query<{ r: T }>(`select ${sql} as r`, params)).rows[0]!.r)
  const refused = async (who: ReviewActor, sql: string, params: unknown[] = []) =>
    (await expectError(() => call(who, sql, params))).code

  const row = (branch: string | null, month: number, kind: string, events: number, expected: number, present: number, late: number, leave: number, absent: number) => ({
    branch_id: branch, month, kind, events, expected, present, late, leave, absent,
  })

  describe('review_participation', () => {
    it('counts held events by branch, China-time month and kind; org-wide events once, apart', async () => {
      const answer = await call<{ year: number; rows: Json[] }>('leaderA', 'public.review_participation($1)', [YEAR])
      expect(answer).toEqual({
        year: YEAR,
        rows: [
          // 全局学习: the six party members of 甲 (m5 transferred, n3 deleted): m1, n1 present, n2 late.
          row(null, 7, 'group_study', 1, 6, 2, 1, 0, 3),
          // 业务培训: open to all staff (m6 too): m1 and m6 there, m2 on leave.
          row(null, 8, 'training', 1, 7, 2, 0, 1, 4),
          // 献血日: open to all staff; m1 and n2 there.
          row(null, 9, 'blood_drive', 1, 7, 2, 0, 0, 5),
          // 支委会 expects the committee (m1); m2's row is not expected and not counted.
          row(BR.a1, 3, 'committee_meeting', 1, 1, 1, 0, 0, 0),
          // 党员大会: m1 present, m2 late, m3 on approved leave, m4 no row; m5's row is a transferred member's.
          row(BR.a1, 3, 'general_meeting', 1, 4, 1, 1, 1, 1),
          row(BR.a1, 3, 'group_meeting', 1, 2, 1, 0, 0, 1),
          // 主题党日: only m2 counts (m1 待核实, m3 leave pending, m4 leave refused).
          row(BR.a1, 4, 'theme_day', 1, 4, 1, 0, 0, 3),
          // The cancelled study of May is not there; June's has no rows at all.
          row(BR.a1, 6, 'group_study', 1, 4, 0, 0, 0, 4),
          row(BR.a1, 6, 'seminar', 1, 4, 0, 0, 0, 4),
          // 20:00 on 31 December in China is December; 07:00 on 1 January (still 2025 in UTC) is not 2025.
          row(BR.a1, 12, 'party_lecture', 1, 4, 0, 0, 0, 4),
          row(BR.a2, 3, 'committee_meeting', 1, 1, 0, 0, 0, 1),
        ],
      })
    })

    it("gives a branch's secretary and organizer their branch, and its members at org-wide events", async () => {
      const answer = await call<{ rows: Json[] }>('secretaryA1', 'public.review_participation($1)', [YEAR])
      expect(answer.rows.slice(0, 3)).toEqual([
        row(null, 7, 'group_study', 1, 4, 1, 0, 0, 3),
        row(null, 8, 'training', 1, 5, 2, 0, 1, 2),
        row(null, 9, 'blood_drive', 1, 5, 1, 0, 0, 4),
      ])
      expect(answer.rows.map((r) => r.branch_id)).toEqual([null, null, null, BR.a1, BR.a1, BR.a1, BR.a1, BR.a1, BR.a1, BR.a1])
      expect(await call('organizerA1', 'public.review_participation($1)', [YEAR])).toEqual(answer)
    })

    it('never counts an event that has not started', async () => {
      const before = await call<{ rows: Json[] }>('leaderA', `public.review_participation(extract(year from now() at time zone 'Asia/Shanghai')::int)`)
      const after = await runAs(db(), actor('leaderA'), async (tx) => {
        await tx.exec(`reset role`)
        await tx.exec(`insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
          values (gen_random_uuid(), '${ORG_A}', '${BR.a1}', 'branch', 'group_study', '将来', now() + interval '1 minute')`)
        await tx.exec(`set local role authenticated`)
        return (await tx.query<{ r: { rows: Json[] } }>(`select public.review_participation(extract(year from now() at time zone 'Asia/Shanghai')::int) as r`)).rows[0]!.r
      })
      expect(after).toEqual(before)
    })

    it("never counts at a 党小组会 someone of another party group who has a row there", async () => {
      const cell = (answer: { rows: Json[] }) =>
        answer.rows.filter((r) => r.branch_id === BR.a1 && r.month === 3 && r.kind === 'group_meeting')
      const after = await runAs(db(), actor('leaderA'), async (tx) => {
        await tx.exec(`reset role`)
        // 甲三 is of the second group; the meeting is the first group's.
        await tx.exec(`insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at)
          values (gen_random_uuid(), '${ORG_A}', '${BR.a1}', '${EV.e3Group}', '${M.m3}', 'present', 'manual', '2025-03-12 13:59+08')`)
        await tx.exec(`set local role authenticated`)
        return (await tx.query<{ r: { rows: Json[] } }>(`select public.review_participation(${YEAR}) as r`)).rows[0]!.r
      })
      expect(cell(after)).toEqual([row(BR.a1, 3, 'group_meeting', 1, 2, 1, 0, 0, 1)])
    })
  })

  describe('review_held', () => {
    it("counts a branch's own held events with their record, and every party group's month", async () => {
      const answer = await call<{ rows: { branch_id: string; month: number; kind: string; held: number; group_id: string | null }[] }>(
        'leaderA',
        'public.review_held($1)',
        [YEAR],
      )
      expect(answer.rows.filter((r) => r.held > 0)).toEqual([
        { branch_id: BR.a1, month: 3, kind: 'committee_meeting', held: 1, group_id: null },
        { branch_id: BR.a1, month: 3, kind: 'general_meeting', held: 1, group_id: null },
        { branch_id: BR.a1, month: 3, kind: 'group_meeting', held: 1, group_id: GRP.g1 },
        // A 主题党日 with a checklist item done has its record; the studies have no minutes.
        { branch_id: BR.a1, month: 4, kind: 'theme_day', held: 1, group_id: null },
        { branch_id: BR.a1, month: 12, kind: 'party_lecture', held: 1, group_id: null },
      ])
      const empty = answer.rows.filter((r) => r.held === 0)
      expect(empty.filter((r) => r.group_id === GRP.g1).map((r) => r.month)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(empty.filter((r) => r.group_id === GRP.g2).map((r) => r.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(empty).toHaveLength(23)
    })
  })

  describe('review_branches', () => {
    it("lists the caller's organisation's branches with party members and staff", async () => {
      const answer = await call<{ branches: Json[] }>('leaderA', 'public.review_branches()')
      expect(answer.branches).toEqual([
        { id: BR.a1, name: '甲第一支部', unit_id: expect.any(String), unit_name: '办公室', active: true, party_members: 4, staff: 5 },
        { id: BR.a2, name: '甲第二支部', unit_id: expect.any(String), unit_name: '财务处', active: true, party_members: 2, staff: 2 },
      ])
      expect((await call<{ branches: Json[] }>('secretaryA2', 'public.review_branches()')).branches.map((b) => b.id)).toEqual([BR.a2])
      expect((await call<{ branches: Json[] }>('leaderB', 'public.review_branches()')).branches.map((b) => b.id)).toEqual([BR.b1])
    })
  })

  describe('review_totals', () => {
    const LEADER_A = {
      group_study_sessions: 2, // 集中学习 of June and the organisation's of July (not the cancelled, 2024's or 2026's)
      seminar_sessions: 1,
      three_meetings_held: 5, // 党员大会, two 支委会, 小组会, 党课
      party_lectures_held: 1,
      theme_days_held: 1,
      study_minutes: 135, // 30 + 45 + 60
      donation_fen: 37000, // 10000 + 2000 + 5000 + 20000 (not 2024's campaign)
      donation_persons: 3, // m1 gave twice
      donation_handed_over_fen: 37000,
      blood_donors: 2, // m1 (twice) and n2
      blood_ml: 900,
      visits_retired_member_persons: 1, // m4, visited by both branches
      visits_retired_member_funds_fen: 150000,
      visits_staff_hardship_persons: 2,
      visits_staff_hardship_funds_fen: 80000,
      visits_poverty_households: 3,
      visits_poverty_funds_fen: 300000,
      pledge_department_units: 1,
      pledge_subunit_units: 1,
      pledge_units_total: 4,
      pledge_persons: 3,
      pledge_persons_expected: 6, // active, not deleted: m1, m2, m3, m6, n1, n2
      xuexi_using: 5, // each branch's November: 4 + 1
      xuexi_total: 7,
      training_participants: 2, // m1 and m6 (m2 on leave)
    }
    const GOODS_A = [
      { name: '床上用品', unit: '批', quantity: 1 },
      { name: '电视机', unit: '台', quantity: 4 },
    ]

    it("adds up the year of the caller's organisation, each figure as counted by hand", async () => {
      expect(await call('leaderA', 'public.review_totals($1)', [YEAR])).toEqual({ year: YEAR, figures: LEADER_A, goods: GOODS_A })
      expect(await call('adminA', 'public.review_totals($1)', [YEAR])).toEqual({ year: YEAR, figures: LEADER_A, goods: GOODS_A })
    })

    it("gives a branch's committee its branch's figures (the organisation's unit pledges too)", async () => {
      const own = {
        ...LEADER_A,
        group_study_sessions: 1,
        three_meetings_held: 4,
        study_minutes: 75,
        donation_fen: 17000,
        donation_persons: 2,
        blood_donors: 1,
        blood_ml: 600,
        visits_retired_member_persons: 1,
        visits_retired_member_funds_fen: 100000,
        visits_staff_hardship_persons: null,
        visits_staff_hardship_funds_fen: null,
        pledge_persons: 2,
        pledge_persons_expected: 4,
        xuexi_using: 4,
        xuexi_total: 5,
      }
      const goods = [
        { name: '床上用品', unit: '批', quantity: 1 },
        { name: '电视机', unit: '台', quantity: 3 },
      ]
      expect(await call('secretaryA1', 'public.review_totals($1)', [YEAR])).toEqual({ year: YEAR, figures: own, goods })
      expect(await call('organizerA1', 'public.review_totals($1)', [YEAR])).toEqual({ year: YEAR, figures: own, goods })
    })

    it('says null where the year holds nothing to count, and never reads another organisation', async () => {
      const b = await call<{ figures: Json }>('leaderB', 'public.review_totals($1)', [YEAR])
      expect(b.figures).toEqual({
        ...Object.fromEntries(Object.keys(LEADER_A).map((k) => [k, null])),
        group_study_sessions: 1,
        seminar_sessions: 0,
        three_meetings_held: 0,
        party_lectures_held: 0,
        theme_days_held: 0,
        study_minutes: 999,
        donation_fen: 50000,
        donation_persons: 1,
        blood_donors: 1,
        blood_ml: 400,
        visits_poverty_households: 7,
        visits_poverty_funds_fen: 700000,
      })
      const empty = await call<{ figures: Json }>('leaderA', 'public.review_totals($1)', [2030])
      expect(Object.values(empty.figures).every((v) => v === null)).toBe(true)
    })
  })

  describe('review_figure_records', () => {
    it('lists the records a figure counts, one per person where the figure counts persons', async () => {
      const donors = await call<{ figure: string; rows: Json[] }>('leaderA', 'public.review_figure_records($1, $2)', [YEAR, 'donation_persons'])
      expect(donors.figure).toBe('donation_persons')
      expect(donors.rows.map((r) => [r.id, r.label, r.value])).toEqual([
        [M.m2, '甲二', 5000],
        [M.m1, '甲一', 12000],
        [M.n1, '乙一', 20000],
      ])
      const blood = await call<{ rows: Json[] }>('leaderA', 'public.review_figure_records($1, $2)', [YEAR, 'blood_donors'])
      expect(blood.rows.map((r) => [r.id, r.value])).toEqual([
        [M.n2, 300],
        [M.m1, 600],
      ])
      const sessions = await call<{ rows: Json[] }>('leaderA', 'public.review_figure_records($1, $2)', [YEAR, 'group_study_sessions'])
      expect(sessions.rows.map((r) => [r.id, r.on, r.branch_name])).toEqual([
        [EV.e6Study, '2025-06-10', '甲第一支部'],
        [EV.o1Study, '2025-07-01', null],
      ])
      const mine = await call<{ rows: Json[] }>('secretaryA1', 'public.review_figure_records($1, $2)', [YEAR, 'donation_fen'])
      expect(mine.rows.map((r) => r.value)).toEqual([10000, 5000, 2000])
    })

    it('refuses a figure it does not know (22023)', async () => {
      expect(await refused('leaderA', 'public.review_figure_records($1, $2)', [YEAR, 'nonsense'])).toBe('22023')
    })
  })

  describe('review_branch_events and review_event_attendance', () => {
    it("lists a branch's events of the year with their counts, cancelled ones marked", async () => {
      const answer = await call<{ events: Json[] }>('secretaryA1', 'public.review_branch_events($1, $2)', [BR.a1, YEAR])
      expect(answer.events.map((e) => [e.id, e.status, e.expected, e.present, e.late, e.leave, e.absent])).toEqual([
        [EV.e2Committee, 'held', 1, 1, 0, 0, 0],
        [EV.e1General, 'held', 4, 1, 1, 1, 1],
        [EV.e3Group, 'held', 2, 1, 0, 0, 1],
        [EV.e4Theme, 'held', 4, 1, 0, 0, 3],
        [EV.e5StudyCancelled, 'cancelled', 4, 1, 0, 0, 0],
        [EV.e6Study, 'held', 4, 0, 0, 0, 4],
        [EV.e7Seminar, 'held', 4, 0, 0, 0, 4],
        [EV.e8LectureDec31, 'held', 4, 0, 0, 0, 4],
      ])
    })

    it('names each person and state at an event, never a reason', async () => {
      const answer = await call<{ event: Json; rows: Json[] }>('leaderA', 'public.review_event_attendance($1)', [EV.e1General])
      expect(answer.event).toMatchObject({ id: EV.e1General, kind: 'general_meeting', title: '党员大会', status: 'held', branch_name: '甲第一支部' })
      expect(answer.rows.map((r) => [r.member_id, r.name, r.group_name, r.status])).toEqual([
        // By branch, then name in code-point order (一 三 二 五 四), the same on every server.
        [M.m1, '甲一', '第一小组', 'present'],
        [M.m3, '甲三', '第二小组', 'leave'],
        [M.m2, '甲二', '第一小组', 'late'],
        [M.m5, '甲五', '第一小组', 'present'],
        [M.m4, '甲四', '第二小组', 'none'],
      ])
      expect(Object.keys(answer.rows[0]!).sort()).toEqual(['checked_in_at', 'group_name', 'member_id', 'name', 'status'])
      const theme = await call<{ rows: Json[] }>('leaderA', 'public.review_event_attendance($1)', [EV.e4Theme])
      expect(theme.rows.map((r) => r.status)).toEqual(['pending', 'leavePending', 'present', 'leaveRejected'])
    })

    it("shows a branch's committee only its own members at an org-wide event", async () => {
      const leader = await call<{ rows: Json[] }>('leaderA', 'public.review_event_attendance($1)', [EV.o1Study])
      expect(leader.rows.map((r) => r.member_id)).toEqual([M.m1, M.m3, M.m2, M.m4, M.n1, M.n2])
      const secretary = await call<{ rows: Json[] }>('secretaryA1', 'public.review_event_attendance($1)', [EV.o1Study])
      expect(secretary.rows.map((r) => [r.member_id, r.status])).toEqual([
        [M.m1, 'present'],
        [M.m3, 'none'],
        [M.m2, 'none'],
        [M.m4, 'none'],
      ])
    })
  })

  describe('the API', () => {
    const SHAPES = [
      ['review_participation', 'p_year integer'],
      ['review_held', 'p_year integer'],
      ['review_branches', ''],
      ['review_totals', 'p_year integer'],
      ['review_figure_records', 'p_year integer, p_figure text'],
      ['review_branch_events', 'p_branch_id uuid, p_year integer'],
      ['review_event_attendance', 'p_event_id uuid'],
    ] as const

    it('serves each function from an invoker entry point in public over a stable definer in app_private', async () => {
      const rows = await db().query<Json>(
        `select p.proname as name, n.nspname as schema, pg_get_function_arguments(p.oid) as args,
                pg_get_function_result(p.oid) as result, p.provolatile::text as volatility, p.prosecdef as definer,
                has_function_privilege('anon', p.oid, 'execute') as anon,
                has_function_privilege('authenticated', p.oid, 'execute') as authenticated
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.proname = any ($1) and n.nspname in ('public', 'app_private')
          order by p.proname, n.nspname`,
        [SHAPES.map(([name]) => name)],
      )
      const shape = (name: string, args: string, schema: string) => ({
        name, schema, args, result: 'jsonb', volatility: 's', definer: schema === 'app_private', anon: false, authenticated: true,
      })
      expect(rows.rows).toEqual(
        [...SHAPES].sort(([a], [b]) => a.localeCompare(b)).flatMap(([name, args]) => [shape(name, args, 'app_private'), shape(name, args, 'public')]),
      )
    })
  })

  describe('review_event_counts against review_roll', () => {
    // The counts per event are worked out from the attendance index without pairing people with
    // events; review_roll pairs every expected person with each event. Both must agree on every
    // event of every organisation in the database (this fixture and the demo's year), for the whole
    // organisation and for each branch as a secretary sees it, held or not.
    it('gives every event the same expected, present, late, leave and absent counts', async () => {
      const scopes = (
        await db().query<{ org: string; branches: string[] | null }>(
          `select o.id as org, null::uuid[] as branches from public.orgs o
           union all
           select b.org_id, array[b.id] from public.branches b where not b._deleted
           order by 1, 2 nulls first`,
        )
      ).rows
      const compared = await db().query<{ org: string; branches: string[] | null; events: number; differing: Json[] }>(
        `select s.org, s.branches,
                (select count(*)::int from app_private.review_event_counts(s.org, s.branches, '-infinity', 'infinity', false)) as events,
                coalesce((select jsonb_agg(d) from (
                  (select c.event_id, c.expected, c.present, c.late, c.leave, c.absent
                   from app_private.review_event_counts(s.org, s.branches, '-infinity', 'infinity', false) c
                   where c.expected + c.present + c.late + c.leave + c.absent > 0
                   except
                   select r.event_id, count(*) filter (where r.expected), count(*) filter (where r.expected and r.state = 'present'),
                     count(*) filter (where r.expected and r.state = 'late'), count(*) filter (where r.expected and r.state = 'leave'),
                     count(*) filter (where r.expected and r.state = 'absent')
                   from app_private.review_roll(s.org, s.branches, '-infinity', 'infinity', null) r
                   group by r.event_id)
                  union all
                  (select r.event_id, count(*) filter (where r.expected), count(*) filter (where r.expected and r.state = 'present'),
                     count(*) filter (where r.expected and r.state = 'late'), count(*) filter (where r.expected and r.state = 'leave'),
                     count(*) filter (where r.expected and r.state = 'absent')
                   from app_private.review_roll(s.org, s.branches, '-infinity', 'infinity', null) r
                   group by r.event_id
                   having count(*) filter (where r.expected) > 0
                   except
                   select c.event_id, c.expected, c.present, c.late, c.leave, c.absent
                   from app_private.review_event_counts(s.org, s.branches, '-infinity', 'infinity', false) c)) d), '[]') as differing
         from jsonb_to_recordset($1::jsonb) as s (org uuid, branches uuid[])`,
        [JSON.stringify(scopes)],
      )
      expect(compared.rows.filter((r) => r.differing.length > 0)).toEqual([])
      // The comparison covered real years: the demo's organisation alone holds well over 100 events.
      expect(compared.rows.length).toBe(scopes.length)
      expect(Math.max(...compared.rows.map((r) => r.events))).toBeGreaterThan(100)
    })
  })

  describe('the demo data', () => {
    // The demo's fixed rows (campaign, pledges, visits) are of 2026 and its generated year reaches
    // back twelve months from the day the database is made.
    it('gives the demo year a number for every figure whose source exists', async () => {
      const totals = await runAs(db(), ACTORS.leader, async (tx) =>
        (await tx.query<{ r: { figures: Record<string, number | null> } }>('select public.review_totals(2026) as r')).rows[0]!.r)
      const missing = Object.entries(totals.figures).filter(([, v]) => v === null).map(([k]) => k)
      expect(missing.sort()).toEqual(NOT_IN_DEMO_YET)
    })
  })

  describe('who may ask', () => {
    const ALL = [
      ['public.review_participation($1)', [YEAR]],
      ['public.review_held($1)', [YEAR]],
      ['public.review_branches()', []],
      ['public.review_totals($1)', [YEAR]],
      ['public.review_figure_records($1, $2)', [YEAR, 'donation_fen']],
      ['public.review_branch_events($1, $2)', [BR.a1, YEAR]],
      ['public.review_event_attendance($1)', [EV.e1General]],
    ] as const

    for (const who of ['memberA1', 'nobody', 'anon'] as const) {
      it(`refuses ${who} every review function (42501)`, async () => {
        for (const [sql, params] of ALL) expect([sql, await refused(who, sql, [...params])]).toEqual([sql, '42501'])
      })
    }

    it('refuses the demo member, and lets the demo leader read only the demo organisation', async () => {
      const demo = (name: 'member' | 'leader', sql: string, params: unknown[]) =>
        runAs(db(), ACTORS[name], async (tx) => (await tx.query<{ r: Json }>(`select ${sql} as r`, params)).rows[0]!.r)
      expect((await expectError(() => demo('member', 'public.review_totals($1)', [YEAR]))).code).toBe('42501')
      expect((await expectError(() => demo('leader', 'public.review_branch_events($1, $2)', [BR.a1, YEAR]))).code).toBe('42501')
      expect((await expectError(() => demo('leader', 'public.review_event_attendance($1)', [EV.e1General]))).code).toBe('42501')
      const branches = (await demo('leader', 'public.review_branches()', [])) as { branches: Json[] }
      expect(branches.branches.map((b) => b.id)).toEqual([BRANCH.first, BRANCH.second, BRANCH.retired])
    })

    it("refuses a secretary another branch's events, and everyone another organisation's", async () => {
      expect(await refused('secretaryA1', 'public.review_branch_events($1, $2)', [BR.a2, YEAR])).toBe('42501')
      expect(await refused('secretaryA1', 'public.review_event_attendance($1)', [EV.f1Committee])).toBe('42501')
      expect(await refused('organizerA1', 'public.review_event_attendance($1)', [EV.f1Committee])).toBe('42501')
      expect(await refused('secretaryA2', 'public.review_branch_events($1, $2)', [BR.a1, YEAR])).toBe('42501')
      expect(await refused('secretaryA2', 'public.review_event_attendance($1)', [EV.e1General])).toBe('42501')
      expect(await refused('leaderA', 'public.review_branch_events($1, $2)', [BR.b1, YEAR])).toBe('42501')
      expect(await refused('leaderA', 'public.review_event_attendance($1)', [EV.x1Study])).toBe('42501')
      expect(await refused('adminA', 'public.review_event_attendance($1)', [EV.x1Study])).toBe('42501')
      expect(await refused('secretaryB1', 'public.review_branch_events($1, $2)', [BR.a1, YEAR])).toBe('42501')
      expect(await refused('leaderA', 'public.review_event_attendance($1)', ['a6000000-0000-4000-8000-999999999999'])).toBe('42501')
    })

    it('refuses a year outside 2000-2100 (22023)', async () => {
      expect(await refused('leaderA', 'public.review_totals($1)', [1999])).toBe('22023')
    })
  })
}
