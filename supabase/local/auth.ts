import { createHash, randomBytes } from 'node:crypto'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { signJwt, verifyJwt, type JwtClaims } from './jwt.ts'

/**
 * What the auth endpoints keep beyond Supabase's `auth.users`: sessions and their refresh tokens.
 * Created by the local backend itself at every start (idempotent), never by the project's
 * migrations; tokens are stored as SHA-256 hashes.
 */
export const AUTH_SESSION_SQL = `
create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
create table if not exists auth.refresh_tokens (
  id bigint generated always as identity primary key,
  token_hash text not null unique,
  user_id uuid not null references auth.users (id) on delete cascade,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  revoked boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);
revoke all on auth.sessions, auth.refresh_tokens from public, anon, authenticated;
`

export interface AuthConfig {
  jwtSecret: string
  accessTokenLifetimeSeconds: number
  /** A refresh token used again within this many seconds of its rotation still works (concurrent tabs). */
  refreshReuseIntervalSeconds: number
  jwtLeewaySeconds: number
  /** The time of the request (ms), as the HTTP side's clock reads it; default Date.now(). */
  nowMs?: number
}

const nowSeconds = (config: AuthConfig) => Math.floor((config.nowMs ?? Date.now()) / 1000)

/** GoTrue's user object. */
export interface AuthUser {
  id: string
  aud: string
  role: string
  email: string
  phone: string
  app_metadata: Record<string, unknown>
  user_metadata: Record<string, unknown>
  is_anonymous: boolean
  [field: string]: unknown
}

export interface AuthReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** An error as GoTrue reports it: HTTP status, machine-readable code, human message. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message)
  }
}

const API_VERSION_HEADER = 'X-Supabase-Api-Version'
const API_VERSION_2024 = '2024-01-01'

/**
 * GoTrue's two error shapes: clients that send `X-Supabase-Api-Version: 2024-01-01` or later
 * (supabase-js does) get `{ code: 'invalid_credentials', message }` and the header echoed; older
 * ones get `{ code: 400, error_code: 'invalid_credentials', msg }`.
 */
export function authErrorReply(error: AuthError, requestedApiVersion: string | undefined): AuthReply {
  const version = requestedApiVersion?.trim() ?? ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(version) && version >= API_VERSION_2024) {
    return {
      status: error.status,
      body: { code: error.errorCode, message: error.message },
      headers: { [API_VERSION_HEADER]: API_VERSION_2024 },
    }
  }
  return { status: error.status, body: { code: error.status, error_code: error.errorCode, msg: error.message } }
}

const INVALID_CREDENTIALS = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
const REFRESH_NOT_FOUND = () =>
  new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const newRefreshToken = () => randomBytes(24).toString('base64url')

async function loadUser(tx: Transaction | PGlite, userId: string): Promise<AuthUser | null> {
  const { rows } = await tx.query<{ user: AuthUser }>(
    `select jsonb_build_object(
       'id', u.id,
       'aud', coalesce(nullif(u.aud, ''), 'authenticated'),
       'role', coalesce(nullif(u.role, ''), 'authenticated'),
       'email', coalesce(u.email, ''),
       'email_confirmed_at', u.email_confirmed_at,
       'phone', coalesce(u.phone, ''),
       'phone_confirmed_at', u.phone_confirmed_at,
       'confirmed_at', coalesce(u.email_confirmed_at, u.phone_confirmed_at),
       'last_sign_in_at', u.last_sign_in_at,
       'app_metadata', coalesce(u.raw_app_meta_data,
         case when u.email is not null then '{"provider": "email", "providers": ["email"]}'::jsonb
              else '{"provider": "phone", "providers": ["phone"]}'::jsonb end),
       'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
       'identities', coalesce((
         select jsonb_agg(jsonb_build_object(
                  'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id,
                  'identity_data', i.identity_data, 'provider', i.provider, 'email', i.email,
                  'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at, 'updated_at', i.updated_at)
                order by i.created_at)
           from auth.identities i where i.user_id = u.id), '[]'::jsonb),
       'created_at', u.created_at,
       'updated_at', u.updated_at,
       'is_anonymous', u.is_anonymous) as "user"
     from auth.users u where u.id = $1`,
    [userId],
  )
  return rows[0]?.user ?? null
}

