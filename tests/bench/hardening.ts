/**
 * Backend benchmark (the embedded local backend, in memory, seeded):
 *   while the largest push sync_push accepts (5,000 new study logs, as 50 transactions × 100
 *   operations and as 500 × 10) runs for one user, another user calls me() and a request that
 *   needs no database is made, one after another; medians and maxima of their latency, and the
 *   push's own duration. The backend runs a large push in parts of whole transactions
 *   (supabase/local/push-chunks.ts), so a transaction of 100 operations (the most one may hold),
 *   which cannot be split, bounds the other user's wait in the first shape.
 *   Then the process's RSS before and after 10 and 20 request bodies of 2 MB.
 * With BENCH_WORKER=0 the database runs in the HTTP thread, for comparison.
 *   npm run bench:backend
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'

const ORG = '10000000-0000-4000-8000-000000000001'
const BRANCH = '12000000-0000-4000-8000-000000000001'
const MEMBER_USER = '20000000-0000-4000-8000-000000000001'
const MEMBER_ROW = '15000000-0000-4000-8000-000000000003'
const SECRETARY_USER = '20000000-0000-4000-8000-000000000003'
const SAMPLES = 20

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
/** Median and maximum of the answered requests, and how many failed. */
const summary = (xs: number[]) => {
  const answered = xs.filter((x) => !Number.isNaN(x))
  const failed = xs.length - answered.length
  return `median ${ms(median(answered))}, max ${ms(Math.max(...answered))} (${xs.length} requests${failed ? `, ${failed} failed` : ''})`
}
const ms = (x: number) => `${x.toFixed(0)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function post(server: LocalBackendServer, fn: string, body: string, token?: string) {
  return fetch(`${server.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  })
}

/** The largest push sync_push accepts: `txCount` transactions of `opsPerTx` new study logs, 5,000 in all. */
function largestPush(txCount: number, opsPerTx: number): string {
  const txs = Array.from({ length: txCount }, (_, t) => ({
    tx_id: randomUUID(),
    ops: Array.from({ length: opsPerTx }, (_, i) => {
      const id = randomUUID()
      return {
        table: 'study_logs',
        op: 'upsert',
        id,
        row: { id, org_id: ORG, branch_id: BRANCH, member_id: MEMBER_ROW, studied_on: '2026-11-01', minutes: 30, topic: `学习党章 ${t}-${i}`, note: '认真学习并做笔记' },
      }
    }),
  }))
  return JSON.stringify({ p_client_id: randomUUID(), p_schema: 1, p_txs: txs })
}

/** Milliseconds to the whole answer; NaN when the connection failed (counted as failures). */
async function timed(run: () => Promise<Response>): Promise<number> {
  const started = performance.now()
  const response = await run().catch(() => null)
  if (!response) return NaN
  await response.arrayBuffer()
  if (response.status >= 500) throw new Error(`answered ${response.status}`)
  return performance.now() - started
}

async function main() {
  const worker = process.env.BENCH_WORKER !== '0'
  const server = await startLocalBackendServer({ seed: true, log: false, worker })
  try {
    const member = server.backend.signAccessToken({ sub: MEMBER_USER, role: 'authenticated' })
    const secretary = server.backend.signAccessToken({ sub: SECRETARY_USER, role: 'authenticated' })
    // Warm up both paths once.
    await timed(() => post(server, 'me', '{}', secretary))
    const quiet = median(await Promise.all([0, 1, 2].map(() => timed(() => post(server, 'me', '{}', secretary)))))

    console.log(`Backend under the largest push (${worker ? 'database in a worker thread' : 'database in the HTTP thread'}):`)
    console.log(`  another user's me() alone: median ${ms(quiet)}`)
    for (const [txCount, opsPerTx] of [[50, 100], [500, 10]] as const) {
      const body = largestPush(txCount, opsPerTx)
      const pushStarted = performance.now()
      let pushEnded = 0
      const push = post(server, 'sync_push', body, member).then(async (response) => {
        const result = (await response.json()) as { results?: { status: string }[] }
        pushEnded = performance.now()
        const applied = result.results?.filter((r) => r.status === 'applied').length
        if (response.status !== 200 || applied !== txCount) throw new Error(`the push was not applied: ${response.status} ${JSON.stringify(result).slice(0, 300)}`)
      })
      // While the push runs, the other user calls me() and waits for the answer, then again 250 ms
      // later (one request at a time, as a person's screen asks: never queued behind its own), and
      // a request needing no database is made beside each.
      const otherMs: number[] = []
      const noDatabaseMs: number[] = []
      for (let i = 0; i < SAMPLES && !pushEnded; i++) {
        const [me, noDatabase] = await Promise.all([
          timed(() => post(server, 'me', '{}', secretary)),
          timed(() => fetch(`${server.url}/rest/v1/rpc/me`, { method: 'POST', body: '{}' })),
        ])
        if (pushEnded) break
        otherMs.push(me)
        noDatabaseMs.push(noDatabase)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      await push
      const pushMs = pushEnded - pushStarted

      console.log(`  push of ${txCount} transactions × ${opsPerTx} operations (${mb(body.length)}): ${ms(pushMs)}`)
      console.log(`    another user's me() during the push: ${summary(otherMs)}`)
      console.log(`    a request needing no database during the push: ${summary(noDatabaseMs)}`)
    }

    const rssBefore = process.memoryUsage().rss
    const twoMb = JSON.stringify({ p_client_id: randomUUID(), p_schema: 1, p_txs: [{ tx_id: randomUUID(), ops: [{ table: 'study_logs', op: 'update', id: randomUUID(), row: { note: 'x'.repeat(2 * 1024 * 1024 - 200) } }] }] })
    const rss: string[] = []
    for (let i = 1; i <= 20; i++) {
      await timed(() => post(server, 'sync_push', twoMb, member))
      if (i % 10 === 0) rss.push(`${mb(process.memoryUsage().rss)} after ${i}`)
    }
    console.log(`  RSS: ${mb(rssBefore)} before bodies of ${mb(twoMb.length)}; ${rss.join(', ')}`)
  } finally {
    await server.close()
  }
}

await main()
