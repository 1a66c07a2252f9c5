import { mkdtempSync, rmSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { AuthError, authErrorReply, loginAccountKey, type AuthConfig, type AuthReply } from './auth.ts'
import { FairQueue, QueueRefusal, inlineChannel, queuedDatabase, workerChannel, type LocalDatabase, type QueueLimits } from './database.ts'
import type { DbRequest } from './db-host.ts'
import { BodyError, answerPreflight, bearerToken, headerValue, readJsonBody, sendEmpty, sendJson, setCorsHeaders, type BodyLimits } from './http.ts'
import { JWT_LEEWAY_SECONDS, signJwt, verifyJwt, type JwtClaims } from './jwt.ts'
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_KEY_EXP, LOCAL_KEY_IAT, LOCAL_KEY_ISSUER, LOCAL_SERVICE_KEY } from './keys.ts'
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, TOO_MANY_ATTEMPTS_MESSAGE, type LoginLimits } from './login-limit.ts'
import { chunkedSyncPush } from './push-chunks.ts'
import { isApiRole, type ApiRole, type RpcCall, type RpcResponse } from './rest.ts'
import { STORAGE_MAX_BODY_BYTES, defaultStorageDir, handleStorage, type StorageContext, type StorageDbReply } from './storage.ts'

export interface LocalBackendOptions {
  /** Where PGlite keeps its files; `null` keeps the database in memory. Default `<root>/.data/pglite`. */
  dataDir?: string | null
  /** The project root holding `supabase/`. Default: the current directory. */
  root?: string
  /**
   * Where Storage keeps object files. Default `<root>/.data/storage` with a persisted database;
   * with an in-memory one, a temporary directory removed by `close()`.
   */
  storageDir?: string
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
  /** Run PGlite in a worker thread, so a long statement never blocks the HTTP side. Default true. */
  worker?: boolean
  /** Request limits; each defaults to DEFAULT_LIMITS. */
  limits?: Partial<BackendLimits>
  /** Where start-up lines go; `false` for silence. Default console.log. */
  log?: ((line: string) => void) | false
}

export interface BackendLimits extends BodyLimits, QueueLimits {
  login: LoginLimits
}

/**
 * What one request may ask (docs/architecture.md "Local backend"). 4 MB admits the largest push
 * sync_push accepts (5,000 operations) at up to about 800 bytes each; depth 64 is far above what
 * any record nests (a signature's strokes: 8 levels inside a push).
 */
export const DEFAULT_LIMITS: BackendLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  maxWaitingPerCaller: 100,
  maxWaitMs: 30_000,
  login: DEFAULT_LOGIN_LIMITS,
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void

export interface LocalBackend {
  /** Connect/Node middleware for `/rest/v1/*`, `/auth/v1/*` and `/storage/v1/*`; other paths go to `next` (or 404). */
  handle: NodeHandler
  /** The database (in the worker thread), for direct SQL; use it after `ready`. */
  readonly db: LocalDatabase
  /** Resolves when the database is open and loaded; rejects if it could not be. */
  ready: Promise<void>
  close(): Promise<void>
  anonKey: string
  serviceKey: string
  /** Signs claims with the backend's secret; `iat` defaults to now and `exp` to now + lifetime. */
  signAccessToken(claims: JwtClaims, lifetimeSeconds?: number): string
  /** Where the data lives, or null when in memory. */
  dataDir: string | null
  /** Where Storage's object files live. */
  storageDir: string
}

const BUSY_MESSAGE = '服务器繁忙，请稍后重试'