/** Signs a GoTrue-style access token for a user's session. */
export function signUserAccessToken(
  config: AuthConfig,
  user: AuthUser,
  sessionId: string,
  issuer: string,
  method: 'password' | 'token_refresh' = 'password',
): { token: string; expiresAt: number } {
  const iat = nowSeconds(config)
  const expiresAt = iat + config.accessTokenLifetimeSeconds
  const claims: JwtClaims = {
    aud: user.aud,
    exp: expiresAt,
    iat,
    iss: issuer,
    sub: user.id,
    email: user.email,
    phone: user.phone,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    role: user.role,
    aal: 'aal1',
    amr: [{ method, timestamp: iat }],
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  }
  return { token: signJwt(claims, config.jwtSecret), expiresAt }
}

async function issueSession(
  tx: Transaction,
  config: AuthConfig,
  userId: string,
  sessionId: string,
  issuer: string,
  method: 'password' | 'token_refresh',
): Promise<AuthReply> {
  const refreshToken = newRefreshToken()
  await tx.query(`insert into auth.refresh_tokens (token_hash, user_id, session_id) values ($1, $2, $3)`, [
    hashToken(refreshToken),
    userId,
    sessionId,
  ])
  const user = await loadUser(tx, userId)
  if (!user) throw REFRESH_NOT_FOUND()
  const { token, expiresAt } = signUserAccessToken(config, user, sessionId, issuer, method)
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'bearer',
      expires_in: config.accessTokenLifetimeSeconds,
      expires_at: expiresAt,
      refresh_token: refreshToken,
      user,
    },
  }
}

/** Phone numbers as stored may or may not carry the country code 86; compare digits only. */
function phoneCandidates(phone: string): string[] {
  const digits = phone.replace(/\D/g, '')
  const candidates = [digits]
  if (digits.length === 11) candidates.push(`86${digits}`)
  if (digits.length === 13 && digits.startsWith('86')) candidates.push(digits.slice(2))
  return candidates
}

/**
 * A bcrypt hash of a random password, at the cost most stored hashes have (made at the first
 * login): a login for an account that does not exist is checked against it, so it costs what a
 * wrong password costs.
 */
const dummyHashes = new WeakMap<PGlite, string>()

export async function prepareDummyHash(db: PGlite): Promise<string> {
  const { rows } = await db.query<{ hash: string }>(
    `select extensions.crypt(encode(extensions.gen_random_bytes(18), 'base64'), extensions.gen_salt('bf', coalesce((
       select mode() within group (order by substring(encrypted_password from '^\\$2[abxy]?\\$(\\d\\d)\\$')::int)
         from auth.users where encrypted_password ~ '^\\$2[abxy]?\\$\\d\\d\\$'), 10))) as hash`,
  )
  const hash = rows[0]!.hash
  dummyHashes.set(db, hash)
  return hash
}

/** `POST /auth/v1/token?grant_type=password` with `{ email, password }` or `{ phone, password }`. */
export async function passwordGrant(db: PGlite, config: AuthConfig, body: unknown, issuer: string): Promise<AuthReply> {
  const { email, phone, password } = loginParams(body)
  if (email && phone) {
    throw new AuthError(400, 'validation_failed', 'Only an email address or phone number should be provided on login.')
  }
  if (!email && !phone) throw new AuthError(400, 'validation_failed', 'missing email or phone')
  const dummy = dummyHashes.get(db) ?? (await prepareDummyHash(db))
  return db.transaction(async (tx) => {
    // Exactly one bcrypt check per attempt: against the account's hash, or the dummy one when no
    // account matches, so a wrong password and an unknown account do the same work. Only bcrypt
    // hashes are accepted, as in GoTrue.
    const { rows } = await tx.query<{ id: string | null; ok: boolean }>(
      `select found.id, extensions.crypt($2, coalesce(found.hash, $3)) = coalesce(found.hash, $3) and found.id is not null as ok
         from (select 1) as one
         left join lateral (
           select id, encrypted_password as hash from auth.users
            where ${email ? 'lower(email) = lower($1)' : `regexp_replace(coalesce(phone, ''), '\\D', '', 'g') = any($1::text[])`}
              and encrypted_password ~ '^\\$2[abxy]?\\$'
            limit 1) as found on true`,
      [email ? email : phoneCandidates(phone), password, dummy],
    )
    const userId = rows[0]?.ok ? rows[0].id : null
    if (!userId) throw INVALID_CREDENTIALS()
    await tx.query(`update auth.users set last_sign_in_at = now() where id = $1`, [userId])
    const { rows: sessions } = await tx.query<{ id: string }>(
      `insert into auth.sessions (user_id) values ($1) returning id`,
      [userId],
    )
    return issueSession(tx, config, userId, sessions[0]!.id, issuer, 'password')
  })
}

