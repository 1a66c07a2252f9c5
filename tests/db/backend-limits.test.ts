import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { DEFAULT_LIMITS } from '../../supabase/local/backend'
import { signJwt } from '../../supabase/local/jwt'
import { LOCAL_JWT_SECRET } from '../../supabase/local/keys'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'

// What one request may ask of the local backend (docs/architecture.md "Local backend"): body size,
// nesting, content type, malformed input of every shape answered 4xx, tokens without exp, the
// login limits, equal work for an unknown account, and the database off the HTTP thread.

const USER_A = '33333333-3333-4333-8333-333333333333'
const USER_B = '44444444-4444-4444-8444-444444444444'
const EMAIL = 'limits@example.test'
const PASSWORD = 'Correct-Horse-9'
let server: LocalBackendServer
let root: string

async function platformRoot(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await mkdir(join(dir, 'supabase/local'), { recursive: true })
  await copyFile('supabase/local/auth-schema.sql', join(dir, 'supabase/local/auth-schema.sql'))
  return dir
}

const FUNCTIONS = `
  create function public.doc_length(p_doc text) returns int language sql immutable as $$ select length(p_doc) $$;
  create function public.depth_of(p_doc jsonb) returns int language sql immutable as $$ select 1 $$;
  create function public.typed(p_count int, p_day date, p_tags text[], p_doc jsonb) returns int language sql immutable as $$ select 1 $$;
  create function public.answer() returns int language sql immutable as $$ select 42 $$;
  -- CPU work the size of p_n (about 2-3 s for 5,000,000 here), standing in for a large push.
  create function public.spin(p_n int) returns bigint language sql volatile as $$ select count(*) from generate_series(1, p_n) $$;
`

function call(base: string, fn: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', ...headers },
    body,
  })
}

const rpc = (fn: string, body: string, headers: Record<string, string> = {}) => call(server.url, fn, body, headers)
const asUser = (id: string) => ({ Authorization: `Bearer ${server.backend.signAccessToken({ sub: id, role: 'authenticated' })}` })

/** `{"p_doc":"xxx…"}` of exactly `bytes` bytes. */
function docOfSize(bytes: number): string {
  const envelope = '{"p_doc":""}'.length
  return `{"p_doc":"${'x'.repeat(bytes - envelope)}"}`
}

/** `{"p_doc":[[…]]}` with arrays nested so that the whole body nests `depth` deep. */
function nested(depth: number): string {
  return `{"p_doc":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`
}

beforeAll(async () => {
  root = await platformRoot('zhibu-backend-limits-')
  server = await startLocalBackendServer({ root })
  await server.backend.db.exec(FUNCTIONS)
  await server.backend.db.query(
    `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at)
     values ($1, 'authenticated', 'authenticated', $2, extensions.crypt($3, extensions.gen_salt('bf')), now())`,
    [USER_A, EMAIL, PASSWORD],
  )
})

afterAll(async () => {
  await server?.close()
  if (root) await rm(root, { recursive: true, force: true })
})

describe('request body', () => {
  test('should accept a body of exactly the limit and refuse one byte more with 413 and a Chinese message', async () => {
    const under = await rpc('doc_length', docOfSize(DEFAULT_LIMITS.maxBytes))
    expect(under.status).toBe(200)
    expect(await under.json()).toBe(DEFAULT_LIMITS.maxBytes - '{"p_doc":""}'.length)
    const over = await rpc('doc_length', docOfSize(DEFAULT_LIMITS.maxBytes + 1))
    expect(over.status).toBe(413)
    expect(await over.json()).toEqual({ code: 'PGRST413', details: null, hint: 'request_too_large', message: '请求内容过大（最多 4 MB），请分批提交' })
  })

  test('should refuse a body over the limit sent without a length (chunked) as well', async () => {
    const big = docOfSize(DEFAULT_LIMITS.maxBytes + 1)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(big)
        for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536))
        controller.close()
      },
    })
    const response = await fetch(`${server.url}/rest/v1/rpc/doc_length`, {
      method: 'POST',
      headers: { apikey: server.anonKey, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
  })

  test('should accept nesting of exactly the limit and refuse one level more with 400, also 5,000 levels', async () => {
    expect((await rpc('depth_of', nested(DEFAULT_LIMITS.maxDepth))).status).toBe(200)
    const over = await rpc('depth_of', nested(DEFAULT_LIMITS.maxDepth + 1))
    expect(over.status).toBe(400)
    expect(await over.json()).toMatchObject({ hint: 'json_too_deep', message: '请求内容嵌套过深（最多 64 层）' })
    const deep = await rpc('depth_of', nested(5000))
    expect(deep.status).toBe(400)
    expect(await deep.json()).toMatchObject({ hint: 'json_too_deep' })
  })

  test('should not count brackets inside strings as nesting', async () => {
    const response = await rpc('doc_length', JSON.stringify({ p_doc: '['.repeat(1000) + '"\\' + '{'.repeat(1000) }))
    expect(response.status).toBe(200)
  })

  test('should refuse a body that is not declared as JSON with 415', async () => {
    const response = await rpc('answer', '{}', { 'content-type': 'text/plain' })
    expect(response.status).toBe(415)
    expect(await response.json()).toMatchObject({ hint: 'content_type' })
  })
})

