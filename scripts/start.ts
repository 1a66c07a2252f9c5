/**
 * `npm start`: builds the app when its sources changed since the last build, then serves the
 * production build (service worker, manifest, precache: installable and offline-capable) together
 * with the embedded local backend on one origin. The browser suite starts the app through
 * `startZhibu` too, so what the tests exercise is what `npm start` runs.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Plugin, PreviewServer } from 'vite'
import { createLocalBackend, type LocalBackend } from '../supabase/local/backend.ts'
import { isSupabasePath } from '../supabase/local/vite-plugin.ts'

export interface StartOptions {
  /** The project root. Default: the current directory. */
  root?: string
  /** Where the build goes. Default `<root>/dist`. */
  outDir?: string
  /** The local database's directory; `null` keeps it in memory. Default `$ZHIBU_DATA_DIR`, else `<root>/.data/pglite`. */
  dataDir?: string | null
  /** Default `localhost`; `0.0.0.0` to be reachable from other devices on the network. */
  host?: string
  /** Default 4173; the next free port is taken when it is busy. 0 picks any free port. */
  port?: number
  /** `if-changed` (default) rebuilds only when the sources differ from the last build's. */
  build?: 'if-changed' | 'always'
  /** Also write Vite's `.vite/manifest.json` (the web benchmark reads it). Default false. */
  manifest?: boolean
  /** Where progress lines go; `false` for silence. Default console.log. */
  log?: ((line: string) => void) | false
}

export interface RunningZhibu {
  /** The first address to open, e.g. `http://localhost:4173`. */
  url: string
  /** Addresses on other network interfaces (when bound to one or all of them). */
  networkUrls: string[]
  outDir: string
  /** True when this start built the app, false when it reused the last build. */
  built: boolean
  /** The local backend, or null when VITE_SUPABASE_URL points the build at a real project. */
  backend: LocalBackend | null
  /** Stops the server, then closes the database (its files are complete afterwards). */
  close(): Promise<void>
}

const STAMP_FILE = '.zhibu-build.json'
const BUILD_INPUT_DIRS = ['src', 'public']
const BUILD_INPUT_FILES = [
  'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json',
  '.env', '.env.local', '.env.production', '.env.production.local',
]

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

/** Everything the build output depends on: the app's sources, the build config, the VITE_ variables. */
export async function buildFingerprint(root: string, manifest: boolean): Promise<string> {
  const files = [
    ...(await Promise.all(BUILD_INPUT_DIRS.map((dir) => listFiles(join(root, dir))))).flat(),
    ...BUILD_INPUT_FILES.map((name) => join(root, name)).filter((path) => existsSync(path)),
  ]
    .map((path) => relative(root, path))
    .sort()
  const hash = createHash('sha256').update(JSON.stringify({ manifest }))
  for (const [name, value] of Object.entries(process.env).sort(([a], [b]) => a.localeCompare(b))) {
    if (name.startsWith('VITE_')) hash.update(`${name}=${value ?? ''}\0`)
  }
  for (const name of files) hash.update(name).update('\0').update(await readFile(join(root, name))).update('\0')
  return hash.digest('hex')
}

async function stampOf(outDir: string): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(join(outDir, STAMP_FILE), 'utf8')) as { fingerprint?: string }).fingerprint ?? null
  } catch {
    return null
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Builds into `outDir` unless its stamp matches the sources; says which. */
async function ensureBuild(root: string, outDir: string, options: StartOptions, log: (line: string) => void): Promise<boolean> {
  const manifest = options.manifest ?? false
  const fingerprint = await buildFingerprint(root, manifest)
  const shown = relative(root, outDir) || outDir
  if (options.build !== 'always') {
    const stamp = await stampOf(outDir)
    if (stamp === fingerprint) {
      log(`The build in ${shown}/ matches the sources: reusing it.`)
      return false
    }
    log(
      stamp === null
        ? `Building the app into ${shown}/ (no earlier build; takes about 15-30 s)...`
        : `Building the app into ${shown}/ (the sources changed since the last build; takes about 15-30 s)...`,
    )
  }
  const started = Date.now()
  const { build } = await import('vite')
  await build({
    root,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest, rolldownOptions: { checks: { bundlerTimings: false } } },
  })
  await writeFile(join(outDir, STAMP_FILE), `${JSON.stringify({ fingerprint })}\n`)
  log(`Built in ${seconds(Date.now() - started)}.`)
  return true
}

