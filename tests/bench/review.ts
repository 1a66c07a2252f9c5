/**
 * `npm run bench:review`: the leaders' review aggregates (supabase/migrations/20261201006000_review.sql)
 * at the size of a large agency. A database with the migrations gets, by SQL, an organisation of
 * 50 branches × 40 members and a year of branch life (every obligation of the compliance calendar,
 * studies, seminars, service, drives, organisation-wide events, attendance for each, study logs,
 * donations, blood, visits, pledges); then each review function is called as a leader (and the
 * branch ones as a secretary) BENCH_RUNS times (default 9, at least 7) after one warm-up, and its
 * server time (EXPLAIN ANALYZE's execution time, without per-node timing) is reported as the median,
 * on PGlite and on a real PostgreSQL server when one is installed, with its ratio to a plain scan of
 * the attendance table measured the same way (the machine's speed at that moment: a loaded machine
 * slows both). Budget (DESIGN.md §8): < 100 ms each on PostgreSQL.
 *
 * Before and after: each backend first gets the migrations before 20261201008100_review_counts.sql
 * (the review reading a year's attendance on every call), the data, and a round of timings; then
 * that migration and the later ones (the kept counts, counted from the data as the migration
 * runs), and the same timings again, on the same data.
 *
 * Sections: the server part is `benchReviewServer()`; the 统计 route's JavaScript size and drawing
 * time in Chromium are measured by the client part (tests/bench/review-web.ts), run after it.
 */
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import pg from 'pg'
import { pgliteClient, schemaFiles } from '../helpers/pglite'
import { pgClient, realPostgresAvailable, startRealPostgres } from '../helpers/realpg'
import type { SqlClient } from '../helpers/sql'

const RUNS = Math.max(7, Number(process.env.BENCH_RUNS ?? 9))
const BUDGET_MS = 100
const BRANCHES = 50
const MEMBERS_PER_BRANCH = 40

const ORG = 'b0000000-0000-4000-8000-000000000001'
const LEADER = 'b4000000-0000-4000-8000-000000000001'
const SECRETARY = 'b4000000-0000-4000-8000-000000000002'
/** The first generated branch (the secretary's). */
const FIRST_BRANCH = `b2000000-0000-4000-8000-${'1'.padStart(12, '0')}`

