import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { signJwt } from '../../supabase/local/jwt'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'

// PostgREST semantics of POST /rest/v1/rpc/<fn>, on a database with only the platform schema and
// the test's own functions (the project's migrations have their own tests).

const USER_ID = '11111111-1111-4111-8111-111111111111'
let server: LocalBackendServer
let root: string

function client(key: string, accessToken?: string): SupabaseClient {
  return createClient(server.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
    ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
  })
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhibu-backend-rpc-'))
  await mkdir(join(root, 'supabase/local'), { recursive: true })
  await copyFile('supabase/local/auth-schema.sql', join(root, 'supabase/local/auth-schema.sql'))
  server = await startLocalBackendServer({ root })
  await server.backend.db.exec(`
    create function public.whoami() returns jsonb language sql stable as $$
      select jsonb_build_object('role', current_user, 'auth_role', auth.role(), 'uid', auth.uid(),
        'claims', current_setting('request.jwt.claims', true)::jsonb,
        'method', current_setting('request.method', true), 'path', current_setting('request.path', true),
        'client_info', current_setting('request.headers', true)::jsonb ->> 'x-client-info')
    $$;
    create function public.typed(p_count int, p_day date, p_tags text[], p_doc jsonb, p_flag boolean default true)
    returns jsonb language sql immutable as $$
      select jsonb_build_object('count_plus_one', p_count + 1, 'next_day', p_day + 1,
        'tag_count', cardinality(p_tags), 'doc_kind', jsonb_typeof(p_doc), 'flag', p_flag)
    $$;
    create function public.numbers(p_upto int) returns setof int language sql immutable as $$
      select generate_series(1, p_upto)
    $$;
    create function public.answer() returns int language sql immutable as $$ select 42 $$;
    create function public.nothing() returns void language sql as $$ select $$;
    create function public.fail(p_state text) returns void language plpgsql as $$
    begin
      raise exception 'failing with %', p_state using errcode = p_state, detail = 'the detail', hint = 'the hint';
    end $$;
    create table public.notes (id int primary key, body text);
    create function public.add_note(p_id int) returns int language sql as $$
      insert into public.notes values (p_id, 'x') returning id
    $$;
    create function public.members_only() returns text language sql as $$ select 'secret' $$;
    revoke execute on function public.members_only() from public, anon;
    grant execute on function public.members_only() to authenticated;
  `)
})

afterAll(async () => {
  await server?.close()
  if (root) await rm(root, { recursive: true, force: true })
})

