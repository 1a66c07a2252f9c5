/**
 * Simulated devices for the sync tests: each has its own Dexie database (fake-indexeddb), its own
 * supabase-js client against the local backend's HTTP endpoints, and a fetch that can lose
 * requests and responses, duplicate or delay them, or go offline.
 */
import 'fake-indexeddb/auto'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'
import { ZhibuDb } from '@/data/db'
import { SyncEngine, type SyncEngineOptions } from '@/data/sync/engine'
import { createSyncLock } from '@/data/sync/lock'
import { supabaseTransport } from '@/data/sync/transport'
import { createRowRepository } from '@/data/repositories/rows'
import { SYNCED_TABLES } from '@/domain/syncProtocol'

export const PASSWORD = 'Zhibu@2026'
export const ORG = '10000000-0000-4000-8000-000000000001'
export const BRANCH1 = '12000000-0000-4000-8000-000000000001'
export const BRANCH2 = '12000000-0000-4000-8000-000000000002'
export const USERS = {
  member: '20000000-0000-4000-8000-000000000001',
  organizer: '20000000-0000-4000-8000-000000000002',
  secretary: '20000000-0000-4000-8000-000000000003',
  leader: '20000000-0000-4000-8000-000000000004',
  admin: '20000000-0000-4000-8000-000000000005',
  secretary2: '20000000-0000-4000-8000-000000000006',
  member2: '20000000-0000-4000-8000-000000000007',
} as const
export type DemoLogin = keyof typeof USERS
/** Roster rows of the logins in branch 1. */
export const MEMBER_ROWS = {
  secretary: '15000000-0000-4000-8000-000000000001',
  organizer: '15000000-0000-4000-8000-000000000002',
  member: '15000000-0000-4000-8000-000000000003',
} as const

export interface Faults {
  offline: boolean
  /** The auth endpoints are unreachable (token refresh fails) while RPCs still get through. */
  authDown: boolean
  /** Probability that an RPC request is lost before it reaches the server. */
  dropRequest: number
  /** Probability that an RPC response is lost after the server committed. */
  dropResponse: number
  /** Probability that an RPC request is sent twice (the first answer is thrown away). */
  duplicate: number
  /** Upper bound of a random delay before an RPC request, in ms. */
  maxDelayMs: number
  random: () => number
  /** RPC calls seen (including lost ones), by function name. */
  calls: Record<string, number>
}

export function noFaults(random: () => number = Math.random): Faults {
  return { offline: false, authDown: false, dropRequest: 0, dropResponse: 0, duplicate: 0, maxDelayMs: 0, random, calls: {} }
}

export function faultyFetch(faults: Faults): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (faults.offline) throw new TypeError('fetch failed: offline')
    if (faults.authDown && url.includes('/auth/v1/')) throw new TypeError('fetch failed: auth unreachable')
    const rpc = /\/rest\/v1\/rpc\/([a-z_]+)/.exec(url)?.[1]
    if (!rpc) return fetch(input, init)
    faults.calls[rpc] = (faults.calls[rpc] ?? 0) + 1
    if (faults.maxDelayMs > 0) await new Promise((r) => setTimeout(r, Math.floor(faults.random() * faults.maxDelayMs)))
    if (faults.random() < faults.dropRequest) throw new TypeError('fetch failed: request lost')
    if (faults.random() < faults.duplicate) {
      const first = await fetch(input, init)
      await first.text()
    }
    const res = await fetch(input, init)
    if (faults.random() < faults.dropResponse) {
      await res.text()
      throw new TypeError('fetch failed: response lost')
    }
    return res
  }
}

export async function startBackend(options: { accessTokenLifetimeSeconds?: number; jwtLeewaySeconds?: number } = {}): Promise<LocalBackendServer> {
  return startLocalBackendServer({ seed: true, log: false, ...options })
}

/** Run SQL on the backend's database as the superuser (test setup only). */
export async function adminSql<T = Record<string, unknown>>(server: LocalBackendServer, sql: string, params: unknown[] = []) {
  return (await server.backend.db.query<T>(sql, params)).rows
}

export function apiClient(server: LocalBackendServer, faults: Faults): SupabaseClient {
  return createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { fetch: faultyFetch(faults) },
    realtime: { transport: WebSocket as never },
  })
}

let deviceCounter = 0

export interface Device {
  login: DemoLogin
  userId: string
  db: ZhibuDb
  supabase: SupabaseClient
  engine: SyncEngine
  repo: ReturnType<typeof createRowRepository>
  faults: Faults
  /** A new engine on the same database, as after a reload of the page. */
  restart(): void
}

export async function device(
  server: LocalBackendServer,
  login: DemoLogin,
  options: { faults?: Faults; dbName?: string; engine?: Partial<SyncEngineOptions>; signIn?: boolean } = {},
): Promise<Device> {
  const faults = options.faults ?? noFaults()
  const supabase = apiClient(server, faults)
  if (options.signIn !== false) {
    const { error } = await supabase.auth.signInWithPassword({ email: `${login}@demo.zhibu.cn`, password: PASSWORD })
    if (error) throw error
  }
  const db = new ZhibuDb(options.dbName ?? `device-${login}-${++deviceCounter}-${Date.now()}`)
  const make = () =>
    new SyncEngine({
      db,
      transport: supabaseTransport(supabase),
      lock: createSyncLock({ locks: null, storage: null }),
      ...options.engine,
    })
  const d: Device = {
    login,
    userId: USERS[login],
    db,
    supabase,
    engine: make(),
    repo: createRowRepository({ db }),
    faults,
    restart() {
      d.engine = make()
    },
  }
  return d
}

/** Everything the server would give this user on a first pull, as {table: {id: row}}. */
export async function serverView(d: Device): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {}
  let cursors: Record<string, unknown> = Object.fromEntries(Object.keys(SYNCED_TABLES).map((t) => [t, { xid: '0', id: null }]))
  for (;;) {
    const { data, error } = await d.supabase.rpc('sync_pull', { p_cursors: cursors, p_schema: 1, p_limit: 5000 })
    if (error) throw new Error(`sync_pull: ${error.message}`)
    const page = data as { tables: Record<string, { rows: Record<string, unknown>[]; cursor: unknown; more: boolean }> }
    let more = false
    cursors = {}
    for (const [t, p] of Object.entries(page.tables)) {
      out[t] ??= {}
      for (const r of p.rows) {
        if (r._deleted) delete out[t]![r.id as string]
        else out[t]![r.id as string] = r
      }
      cursors[t] = p.cursor
      more ||= p.more
    }
    if (!more) return out
  }
}

/** What a device holds, in the same shape as serverView. */
export async function localView(d: Device): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {}
  for (const table of d.db.tables) {
    if (table.name.startsWith('_')) continue
    const rows = (await table.toArray()) as Record<string, unknown>[]
    out[table.name] = Object.fromEntries(rows.map((r) => [r.id as string, r]))
  }
  return out
}

export { newRowId as newId } from '@/data/repositories/rows'
