/**
 * A throwaway PostgreSQL server for tests that need a real one (the same SQL must also run on a
 * server, and some behaviour, such as concurrent transactions, only exists there). It uses the
 * Debian/Ubuntu server binaries when they are installed; a cluster lives in a temp dir, listens on
 * 127.0.0.1 only with trust auth, and is removed by stop().
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg, { type Client } from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { applySchema } from './pglite'
import type { SqlClient } from './sql'

const POSTGRES_ROOT = '/usr/lib/postgresql'

/** The newest installed server's bin directory, or undefined. */
function serverBinDir(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')) && existsSync(join(POSTGRES_ROOT, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(POSTGRES_ROOT, versions[0], 'bin') : undefined
}

export function realPostgresAvailable(): boolean {
  return serverBinDir() !== undefined
}

/**
 * Call at the top of a suite that needs a real server: returns true when one can be started;
 * otherwise logs loudly and returns false, except in CI (`CI=true`) where a missing server fails.
 */
export function requireRealPostgres(what: string): boolean {
  if (realPostgresAvailable()) return true
  const message = `No PostgreSQL server binaries under ${POSTGRES_ROOT}: ${what} cannot run.`
  if (process.env.CI === 'true') throw new Error(`${message} CI must provide a server.`)
  console.warn(`\n!!! SKIPPING: ${message} Install postgresql to run it.\n`)
  return false
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a server binary, as the `postgres` user when we are root (initdb refuses to run as root). */
function runServerTool(bin: string, tool: string, args: string[]): void {
  const command = isRoot ? 'runuser' : join(bin, tool)
  const fullArgs = isRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) {
    throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`)
  }
}

export interface RealPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, superuser). */
  url: string
  stop(): Promise<void>
}

/** Creates and starts a fresh cluster. Throws when no server binaries are installed. */
export async function startRealPostgres(): Promise<RealPostgres> {
  const bin = serverBinDir()
  if (!bin) throw new Error(`No PostgreSQL server binaries under ${POSTGRES_ROOT}`)
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-pg-'))
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const port = await freePort()
  try {
    runServerTool(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    runServerTool(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  let stopped = false
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return
      stopped = true
      try {
        runServerTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** Wraps a connected `pg` client in the shared client interface. */
export function pgClient(client: Client): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params)
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length }
    },
    async exec(sql: string) {
      await client.query(sql)
    },
  }
}

/**
 * Inside a `describe`: starts a real PostgreSQL server with the migrations and the demo seed before
 * the suite and stops it after. Returns the suite's SQL client (read it inside tests and hooks).
 */
export function useSeededRealPostgres(): () => SqlClient {
  let server: RealPostgres | undefined
  let client: Client | undefined
  let sql: SqlClient | undefined
  beforeAll(async () => {
    server = await startRealPostgres()
    client = new pg.Client({ connectionString: server.url })
    await client.connect()
    sql = pgClient(client)
    const connected = client
    await applySchema((text) => connected.query(text), { seed: true })
  })
  afterAll(async () => {
    await client?.end()
    await server?.stop()
  })
  return () => sql!
}
