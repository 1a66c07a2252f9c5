/**
 * review_member_attendance (20261201008100_review_counts.sql): each person's attendance over the
 * year's held events, on the fixed world of review-fixture.ts, every count worked out by hand from
 * its rows; and who may ask. Run on PGlite (review-member-attendance.test.ts) and on a real
 * PostgreSQL server (review-member-attendance-realpg.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { expectError, runAs, type SqlClient } from '../helpers/sql'
import { actor, BR, FIXTURE_SQL, M, YEAR, type ReviewActor } from './review-fixture'

interface Row {
  member_id: string
  name: string
  branch_id: string
  branch_name: string
  group_name: string | null
  expected: number
  present: number
  late: number
  leave: number
  absent: number
}

const row = (member: string, name: string, branch: 'a1' | 'a2', group: string | null, expected: number, present: number, late: number, leave: number, absent: number): Row => ({
  member_id: member, name, branch_id: BR[branch], branch_name: branch === 'a1' ? '甲第一支部' : '甲第二支部', group_name: group,
  expected, present, late, leave, absent,
})

/**
 * 甲's held events of 2025: 甲第一支部's 党员大会, 主题党日, 集中学习 (June), 集中研讨, 年末党课 (party
 * members), its 支委会 (the committee: m1), its first group's 小组会 (m1, m2); 甲第二支部's 支委会 (n1);
 * the organisation's 全局学习 (party members), 献血日 and 业务培训 (all staff). Not the cancelled study,
 * 2024's or 2026's. m5 (transferred) and n3 (deleted) are not listed.
 */
const LEADER_A: Row[] = [
  // 5 branch + 支委会 + 小组会 + 3 org-wide; present at 党员大会, 支委会, 小组会 and the three org-wide
  // (主题党日 待核实 is not presence).
  row(M.m1, '甲一', 'a1', '第一小组', 10, 6, 0, 0, 4),
  // 5 branch + 3 org-wide: on approved leave at 党员大会; leave pending at 主题党日 is not leave.
  row(M.m3, '甲三', 'a1', '第二小组', 8, 0, 0, 1, 7),
  // 5 branch + 小组会 + 3 org-wide: late at 党员大会, present (verified) at 主题党日, marked absent at
  // 小组会, on leave at 业务培训; the 支委会 row is not counted (not on the committee).
  row(M.m2, '甲二', 'a1', '第一小组', 9, 1, 1, 1, 6),
  // 群众: only the open 献血日 and 业务培训 expect him; present at 业务培训.
  row(M.m6, '甲六', 'a1', null, 2, 1, 0, 0, 1),
  // Retired, still expected: refused leave at 主题党日 is not leave.
  row(M.m4, '甲四', 'a1', '第二小组', 8, 0, 0, 0, 8),
  // 二支委会 (marked absent) and the three org-wide: present at 全局学习.
  row(M.n1, '乙一', 'a2', null, 4, 1, 0, 0, 3),
  // The three org-wide: late at 全局学习, present at 献血日.
  row(M.n2, '乙二', 'a2', null, 3, 1, 1, 0, 1),
]

export function memberAttendanceSuite(db: () => SqlClient): void {
  beforeAll(async () => {
    await db().exec(FIXTURE_SQL)
  })

  const call = async (who: ReviewActor, year = YEAR) =>
    runAs(db(), actor(who), async (tx) => (await tx.query<{ r: { year: number; rows: Row[] } }>('select public.review_member_attendance($1) as r', [year])).rows[0]!.r)

  describe('review_member_attendance', () => {
    it("gives leaders and admins every person of the organisation, counted by hand", async () => {
      expect(await call('leaderA')).toEqual({ year: YEAR, rows: LEADER_A })
      expect(await call('adminA')).toEqual({ year: YEAR, rows: LEADER_A })
    })

    it('adds up to the participation figures of the same year', async () => {
      const participation = await runAs(db(), actor('leaderA'), async (tx) =>
        (await tx.query<{ r: { rows: Row[] } }>('select public.review_participation($1) as r', [YEAR])).rows[0]!.r.rows)
      const sum = (rows: Row[], key: 'expected' | 'present' | 'late' | 'leave' | 'absent') => rows.reduce((n, r) => n + r[key], 0)
      for (const key of ['expected', 'present', 'late', 'leave', 'absent'] as const) {
        expect([key, sum(LEADER_A, key)]).toEqual([key, sum(participation, key)])
      }
    })

    it("gives a branch's secretary and organizer their branch's people only", async () => {
      const own = LEADER_A.filter((r) => r.branch_id === BR.a1)
      expect(await call('secretaryA1')).toEqual({ year: YEAR, rows: own })
      expect(await call('organizerA1')).toEqual({ year: YEAR, rows: own })
      expect((await call('secretaryA2')).rows.map((r) => r.member_id)).toEqual([M.n1, M.n2])
    })

    it('never reads another organisation, and counts nothing in a year without events', async () => {
      expect((await call('leaderB')).rows).toEqual([
        { member_id: M.b1, name: '丙一', branch_id: BR.b1, branch_name: '乙支部', group_name: null, expected: 1, present: 1, late: 0, leave: 0, absent: 0 },
      ])
      const empty = await call('leaderA', 2030)
      expect(empty.rows.map((r) => r.expected + r.present + r.late + r.leave + r.absent)).toEqual(LEADER_A.map(() => 0))
    })

    it('answers names and counts only', async () => {
      const [first] = (await call('leaderA')).rows
      expect(Object.keys(first!).sort()).toEqual(['absent', 'branch_id', 'branch_name', 'expected', 'group_name', 'late', 'leave', 'member_id', 'name', 'present'])
    })

    for (const who of ['memberA1', 'nobody', 'anon'] as const) {
      it(`refuses ${who} (42501)`, async () => {
        expect((await expectError(() => call(who))).code).toBe('42501')
      })
    }

    it('refuses a year outside 2000-2100 (22023)', async () => {
      expect((await expectError(() => call('leaderA', 1999))).code).toBe('22023')
    })

    it('is an invoker entry point in public over a stable definer in app_private, for authenticated only', async () => {
      const { rows } = await db().query(
        `select n.nspname as schema, p.prosecdef as definer, p.provolatile::text as volatility,
                has_function_privilege('anon', p.oid, 'execute') as anon,
                has_function_privilege('authenticated', p.oid, 'execute') as authenticated
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.proname = 'review_member_attendance' order by 1`,
      )
      expect(rows).toEqual([
        { schema: 'app_private', definer: true, volatility: 's', anon: false, authenticated: true },
        { schema: 'public', definer: false, volatility: 's', anon: false, authenticated: true },
      ])
    })
  })
}