/** A year that has ended in China time, so that every event of it was held. */
const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) - 1

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The organisation and its year, all in SQL (deterministic: dice are md5 of ids). */
export function generateSql(year = YEAR): string {
  const y = year
  // Triggers off while generating (sync columns keep their defaults; the rows are valid by construction).
  return `
set session_replication_role = replica;
create function pg_temp.roll(k text) returns int language sql immutable as $$ select ('x' || substr(md5(k), 1, 6))::bit(24)::int % 100 $$;
create function pg_temp.bid(prefix text, n int) returns uuid language sql immutable as $$ select (prefix || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;

insert into public.orgs (id, org_id, name) values ('${ORG}', '${ORG}', '基准局');
insert into public.units (id, org_id, name, kind, sort_order)
select pg_temp.bid('b1000000', n), '${ORG}', '单位' || n, case when n <= 25 then 'department' else 'subunit' end, n
from generate_series(1, ${BRANCHES}) n;
insert into public.branches (id, org_id, unit_id, name, sort_order)
select pg_temp.bid('b2000000', n), '${ORG}', pg_temp.bid('b1000000', n), '第' || n || '党支部', n from generate_series(1, ${BRANCHES}) n;
insert into public.party_groups (id, org_id, branch_id, name, sort_order)
select pg_temp.bid('b3000000', (n - 1) * 3 + g), '${ORG}', pg_temp.bid('b2000000', n), '第' || g || '党小组', g
from generate_series(1, ${BRANCHES}) n, generate_series(1, 3) g;
insert into public.members (id, org_id, branch_id, group_id, unit_id, name, member_type, status, is_committee)
select pg_temp.bid('b5000000', (n - 1) * ${MEMBERS_PER_BRANCH} + i), '${ORG}', pg_temp.bid('b2000000', n),
  pg_temp.bid('b3000000', (n - 1) * 3 + 1 + i % 3), pg_temp.bid('b1000000', n), '党员' || n || '-' || i,
  case when i % 10 = 0 then 'probationary' else 'full' end,
  case when i > 37 then 'retired' else 'active' end, i <= 5
from generate_series(1, ${BRANCHES}) n, generate_series(1, ${MEMBERS_PER_BRANCH}) i;
insert into public.user_roles (id, org_id, branch_id, user_id, role) values
  (gen_random_uuid(), '${ORG}', null, '${LEADER}', 'leader'),
  (gen_random_uuid(), '${ORG}', '${FIRST_BRANCH}', '${SECRETARY}', 'secretary');

-- The year's events of each branch: the calendar's obligations and the rest of branch life.
create temporary table bench_plan (kind text, months int[], per_group boolean, audience text);
insert into bench_plan values
  ('committee_meeting', '{1,2,3,4,5,6,7,8,9,10,11,12}', false, 'committee'),
  ('group_meeting', '{1,2,3,4,5,6,7,8,9,10,11,12}', true, 'group'),
  ('theme_day', '{1,2,3,4,5,6,7,8,9,10,11,12}', false, 'branch'),
  ('general_meeting', '{1,4,7,10}', false, 'branch'),
  ('party_lecture', '{3,6,9,12}', false, 'branch'),
  ('org_life_meeting', '{1}', false, 'branch'),
  ('member_appraisal', '{1}', false, 'branch'),
  ('group_study', '{2,4,6,8,10,12}', false, 'branch'),
  ('seminar', '{3,6,9,12}', false, 'branch'),
  ('volunteer', '{5,9}', false, 'branch'),
  ('donation_drive', '{5}', false, 'branch'),
  ('visit', '{1,7}', false, 'branch');
insert into public.events (id, org_id, branch_id, group_id, audience, kind, title, starts_at, minutes, checklist_done, cancelled_at, cancel_reason)
select md5(b.id::text || p.kind || m || coalesce(g.id::text, ''))::uuid, '${ORG}', b.id, case when p.per_group then g.id end, p.audience, p.kind, p.kind || ' ' || m,
  make_timestamptz(${y}, m, 10 + coalesce(g.sort_order, 0), 9, 0, 0, 'Asia/Shanghai'),
  case when pg_temp.roll(b.id::text || p.kind || m || coalesce(g.id::text, '')) < 90 then '会议纪要' end,
  case when p.kind = 'theme_day' then '["有主题"]'::jsonb else '[]'::jsonb end,
  case when pg_temp.roll('c' || b.id::text || p.kind || m) < 3 then make_timestamptz(${y}, m, 1, 9, 0, 0, 'Asia/Shanghai') end,
  case when pg_temp.roll('c' || b.id::text || p.kind || m) < 3 then '改期' end
from public.branches b
cross join bench_plan p
cross join unnest(p.months) m
left join public.party_groups g on p.per_group and g.branch_id = b.id
where b.org_id = '${ORG}';
-- The organisation's own: monthly study, two blood drives.
insert into public.events (id, org_id, branch_id, audience, kind, title, starts_at)
select md5('org' || m)::uuid, '${ORG}', null, 'org', case when m in (4, 9) then 'blood_drive' else 'group_study' end, '全局活动 ' || m,
  make_timestamptz(${y}, m, 25, 14, 30, 0, 'Asia/Shanghai')
from generate_series(1, 12) m;

-- Attendance of everyone expected (a branch event: the audience; an org-wide one: two in five).
insert into public.attendance (id, org_id, branch_id, event_id, member_id, status, method, checked_in_at, leave_status, decided_at)
select md5(x.event_id::text || x.member_id::text)::uuid, '${ORG}', x.branch_id, x.event_id, x.member_id,
  case when x.r < 80 then 'present' when x.r < 86 then 'late' when x.r < 94 then 'leave' else 'absent' end,
  case when x.r < 86 then 'manual' end,
  case when x.r < 86 then x.starts_at end,
  case when x.r >= 86 and x.r < 94 then case when x.r = 93 then 'rejected' else 'approved' end end,
  case when x.r >= 86 and x.r < 94 then x.starts_at - interval '1 day' end
from (
  select e.id as event_id, m.id as member_id, m.branch_id, e.starts_at, pg_temp.roll(e.id::text || m.id::text) as r
  from public.events e join public.members m on m.org_id = e.org_id
  where e.org_id = '${ORG}' and e.cancelled_at is null
    and case
          when e.branch_id is null then pg_temp.roll('o' || e.id::text || m.id::text) < 40
          when m.branch_id <> e.branch_id then false
          when e.audience = 'committee' then m.is_committee
          when e.audience = 'group' then m.group_id = e.group_id
          else true
        end
) x;

insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic, source)
select gen_random_uuid(), '${ORG}', m.branch_id, m.id, make_date(${y}, 1, 1) + (k * 15), 30 + (k % 4) * 15, '学习' || k, '学习强国'
from public.members m, generate_series(0, 23) k where m.org_id = '${ORG}';

insert into public.donation_campaigns (id, org_id, name, year) values ('b7000000-0000-4000-8000-000000000001', '${ORG}', '博爱一日捐', ${y});
insert into public.donations (id, org_id, branch_id, campaign_id, member_id, amount_fen, donated_on)
select gen_random_uuid(), '${ORG}', m.branch_id, 'b7000000-0000-4000-8000-000000000001', m.id, 5000 + pg_temp.roll('d' || m.id::text) * 100, make_date(${y}, 5, 10)
from public.members m where m.org_id = '${ORG}' and pg_temp.roll('d' || m.id::text) < 90;

insert into public.blood_donations (id, org_id, branch_id, event_id, member_id, volume_ml, donated_on)
select gen_random_uuid(), '${ORG}', a.branch_id, a.event_id, a.member_id, 200 + 100 * (pg_temp.roll('v' || a.id::text) % 3), (e.starts_at at time zone 'Asia/Shanghai')::date
from public.attendance a join public.events e on e.id = a.event_id
where e.kind = 'blood_drive' and a.status in ('present', 'late') and pg_temp.roll('b' || a.id::text) < 40;

insert into public.visits (id, org_id, branch_id, kind, visited_on, place, households, persons, funds_fen, goods)
select gen_random_uuid(), '${ORG}', b.id, (array['poverty', 'retired_member', 'staff_hardship'])[1 + k % 3], make_date(${y}, 1 + k * 2, 20),
  '走访地点', 1 + k % 2, 1 + k % 3, 50000 * (1 + k % 4), '慰问品'
from public.branches b, generate_series(0, 5) k where b.org_id = '${ORG}';

insert into public.pledge_templates (id, org_id, year, kind, title, body, body_sha256) values
  ('b8000000-0000-4000-8000-000000000001', '${ORG}', ${y}, 'personal', '承诺书', '承诺', encode(sha256(convert_to('承诺', 'UTF8')), 'hex')),
  ('b8000000-0000-4000-8000-000000000002', '${ORG}', ${y}, 'department', '责任书', '责任', encode(sha256(convert_to('责任', 'UTF8')), 'hex'));
insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
select gen_random_uuid(), '${ORG}', m.branch_id, t.id, m.id, null, m.name, t.body_sha256, '[[[1, 1, 0], [2, 2, 1], [3, 3, 2]]]', make_timestamptz(${y}, 2, 3, 10, 0, 0, 'Asia/Shanghai')
from public.members m, public.pledge_templates t
where m.org_id = '${ORG}' and t.id = 'b8000000-0000-4000-8000-000000000001' and m.status = 'active' and pg_temp.roll('p' || m.id::text) < 90;
insert into public.pledge_signatures (id, org_id, branch_id, template_id, member_id, unit_id, signer_name, signed_text_sha256, strokes, signed_at)
select gen_random_uuid(), '${ORG}', null, t.id, null, u.id, u.name, t.body_sha256, '[[[1, 1, 0], [2, 2, 1], [3, 3, 2]]]', make_timestamptz(${y}, 2, 10, 10, 0, 0, 'Asia/Shanghai')
from public.units u, public.pledge_templates t
where u.org_id = '${ORG}' and t.id = 'b8000000-0000-4000-8000-000000000002';
set session_replication_role = default;
-- The review's kept counts (20261201008100_review_counts.sql) are kept by triggers: count them now.
do $$ begin
  if to_regprocedure('app_private.review_counts_rebuild()') is not null then perform app_private.review_counts_rebuild(); end if;
end $$;
analyze;
`
}

