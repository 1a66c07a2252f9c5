import { existsSync } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import {
  AUTH_SESSION_SQL,
  AuthError,
  authErrorReply,
  getUser,
  logout,
  passwordGrant,
  refreshGrant,
  type AuthConfig,
  type AuthReply,
} from './auth.ts'
import { BodyError, answerPreflight, bearerToken, headerValue, readJsonBody, sendEmpty, sendJson, setCorsHeaders } from './http.ts'
import { JWT_LEEWAY_SECONDS, signJwt, verifyJwt, type JwtClaims } from './jwt.ts'
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_KEY_EXP, LOCAL_KEY_IAT, LOCAL_KEY_ISSUER, LOCAL_SERVICE_KEY } from './keys.ts'
import { applySchemaFiles, readSchemaFiles, schemaFingerprint } from './load.ts'
import { callRpc, isApiRole, type ApiRole } from './rest.ts'

export interface LocalBackendOptions {
  /** Where PGlite keeps its files; `null` keeps the database in memory. Default `<root>/.data/pglite`. */
  dataDir?: string | null
  /** The project root holding `supabase/`. Default: the current directory. */
  root?: string
  /** HS256 secret for all tokens. Default LOCAL_JWT_SECRET (matching the anon key of src/data/config.ts). */
  jwtSecret?: string
  /** Load `supabase/seed.sql` on a fresh database. Default true. */
  seed?: boolean
  /** Lifetime of access tokens from the auth endpoints. Default 3600. */
  accessTokenLifetimeSeconds?: number
  /** Grace period for reusing a just-rotated refresh token. Default 10. */
  refreshReuseIntervalSeconds?: number
  /** Clock skew tolerated on `exp`. Default 5. */
  jwtLeewaySeconds?: number
  /** Where start-up lines go; `false` for silence. Default console.log. */
  log?: ((line: string) => void) | false
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

export interface LocalBackend {
  /** Connect/Node middleware for `/rest/v1/*` and `/auth/v1/*`; other paths go to `next` (or 404). */
  handle: NodeHandler
  /** The database; replaced once during start when stale data is thrown away, so use it after `ready`. */
  readonly db: PGlite
  /** Resolves when the database is open and loaded; rejects if it could not be. */
  ready: Promise<void>
  close(): Promise<void>
  anonKey: string
  serviceKey: string
  /** Signs claims with the backend's secret; `iat` defaults to now and `exp` to now + lifetime. */
  signAccessToken(claims: JwtClaims, lifetimeSeconds?: number): string
  /** Where the data lives, or null when in memory. */
  dataDir: string | null
}

const META_SQL = `
create schema if not exists local_meta;
revoke all on schema local_meta from public;
create table if not exists local_meta.state (key text primary key, value text not null);
`

async function openDatabase(dataDir: string | null): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true })
  return PGlite.create(dataDir ?? undefined, { extensions: { pgcrypto } })
}

async function storedFingerprint(db: PGlite): Promise<string | null> {
  const { rows: table } = await db.query<{ found: boolean }>(`select to_regclass('local_meta.state') is not null as found`)
  if (!table[0]?.found) return null
  const { rows } = await db.query<{ value: string }>(`select value from local_meta.state where key = 'schema_fingerprint'`)
  return rows[0]?.value ?? null
}

