/**
 * The migrated and seeded database on PGlite (Postgres in WebAssembly), for the database tests.
 * Building it takes a while, so the first test file that needs it stores a snapshot of the data
 * directory in the OS temp dir, keyed by a fingerprint of the SQL files; the others load that.
 */
import { existsSync } from 'node:fs'
import { open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { readSchemaFiles, schemaFingerprint, type SchemaFile } from '../../supabase/local/load'
import type { SqlClient } from './sql'

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)))

/** The SQL files in load order: auth stand-in, migrations by name, then (optionally) the seed. */
export function schemaFiles(options: { seed: boolean }): Promise<SchemaFile[]> {
  return readSchemaFiles(projectRoot, options)
}

/**
 * Applies the schema through any executor that runs a multi-statement SQL string (a PGlite's
 * `exec`, a `pg` client's `query`). Errors name the file they came from.
 */
export async function applySchema(exec: (sql: string) => Promise<unknown>, options: { seed: boolean }): Promise<void> {
  for (const file of await schemaFiles(options)) {
    try {
      await exec(file.sql)
    } catch (error) {
      // The driver's error carries the whole file as `query`: keep only what locates the problem.
      const failure = error as Error & { code?: string; position?: string }
      const at = failure.position ? ` (at line ${file.sql.slice(0, Number(failure.position)).split('\n').length})` : ''
      throw Object.assign(new Error(`${file.name}${at}: ${failure.message}`), { code: failure.code })
    }
  }
}

/** Wraps a PGlite instance (or the local backend's database, which has the same `query` and `exec`) in the shared client interface. */
export function pgliteClient(db: Pick<PGlite, 'query' | 'exec'>): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await db.query<T>(sql, params)
      return { rows: result.rows, rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0) }
    },
    async exec(sql: string) {
      await db.exec(sql)
    },
  }
}

export interface TestDb {
  pg: PGlite
  sql: SqlClient
  close(): Promise<void>
}

/** A fresh PGlite holding the migrated (and by default seeded) database. One per test file. */
export async function createTestDb(options: { seed?: boolean } = {}): Promise<TestDb> {
  const seed = options.seed ?? true
  const files = await schemaFiles({ seed })
  const snapshot = join(tmpdir(), `zhibu-pglite-${schemaFingerprint(files).slice(0, 24)}${seed ? '' : '-noseed'}.tar.gz`)
  if (!existsSync(snapshot)) await buildSnapshot(snapshot, seed)
  const data = await readFile(snapshot)
  const pg = await PGlite.create({ extensions: { pgcrypto }, loadDataDir: new Blob([data]) })
  return { pg, sql: pgliteClient(pg), close: () => pg.close() }
}

/**
 * Builds the snapshot once even when several test files start at the same time: the first takes a
 * lock file and builds; the others wait for the snapshot (or take over a lock left by a dead run).
 */
async function buildSnapshot(snapshot: string, seed: boolean): Promise<void> {
  const lock = `${snapshot}.lock`
  for (;;) {
    if (existsSync(snapshot)) return
    try {
      const handle = await open(lock, 'wx')
      await handle.close()
      break
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > 180_000) await unlink(lock).catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (existsSync(snapshot)) return
    const pg = await PGlite.create({ extensions: { pgcrypto } })
    try {
      await applySchema((text) => pg.exec(text), { seed })
      const dump = await pg.dumpDataDir('gzip')
      const partial = `${snapshot}.${process.pid}.${Date.now()}`
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
      await rename(partial, snapshot)
    } finally {
      await pg.close()
    }
    await removeStaleSnapshots(snapshot)
  } finally {
    await unlink(lock).catch(() => undefined)
  }
}

/** Snapshots of other versions of the SQL files, built over an hour ago, are deleted. */
async function removeStaleSnapshots(current: string): Promise<void> {
  const dir = tmpdir()
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    if (!/^zhibu-pglite-[0-9a-f]{24}(-noseed)?\.tar\.gz$/.test(name) || path === current) continue
    const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0)
    if (age > 3_600_000) await unlink(path).catch(() => undefined)
  }
}