/** The login fields of a password grant's body; anything that is not a string counts as missing. */
export function loginParams(body: unknown): { email: string; phone: string; password: string } {
  const params = (body !== null && typeof body === 'object' ? body : {}) as { email?: unknown; phone?: unknown; password?: unknown }
  return {
    email: typeof params.email === 'string' ? params.email.trim() : '',
    phone: typeof params.phone === 'string' ? params.phone.trim() : '',
    password: typeof params.password === 'string' ? params.password : '',
  }
}

/** The account a login names, for the per-account attempt limit: an email in lower case, or a phone's digits without 86. */
export function loginAccountKey(body: unknown): string | null {
  const { email, phone } = loginParams(body)
  if (email) return `email:${email.toLowerCase()}`
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  return `phone:${digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits}`
}

/**
 * `POST /auth/v1/token?grant_type=refresh_token` with `{ refresh_token }`. Rotation: the token
 * used is revoked and a new one issued. Reusing a revoked token within the reuse interval
 * (two tabs refreshing at once) still succeeds; later reuse is treated as theft and ends the
 * whole session.
 */
export async function refreshGrant(db: PGlite, config: AuthConfig, body: unknown, issuer: string): Promise<AuthReply> {
  const token = (body as { refresh_token?: unknown } | undefined)?.refresh_token
  if (typeof token !== 'string' || token === '') throw REFRESH_NOT_FOUND()
  const outcome = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number; user_id: string; session_id: string; revoked: boolean; age: number }>(
      `select id, user_id, session_id, revoked, extract(epoch from clock_timestamp() - updated_at)::float8 as age
         from auth.refresh_tokens where token_hash = $1 for update`,
      [hashToken(token)],
    )
    const row = rows[0]
    if (!row) throw REFRESH_NOT_FOUND()
    if (row.revoked && row.age > config.refreshReuseIntervalSeconds) {
      await tx.query(`delete from auth.sessions where id = $1`, [row.session_id])
      return 'reused' as const
    }
    await tx.query(
      `update auth.refresh_tokens set revoked = true, updated_at = clock_timestamp()
        where session_id = $1 and not revoked`,
      [row.session_id],
    )
    await tx.query(`update auth.sessions set refreshed_at = now() where id = $1`, [row.session_id])
    return issueSession(tx, config, row.user_id, row.session_id, issuer, 'token_refresh')
  })
  // The session is ended (committed) before the error is reported.
  if (outcome === 'reused') throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
  return outcome
}

/** The verified claims of the bearer token of an auth request, as GoTrue checks them. */
function requireClaims(config: AuthConfig, token: string | null): JwtClaims & { sub: string } {
  if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const check = verifyJwt(token, config.jwtSecret, { leewaySeconds: config.jwtLeewaySeconds, nowSeconds: nowSeconds(config) })
  if (!check.ok) {
    const why =
      check.reason === 'expired'
        ? 'token has invalid claims: token is expired'
        : check.reason === 'no_expiry'
          ? 'token has invalid claims: missing exp claim'
          : `token is ${check.reason}`
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${why}`)
  }
  if (typeof check.claims.sub !== 'string' || check.claims.sub === '') {
    throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim')
  }
  return check.claims as JwtClaims & { sub: string }
}

/** `GET /auth/v1/user`. */
export async function getUser(db: PGlite, config: AuthConfig, token: string | null): Promise<AuthReply> {
  const claims = requireClaims(config, token)
  return db.transaction(async (tx) => {
    if (typeof claims.session_id === 'string') {
      const { rows } = await tx.query(`select 1 from auth.sessions where id = $1::uuid and user_id = $2::uuid`, [
        claims.session_id,
        claims.sub,
      ])
      if (rows.length === 0) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
    }
    const user = await loadUser(tx, claims.sub)
    if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist')
    return { status: 200, body: user }
  })
}

/** `POST /auth/v1/logout?scope=global|local|others`: ends sessions, which revokes their refresh tokens. */
export async function logout(db: PGlite, config: AuthConfig, token: string | null, scope: string | null): Promise<AuthReply> {
  const claims = requireClaims(config, token)
  const chosen = scope ?? 'global'
  if (!['global', 'local', 'others'].includes(chosen)) {
    throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${chosen}"`)
  }
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : null
  if (chosen === 'global') {
    await db.query(`delete from auth.sessions where user_id = $1::uuid`, [claims.sub])
  } else if (sessionId && chosen === 'local') {
    await db.query(`delete from auth.sessions where id = $1::uuid`, [sessionId])
  } else if (sessionId) {
    await db.query(`delete from auth.sessions where user_id = $1::uuid and id <> $2::uuid`, [claims.sub, sessionId])
  }
  return { status: 204 }
}