export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  const root = resolve(options.root ?? process.cwd())
  const dataDir = options.dataDir === null ? null : resolve(options.dataDir ?? join(root, '.data/pglite'))
  const secret = options.jwtSecret ?? LOCAL_JWT_SECRET
  const log = options.log === false ? () => {} : (options.log ?? ((line: string) => console.log(line)))
  const limits: BackendLimits = { ...DEFAULT_LIMITS, ...options.limits }
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

  const temporaryStorage = options.storageDir === undefined && dataDir === null
  const storageDir = options.storageDir
    ? resolve(options.storageDir)
    : temporaryStorage
      ? mkdtempSync(join(tmpdir(), 'zhibu-storage-'))
      : defaultStorageDir(root)
  const hostOptions = { root, dataDir, seed: options.seed ?? true, auth: config, storageDir }
  const channel = options.worker === false ? inlineChannel(hostOptions, log) : workerChannel(hostOptions, log)
  const queue = new FairQueue(limits)
  const db = queuedDatabase(channel, queue)
  const loginLimiter = new LoginLimiter(limits.login)
  let closed = false

  const ready = channel.ready.then(() => {
    if (closed) throw new Error('The local backend was closed during start')
  })
  // Each request is answered 503 with the reason; the log says it once.
  ready.catch((error: unknown) => log(`The local database could not be started: ${(error as Error).message}`))

  /** A request to the database in its caller's turn. */
  const run = <T>(caller: string, request: DbRequest) => queue.schedule(caller, () => channel.run(request) as Promise<T>)

  function restClaims(req: IncomingMessage): { claims: JwtClaims; role: ApiRole } | { status: number; body: unknown; headers?: Record<string, string> } {
    const token = bearerToken(req) ?? null
    if (!token) {
      if (headerValue(req, 'authorization') === undefined) return { claims: { role: 'anon' }, role: 'anon' }
      const message = 'Authorization header must be "Bearer <token>"'
      return { status: 401, body: { code: 'PGRST301', details: null, hint: null, message }, headers: { 'WWW-Authenticate': 'Bearer' } }
    }
    const check = verifyJwt(token, secret, { leewaySeconds: config.jwtLeewaySeconds })
    if (!check.ok) {
      const expired = check.reason === 'expired'
      const message = expired
        ? 'JWT expired'
        : check.reason === 'no_expiry'
          ? 'JWT has no expiry (exp claim)'
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

  const address = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown'

  /** Whose turn a request waits for: the signed-in user, else the address it came from. */
  function callerOf(req: IncomingMessage, claims: JwtClaims | null): string {
    if (claims && typeof claims.sub === 'string' && claims.sub !== '') return `user:${claims.sub}`
    return `address:${address(req)}`
  }

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
    const args = method === 'GET' ? Object.fromEntries(url.searchParams) : await readJsonBody(req, limits)
    let name: string
    try {
      name = decodeURIComponent(match[1] ?? '')
    } catch {
      name = match[1] ?? ''
    }
    const call: RpcCall = {
      name,
      args,
      method,
      claims: auth.claims,
      role: auth.role,
      headers: requestHeaders(req),
      path: `/rpc/${name}`,
      singleObject: (headerValue(req, 'accept') ?? '').includes('application/vnd.pgrst.object+json'),
    }
    const caller = callerOf(req, auth.claims)
    const rpc = (part: RpcCall) => run<RpcResponse>(caller, { kind: 'rpc', call: part })
    // A large push runs in parts, so that other callers are served between them (push-chunks.ts).
    const reply = (await chunkedSyncPush(call, rpc)) ?? (await rpc(call))
    if (reply.body === undefined) sendEmpty(res, reply.status, reply.headers)
    else sendJson(res, reply.status, reply.body, reply.headers)
  }

  /** `POST /auth/v1/token?grant_type=password`, behind the per-account and per-address limit. */
  async function passwordLogin(req: IncomingMessage, body: unknown, issuer: string): Promise<AuthReply> {
    const account = loginAccountKey(body)
    const from = address(req)
    const wait = loginLimiter.refusedFor(account, from)
    if (wait !== null) {
      const refusal = new AuthError(429, 'over_request_rate_limit', TOO_MANY_ATTEMPTS_MESSAGE)
      const reply = authErrorReply(refusal, headerValue(req, 'x-supabase-api-version'))
      return { ...reply, headers: { ...reply.headers, 'Retry-After': String(wait) } }
    }
    try {
      const reply = await run<AuthReply>(`address:${from}`, { kind: 'password', body, issuer, nowMs: Date.now() })
      loginLimiter.succeeded(account)
      return reply
    } catch (error) {
      if (error instanceof AuthError && error.errorCode === 'invalid_credentials') loginLimiter.failed(account, from)
      throw error
    }
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const issuer = `${url.protocol}//${url.host}/auth/v1`
    const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`
    const token = bearerToken(req)
    const verified = token ? verifyJwt(token, secret, { leewaySeconds: config.jwtLeewaySeconds }) : null
    const caller = callerOf(req, verified?.ok ? verified.claims : null)
    let reply: AuthReply
    try {
      if (route === 'POST /auth/v1/token') {
        const grant = url.searchParams.get('grant_type')
        const body = await readJsonBody(req, limits).catch((error: unknown) => {
          throw error instanceof BodyError ? new AuthError(error.status, 'validation_failed', error.message) : error
        })
        if (grant === 'password') reply = await passwordLogin(req, body, issuer)
        else if (grant === 'refresh_token') reply = await run(caller, { kind: 'refresh', body, issuer, nowMs: Date.now() })
        else throw new AuthError(400, 'validation_failed', `unsupported_grant_type: ${grant ?? '(none)'}`)
      } else if (route === 'GET /auth/v1/user') {
        reply = await run(caller, { kind: 'user', token, nowMs: Date.now() })
      } else if (route === 'POST /auth/v1/logout') {
        reply = await run(caller, { kind: 'logout', token, scope: url.searchParams.get('scope'), nowMs: Date.now() })
      } else {
        throw new AuthError(404, 'not_found', `The local backend does not serve ${route}`)
      }
    } catch (error) {
      if (error instanceof QueueRefusal) throw error
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

  const storage: StorageContext = {
    secret,
    leewaySeconds: config.jwtLeewaySeconds,
    storageDir,
    maxBodyBytes: STORAGE_MAX_BODY_BYTES,
    run: (caller, request) => run<StorageDbReply>(caller, { kind: 'storage', request }),
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    setCorsHeaders(res)
    if (req.method === 'OPTIONS') {
      answerPreflight(res)
      return
    }
    // Storage checks its own tokens: a signed URL carries no apikey (an <img> fetches it).
    const isStorage = url.pathname.startsWith('/storage/v1/')
    const problem = isStorage ? null : apiKeyProblem(req)
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
    if (closed) {
      sendJson(res, 503, { code: 'PGRST000', details: null, hint: null, message: 'The local backend is closed' })
      return
    }
    try {
      if (url.pathname.startsWith('/rest/v1')) await handleRest(req, res, url)
      else if (isStorage) await handleStorage(req, res, url, storage)
      else await handleAuth(req, res, url)
    } catch (error) {
      if (error instanceof BodyError) {
        // A refused body may not have been read to its end: close the connection after answering.
        if (error.status === 413) res.setHeader('Connection', 'close')
        sendJson(res, error.status, { code: error.status === 413 ? 'PGRST413' : 'PGRST102', details: null, hint: error.hint, message: error.message })
        return
      }
      if (error instanceof QueueRefusal) {
        const status = error.reason === 'too_many_waiting' ? 429 : 503
        sendJson(res, status, { code: `PGRST${status}`, details: null, hint: error.reason, message: BUSY_MESSAGE }, { 'Retry-After': '5' })
        return
      }
      log(`Local backend error on ${req.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`)
      if (res.headersSent) res.end()
      else if (isStorage) sendJson(res, 500, { statusCode: '500', error: 'InternalError', message: '服务器内部错误' })
      else sendJson(res, 500, { code: 'XX000', details: null, hint: null, message: '服务器内部错误' })
    }
  }

  const handle: NodeHandler = (req, res, next) => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    } catch {
      url = new URL(req.url ?? '/', 'http://127.0.0.1')
    }
    const ours = /^\/(rest|auth|storage)\/v1(\/|$)/.test(url.pathname)
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
    db,
    ready,
    async close() {
      if (closed) return
      closed = true
      await channel.close()
      if (temporaryStorage) rmSync(storageDir, { recursive: true, force: true })
    },
    anonKey,
    serviceKey,
    signAccessToken(claims: JwtClaims, lifetimeSeconds = config.accessTokenLifetimeSeconds): string {
      const iat = Math.floor(Date.now() / 1000)
      return signJwt({ iat, exp: iat + lifetimeSeconds, ...claims }, secret)
    },
    dataDir,
    storageDir,
  }
}
