import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { PUSH_CHUNK_OPS, pushChunks } from '../../supabase/local/push-chunks'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'
import { BRANCH, MEMBER, ORG_ID, USER } from '../helpers/roles'

// The largest push on the embedded backend runs in parts so that other users are served meanwhile
// (supabase/local/push-chunks.ts), with the results, refusals and failures of one call.

interface TxResult { tx_id: string; status: string; code?: string; op_index?: number; original_status?: string }
type Op = Record<string, unknown>
type Tx = { tx_id: string; ops: Op[] }

let server: LocalBackendServer

beforeAll(async () => {
  server = await startLocalBackendServer({ seed: true })
})
afterAll(async () => {
  await server?.close()
})

const tokenOf = (user: string) => server.backend.signAccessToken({ sub: user, role: 'authenticated' })
const post = (fn: string, body: unknown, user: string) =>
  fetch(`${server.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', Authorization: `Bearer ${tokenOf(user)}` },
    body: JSON.stringify(body),
  })
const push = (txs: Tx[], client = randomUUID()) => post('sync_push', { p_client_id: client, p_schema: 1, p_txs: txs }, USER.member)

/** A new study log of the member: an operation the server applies. */
const newLog = (topic = '学习党章'): Op => {
  const id = randomUUID()
  return { table: 'study_logs', op: 'upsert', id, row: { id, org_id: ORG_ID, branch_id: BRANCH.first, member_id: MEMBER.member, studied_on: '2026-11-01', minutes: 30, topic, note: '认真学习' } }
}
/** An operation the server rejects at once (no such row). */
const missing = (): Op => ({ table: 'study_logs', op: 'update', id: randomUUID(), row: { note: '心得' } })
const checkin = (): Op => ({ table: 'attendance', op: 'update', id: randomUUID(), row: { checkin_token: 'ABCDEF' } })
const txOf = (ops: Op[]): Tx => ({ tx_id: randomUUID(), ops })
const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i))
const idsOf = (txs: Tx[]) => txs.flatMap((tx) => tx.ops.map((op) => op.id as string))

async function storedLogs(ids: string[]): Promise<number> {
  const { rows } = await server.backend.db.query<{ n: number }>('select count(*)::int as n from public.study_logs where id = any($1::uuid[])', [ids])
  return rows[0]!.n
}

/** The same push made in one call of sync_push, as PostgREST makes it on PostgreSQL. */
async function pushInOneCall(txs: Tx[]): Promise<TxResult[]> {
  return server.backend.db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
      JSON.stringify({ sub: USER.member, role: 'authenticated' }),
    ])
    const { rows } = await tx.query<{ r: { results: TxResult[] } }>('select public.sync_push($1, 1, $2) as r', [randomUUID(), JSON.stringify(txs)])
    return rows[0]!.r.results
  })
}

const outcome = (r: TxResult) => [r.status, r.code ?? null, r.op_index ?? null, r.original_status ?? null]

describe('the largest push in parts', () => {
  // The largest push one request may carry (5,000 operations), as the most transactions (500 × 10)
  // and as the largest transactions (50 × 100, each of which cannot be split).
  test.each([
    [500, 10],
    [50, 100],
  ])('another user is answered while the largest allowed push of %i transactions × %i operations still runs, and the push applies every one', async (txCount, opsPerTx) => {
    const txs = times(txCount, (t) => txOf(times(opsPerTx, (i) => newLog(`学习党章 ${t}-${i}`))))
    let pushAnsweredAt = Infinity
    const pushing = push(txs).then((response) => {
      pushAnsweredAt = performance.now()
      return response
    })
    // Wait until the push is applying (its first transaction is stored), then ask as another user.
    await vi.waitFor(async () => expect(await storedLogs(idsOf(txs.slice(0, 1)))).toBe(opsPerTx), { timeout: 60_000, interval: 100 })
    const me = await post('me', {}, USER.secretary)
    const meAnsweredAt = performance.now()
    expect(me.status).toBe(200)
    const response = await pushing
    expect(response.status).toBe(200)
    const { results } = (await response.json()) as { results: TxResult[] }
    expect(results.map((r) => r.tx_id)).toEqual(txs.map((tx) => tx.tx_id))
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(txCount)
    expect(await storedLogs(idsOf(txs))).toBe(5000)
    // The other user was answered while the push was still running: served between its parts, not
    // after it. How soon is a benchmark's figure (npm run bench:backend), not a timed assertion here.
    expect(meAnsweredAt).toBeLessThan(pushAnsweredAt)
  }, 120_000)

  test('a push in parts gives the results one call gives, in order', async () => {
    const shape = (): Tx[] => {
      const first = txOf(times(5, () => newLog()))
      return [
        first,
        ...times(12, () => txOf(times(5, () => newLog()))),
        txOf([newLog(), missing()]),
        txOf(times(101, missing)),
        { tx_id: first.tx_id, ops: first.ops },
        txOf(times(51, checkin)),
        txOf([]),
        ...times(30, () => txOf([newLog()])),
      ]
    }
    const txs = shape()
    expect(pushChunks(txs).length).toBeGreaterThan(3)
    const response = await push(txs)
    expect(response.status).toBe(200)
    const { results } = (await response.json()) as { results: TxResult[] }
    expect(results.map((r) => r.tx_id)).toEqual(txs.map((tx) => tx.tx_id))
    expect(results.map(outcome)).toEqual((await pushInOneCall(shape())).map(outcome))
    const count = (status: string) => results.filter((r) => r.status === status).length
    expect({ applied: count('applied'), rejected: count('rejected'), duplicate: count('duplicate') }).toEqual({ applied: 43, rejected: 4, duplicate: 1 })
    expect(results[13]).toMatchObject({ status: 'rejected', code: 'not_found_or_forbidden', op_index: 1 })
    expect(results[14]).toMatchObject({ status: 'rejected', code: 'too_many_operations' })
    expect(results[15]).toMatchObject({ status: 'duplicate', original_status: 'applied' })
    expect(results[16]).toMatchObject({ status: 'rejected', code: 'too_many_checkins' })
    expect(results[17]).toMatchObject({ status: 'rejected', code: 'bad_operation' })
  }, 120_000)

  test.each([
    ['5,001 operations', () => [...times(50, () => txOf(times(100, () => newLog()))), txOf([newLog()])], 'sync_too_many_operations', '一次同步的操作过多（最多5000个），请稍后重试'],
    ['51 check-ins', () => [...times(51, () => txOf([checkin()])), ...times(60, () => txOf([newLog()]))], 'sync_too_many_checkins', '一次同步的签到过多（最多50次），请稍后重试'],
    ['501 transactions', () => times(501, () => txOf([newLog()])), 'sync_too_many_transactions', '一次同步的修改过多（最多500项），请稍后重试'],
  ])('a request of %s is still refused whole with 400, nothing applied', async (_name, make, hint, message) => {
    const txs = make()
    expect(pushChunks(txs).length).toBeGreaterThan(1)
    const response = await push(txs)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ code: '22023', details: null, hint, message })
    expect(await storedLogs(idsOf(txs))).toBe(0)
  }, 120_000)

  test('a part failing mid-way fails the request as one call would; the retry answers duplicate for the parts applied', async () => {
    await server.backend.db.exec(`
      create schema push_test;
      create table push_test.fail (topic text primary key);
      insert into push_test.fail values ('fails on purpose');
      create function push_test.fail() returns trigger language plpgsql security definer set search_path = '' as $$
      begin
        if exists (select 1 from push_test.fail f where f.topic = new.topic) then
          raise exception using errcode = '40001', message = 'could not serialize access';
        end if;
        return new;
      end $$;
      create trigger push_test_fail before insert on public.study_logs for each row execute function push_test.fail();
    `)
    try {
      // 4 transactions of 10 operations per part: the 10th transaction is in the third part.
      const txs = times(16, (t) => txOf(times(10, (i) => newLog(t === 9 && i === 3 ? 'fails on purpose' : '学习党章'))))
      expect(pushChunks(txs).map((chunk) => chunk.length)).toEqual([4, 4, 4, 4])
      const client = randomUUID()
      const failed = await push(txs, client)
      expect(failed.status).toBe(500)
      expect(await failed.json()).toMatchObject({ code: '40001', message: 'could not serialize access' })
      expect(await storedLogs(idsOf(txs))).toBe(80)

      await server.backend.db.exec(`delete from push_test.fail`)
      const retried = await push(txs, client)
      expect(retried.status).toBe(200)
      const { results } = (await retried.json()) as { results: TxResult[] }
      expect(results.map((r) => (r.status === 'duplicate' ? `duplicate ${r.original_status}` : r.status))).toEqual([
        ...times(8, () => 'duplicate applied'),
        ...times(8, () => 'applied'),
      ])
      expect(await storedLogs(idsOf(txs))).toBe(160)
    } finally {
      await server.backend.db.exec(`drop trigger push_test_fail on public.study_logs; drop schema push_test cascade;`)
    }
  }, 120_000)
})

describe('pushChunks', () => {
  test('cuts whole transactions, in order, into parts of at most PUSH_CHUNK_OPS operations; a larger one goes alone', () => {
    const txs = [txOf(times(30, missing)), txOf(times(10, missing)), txOf(times(1, missing)), txOf(times(100, missing)), txOf([]), txOf(times(39, missing))]
    const chunks = pushChunks(txs)
    expect(PUSH_CHUNK_OPS).toBe(40)
    expect(chunks.map((chunk) => chunk.map((tx) => (tx as Tx).ops.length))).toEqual([[30, 10], [1], [100], [0, 39]])
    expect(chunks.flat()).toEqual(txs)
  })
})