describe('rpc roles and claims', () => {
  test('should run as anon with the anon key', async () => {
    const { data, error } = await client(server.anonKey).rpc('whoami')
    expect(error).toBeNull()
    expect(data).toMatchObject({ role: 'anon', auth_role: 'anon', uid: null, method: 'POST', path: '/rpc/whoami' })
    expect(data.claims.role).toBe('anon')
    expect(data.client_info).toMatch(/supabase-js/)
  })

  test('should run as authenticated with the user id of a signed-in token', async () => {
    const token = server.backend.signAccessToken({ sub: USER_ID, role: 'authenticated', aud: 'authenticated' })
    const { data, error } = await client(server.anonKey, token).rpc('whoami')
    expect(error).toBeNull()
    expect(data).toMatchObject({ role: 'authenticated', auth_role: 'authenticated', uid: USER_ID })
    expect(data.claims.sub).toBe(USER_ID)
  })

  test('should refuse a role that is not one of the API roles', async () => {
    const token = server.backend.signAccessToken({ sub: USER_ID, role: 'postgres' })
    const res = await post('/rest/v1/rpc/whoami', {}, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(401)
  })
})

describe('rpc arguments and results', () => {
  test('should cast named JSON arguments to the argument types and apply defaults', async () => {
    const { data, error } = await client(server.anonKey).rpc('typed', {
      p_count: '41',
      p_day: '2026-02-28',
      p_tags: ['a', 'b', 'c'],
      p_doc: { nested: [1] },
    })
    expect(error).toBeNull()
    expect(data).toEqual({ count_plus_one: 42, next_day: '2026-03-01', tag_count: 3, doc_kind: 'object', flag: true })
  })

  test('should return a JSON array for a set-returning function and a bare value for a scalar', async () => {
    const anon = client(server.anonKey)
    expect((await anon.rpc('numbers', { p_upto: 3 })).data).toEqual([1, 2, 3])
    expect((await anon.rpc('numbers', { p_upto: 0 })).data).toEqual([])
    expect((await anon.rpc('answer')).data).toBe(42)
  })

  test('should answer 204 for a void function', async () => {
    const res = await post('/rest/v1/rpc/nothing', {}, { authorization: `Bearer ${server.anonKey}` })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  test('should support GET calls for functions that do not write', async () => {
    const { data, error } = await client(server.anonKey).rpc('numbers', { p_upto: 2 }, { get: true })
    expect(error).toBeNull()
    expect(data).toEqual([1, 2])
  })

  test('should report a value that does not fit the argument type as 400 22P02', async () => {
    const { error, status } = await client(server.anonKey).rpc('typed', {
      p_count: 'many',
      p_day: '2026-01-01',
      p_tags: [],
      p_doc: {},
    })
    expect(status).toBe(400)
    expect(error?.code).toBe('22P02')
  })

  test('should answer 404 PGRST202 for an unknown function or unknown argument names', async () => {
    const unknown = await client(server.anonKey).rpc('no_such_function')
    expect(unknown.status).toBe(404)
    expect(unknown.error?.code).toBe('PGRST202')
    const wrongArgs = await client(server.anonKey).rpc('numbers', { p_from: 1 })
    expect(wrongArgs.status).toBe(404)
    expect(wrongArgs.error?.code).toBe('PGRST202')
    expect(wrongArgs.error?.message).toContain('public.numbers(p_from)')
  })

  test('should only reach functions in schema public', async () => {
    const res = await post('/rest/v1/rpc/uid', {}, { authorization: `Bearer ${server.anonKey}` })
    expect(res.status).toBe(404)
  })
})

describe('rpc errors', () => {
  test.each([
    ['23505', 409],
    ['23503', 409],
    ['P0001', 400],
    ['22023', 400],
    ['P0002', 500],
    ['08006', 503],
    ['PT418', 418],
  ])('should map SQLSTATE %s to HTTP %i with PostgREST error body', async (state, status) => {
    const token = server.backend.signAccessToken({ sub: USER_ID, role: 'authenticated' })
    const res = await post('/rest/v1/rpc/fail', { p_state: state }, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ code: state, details: 'the detail', hint: 'the hint', message: `failing with ${state}` })
  })

  test('should map 42501 to 401 for anon and 403 for a signed-in user', async () => {
    const anon = await client(server.anonKey).rpc('members_only')
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
    const token = server.backend.signAccessToken({ sub: USER_ID, role: 'authenticated' })
    expect((await client(server.anonKey, token).rpc('members_only')).data).toBe('secret')
    await server.backend.db.exec('revoke execute on function public.members_only() from authenticated')
    const denied = await client(server.anonKey, token).rpc('members_only')
    expect(denied.status).toBe(403)
    expect(denied.error?.code).toBe('42501')
  })

  test('should map a unique violation to 409 and roll the failed call back', async () => {
    const anon = client(server.anonKey)
    expect((await anon.rpc('add_note', { p_id: 1 })).data).toBe(1)
    const again = await anon.rpc('add_note', { p_id: 1 })
    expect(again.status).toBe(409)
    expect(again.error?.code).toBe('23505')
  })

  test('should answer 405 when a GET call tries to write', async () => {
    const { status, error } = await client(server.anonKey).rpc('add_note', { p_id: 2 }, { get: true })
    expect(status).toBe(405)
    expect(error?.code).toBe('25006')
  })
})

describe('rpc tokens', () => {
  test('should answer 401 PGRST303 for an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 600
    const token = server.backend.signAccessToken({ sub: USER_ID, role: 'authenticated', iat: past - 60, exp: past })
    const res = await post('/rest/v1/rpc/whoami', {}, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ code: 'PGRST303', details: null, hint: null, message: 'JWT expired' })
  })

  test('should answer 401 PGRST301 for a token signed with another secret', async () => {
    const forged = signJwt({ sub: USER_ID, role: 'service_role' }, 'some-other-secret-of-sufficient-length')
    const res = await post('/rest/v1/rpc/whoami', {}, { authorization: `Bearer ${forged}` })
    expect(res.status).toBe(401)
    expect((await res.json()).code).toBe('PGRST301')
  })

  test('should refuse an unsigned token (alg none)', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: USER_ID, role: 'service_role' })}.`
    const res = await post('/rest/v1/rpc/whoami', {}, { authorization: `Bearer ${unsigned}` })
    expect(res.status).toBe(401)
    expect((await res.json()).code).toBe('PGRST301')
  })

  test('should refuse requests without a valid apikey', async () => {
    const res = await fetch(`${server.url}/rest/v1/rpc/answer`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(401)
    const forged = await post('/rest/v1/rpc/answer', {}, { apikey: signJwt({ role: 'anon' }, 'another-secret-entirely') })
    expect(forged.status).toBe(401)
  })
})

describe('http surface', () => {
  test('should answer a CORS preflight for the headers supabase-js sends', async () => {
    const res = await fetch(`${server.url}/rest/v1/rpc/whoami`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,apikey,content-type,x-client-info,x-supabase-api-version',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const allowed = res.headers.get('access-control-allow-headers') ?? ''
    for (const header of ['authorization', 'apikey', 'content-type', 'x-client-info', 'prefer', 'accept-profile', 'content-profile', 'x-supabase-api-version']) {
      expect(allowed).toContain(header)
    }
    const call = await post('/rest/v1/rpc/answer', {})
    expect(call.headers.get('access-control-allow-origin')).toBe('*')
  })

  test('should answer 404 JSON for table paths and unknown API paths', async () => {
    const table = await fetch(`${server.url}/rest/v1/notes?select=*`, { headers: { apikey: server.anonKey } })
    expect(table.status).toBe(404)
    expect((await table.json()).code).toBe('PGRST125')
    const auth = await fetch(`${server.url}/auth/v1/signup`, { method: 'POST', headers: { apikey: server.anonKey }, body: '{}' })
    expect(auth.status).toBe(404)
  })
})
