import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'
import { USER } from '../helpers/roles'

// A bounded fuzz of sync_push and sync_pull over HTTP against the migrated, seeded database: random
// malformed payloads (seeded, so a failure replays) must each get an answer below 500, and
// afterwards another user's request must still be answered within a second.

const SEED = 20261201
const CASES = 300
let server: LocalBackendServer

/** mulberry32: a small seeded generator, so each case can be replayed from SEED. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TABLES = ['study_logs', 'donations', 'attendance', 'pledge_signatures', 'events', 'visits', 'leave_requests', 'no_such_table', '', 'pg_authid', 'sync_applied']
const OPS = ['insert', 'update', 'upsert', 'delete', 'drop', '', null]
const UUIDISH = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '', '20000000-0000-4000-8000-000000000001', "'; drop table x; --"]

function fuzzer(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const int = (max: number) => Math.floor(random() * max)
  const text = () => pick(['', 'x', '学习', '\u0000', '\\', '"', 'a'.repeat(int(20_000)), '字'.repeat(int(3000)), '%s%n', '\ud800'])
  function value(depth: number): unknown {
    const kind = int(depth > 3 ? 6 : 9)
    switch (kind) {
      case 0: return null
      case 1: return random() < 0.5
      case 2: return pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, 2147483648, -2147483649])
      case 3: return text()
      case 4: return pick(UUIDISH)
      case 5: return pick(['2026-13-45', '2026-03-01', '9999-12-31T99:99', 'infinity', 'NaN'])
      case 6: return Array.from({ length: int(4) }, () => value(depth + 1))
      default: return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(['id', 'org_id', 'branch_id', 'member_id', 'note', 'amount', 'checkin_token', 'strokes', '_ver', 'base_ver', text()]), value(depth + 1)]))
    }
  }
  const op = () =>
    random() < 0.2
      ? value(2)
      : { table: pick(TABLES), op: pick(OPS), id: pick(UUIDISH), ...(random() < 0.7 ? { row: value(1) } : {}), ...(random() < 0.2 ? { base_ver: value(3) } : {}) }
  const tx = () => (random() < 0.15 ? value(1) : { tx_id: random() < 0.8 ? crypto.randomUUID() : value(2), ops: random() < 0.1 ? value(2) : Array.from({ length: int(6) }, op) })
  function push(): unknown {
    const shape = int(10)
    if (shape === 0) return value(0)
    if (shape === 1) return { p_client_id: value(1), p_schema: 1, p_txs: value(1) }
    if (shape === 2) return { p_client_id: crypto.randomUUID(), p_schema: value(1), p_txs: [] }
    return { p_client_id: random() < 0.9 ? crypto.randomUUID() : value(1), p_schema: random() < 0.9 ? 1 : value(1), p_txs: Array.from({ length: int(8) }, tx) }
  }
  function pull(): unknown {
    const shape = int(6)
    if (shape === 0) return value(0)
    const cursors = random() < 0.3 ? value(1) : Object.fromEntries(Array.from({ length: int(5) }, () => [pick(TABLES), random() < 0.3 ? value(2) : { xid: pick(['0', '-1', '99999999999999999999999', 'abc', value(3)]), id: pick(UUIDISH) }]))
    return { p_cursors: cursors, p_schema: random() < 0.9 ? 1 : value(1), ...(random() < 0.6 ? { p_limit: pick([0, -5, 1, 2000, 1e9, 'ten', null]) } : {}) }
  }
  return { push, pull, pick, random }
}

function post(fn: string, body: string, token: string, contentType = 'application/json') {
  return fetch(`${server.url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': contentType, Authorization: `Bearer ${token}` },
    body,
  })
}

beforeAll(async () => {
  server = await startLocalBackendServer()
}, 180_000)

afterAll(async () => {
  await server?.close()
})

describe('fuzzing sync_push and sync_pull', () => {
  test(`should answer ${CASES} seeded malformed payloads below 500, then another user within 1 s`, async () => {
    const fuzz = fuzzer(generator(SEED))
    const member = server.backend.signAccessToken({ sub: USER.member, role: 'authenticated' })
    const failures: string[] = []
    for (let i = 0; i < CASES; i++) {
      const fn = fuzz.random() < 0.6 ? 'sync_push' : 'sync_pull'
      let body = JSON.stringify(fn === 'sync_push' ? fuzz.push() : fuzz.pull()) ?? 'null'
      // Some bodies are cut short, or not JSON at all, or nest thousands of levels deep.
      if (fuzz.random() < 0.05) body = body.slice(0, Math.floor(body.length / 2))
      else if (fuzz.random() < 0.03) body = `{"p_client_id":"${crypto.randomUUID()}","p_schema":1,"p_txs":${'['.repeat(5000)}${']'.repeat(5000)}}`
      const response = await post(fn, body, member, fuzz.random() < 0.03 ? 'text/plain' : 'application/json')
      const answer = await response.text()
      if (response.status >= 500) failures.push(`case ${i} ${fn} ${response.status}: ${answer.slice(0, 300)} <- ${body.slice(0, 300)}`)
    }
    expect(failures).toEqual([])

    const secretary = server.backend.signAccessToken({ sub: USER.secretary, role: 'authenticated' })
    const started = performance.now()
    const me = await post('me', '{}', secretary)
    const elapsed = performance.now() - started
    expect(me.status).toBe(200)
    expect(elapsed).toBeLessThan(1000)
  }, 600_000)
})
