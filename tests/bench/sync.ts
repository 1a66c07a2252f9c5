/**
 * Sync benchmark against the local backend (supabase-js over HTTP, PGlite behind it):
 *   push  1,000 queued records: batched (500 client transactions per request) vs one per request
 *   pull  10,000 rows onto a fresh device: 2,000 rows per response vs 100
 *   admin an admin's first sync, which holds the roster, personal details, party groups and visits of
 *         every branch (scopes.wide_tables): the demo organisation, then the same grown to 50 branches
 *         of 40 people (a backend of its own, so the other cases' numbers do not move)
 * Each case runs BENCH_REPS times (default 3) on fresh device databases; the median is reported.
 *   npm run bench:sync
 */
import { performance } from 'node:perf_hooks'
import {
  BRANCH1, MEMBER_ROWS, ORG, adminSql, device, newId, startBackend,
} from '../sync/harness'

const REPS = Number(process.env.BENCH_REPS ?? 3)
const PUSH_RECORDS = 1000
const PULL_ROWS = 10_000

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (x: number) => `${x.toFixed(0)} ms`

async function main() {
  const server = await startBackend()
  try {
    // A first sync so every device starts from the seeded data, not counted.
    const push = async (batch: number) => {
      const times: number[] = []
      let requests = 0
      for (let rep = 0; rep < REPS; rep++) {
        const d = await device(server, 'secretary', { engine: { pushBatchSize: batch } })
        await d.engine.sync()
        for (let i = 0; i < PUSH_RECORDS; i++) {
          await d.repo.put('study_logs', {
            id: newId(), org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.secretary, studied_on: '2026-11-01', minutes: 30, topic: `基准 ${rep}-${i}`,
          })
        }
        const before = d.faults.calls.sync_push ?? 0
        const t0 = performance.now()
        const r = await d.engine.sync()
        times.push(performance.now() - t0)
        if (!r.ok || r.applied !== PUSH_RECORDS) throw new Error(`push did not apply everything: ${JSON.stringify(r)}`)
        requests = (d.faults.calls.sync_push ?? 0) - before
      }
      return { requests, median: median(times) }
    }

    const batched = await push(500)
    const single = await push(1)

    await adminSql(server, `
      insert into public.visits (id, org_id, branch_id, kind, visited_on, persons, notes)
      select gen_random_uuid(), $1, $2, 'retired_member', date '2026-01-01' + (g % 300), 1, '基准走访 ' || g
      from generate_series(1, $3) g`, [ORG, BRANCH1, PULL_ROWS])
    const pull = async (limit: number) => {
      const times: number[] = []
      let requests = 0
      let rows = 0
      for (let rep = 0; rep < REPS; rep++) {
        const d = await device(server, 'secretary', { engine: { pullLimit: limit } })
        const t0 = performance.now()
        const r = await d.engine.sync()
        times.push(performance.now() - t0)
        if (!r.ok) throw new Error(`pull failed: ${JSON.stringify(r.failure)}`)
        requests = d.faults.calls.sync_pull ?? 0
        rows = await d.db.data('visits').count()
      }
      return { requests, rows, median: median(times) }
    }
    const pullBig = await pull(2000)
    const pullSmall = await pull(100)

    const lines = [
      `sync benchmark (local backend, ${REPS} runs each, median)`,
      `sync run pushing ${PUSH_RECORDS} records (push + pull back), batched:        ${batched.requests} push requests, ${ms(batched.median)}`,
      `sync run pushing ${PUSH_RECORDS} records (push + pull back), one per request: ${single.requests} push requests, ${ms(single.median)}`,
      `  batched vs one per request: ${(single.requests / batched.requests).toFixed(0)}× fewer requests, ${(single.median / batched.median).toFixed(1)}× faster`,
      `pull ${pullBig.rows} rows (≥ ${PULL_ROWS} new), 2000 per response: ${pullBig.requests} requests, ${ms(pullBig.median)}`,
      `pull ${pullSmall.rows} rows, 100 per response:                  ${pullSmall.requests} requests, ${ms(pullSmall.median)}`,
      `  2000 vs 100 per response: ${(pullSmall.requests / pullBig.requests).toFixed(1)}× fewer requests, ${(pullSmall.median / pullBig.median).toFixed(1)}× faster`,
      `budgets: push ≤ 3 requests ${batched.requests <= 3 ? 'ok' : 'MISSED'}; first pull < 5 s ${pullBig.median < 5000 ? 'ok' : 'MISSED'}`,
    ]
    console.log(lines.join('\n'))
  } finally {
    await server.close()
  }
  console.log((await adminFirstPull()).join('\n'))
}

