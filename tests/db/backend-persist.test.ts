import { existsSync } from 'node:fs'
import { appendFile, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createLocalBackend } from '../../supabase/local/backend'

// A data directory is reused across starts, and thrown away when the migrations change under it.
// Each test starts PGlite several times (a cold start builds in memory, then writes the files), so
// the time limits are generous for a busy machine.

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhibu-backend-persist-'))
  await mkdir(join(root, 'supabase/local'), { recursive: true })
  await mkdir(join(root, 'supabase/migrations'), { recursive: true })
  await copyFile('supabase/local/auth-schema.sql', join(root, 'supabase/local/auth-schema.sql'))
  await writeFile(join(root, 'supabase/migrations/0001_kept.sql'), 'create table public.kept (v text);\n')
  await writeFile(join(root, 'supabase/seed.sql'), `insert into public.kept values ('from seed');\n`)
})

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

async function startAndRead(lines: string[]) {
  const backend = createLocalBackend({ root, log: (line) => lines.push(line) })
  await backend.ready
  const { rows } = await backend.db.query<{ v: string }>('select v from public.kept order by v')
  return { backend, values: rows.map((row) => row.v) }
}

test('should keep data across starts, rebuild when the migrations change, and keep it while a new one is broken', async () => {
  const firstLog: string[] = []
  const first = await startAndRead(firstLog)
  expect(first.backend.dataDir).toBe(join(root, '.data/pglite'))
  expect(first.values).toEqual(['from seed'])
  expect(firstLog.join('\n')).toMatch(/Preparing the local database from/)
  await first.backend.db.query(`insert into public.kept values ('written later')`)
  await first.backend.close()

  const secondLog: string[] = []
  const second = await startAndRead(secondLog)
  expect(second.values).toEqual(['from seed', 'written later'])
  expect(secondLog.join('\n')).toMatch(/^Reusing the local database/)
  await second.backend.close()

  await appendFile(join(root, 'supabase/migrations/0001_kept.sql'), 'comment on table public.kept is $$changed$$;\n')
  const thirdLog: string[] = []
  const third = await startAndRead(thirdLog)
  expect(third.values).toEqual(['from seed'])
  expect(thirdLog.join('\n')).toMatch(/was made from other migrations or seed: preparing/)
  await third.backend.db.query(`insert into public.kept values ('third')`)
  await third.backend.close()

  // A broken new migration leaves the existing data alone until a working set arrives.
  const broken = join(root, 'supabase/migrations/0002_broken.sql')
  await writeFile(broken, 'alter tabel public.kept add column x int;\n')
  const failing = createLocalBackend({ root, log: false })
  await expect(failing.ready).rejects.toThrow(/0002_broken\.sql/)
  await failing.close()
  await rm(broken)
  const fourthLog: string[] = []
  const fourth = await startAndRead(fourthLog)
  expect(fourth.values).toEqual(['from seed', 'third'])
  expect(fourthLog.join('\n')).toMatch(/^Reusing the local database/)
  await fourth.backend.close()
}, 300_000)

test('should report a broken migration through ready, answer 503, leave no data behind, and build once fixed', async () => {
  const brokenRoot = join(root, 'broken')
  await mkdir(join(brokenRoot, 'supabase/local'), { recursive: true })
  await mkdir(join(brokenRoot, 'supabase/migrations'), { recursive: true })
  await copyFile('supabase/local/auth-schema.sql', join(brokenRoot, 'supabase/local/auth-schema.sql'))
  await writeFile(join(brokenRoot, 'supabase/migrations/0001_broken.sql'), 'create tabel nope ();\n')
  const backend = createLocalBackend({ root: brokenRoot, log: false })
  await expect(backend.ready).rejects.toThrow(/0001_broken\.sql/)
  let status = 0
  let ended: (body: string) => void = () => {}
  const answered = new Promise<string>((resolve) => (ended = resolve))
  const res = {
    setHeader() {},
    set statusCode(value: number) {
      status = value
    },
    end(text?: string) {
      ended(text ?? '')
    },
  }
  backend.handle(
    { url: '/rest/v1/rpc/me', method: 'POST', headers: { apikey: backend.anonKey } } as never,
    res as never,
  )
  const body = await answered
  expect(status).toBe(503)
  expect(JSON.parse(body).details).toMatch(/0001_broken\.sql/)
  await backend.close()
  expect(existsSync(join(brokenRoot, '.data/pglite'))).toBe(false)

  // A data directory left behind by something else is replaced, with a line in the log.
  await mkdir(join(brokenRoot, '.data/pglite'), { recursive: true })
  await writeFile(join(brokenRoot, '.data/pglite/leftover'), 'x')
  await writeFile(join(brokenRoot, 'supabase/migrations/0001_broken.sql'), 'create table public.fixed (v text);\n')
  const lines: string[] = []
  const fixed = createLocalBackend({ root: brokenRoot, log: (line) => lines.push(line) })
  await fixed.ready
  expect(lines.join('\n')).toMatch(/holds no finished database: preparing/)
  expect((await fixed.db.query(`select to_regclass('public.fixed') is not null as found`)).rows).toEqual([{ found: true }])
  await fixed.close()
}, 300_000)
