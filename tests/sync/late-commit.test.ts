/**
 * A row whose transaction commits after a later transaction's row was already pulled must still
 * arrive. Needs concurrent transactions, so it runs on a real PostgreSQL server; the device talks
 * to it the way PostgREST would run the RPC (one transaction, `authenticated` role, JWT claims).
 */
import 'fake-indexeddb/auto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import pg from 'pg'
import { applySchema } from '../helpers/pglite'
import { realPostgresAvailable, requireRealPostgres, startRealPostgres, type RealPostgres } from '../helpers/realpg'
import { ZhibuDb } from '@/data/db'
import { SyncEngine } from '@/data/sync/engine'
import { createSyncLock } from '@/data/sync/lock'
import type { SyncTransport } from '@/data/sync/transport'
import { BRANCH1, MEMBER_ROWS, ORG, USERS, newId } from './harness'

const available = requireRealPostgres('the late-commit sync test')
let server: RealPostgres
let pool: pg.Pool

beforeAll(async () => {
  if (!available) return
  server = await startRealPostgres()
  pool = new pg.Pool({ connectionString: server.url, max: 6 })
  const c = await pool.connect()
  try {
    await applySchema((sql) => c.query(sql), { seed: true })
  } finally {
    c.release()
  }
}, 180_000)

afterAll(async () => {
  await pool?.end()
  await server?.stop()
})

function pgTransport(userId: string): SyncTransport {
  return {
    async rpc<T>(fn: 'sync_push' | 'sync_pull', args: Record<string, unknown>) {
      const c = await pool.connect()
      try {
        await c.query('begin')
        await c.query('set local role authenticated')
        await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })])
        const { rows } = fn === 'sync_pull'
          ? await c.query('select public.sync_pull($1::jsonb, $2::int, $3::int) as r', [JSON.stringify(args.p_cursors), args.p_schema, args.p_limit])
          : await c.query('select public.sync_push($1::uuid, $2::int, $3::jsonb) as r', [args.p_client_id, args.p_schema, JSON.stringify(args.p_txs)])
        await c.query('commit')
        return { ok: true as const, data: rows[0].r as T }
      } catch (e) {
        await c.query('rollback')
        return { ok: false as const, error: { status: 400, message: (e as Error).message } }
      } finally {
        c.release()
      }
    },
  }
}

/** Insert a study log as the member, in a transaction the caller commits later. */
async function beginWrite(topic: string) {
  const c = await pool.connect()
  const id = newId()
  await c.query('begin')
  await c.query('set local role authenticated')
  await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: USERS.member, role: 'authenticated' })])
  await c.query(
    `insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic) values ($1, $2, $3, $4, '2026-11-24', 10, $5)`,
    [id, ORG, BRANCH1, MEMBER_ROWS.member, topic])
  const { rows } = await c.query('select pg_current_xact_id()::text as xid')
  return {
    id,
    xid: rows[0].xid as string,
    commit: async () => {
      await c.query('commit')
      c.release()
    },
  }
}

test.skipIf(!realPostgresAvailable())('a row that commits late is pulled on a later pull, never skipped', async () => {
  const db = new ZhibuDb(`late-commit-${newId()}`)
  const engine = new SyncEngine({ db, transport: pgTransport(USERS.secretary), lock: createSyncLock({ locks: null, storage: null }) })
  expect((await engine.sync()).ok).toBe(true)

  const slow = await beginWrite('先开始、后提交')
  const fast = await beginWrite('后开始、先提交')
  expect(BigInt(fast.xid)).toBeGreaterThan(BigInt(slow.xid))
  await fast.commit()

  // The slow writer is still open: the fence holds back everything from its xid on, fast's row too.
  const first = await engine.sync()
  expect(first.ok).toBe(true)
  expect(await db.data('study_logs').get(fast.id)).toBeUndefined()
  const cursor = await db._cursors.get('study_logs')
  expect(BigInt(cursor!.xid)).toBeLessThanOrEqual(BigInt(slow.xid))

  await slow.commit()
  const second = await engine.sync()
  expect(second.ok).toBe(true)
  expect((await db.data('study_logs').get(slow.id))?.topic).toBe('先开始、后提交')
  expect((await db.data('study_logs').get(fast.id))?.topic).toBe('后开始、先提交')
})

test.skipIf(!realPostgresAvailable())('a cursor on the largest _xid seen (the common shortcut) would have skipped it', async () => {
  const slow = await beginWrite('慢事务')
  const fast = await beginWrite('快事务')
  await fast.commit()
  const c = await pool.connect()
  try {
    const { rows } = await c.query(`select max(_xid)::text as max from public.study_logs`)
    const naiveCursor = rows[0].max as string
    await slow.commit()
    const { rows: after } = await c.query(`select id from public.study_logs where _xid > $1::xid8`, [naiveCursor])
    expect(after.map((r) => r.id)).not.toContain(slow.id)
  } finally {
    c.release()
  }
})
