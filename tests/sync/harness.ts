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
import { supabaseTransport, type SyncTransport } from '@/data/sync/transport'
import { createRowRepository } from '@/data/repositories/rows'
import { SYNCED_TABLES } from '@/domain/syncProtocol'
import { pgliteClient } from '../helpers/pglite'
import { runAs, user } from '../helpers/sql'

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
  random: () => number
  /** RPC calls seen (including lost ones), by function name. */
  calls: Record<string, number>
}

export function noFaults(random: () => number = Math.random): Faults {
  return { offline: false, authDown: false, dropRequest: 0, dropResponse: 0, duplicate: 0, random, calls: {} }
}

export function faultyFetch(faults: Faults): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (faults.offline) throw new TypeError('fetch failed: offline')
    if (faults.authDown && url.includes('/auth/v1/')) throw new TypeError('fetch failed: auth unreachable')
    const rpc = /\/rest\/v1\/rpc\/([a-z_]+)/.exec(url)?.[1]
    if (!rpc) return fetch(input, init)
    faults.calls[rpc] = (faults.calls[rpc] ?? 0) + 1
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
  options: {
    faults?: Faults
    dbName?: string
    engine?: Partial<SyncEngineOptions>
    signIn?: boolean
    /** Wraps each engine's transport (e.g. to hold its requests in an RpcGate). */
    transport?: (inner: SyncTransport) => SyncTransport
  } = {},
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
      transport: (options.transport ?? ((t) => t))(supabaseTransport(supabase)),
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

type TableView = Record<string, Record<string, Record<string, unknown>>>

/**
 * Tables an admin's phone holds for the whole organisation (every branch): the roster, its personal
 * details, party groups and visits (20261201008000_admin_roster_scope.sql). Written out here, not
 * read from the server, so the truth does not come from the code under test.
 */
export const ADMIN_WIDE_TABLES = ['member_details', 'members', 'party_groups', 'visit_participants', 'visits'] as const

/**
 * What a device must hold, found without the sync functions: per synced table, the rows that are not
 * deleted and that the user's own SQL (as PostgREST runs it: role `authenticated`, the JWT claims,
 * RLS) reads within the device's sync scope: the user's organisation, its branches (live member,
 * organizer or secretary roles) and the organisation's rows without a branch; for an admin of the
 * organisation, every row of ADMIN_WIDE_TABLES in it. As {table: {id: row}}.
 * Call it only while no request is in flight (it runs a transaction on the backend's connection).
 */
export async function truthView(server: LocalBackendServer, d: Pick<Device, 'userId'>): Promise<TableView> {
  const tables = Object.keys(SYNCED_TABLES)
  const [scope] = await adminSql<{ org_id: string; branches: string[]; admin: boolean }>(server, `
    select r.org_id::text,
           coalesce(array_agg(distinct r.branch_id::text) filter (
             where r.branch_id is not null and r.role in ('member', 'organizer', 'secretary')), '{}') as branches,
           bool_or(r.role = 'admin') as admin
    from public.user_roles r where r.user_id = $1 and not r._deleted
    group by r.org_id order by r.org_id limit 1`, [d.userId])
  const branchScoped = new Set((await adminSql<{ table_name: string }>(server, `
    select table_name::text from information_schema.columns
    where table_schema = 'public' and column_name = 'branch_id' and table_name = any ($1)`, [tables])).map((r) => r.table_name))
  const out: TableView = Object.fromEntries(tables.map((t) => [t, {}]))
  if (!scope) return out
  return runAs(pgliteClient(server.backend.db), user(d.userId), async (tx) => {
    for (const table of tables) {
      const wide = scope.admin && (ADMIN_WIDE_TABLES as readonly string[]).includes(table)
      const [where, params] = branchScoped.has(table) && !wide
        ? ['(t.branch_id = any ($2::uuid[]) or (t.branch_id is null and t.org_id = $1::uuid))', [scope.org_id, scope.branches]]
        : ['t.org_id = $1::uuid', [scope.org_id]]
      const { rows } = await tx.query<{ row: Record<string, unknown> }>(
        `select to_jsonb(t) as row from public."${table}" t where not t._deleted and ${where}`, params)
      out[table] = Object.fromEntries(rows.map((r) => [r.row.id as string, r.row]))
    }
    return out
  })
}

/** What a device holds, in the same shape as serverView. */
export async function localView(d: Device): Promise<TableView> {
  const out: TableView = {}
  for (const table of d.db.tables) {
    if (table.name.startsWith('_')) continue
    const rows = (await table.toArray()) as Record<string, unknown>[]
    out[table.name] = Object.fromEntries(rows.map((r) => [r.id as string, r]))
  }
  return out
}

export { newRowId as newId } from '@/data/repositories/rows'

interface HeldCall {
  fn: string
  send: () => Promise<void>
}

/**
 * Holds every RPC of the transports it wraps until the test releases it, so that several devices
 * (and several engines of one device) interleave in an order the test chooses, not in the order the
 * network and the event loop happen to produce: a seeded run replays exactly. Between two requests an
 * engine only works on its own database, and `start`/`release` wait until every sync in flight is
 * blocked on its next request or has finished, so that local work never overlaps the test's.
 */
export class RpcGate {
  private held: HeldCall[] = []
  private readonly running = new Set<Promise<unknown>>()
  private wakers: (() => void)[] = []
  /** Requests go straight through (no interleaving left to choose). */
  open = false

  wrap(inner: SyncTransport): SyncTransport {
    return {
      rpc: (fn, args) => {
        if (this.open) return inner.rpc(fn, args)
        return new Promise((resolve) => {
          this.held.push({ fn, send: async () => resolve(await inner.rpc(fn, args)) })
          this.changed()
        })
      },
      ...(inner.refreshAuth ? { refreshAuth: () => inner.refreshAuth!() } : {}),
    }
  }

  /** Requests waiting to be released, oldest first. */
  get waiting(): number {
    return this.held.length
  }

  /** Whether `run` (a promise given to `start`) is still in flight. */
  inFlight(run: Promise<unknown>): boolean {
    return this.running.has(run)
  }

  /** Track a sync that goes through this gate; resolves once it is blocked on a request or done. */
  async start<T>(run: Promise<T>): Promise<void> {
    const done = () => {
      this.running.delete(run)
      this.changed()
    }
    this.running.add(run)
    run.then(done, done)
    await this.quiet()
  }

  /** Send the `index`-th waiting request, hand its answer over, and wait until everything is quiet again. */
  async release(index = 0): Promise<void> {
    const [call] = this.held.splice(index, 1)
    if (!call) throw new Error(`no request waiting at ${index}`)
    await call.send()
    await this.quiet()
  }

  /** Release requests, oldest first, until `run` has finished. */
  async finish(run: Promise<unknown>): Promise<void> {
    while (this.running.has(run)) await this.release(0)
  }

  /** Release requests, oldest first, until no sync is in flight. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await this.release(0)
  }

  private async quiet(): Promise<void> {
    while (this.held.length < this.running.size) await new Promise<void>((resolve) => this.wakers.push(resolve))
  }

  private changed() {
    const wakers = this.wakers
    this.wakers = []
    for (const wake of wakers) wake()
  }
}

/**
 * Row ids for a seeded run: valid UUIDs in creation order, the same on every run of the seed (the
 * app's UUIDv7 ids carry the clock and random bits, so the rows a device picks from would differ).
 */
export function seededIds(seed: number): () => string {
  let n = 0
  const prefix = (seed >>> 0).toString(16).padStart(8, '0')
  return () => `${prefix}-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`
}
