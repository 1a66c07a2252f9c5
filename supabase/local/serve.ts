import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLocalBackend, type LocalBackend, type LocalBackendOptions } from './backend.ts'

export interface LocalBackendServer {
  /** `http://127.0.0.1:<port>`: give it to supabase-js as the project URL. */
  url: string
  anonKey: string
  serviceKey: string
  backend: LocalBackend
  close(): Promise<void>
}

/**
 * The local backend on its own HTTP server (127.0.0.1, a free port), for tests. Defaults to an
 * in-memory database; resolves once the database is loaded.
 */
export async function startLocalBackendServer(options: LocalBackendOptions = {}): Promise<LocalBackendServer> {
  const backend = createLocalBackend({ dataDir: null, log: false, ...options })
  const server = createServer((req, res) => backend.handle(req, res))
  try {
    await backend.ready
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    await backend.close()
    throw error
  }
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    anonKey: backend.anonKey,
    serviceKey: backend.serviceKey,
    backend,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await backend.close()
    },
  }
}