describe('malformed input', () => {
  test.each([
    ['bad JSON', 'answer', '{"p_doc": tru', {}, 400],
    ['a JSON array instead of an object', 'answer', '[1, 2]', {}, 400],
    ['a bare string', 'answer', '"hello"', {}, 400],
    ['an unknown function', 'no_such_function', '{}', {}, 404],
    ['a function name with a broken escape', '%E0%A4%A', '{}', {}, 404],
    ['an integer argument given text', 'typed', '{"p_count":"many","p_day":"2026-01-01","p_tags":[],"p_doc":{}}', {}, 400],
    ['a date argument given an object', 'typed', '{"p_count":1,"p_day":{"a":1},"p_tags":[],"p_doc":{}}', {}, 400],
    ['an array argument given a number', 'typed', '{"p_count":1,"p_day":"2026-01-01","p_tags":5,"p_doc":{}}', {}, 400],
    ['an unknown argument name', 'typed', '{"p_count":1,"p_nope":1}', {}, 404],
    ['a garbage Authorization header', 'answer', '{}', { Authorization: 'garbage' }, 401],
    ['a bearer token that is not a JWT', 'answer', '{}', { Authorization: 'Bearer abc.def' }, 401],
    ['a bearer token of random base64', 'answer', '{}', { Authorization: 'Bearer e30.e30.e30' }, 401],
  ])('should answer %s with a 4xx', async (_name, fn, body, headers, status) => {
    const response = await rpc(fn, body, headers)
    expect(response.status).toBe(status)
    expect(await response.json()).toHaveProperty('message')
  })

  test('should answer a huge string argument with 200 when it fits the body limit', async () => {
    const response = await rpc('doc_length', JSON.stringify({ p_doc: '字'.repeat(1_000_000) }))
    expect(response.status).toBe(200)
    expect(await response.json()).toBe(1_000_000)
  })

  test.each([
    ['bad JSON', '{"email": '],
    ['an array', '[]'],
    ['numbers for the fields', '{"email": 5, "password": 6}'],
    ['a nested object for the email', '{"email": {"a": 1}, "password": "x"}'],
  ])('should answer a password grant with %s 400', async (_name, body) => {
    const response = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: server.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body,
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toHaveProperty('code', 'validation_failed')
  })
})

describe('tokens', () => {
  test('should refuse a correctly signed token without exp on the API and on /auth/v1/user', async () => {
    const forever = signJwt({ sub: USER_A, role: 'authenticated' }, LOCAL_JWT_SECRET)
    const api = await rpc('answer', '{}', { Authorization: `Bearer ${forever}` })
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ code: 'PGRST301', message: 'JWT has no expiry (exp claim)' })
    const user = await fetch(`${server.url}/auth/v1/user`, { headers: { apikey: server.anonKey, Authorization: `Bearer ${forever}` } })
    expect(user.status).toBe(403)
    const withExp = signJwt({ sub: USER_A, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 }, LOCAL_JWT_SECRET)
    expect((await rpc('answer', '{}', { Authorization: `Bearer ${withExp}` })).status).toBe(200)
  })

  test('should refuse an API key without exp', async () => {
    const key = signJwt({ role: 'anon' }, LOCAL_JWT_SECRET)
    expect((await rpc('answer', '{}', { apikey: key })).status).toBe(401)
  })
})

