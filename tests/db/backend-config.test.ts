import { EventEmitter } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { LOCAL_ANON_KEY, supabaseAnonKey, supabaseUrl, usingLocalBackend } from '../../src/data/config'
import type { LocalBackend } from '../../supabase/local/backend'
import { verifyJwt } from '../../supabase/local/jwt'
import { LOCAL_ANON_KEY as BACKEND_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_KEY } from '../../supabase/local/keys'
import { isSupabasePath, localSupabase } from '../../supabase/local/vite-plugin'

describe('local keys', () => {
  test('should keep the anon key of the app verifiable with the local secret, as role anon', () => {
    const check = verifyJwt(LOCAL_ANON_KEY, LOCAL_JWT_SECRET)
    expect(check).toMatchObject({ ok: true, claims: { role: 'anon', iss: 'zhibu-local' } })
    expect(LOCAL_ANON_KEY).toBe(BACKEND_ANON_KEY)
    expect(verifyJwt(LOCAL_ANON_KEY, `${LOCAL_JWT_SECRET}x`).ok).toBe(false)
  })

  test('should sign the service key with the local secret as service_role', () => {
    expect(verifyJwt(LOCAL_SERVICE_KEY, LOCAL_JWT_SECRET)).toMatchObject({ ok: true, claims: { role: 'service_role' } })
  })

  test('should default to the local backend on the app origin', () => {
    expect(usingLocalBackend).toBe(true)
    expect(supabaseAnonKey).toBe(LOCAL_ANON_KEY)
    expect(supabaseUrl).toMatch(/^http:\/\//)
  })
})

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

function fakeServer() {
  const middlewares: Middleware[] = []
  const httpServer = new EventEmitter()
  const info = vi.fn()
  return {
    server: { config: { root: '/project', logger: { info } }, middlewares: { use: (m: Middleware) => middlewares.push(m) }, httpServer },
    middlewares,
    httpServer,
    info,
  }
}

function fakeBackend() {
  const handle = vi.fn((_req: IncomingMessage, res: ServerResponse) => res.end())
  const close = vi.fn(async () => {})
  return { backend: { handle, close, dataDir: '/project/.data/pglite' } as unknown as LocalBackend, handle, close }
}

function request(middleware: Middleware, url: string) {
  const next = vi.fn()
  const res = { end: vi.fn() } as unknown as ServerResponse
  middleware({ url } as IncomingMessage, res, next)
  return { next }
}

describe('vite plugin', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  test('should claim only the /rest/v1, /auth/v1 and /storage/v1 paths', () => {
    for (const path of ['/rest/v1/rpc/me', '/auth/v1/token?grant_type=password', '/auth/v1/user', '/rest/v1', '/storage/v1/object/evidence/a.jpg']) {
      expect(isSupabasePath(path)).toBe(true)
    }
    for (const path of ['/', '/index.html', '/src/main.ts', '/rest/v10/x', '/restaurant', '/auth', '/@vite/client', '/x/rest/v1/rpc/me', '/storage/v10/x', '/x/storage/v1/object']) {
      expect(isSupabasePath(path)).toBe(false)
    }
  })

  test('should pass app paths to Vite and send API paths to the backend, made once on first use', async () => {
    vi.stubEnv('VITE_SUPABASE_URL', '')
    const { server, middlewares, httpServer } = fakeServer()
    const { backend, handle, close } = fakeBackend()
    const createBackend = vi.fn(() => backend)
    const plugin = localSupabase({ createBackend })
    ;(plugin.configureServer as (s: unknown) => void)(server)
    expect(middlewares).toHaveLength(1)
    const middleware = middlewares[0]!

    expect(request(middleware, '/src/main.ts').next).toHaveBeenCalledOnce()
    expect(createBackend).not.toHaveBeenCalled()

    request(middleware, '/rest/v1/rpc/me')
    request(middleware, '/auth/v1/token?grant_type=password')
    await vi.waitFor(() => expect(handle).toHaveBeenCalledTimes(2))
    expect(createBackend).toHaveBeenCalledOnce()
    expect(createBackend).toHaveBeenCalledWith(expect.objectContaining({ root: '/project' }))

    httpServer.emit('close')
    await vi.waitFor(() => expect(close).toHaveBeenCalledOnce())
  })

  test('should stay out of the way when a real Supabase is configured', () => {
    vi.stubEnv('VITE_SUPABASE_URL', 'https://example.supabase.co')
    const { server, middlewares, info } = fakeServer()
    const plugin = localSupabase({ createBackend: vi.fn() })
    ;(plugin.configurePreviewServer as (s: unknown) => void)(server)
    expect(middlewares).toHaveLength(0)
    expect(info).toHaveBeenCalledWith(expect.stringContaining('https://example.supabase.co'))
  })

  test('should not take part in a production build', () => {
    const apply = localSupabase().apply as (config: object, env: { command: string; mode: string }) => boolean
    expect(apply({}, { command: 'build', mode: 'production' })).toBe(false)
    expect(apply({}, { command: 'serve', mode: 'development' })).toBe(true)
  })
})
