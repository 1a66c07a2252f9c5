/**
 * The database side of the local backend: opens PGlite (reusing or rebuilding the data directory)
 * and answers requests given as plain messages. It runs in a worker thread (db-worker.ts), so a
 * long statement never blocks the HTTP side; with `worker: false` it runs in the caller's thread.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { AUTH_SESSION_SQL, AuthError, getUser, logout, passwordGrant, refreshGrant, type AuthConfig } from './auth.ts'
import { applySchemaFiles, readSchemaFiles, schemaFingerprint } from './load.ts'
import { callRpc, type RpcCall } from './rest.ts'
import { runStorage, type StorageDbRequest } from './storage.ts'

export interface DbHostOptions {
  root: string
  dataDir: string | null
  seed: boolean
  auth: AuthConfig
  /** Where Storage keeps object files (`<dir>/<bucket>/<name>`). */
  storageDir: string
}

/**
 * What the HTTP side asks of the database. Auth requests carry the HTTP side's clock, which signs
 * and checks tokens, so that both threads agree on what has expired.
 */
export type DbRequest =
  | { kind: 'rpc'; call: RpcCall }
  | { kind: 'storage'; request: StorageDbRequest }
  | { kind: 'password'; body: unknown; issuer: string; nowMs: number }
  | { kind: 'refresh'; body: unknown; issuer: string; nowMs: number }
  | { kind: 'user'; token: string | null; nowMs: number }
  | { kind: 'logout'; token: string | null; scope: string | null; nowMs: number }
  | { kind: 'query'; sql: string; params?: unknown[] }
  | { kind: 'exec'; sql: string }

/** An error as it crosses the thread boundary: its message and the fields Postgres and GoTrue set. */
export interface SerializedError {
  name: string
  message: string
  fields: Record<string, unknown>
  auth?: { status: number; errorCode: string }
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error))
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(e)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value
  }
  return {
    name: e.name,
    message: e.message,
    fields,
    ...(e instanceof AuthError ? { auth: { status: e.status, errorCode: e.errorCode } } : {}),
  }
}

export function deserializeError(error: SerializedError): Error {
  if (error.auth) return new AuthError(error.auth.status, error.auth.errorCode, error.message)
  const made = Object.assign(new Error(error.message), error.fields)
  made.name = error.name
  return made
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

/** Opens the data directory if it was made from the same SQL files, else builds it anew. */
async function openOrBuild(options: DbHostOptions, log: (line: string) => void): Promise<PGlite> {
  const { root, dataDir } = options
  const started = Date.now()
  const files = await readSchemaFiles(root, { seed: options.seed })
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
          await existing.exec(AUTH_SESSION_SQL)
          log(`Reusing the local database in ${dataDir} (opened in ${Date.now() - started} ms).`)
          return existing
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
  let db = building
  if (dataDir) {
    const image = await building.dumpDataDir('none')
    await building.close()
    await rm(dataDir, { recursive: true, force: true })
    await mkdir(dataDir, { recursive: true })
    db = await PGlite.create(dataDir, { extensions: { pgcrypto }, loadDataDir: image })
  }
  log(`Local database ready: prepared in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir ?? 'in memory'}).`)
  return db
}

export interface DbHost {
  ready: Promise<void>
  run(request: DbRequest): Promise<unknown>
  close(): Promise<void>
}

export function createDbHost(options: DbHostOptions, log: (line: string) => void): DbHost {
  let db: PGlite | null = null
  const ready = openOrBuild(options, log).then((opened) => {
    db = opened
  })

  async function run(request: DbRequest): Promise<unknown> {
    await ready
    if (!db || db.closed) throw new Error('The local database is closed')
    switch (request.kind) {
      case 'rpc':
        return callRpc(db, request.call)
      case 'storage':
        return runStorage(db, options.storageDir, request.request)
      case 'password':
        return passwordGrant(db, { ...options.auth, nowMs: request.nowMs }, request.body, request.issuer)
      case 'refresh':
        return refreshGrant(db, { ...options.auth, nowMs: request.nowMs }, request.body, request.issuer)
      case 'user':
        return getUser(db, { ...options.auth, nowMs: request.nowMs }, request.token)
      case 'logout':
        return logout(db, { ...options.auth, nowMs: request.nowMs }, request.token, request.scope)
      case 'query': {
        const { rows, fields, affectedRows } = await db.query(request.sql, request.params)
        return { rows, fields, affectedRows }
      }
      case 'exec':
        return (await db.exec(request.sql)).map(({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows }))
    }
  }

  return {
    ready,
    run,
    async close() {
      await ready.catch(() => {})
      if (db && !db.closed) await db.close()
    },
  }
}
