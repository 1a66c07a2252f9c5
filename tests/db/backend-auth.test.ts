import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuthApiError, createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { verifyJwt } from '../../supabase/local/jwt'
import { LOCAL_JWT_SECRET } from '../../supabase/local/keys'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'

// GoTrue semantics of the password grant, refresh rotation, /user and /logout, through supabase-js.

const USER_ID = '22222222-2222-4222-8222-222222222222'
const EMAIL = 'tester@example.test'
const PHONE = '13912345678'
const PASSWORD = 'Correct-Horse-9'
let server: LocalBackendServer
let root: string

function client(): SupabaseClient {
  return createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}

function rawAuth(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${server.url}/auth/v1${path}`, {
    method: init.method ?? 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhibu-backend-auth-'))
  await mkdir(join(root, 'supabase/local'), { recursive: true })
  await copyFile('supabase/local/auth-schema.sql', join(root, 'supabase/local/auth-schema.sql'))
  // Rotation is strict here (no reuse interval) so that a reused refresh token is refused at once.
  server = await startLocalBackendServer({ root, refreshReuseIntervalSeconds: 0 })
  await server.backend.db.query(
    `insert into auth.users (id, aud, role, email, phone, encrypted_password, email_confirmed_at,
                             raw_app_meta_data, raw_user_meta_data)
     values ($1, 'authenticated', 'authenticated', $2, $3, extensions.crypt($4, extensions.gen_salt('bf')), now(),
             '{"provider": "email", "providers": ["email"]}', '{"name": "测试"}')`,
    [USER_ID, EMAIL, PHONE, PASSWORD],
  )
  await server.backend.db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider)
     values ($1::text, $2::uuid, jsonb_build_object('sub', $1::text, 'email', $3::text), 'email')`,
    [USER_ID, USER_ID, EMAIL],
  )
})

afterAll(async () => {
  await server?.close()
  if (root) await rm(root, { recursive: true, force: true })
})

describe('password grant', () => {
  test('should sign in by email and return a GoTrue session with a verifiable access token', async () => {
    const { data, error } = await client().auth.signInWithPassword({ email: EMAIL.toUpperCase(), password: PASSWORD })
    expect(error).toBeNull()
    const session = data.session!
    expect(session.token_type).toBe('bearer')
    expect(session.expires_in).toBe(3600)
    expect(session.refresh_token).toMatch(/^[\w-]{20,}$/)
    expect(data.user).toMatchObject({ id: USER_ID, aud: 'authenticated', role: 'authenticated', email: EMAIL, phone: PHONE })
    expect(data.user?.user_metadata).toEqual({ name: '测试' })
    expect(data.user?.identities?.[0]).toMatchObject({ provider: 'email', user_id: USER_ID })
    expect(data.user?.last_sign_in_at).toBeTruthy()
    const check = verifyJwt(session.access_token, LOCAL_JWT_SECRET)
    expect(check.ok).toBe(true)
    if (check.ok) {
      expect(check.claims).toMatchObject({ sub: USER_ID, role: 'authenticated', aud: 'authenticated', email: EMAIL, is_anonymous: false })
      expect(check.claims.exp).toBe(session.expires_at)
      expect(typeof check.claims.session_id).toBe('string')
    }
  })

  test('should sign in by phone, with or without the country code', async () => {
    for (const phone of [PHONE, `+86${PHONE}`]) {
      const { data, error } = await client().auth.signInWithPassword({ phone, password: PASSWORD })
      expect(error).toBeNull()
      expect(data.user?.id).toBe(USER_ID)
    }
  })

  test('should refuse a wrong password or an unknown login with invalid_credentials', async () => {
    for (const credentials of [
      { email: EMAIL, password: 'wrong' },
      { email: 'nobody@example.test', password: PASSWORD },
      { phone: '13900009999', password: PASSWORD },
    ]) {
      const { data, error } = await client().auth.signInWithPassword(credentials)
      expect(data.session).toBeNull()
      expect(error).toBeInstanceOf(AuthApiError)
      expect(error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' })
    }
  })

  test('should answer old clients in GoTrue legacy error shape', async () => {
    const res = await rawAuth('/token?grant_type=password', { body: { email: EMAIL, password: 'wrong' } })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })
  })
})

