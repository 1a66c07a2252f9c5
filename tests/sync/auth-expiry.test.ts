import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { supabaseTransport, type SyncTransport } from '@/data/sync/transport'
import { SyncEngine } from '@/data/sync/engine'
import { createSyncLock } from '@/data/sync/lock'
import { BRANCH1, MEMBER_ROWS, ORG, adminSql, device, localView, newId, startBackend, truthView } from './harness'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend({ accessTokenLifetimeSeconds: 2, jwtLeewaySeconds: 0 })
})
afterAll(async () => {
  await server?.close()
})

const log = (id: string) => ({
  id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-23', minutes: 15, topic: '令牌过期',
})

// Tokens live 2 s. Instead of waiting for one to expire, the clock that supabase-js and the local
// backend's token check both read (Date.now, in this process) is moved forward.
const realNow = Date.now.bind(Date)
let clockOffset = 0
function advanceClock(ms: number) {
  clockOffset += ms
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset)
}
afterEach(() => {
  vi.restoreAllMocks()
  clockOffset = 0
})

test('an expired token answers 401: the outbox is kept until a refresh succeeds, then sent in the same run', async () => {
  const d = await device(server, 'member')
  const { data } = await d.supabase.auth.getSession()
  const expired = data.session!.access_token
  advanceClock(3000)
  // A client that still sends the old token, as a phone does right after waking up.
  const stale = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${expired}` } },
    realtime: { transport: WebSocket as never },
  })
  let refreshed = false
  let canRefresh = false
  const staleTransport = supabaseTransport(stale)
  const freshTransport = supabaseTransport(d.supabase)
  const transport: SyncTransport = {
    rpc: (fn, args) => (refreshed ? freshTransport.rpc(fn, args) : staleTransport.rpc(fn, args)),
    refreshAuth: async () => {
      if (!canRefresh) return false
      refreshed = await freshTransport.refreshAuth!()
      return refreshed
    },
  }
  const engine = new SyncEngine({ db: d.db, transport, lock: createSyncLock({ locks: null, storage: null }) })
  const ids = [newId(), newId(), newId()]
  for (const id of ids) await d.repo.put('study_logs', log(id))

  const failed = await engine.sync()
  expect(failed).toMatchObject({ ok: false, failure: { kind: 'auth', status: 401 } })
  expect(await d.db._outbox.count()).toBe(3)
  expect(await d.db._rejected.count()).toBe(0)
  expect(await adminSql(server, 'select 1 from public.study_logs where id = any($1::uuid[])', [ids])).toHaveLength(0)

  canRefresh = true
  const ok = await engine.sync()
  expect(ok).toMatchObject({ ok: true, applied: 3, rejected: 0 })
  expect(await d.db._outbox.count()).toBe(0)
  expect(await adminSql(server, 'select 1 from public.study_logs where id = any($1::uuid[])', [ids])).toHaveLength(3)
  expect(await localView(d)).toEqual(await truthView(server, d))
})

test('a token that expires while the phone is offline with queued changes: nothing is lost, and the same session sends it all later', async () => {
  const d = await device(server, 'member')
  const ids = [newId(), newId()]
  for (const id of ids) await d.repo.put('study_logs', log(id))
  d.faults.offline = true
  advanceClock(3000)
  const failed = await d.engine.sync()
  expect(failed).toMatchObject({ ok: false, failure: { kind: 'network' } })
  expect(await d.db._outbox.count()).toBe(2)
  d.faults.offline = false
  // supabase-js keeps the session, but for a while after a failed refresh (its cool-down, a minute)
  // it answers with that failure: the push goes out unauthenticated, is refused, and nothing is lost.
  const coolingDown = await d.engine.sync()
  expect(coolingDown).toMatchObject({ ok: false, failure: { kind: 'auth' } })
  expect(await d.db._outbox.count()).toBe(2)
  expect(await d.db._rejected.count()).toBe(0)
  // After the cool-down the same stored session refreshes: no new sign-in, and everything is sent.
  advanceClock(61_000)
  expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 2, rejected: 0 })
  expect(await d.db._outbox.count()).toBe(0)
  expect(await adminSql(server, 'select 1 from public.study_logs where id = any($1::uuid[])', [ids])).toHaveLength(2)
}, 120_000)