describe('login limits', () => {
  const login = (body: Record<string, string>) =>
    fetch(`${server.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: server.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
      body: JSON.stringify(body),
    })

  afterEach(() => {
    vi.useRealTimers()
  })

  /** bcrypt checks Postgres has run (pg_stat_user_functions counts calls of crypt()). */
  async function cryptCalls(): Promise<number> {
    await server.backend.db.query('select pg_stat_force_next_flush()')
    const { rows } = await server.backend.db.query<{ n: string }>(
      `select coalesce(sum(calls), 0)::text as n from pg_stat_user_functions where funcname = 'crypt'`,
    )
    return Number(rows[0]!.n)
  }

  test('should check exactly one password hash for a wrong password and for an unknown account', async () => {
    await server.backend.db.exec(`set track_functions = 'all'`)
    // The first login also makes the dummy hash: measure after it.
    expect((await login({ email: 'warm-up@example.test', password: 'x' })).status).toBe(400)
    let before = await cryptCalls()
    expect((await login({ email: EMAIL, password: 'wrong' })).status).toBe(400)
    const wrongPassword = (await cryptCalls()) - before
    before = await cryptCalls()
    expect((await login({ email: 'nobody@example.test', password: 'wrong' })).status).toBe(400)
    const unknownAccount = (await cryptCalls()) - before
    before = await cryptCalls()
    expect((await login({ phone: '13800000000', password: 'wrong' })).status).toBe(400)
    const unknownPhone = (await cryptCalls()) - before
    expect({ wrongPassword, unknownAccount, unknownPhone }).toEqual({ wrongPassword: 1, unknownAccount: 1, unknownPhone: 1 })
  })

  test('should refuse an account after 5 failures with 429 and a Chinese message, even with the right password, until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const account = 'limited@example.test'
    await server.backend.db.query(
      `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at)
       values ($1, 'authenticated', 'authenticated', $2, extensions.crypt($3, extensions.gen_salt('bf')), now())`,
      [USER_B, account, PASSWORD],
    )
    for (let i = 0; i < 5; i++) expect((await login({ email: account, password: `wrong-${i}` })).status).toBe(400)
    const refused = await login({ email: account.toUpperCase(), password: PASSWORD })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(890)
    expect(await refused.json()).toEqual({ code: 'over_request_rate_limit', message: '登录失败次数过多，请15分钟后再试' })
    // Another account from the same address is not affected.
    expect((await login({ email: EMAIL, password: PASSWORD })).status).toBe(200)
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000)
    expect((await login({ email: account, password: PASSWORD })).status).toBe(200)
  })

  test('should refuse an address after 30 failures over any accounts, until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // The windows of earlier tests have ended.
    vi.setSystemTime(Date.now() + 16 * 60_000)
    for (let i = 0; i < 30; i++) expect((await login({ email: `guess-${i}@example.test`, password: 'x' })).status).toBe(400)
    expect((await login({ email: EMAIL, password: PASSWORD })).status).toBe(429)
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000)
    expect((await login({ email: EMAIL, password: PASSWORD })).status).toBe(200)
  })
})

describe('the database off the HTTP thread', () => {
  test('should answer requests that need no database while a long statement runs', async () => {
    const order: string[] = []
    const long = rpc('spin', JSON.stringify({ p_n: 5_000_000 }), asUser(USER_A)).then((r) => {
      order.push(`long ${r.status}`)
    })
    // Give the long statement time to reach the database.
    await vi.waitFor(async () => {
      const { rows } = await server.backend.db.query<{ n: number }>('select 1 as n')
      expect(rows).toEqual([{ n: 1 }])
    })
    const noKey = await fetch(`${server.url}/rest/v1/rpc/answer`, { method: 'POST', body: '{}' })
    order.push(`no key ${noKey.status}`)
    await long
    expect(order).toEqual(['no key 401', 'long 200'])
  }, 60_000)

  test('should take callers in turn: one caller with many queued requests delays another by at most one', async () => {
    const order: string[] = []
    const heavy = Array.from({ length: 8 }, (_, i) =>
      rpc('spin', JSON.stringify({ p_n: 300_000 }), asUser(USER_A)).then((r) => order.push(`a${i} ${r.status}`)),
    )
    // Wait until the first of A's requests is running and the others are queued behind it.
    await new Promise((resolve) => setImmediate(resolve))
    const other = rpc('answer', '{}', asUser(USER_B)).then((r) => order.push(`b ${r.status}`))
    await Promise.all([...heavy, other])
    expect(order.indexOf('b 200')).toBeLessThanOrEqual(2)
    expect(order).toHaveLength(9)
  }, 60_000)
})