describe('refresh, user, logout', () => {
  test('should rotate refresh tokens and refuse a rotated one', async () => {
    const auth = client().auth
    const signedIn = (await auth.signInWithPassword({ email: EMAIL, password: PASSWORD })).data.session!
    const first = await auth.refreshSession({ refresh_token: signedIn.refresh_token })
    expect(first.error).toBeNull()
    const rotated = first.data.session!
    expect(rotated.refresh_token).not.toBe(signedIn.refresh_token)
    expect(rotated.user.id).toBe(USER_ID)

    const reused = await rawAuth('/token?grant_type=refresh_token', { body: { refresh_token: signedIn.refresh_token } })
    expect(reused.status).toBe(400)
    expect((await reused.json()).error_code).toBe('refresh_token_already_used')
    // Reuse of a rotated token ends the whole session, so the newest token is gone as well.
    const afterTheft = await client().auth.refreshSession({ refresh_token: rotated.refresh_token })
    expect(afterTheft.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
  })

  test('should refuse an unknown refresh token with refresh_token_not_found', async () => {
    const res = await rawAuth('/token?grant_type=refresh_token', { body: { refresh_token: 'not-a-token' } })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      code: 400,
      error_code: 'refresh_token_not_found',
      msg: 'Invalid Refresh Token: Refresh Token Not Found',
    })
  })

  test('should return the user for a valid access token and refuse bad ones', async () => {
    const session = (await client().auth.signInWithPassword({ email: EMAIL, password: PASSWORD })).data.session!
    const { data, error } = await client().auth.getUser(session.access_token)
    expect(error).toBeNull()
    expect(data.user).toMatchObject({ id: USER_ID, email: EMAIL })

    const past = Math.floor(Date.now() / 1000) - 600
    const expired = server.backend.signAccessToken({ sub: USER_ID, role: 'authenticated', iat: past - 60, exp: past })
    const res = await rawAuth('/user', { method: 'GET', headers: { authorization: `Bearer ${expired}` } })
    expect(res.status).toBe(403)
    expect((await res.json()).error_code).toBe('bad_jwt')
    const missing = await rawAuth('/user', { method: 'GET' })
    expect(missing.status).toBe(401)
    expect((await missing.json()).error_code).toBe('no_authorization')
  })

  test('should end the session on logout so its refresh token and /user stop working', async () => {
    const auth = client().auth
    const session = (await auth.signInWithPassword({ email: EMAIL, password: PASSWORD })).data.session!
    const other = (await client().auth.signInWithPassword({ email: EMAIL, password: PASSWORD })).data.session!
    const res = await rawAuth('/logout?scope=local', { headers: { authorization: `Bearer ${session.access_token}` } })
    expect(res.status).toBe(204)

    const refresh = await client().auth.refreshSession({ refresh_token: session.refresh_token })
    expect(refresh.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
    const user = await rawAuth('/user', { method: 'GET', headers: { authorization: `Bearer ${session.access_token}` } })
    expect(user.status).toBe(403)
    expect((await user.json()).error_code).toBe('session_not_found')
    // A local logout leaves the user's other sessions alone; a global one (supabase-js default) ends them.
    expect((await client().auth.getUser(other.access_token)).error).toBeNull()
    const signedIn = client()
    await signedIn.auth.setSession({ access_token: other.access_token, refresh_token: other.refresh_token })
    expect((await signedIn.auth.signOut()).error).toBeNull()
    const otherRefresh = await client().auth.refreshSession({ refresh_token: other.refresh_token })
    expect(otherRefresh.error).toMatchObject({ code: 'refresh_token_not_found' })
  })

  test('should keep access tokens short-lived when configured, and let two tabs refresh at once', async () => {
    const short = await startLocalBackendServer({ root, accessTokenLifetimeSeconds: 2 })
    try {
      await short.backend.db.query(
        `insert into auth.users (id, email, encrypted_password) values ($1, $2, extensions.crypt($3, extensions.gen_salt('bf')))`,
        [USER_ID, EMAIL, PASSWORD],
      )
      const res = await fetch(`${short.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: short.anonKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      })
      const session = await res.json()
      expect(session.expires_in).toBe(2)
      expect(session.expires_at - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(2)

      // Default reuse interval: the same refresh token used twice in quick succession works both times.
      const refresh = () =>
        fetch(`${short.url}/auth/v1/token?grant_type=refresh_token`, {
          method: 'POST',
          headers: { apikey: short.anonKey, 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: session.refresh_token }),
        })
      const [a, b] = await Promise.all([refresh(), refresh()])
      expect([a.status, b.status]).toEqual([200, 200])
      const tokens = [(await a.json()).refresh_token, (await b.json()).refresh_token]
      expect(new Set([session.refresh_token, ...tokens]).size).toBe(3)
    } finally {
      await short.close()
    }
  })
})
