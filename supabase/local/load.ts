import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'

/** One SQL file of the database, in load order. */
export interface SchemaFile {
  /** Path relative to the project root, e.g. `supabase/migrations/0001_core.sql`. */
  name: string
  sql: string
}

/**
 * The files that make the database, in the order they load: the platform stand-in
 * (`supabase/local/auth-schema.sql`, then `supabase/local/storage-schema.sql` when the root has
 * it), then `supabase/migrations/*.sql` by file name, then `supabase/seed.sql` when `seed` is true
 * and the file exists.
 */
export async function readSchemaFiles(root: string, { seed = true } = {}): Promise<SchemaFile[]> {
  const files: SchemaFile[] = []
  const add = async (name: string) => files.push({ name, sql: await readFile(join(root, name), 'utf8') })
  await add('supabase/local/auth-schema.sql')
  // Roots made of the auth stand-in alone (some backend tests) have no migrations that need Storage.
  try {
    await add('supabase/local/storage-schema.sql')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const migrationsDir = join(root, 'supabase/migrations')
  const migrations = (await readdir(migrationsDir).catch(() => [] as string[]))
    .filter((file) => file.endsWith('.sql'))
    .sort()
  for (const file of migrations) await add(`supabase/migrations/${file}`)
  if (seed) {
    try {
      await add('supabase/seed.sql')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return files
}

/** A fingerprint of the file set: names and contents, so adding, renaming or editing one changes it. */
export function schemaFingerprint(files: SchemaFile[]): string {
  const hash = createHash('sha256')
  for (const file of files) hash.update(file.name).update('\0').update(file.sql).update('\0')
  return hash.digest('hex')
}

/** Runs the files one after another; an error names the file it came from. */
export async function applySchemaFiles(db: PGlite, files: SchemaFile[]): Promise<void> {
  for (const file of files) {
    try {
      await db.exec(file.sql)
    } catch (error) {
      const failure = error as Error & { code?: string }
      const wrapped = new Error(`${file.name}: ${failure.message}`, { cause: error }) as Error & { code?: string }
      wrapped.code = failure.code
      throw wrapped
    }
  }
}