/** The first migration of the kept review counts: the bench's "after". */
const AFTER_FROM = '20261201008100'

/** Applies the schema files before (`before`) or from (`after`) the kept review counts' migration. */
async function applyPart(exec: (sql: string) => Promise<unknown>, part: 'before' | 'after'): Promise<void> {
  const files = await schemaFiles({ seed: false })
  const cut = files.findIndex((f) => f.name.includes(AFTER_FROM))
  for (const file of part === 'before' ? files.slice(0, cut) : files.slice(cut)) await exec(file.sql)
}

/**
 * VACUUM after generating, as autovacuum does on a running server soon after such inserts: it sets
 * the visibility map, without which an index-only scan (attendance_review_idx) still reads the table
 * for every row and the planner does not choose it. Outside generateSql(), since VACUUM cannot run
 * inside a transaction; repeated while a snapshot older than the inserts (an autovacuum worker's)
 * keeps pages from being marked all-visible.
 */
export async function settle(db: SqlClient): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await db.exec('vacuum analyze public.attendance, public.study_logs, public.events')
    const { rows } = await db.query<{ pending: number }>(
      `select count(*)::int as pending from pg_class
       where oid in ('public.attendance'::regclass, 'public.study_logs'::regclass, 'public.events'::regclass)
         and relallvisible < relpages`,
    )
    if (rows[0]!.pending === 0) return
    if (attempt === 10) {
      console.warn('!!! the visibility map is still incomplete after 10 VACUUMs: index-only scans will read the table')
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

export interface Timing {
  name: string
  medianMs: number
  minMs: number
  maxMs: number
}

/** The review calls timed (as the leader, and the branch ones as the secretary too). */
function calls(db: SqlClient): Promise<{ name: string; user: string; sql: string }[]> {
  return db
    .query<{ id: string }>(
      `select e.id from public.events e where e.branch_id = $1 and e.kind = 'general_meeting' order by e.starts_at limit 1`,
      [FIRST_BRANCH],
    )
    .then(({ rows }) => {
      const event = rows[0]!.id
      return [
        { name: 'review_participation', user: LEADER, sql: `public.review_participation(${YEAR})` },
        { name: 'review_held', user: LEADER, sql: `public.review_held(${YEAR})` },
        { name: 'review_branches', user: LEADER, sql: `public.review_branches()` },
        { name: 'review_totals', user: LEADER, sql: `public.review_totals(${YEAR})` },
        { name: 'review_figure_records (donation_persons)', user: LEADER, sql: `public.review_figure_records(${YEAR}, 'donation_persons')` },
        { name: 'review_figure_records (study_minutes)', user: LEADER, sql: `public.review_figure_records(${YEAR}, 'study_minutes')` },
        { name: 'review_branch_events', user: LEADER, sql: `public.review_branch_events('${FIRST_BRANCH}', ${YEAR})` },
        { name: 'review_event_attendance', user: LEADER, sql: `public.review_event_attendance('${event}')` },
        { name: 'review_member_attendance', user: LEADER, sql: `public.review_member_attendance(${YEAR})` },
        { name: 'review_participation (secretary)', user: SECRETARY, sql: `public.review_participation(${YEAR})` },
        { name: 'review_member_attendance (secretary)', user: SECRETARY, sql: `public.review_member_attendance(${YEAR})` },
        { name: 'review_totals (secretary)', user: SECRETARY, sql: `public.review_totals(${YEAR})` },
      ]
    })
}

/** Server time of one call as the user: EXPLAIN ANALYZE's execution time, in the API role. */
async function serverTime(db: SqlClient, user: string, sql: string): Promise<number> {
  await db.exec('begin')
  try {
    if (user) {
      await db.exec('set local role authenticated')
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user, role: 'authenticated' })])
    }
    const { rows } = await db.query<Record<string, unknown>>(`explain (analyze, timing off, format json) select ${sql}`)
    const cell = Object.values(rows[0]!)[0]
    const plan = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { 'Execution Time': number }[]
    return plan[0]!['Execution Time']
  } finally {
    await db.exec('rollback')
  }
}