const WIDE_TABLES = ['members', 'member_details', 'party_groups', 'visits', 'visit_participants'] as const
const GROWN_BRANCHES = 50
const PEOPLE_PER_BRANCH = 40

/** An admin's first sync of the whole organisation: rows received, requests, median time. */
async function adminFirstPull(): Promise<string[]> {
  const server = await startBackend()
  try {
    const firstSync = async () => {
      const times: number[] = []
      let rows = 0
      let wide = 0
      let requests = 0
      for (let rep = 0; rep < REPS; rep++) {
        const d = await device(server, 'admin')
        const t0 = performance.now()
        const r = await d.engine.sync()
        times.push(performance.now() - t0)
        if (!r.ok) throw new Error(`admin pull failed: ${JSON.stringify(r.failure)}`)
        rows = r.pulled
        requests = d.faults.calls.sync_pull ?? 0
        wide = 0
        for (const t of WIDE_TABLES) wide += await d.db.data(t).count()
      }
      const [{ branches }] = (await adminSql<{ branches: number }>(server,
        'select count(*)::int as branches from public.branches where org_id = $1', [ORG])) as [{ branches: number }]
      return { branches, rows, wide, requests, median: median(times) }
    }
    const demo = await firstSync()
    // Grow the organisation to 50 branches of 40 people: each with its personal details, three party
    // groups, and six visits of two participants.
    await adminSql(server, `
      with b as (
        insert into public.branches (id, org_id, name, sort_order)
        select gen_random_uuid(), $1, '基准第' || g || '党支部', 100 + g from generate_series(1, $2) g returning id),
      m as (
        insert into public.members (id, org_id, branch_id, name, gender, joined_party_on)
        select gen_random_uuid(), $1, b.id, '基准党员' || p, case when p % 2 = 0 then 'male' else 'female' end, date '2000-07-01' + p
        from b cross join generate_series(1, $3) p returning id, branch_id),
      d as (
        insert into public.member_details (id, org_id, branch_id, phone, birth_date)
        select m.id, $1, m.branch_id, '138' || lpad((row_number() over (partition by m.branch_id))::text, 8, '0'), date '1975-01-01' + (random() * 7000)::int
        from m returning id)
      insert into public.party_groups (id, org_id, branch_id, name)
      select gen_random_uuid(), $1, b.id, '第' || k || '党小组' from b cross join generate_series(1, 3) k`,
    [ORG, GROWN_BRANCHES - demo.branches, PEOPLE_PER_BRANCH])
    await adminSql(server, `
      with v as (
        insert into public.visits (id, org_id, branch_id, kind, visited_on, persons, funds_fen, notes)
        select gen_random_uuid(), $1, b.id, 'retired_member', date '2026-01-10' + k * 40, 1, 50000, '基准走访'
        from public.branches b cross join generate_series(1, 6) k where b.org_id = $1 and b.sort_order >= 100 returning id, branch_id)
      insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id)
      select gen_random_uuid(), $1, v.branch_id, v.id, p.id
      from v cross join lateral (select m.id from public.members m where m.branch_id = v.branch_id order by m.id limit 2) p`, [ORG])
    const grown = await firstSync()
    const line = (x: typeof demo) =>
      `${x.branches} branches: ${x.rows} rows received (${x.wide} of the organisation-wide tables), ${x.requests} pull requests, ${ms(x.median)}`
    return [
      `admin's first sync (local backend, ${REPS} runs each, median)`,
      `  demo organisation, ${line(demo)}`,
      `  grown to ${GROWN_BRANCHES} × ${PEOPLE_PER_BRANCH}, ${line(grown)}`,
    ]
  } finally {
    await server.close()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