export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  const root = resolve(options.root ?? process.cwd())
  const dataDir = options.dataDir === null ? null : resolve(options.dataDir ?? join(root, '.data/pglite'))
  const secret = options.jwtSecret ?? LOCAL_JWT_SECRET
  const log = options.log === false ? () => {} : (options.log ?? ((line: string) => console.log(line)))
  const config: AuthConfig = {
    jwtSecret: secret,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    refreshReuseIntervalSeconds: options.refreshReuseIntervalSeconds ?? 10,
    jwtLeewaySeconds: options.jwtLeewaySeconds ?? JWT_LEEWAY_SECONDS,
  }
  const apiKey = (role: ApiRole) =>
    signJwt({ iss: LOCAL_KEY_ISSUER, role, iat: LOCAL_KEY_IAT, exp: LOCAL_KEY_EXP }, secret)
  const anonKey = secret === LOCAL_JWT_SECRET ? LOCAL_ANON_KEY : apiKey('anon')
  const serviceKey = secret === LOCAL_JWT_SECRET ? LOCAL_SERVICE_KEY : apiKey('service_role')

  let db: PGlite | null = null
  let closed = false

  async function start(): Promise<void> {
    const started = Date.now()
    const files = await readSchemaFiles(root, { seed: options.seed ?? true })
    const fingerprint = schemaFingerprint(files)
    // Why an existing data directory cannot be reused; it is replaced only once a new database is built.
    let replacing: string | null = null
    if (dataDir && existsSync(dataDir)) {
      let problem = 'holds no finished database'
      if (existsSync(join(dataDir, 'PG_VERSION'))) {
        try {
          const existing = await openDatabase(dataDir)
          const stored = await storedFingerprint(existing)
          if (stored === fingerprint) {
            db = existing
            await db.exec(AUTH_SESSION_SQL)
            log(`Reusing the local database in ${dataDir} (opened in ${Date.now() - started} ms).`)
            return
          }
          await existing.close()
          problem = stored === null ? 'never finished loading' : 'was made from other migrations or seed'
        } catch (error) {
          problem = `could not be opened (${(error as Error).message})`
        }
      }
      if ((await readdir(dataDir)).length > 0) replacing = problem
    }
    log(
      dataDir
        ? `${replacing ? `${dataDir} ${replacing}: preparing` : 'Preparing'} the local database from ${files.length} ` +
            'SQL file(s); this takes about 20-40 s, and later starts reuse it until the migrations or the seed change...'
        : `Preparing an in-memory database from ${files.length} SQL file(s)...`,
    )
    // Loading is several times faster in memory than through the file system, so a persisted
    // database is built in memory and then written out once as a whole.
    const building = await openDatabase(null)
    try {
      const [platform, ...rest] = files
      if (platform) await applySchemaFiles(building, [platform])
      await building.exec(AUTH_SESSION_SQL)
      await applySchemaFiles(building, rest)
      await building.exec(META_SQL)
      await building.query(`insert into local_meta.state (key, value) values ('schema_fingerprint', $1)`, [fingerprint])
    } catch (error) {
      await building.close()
      throw error
    }
    if (dataDir) {
      const image = await building.dumpDataDir('none')
      await building.close()
      await rm(dataDir, { recursive: true, force: true })
      await mkdir(dataDir, { recursive: true })
      db = await PGlite.create(dataDir, { extensions: { pgcrypto }, loadDataDir: image })
    } else {
      db = building
    }
    log(`Local database ready: prepared in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir ?? 'in memory'}).`)
  }

  const ready = start().then(() => {
    if (closed) throw new Error('The local backend was closed during start')
  })
  // Each request is answered 503 with the reason; the log says it once.
  ready.catch((error: unknown) => log(`The local database could not be started: ${(error as Error).message}`))

  function restClaims(req: IncomingMessage): { claims: JwtClaims; role: ApiRole } | { status: number; body: unknown; headers?: Record<string, string> } {
    const token = bearerToken(req) ?? null
    if (!token) return { claims: { role: 'anon' }, role: 'anon' }
    const check = verifyJwt(token, secret, { leewaySeconds: config.jwtLeewaySeconds })
    if (!check.ok) {
      const expired = check.reason === 'expired'
      const message = expired
        ? 'JWT expired'
        : check.reason === 'algorithm'
          ? 'Wrong or unsupported encoding algorithm'
          : check.reason === 'signature'
            ? 'JWSError JWSInvalidSignature'
            : check.reason === 'malformed'
              ? 'JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts)'
              : 'JWT not yet valid'
      const code = expired || check.reason === 'not_yet_valid' ? 'PGRST303' : 'PGRST301'
      return {
        status: 401,
        body: { code, details: null, hint: null, message },
        headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` },
      }
    }
    const role = check.claims.role ?? 'anon'
    if (!isApiRole(role)) {
      return { status: 401, body: { code: 'PGRST301', details: null, hint: null, message: `Role "${String(role)}" is not allowed` } }
    }
    return { claims: check.claims, role }
  }

  function requestHeaders(req: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
    }
    return headers
  }

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL, database: PGlite): Promise<void> {
    const match = /^\/rest\/v1\/rpc\/([^/]+)\/?$/.exec(url.pathname)
    if (!match) {
      sendJson(res, 404, {
        code: 'PGRST125',
        details: null,
        hint: 'The local backend serves only POST /rest/v1/rpc/<function>; tables are reached through functions.',
        message: 'Invalid path specified in request URL',
      })
      return
    }
    const method = req.method === 'GET' || req.method === 'HEAD' ? 'GET' : req.method === 'POST' ? 'POST' : null
    if (!method) {
      sendJson(res, 405, { code: 'PGRST117', details: null, hint: null, message: `Unsupported HTTP method: ${req.method}` })
      return
    }
    const profile = headerValue(req, method === 'GET' ? 'accept-profile' : 'content-profile')
    if (profile && profile !== 'public') {
      sendJson(res, 406, {
        code: 'PGRST106',
        details: null,
        hint: 'Only the following schemas are exposed: public',
        message: 'Invalid schema: ' + profile,
      })
      return
    }
    const auth = restClaims(req)
    if (!('role' in auth)) {
      sendJson(res, auth.status, auth.body, auth.headers)
      return
    }
    const args = method === 'GET' ? Object.fromEntries(url.searchParams) : await readJsonBody(req)
    const name = decodeURIComponent(match[1] ?? '')
    const reply = await callRpc(database, {
      name,
      args,
      method,
      claims: auth.claims,
      role: auth.role,
      headers: requestHeaders(req),
      path: `/rpc/${name}`,
      singleObject: (headerValue(req, 'accept') ?? '').includes('application/vnd.pgrst.object+json'),
    })
    if (reply.body === undefined) sendEmpty(res, reply.status, reply.headers)
    else sendJson(res, reply.status, reply.body, reply.headers)
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL, database: PGlite): Promise<void> {
    const issuer = `${url.protocol}//${url.host}/auth/v1`
    const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`
    let reply: AuthReply
    try {
      if (route === 'POST /auth/v1/token') {
        const grant = url.searchParams.get('grant_type')
        const body = await readJsonBody(req)
        if (grant === 'password') reply = await passwordGrant(database, config, body, issuer)
        else if (grant === 'refresh_token') reply = await refreshGrant(database, config, body, issuer)
        else throw new AuthError(400, 'validation_failed', `unsupported_grant_type: ${grant ?? '(none)'}`)
      } else if (route === 'GET /auth/v1/user') {
        reply = await getUser(database, config, bearerToken(req))
      } else if (route === 'POST /auth/v1/logout') {
        reply = await logout(database, config, bearerToken(req), url.searchParams.get('scope'))
      } else {
        throw new AuthError(404, 'not_found', `The local backend does not serve ${route}`)
      }
    } catch (error) {
      if (!(error instanceof AuthError)) throw error
      reply = authErrorReply(error, headerValue(req, 'x-supabase-api-version'))
    }
    if (reply.body === undefined) sendEmpty(res, reply.status, reply.headers)
    else sendJson(res, reply.status, reply.body, reply.headers)
  }

  /** The API gateway's check: every request carries an `apikey` signed with the secret. */
  function apiKeyProblem(req: IncomingMessage): string | null {
    const key = headerValue(req, 'apikey')
    if (!key) return 'No API key found in request'
    const check = verifyJwt(key, secret, { leewaySeconds: config.jwtLeewaySeconds })
    return check.ok && isApiRole(check.claims.role) ? null : 'Invalid API key'
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    setCorsHeaders(res)
    if (req.method === 'OPTIONS') {
      answerPreflight(res)
      return
    }
    const problem = apiKeyProblem(req)
    if (problem) {
      sendJson(res, 401, { message: problem, hint: 'Send the anon key in the apikey header (supabase-js does).' })
      return
    }
    try {
      await ready
    } catch (error) {
      sendJson(res, 503, {
        code: 'PGRST000',
        details: (error as Error).message,
        hint: 'Fix the SQL named above, then restart (npm run db:reset starts from an empty database).',
        message: 'The local database could not be started',
      })
      return
    }
    if (!db || closed) {
      sendJson(res, 503, { code: 'PGRST000', details: null, hint: null, message: 'The local backend is closed' })
      return
    }
    try {
      if (url.pathname.startsWith('/rest/v1')) await handleRest(req, res, url, db)
      else await handleAuth(req, res, url, db)
    } catch (error) {
      if (error instanceof BodyError) {
        sendJson(res, 400, { code: 'PGRST102', details: null, hint: null, message: error.message })
        return
      }
      log(`Local backend error on ${req.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`)
      if (!res.headersSent) sendJson(res, 500, { code: 'XX000', details: null, hint: null, message: (error as Error).message })
      else res.end()
    }
  }

  const handle: NodeHandler = (req, res, next) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    const ours = /^\/(rest|auth)\/v1(\/|$)/.test(url.pathname)
    if (!ours) {
      if (next) next()
      else sendJson(res, 404, { message: 'Not found' })
      return
    }
    serve(req, res, url).catch((error: unknown) => {
      if (next) next(error)
      else res.destroy(error as Error)
    })
  }

  return {
    handle,
    get db(): PGlite {
      if (!db) throw new Error('The local database is not open yet: await backend.ready first')
      return db
    },
    ready,
    async close() {
      closed = true
      await ready.catch(() => {})
      if (db && !db.closed) await db.close()
    },
    anonKey,
    serviceKey,
    signAccessToken(claims: JwtClaims, lifetimeSeconds = config.accessTokenLifetimeSeconds): string {
      const iat = Math.floor(Date.now() / 1000)
      return signJwt({ iat, exp: iat + lifetimeSeconds, ...claims }, secret)
    },
    dataDir,
  }
}