export async function timeReview(db: SqlClient): Promise<Timing[]> {
  const out: Timing[] = []
  // The plain scan runs as the database owner (no row-level security), the machine's yardstick.
  const baseline = { name: 'baseline: count(*) of attendance', user: '', sql: `(select count(*) from public.attendance)` }
  const present = new Set(
    (await db.query<{ name: string }>(`select proname as name from pg_proc where pronamespace = 'public'::regnamespace and proname like 'review_%'`)).rows.map((r) => r.name),
  )
  for (const c of [baseline, ...(await calls(db)).filter((c) => present.has(c.name.split(' ')[0]!))]) {
    await serverTime(db, c.user, c.sql)
    const times: number[] = []
    for (let i = 0; i < RUNS; i += 1) times.push(await serverTime(db, c.user, c.sql))
    out.push({ name: c.name, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) })
  }
  return out
}

async function sizes(db: SqlClient): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(
    `select (select count(*) from public.members where org_id = $1) as members, (select count(*) from public.events where org_id = $1) as events,
            (select count(*) from public.attendance where org_id = $1) as attendance, (select count(*) from public.study_logs where org_id = $1) as study_logs,
            (select count(*) from public.donations where org_id = $1) as donations, (select count(*) from public.blood_donations where org_id = $1) as blood,
            (select count(*) from public.visits where org_id = $1) as visits, (select count(*) from public.pledge_signatures where org_id = $1) as signatures`,
    [ORG],
  )
  return Object.entries(rows[0]!)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
}