/** Hands `/rest/v1/*` and `/auth/v1/*` to the backend and closes it with the server. */
function backendPlugin(backend: LocalBackend): Plugin {
  return {
    name: 'zhibu-start-backend',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (isSupabasePath(req.url)) backend.handle(req, res, next)
        else next()
      })
    },
    async closePreviewServer() {
      await backend.close()
    },
  }
}

const DEMO_HINT = 'Demo logins: member@ / organizer@ / secretary@ / leader@ / admin@demo.zhibu.cn, password Zhibu@2026.'

/** Builds if needed, prepares the local database, then serves both; resolves once it listens. */
export async function startZhibu(options: StartOptions = {}): Promise<RunningZhibu> {
  const root = resolve(options.root ?? process.cwd())
  const outDir = resolve(root, options.outDir ?? 'dist')
  const log = options.log === false ? () => {} : (options.log ?? ((line: string) => console.log(line)))
  const built = await ensureBuild(root, outDir, options, log)

  let backend: LocalBackend | null = null
  const remote = process.env.VITE_SUPABASE_URL
  if (remote) {
    log(`Supabase: ${remote} (VITE_SUPABASE_URL is set; the local backend is off).`)
  } else {
    const dataDir = options.dataDir === undefined ? process.env.ZHIBU_DATA_DIR : options.dataDir
    backend = createLocalBackend({ root, ...(dataDir === undefined ? {} : { dataDir }), log })
    try {
      await backend.ready
    } catch (error) {
      await backend.close()
      throw error
    }
  }

  const { preview } = await import('vite')
  let server: PreviewServer
  try {
    server = await preview({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: backend ? [backendPlugin(backend)] : [],
      build: { outDir },
      preview: { host: options.host ?? 'localhost', port: options.port ?? 4173, strictPort: false },
    })
  } catch (error) {
    await backend?.close()
    throw error
  }
  const { port } = server.httpServer.address() as AddressInfo
  const host = options.host ?? 'localhost'
  const anyHost = host === '0.0.0.0' || host === '::' || host === ''
  const url = `http://${anyHost ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`
  const networkUrls = (server.resolvedUrls?.network ?? []).map((u) => u.replace(/\/$/, ''))
  if (backend) log(DEMO_HINT)
  return {
    url,
    networkUrls,
    outDir,
    built,
    backend,
    close: () => server.close(),
  }
}

interface CommandLine {
  host?: string
  port?: number
  outDir?: string
}

/**
 * `--host [address]` (alone: all interfaces), `--port <n>` (ZHIBU_HOST / ZHIBU_PORT likewise) and
 * `--out-dir <dir>` (where the build goes, default dist).
 */
export function parseCommandLine(args: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const result: CommandLine = {}
  if (env.ZHIBU_HOST) result.host = env.ZHIBU_HOST
  if (env.ZHIBU_PORT) result.port = Number(env.ZHIBU_PORT)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined]
    const next = args[i + 1]
    const value = inline ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : undefined)
    if (flag === '--host') result.host = value ?? '0.0.0.0'
    else if (flag === '--port' && value !== undefined) result.port = Number(value)
    else if (flag === '--out-dir' && value !== undefined) result.outDir = value
    else throw new Error(`Unknown option ${arg}: npm start [-- --host [address]] [--port <n>] [--out-dir <dir>]`)
  }
  if (result.port !== undefined && !(Number.isInteger(result.port) && result.port >= 0 && result.port < 65536)) {
    throw new Error(`Not a port number: ${String(result.port)}`)
  }
  return result
}

async function main(): Promise<void> {
  const app = await startZhibu(parseCommandLine(process.argv.slice(2)))
  console.log(`\n  Zhibu is running at ${app.url}`)
  for (const url of app.networkUrls) console.log(`  on the network:     ${url} (no service worker or camera over plain http; see README)`)
  console.log('  Ctrl-C stops it.\n')
  let stopping = false
  const stop = (signal: string) => {
    // A terminal's Ctrl-C reaches npm, tsx and this process, and tsx passes its own on: the
    // repeats are ignored so the database is always closed properly.
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping the server and closing the database...`)
    setTimeout(() => {
      console.error('Not stopped after 15 s; exiting anyway.')
      process.exit(1)
    }, 15_000).unref()
    app.close().then(
      () => console.log('Stopped.'),
      (error: unknown) => {
        console.error(error)
        process.exitCode = 1
      },
    )
  }
  process.on('SIGINT', () => stop('Ctrl-C'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
