import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Connect, Plugin, PreviewServer, ViteDevServer } from 'vite'
import type { LocalBackend, LocalBackendOptions } from './backend.ts'

export interface LocalSupabaseOptions {
  /** Default `$ZHIBU_DATA_DIR`, else `<vite root>/.data/pglite`; `null` keeps the database in memory. */
  dataDir?: string | null
  /** Makes the backend; tests replace it. Default: createLocalBackend from ./backend (loaded on first use). */
  createBackend?: (options: LocalBackendOptions) => LocalBackend | Promise<LocalBackend>
}

/** Only the Supabase API paths go to the backend; everything else stays with Vite. */
export function isSupabasePath(url: string | undefined): boolean {
  return /^\/(rest|auth|storage)\/v1(\/|\?|$)/.test(url ?? '')
}

const DEMO_HINT = 'demo logins: member@ / organizer@ / secretary@ / leader@ / admin@demo.zhibu.cn, password Zhibu@2026'

/**
 * The embedded local backend inside `vite` and `vite preview`: `/rest/v1/*` and `/auth/v1/*` are
 * answered on the app's own origin. Does nothing when VITE_SUPABASE_URL points at a real project,
 * and nothing during `vite build`.
 */
export function localSupabase(options: LocalSupabaseOptions = {}): Plugin {
  let backend: Promise<LocalBackend> | null = null

  function mount(server: ViteDevServer | PreviewServer) {
    const logger = server.config.logger
    if (process.env.VITE_SUPABASE_URL) {
      logger.info(`  Supabase: ${process.env.VITE_SUPABASE_URL} (VITE_SUPABASE_URL is set; local backend off)`)
      return
    }
    const root = server.config.root
    const dataDir = options.dataDir === undefined ? process.env.ZHIBU_DATA_DIR : options.dataDir
    const start = (): Promise<LocalBackend> => {
      backend ??= (async () => {
        const create = options.createBackend ?? (await import('./backend.ts')).createLocalBackend
        const made = await create({
          root,
          ...(dataDir === undefined ? {} : { dataDir }),
          log: (line) => logger.info(`  Supabase (local): ${line}`),
        })
        logger.info(`  Supabase (local): data in ${made.dataDir ?? 'memory'}; ${DEMO_HINT}`)
        return made
      })()
      return backend
    }
    const middleware: Connect.NextHandleFunction = (req: IncomingMessage, res: ServerResponse, next) => {
      if (!isSupabasePath(req.url)) {
        next()
        return
      }
      start().then(
        (made) => made.handle(req, res, next),
        (error: unknown) => next(error),
      )
    }
    server.middlewares.use(middleware)
    // Start loading in the background once the server listens, so the first request waits less.
    server.httpServer?.once('listening', () => void start().catch(() => {}))
    server.httpServer?.once('close', () => {
      const closing = backend
      backend = null
      void closing?.then((made) => made.close()).catch(() => {})
    })
  }

  return {
    name: 'zhibu-local-supabase',
    apply: (_config, env) => env.command === 'serve',
    configureServer: mount,
    configurePreviewServer: mount,
  }
}