/** Before and after side by side, each with its ratio to the scan of its own round. */
function print(title: string, before: Timing[], after: Timing[], budget: boolean): void {
  const ratio = (t: Timing | undefined, round: Timing[]) => (t ? (t.medianMs / round[0]!.medianMs).toFixed(1) : '')
  const ms = (t: Timing | undefined) => (t ? `${t.medianMs.toFixed(1)} ms` : 'n/a')
  console.log(`\n${title}`)
  console.log(`${'function'.padEnd(42)} ${'before'.padStart(10)} ${'× scan'.padStart(7)} ${'after'.padStart(10)} ${'× scan'.padStart(7)} ${'after min–max'.padStart(18)}`)
  for (const t of after) {
    const old = before.find((b) => b.name === t.name)
    const flag = budget && t !== after[0] ? (t.medianMs < BUDGET_MS ? '' : `  over ${BUDGET_MS} ms`) : ''
    console.log(
      `${t.name.padEnd(42)} ${ms(old).padStart(10)} ${ratio(old, before).padStart(7)} ${ms(t).padStart(10)} ${ratio(t, after).padStart(7)} ${`${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)} ms`.padStart(18)}${flag}`,
    )
  }
}

/** One backend: the migrations before the kept counts, the data, timings; the rest, timings again. */
async function beforeAndAfter(db: SqlClient, exec: (sql: string) => Promise<unknown>, label: string): Promise<{ before: Timing[]; after: Timing[] }> {
  await applyPart(exec, 'before')
  const at = performance.now()
  await db.exec(generateSql())
  await settle(db)
  console.log(`${label}: generated ${await sizes(db)} in ${((performance.now() - at) / 1000).toFixed(1)} s`)
  const before = await timeReview(db)
  await applyPart(exec, 'after')
  await settle(db)
  const after = await timeReview(db)
  return { before, after }
}

/** The server part: PGlite, then real PostgreSQL when installed. Returns the timings (after) by backend. */
export async function benchReviewServer(): Promise<Record<string, Timing[]>> {
  const results: Record<string, Timing[]> = {}
  console.log(`review aggregates: ${BRANCHES} branches × ${MEMBERS_PER_BRANCH} members, the year ${YEAR}; server time, median of ${RUNS} runs`)

  const lite = await PGlite.create({ extensions: { pgcrypto } })
  try {
    const { before, after } = await beforeAndAfter(pgliteClient(lite), (text) => lite.exec(text), 'PGlite')
    results.pglite = after
    print('PGlite (WebAssembly, in process)', before, after, false)
  } finally {
    await lite.close()
  }

  if (!realPostgresAvailable()) {
    console.warn('\n!!! No PostgreSQL server binaries: the PostgreSQL part (the budget) is not measured.')
    return results
  }
  const server = await startRealPostgres()
  const client = new pg.Client({ connectionString: server.url })
  try {
    await client.connect()
    const db = pgClient(client)
    const version = (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    const { before, after } = await beforeAndAfter(db, (text) => client.query(text), `\nPostgreSQL ${version}`)
    results.postgres = after
    print(`PostgreSQL ${version} (budget < ${BUDGET_MS} ms each)`, before, after, true)
  } finally {
    await client.end()
    await server.stop()
  }
  return results
}

async function main(): Promise<void> {
  const load = (await import('node:os')).loadavg()[0]!
  console.log(`load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores when starting`)
  // 1. The server's aggregates.
  const results = await benchReviewServer()
  const over = (results.postgres ?? []).slice(1).filter((t) => t.medianMs >= BUDGET_MS)
  if (over.length) console.log(`\nOver budget on PostgreSQL: ${over.map((t) => t.name).join(', ')}`)
  // 2. The 统计 route in the browser (JS size, drawing time): tests/bench/review-web.ts.
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
