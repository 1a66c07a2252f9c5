/**
 * The sync protocol's shapes and rules (docs/architecture.md "Sync"). Pure: no IO.
 */

export const SYNC_SCHEMA_VERSION = 1

// The table list lives in the registry (syncTables.ts); re-exported for the sync engine and tests.
export { SYNCED_TABLES, isSyncedTable, type SyncedTable } from './syncTables'

/** Columns the server's trigger owns; a device never sends them. */
export const SERVER_COLUMNS = ['_xid', '_ver', '_deleted', 'updated_at', 'updated_by'] as const

export type SyncRow = Record<string, unknown> & { id: string }

/**
 * One row operation.
 * - upsert: create (or, for a row this device created, overwrite) with the columns in `row`
 * - update: change the columns in `row` of a row the server sent; 0 rows matched is rejected
 * - delete: tombstone
 * `base_ver` is the server version the edit was made on (for overwrite bookkeeping);
 * `force` asks the server to apply a change a conflict rule would otherwise refuse.
 */
export interface SyncOp {
  table: string
  op: 'upsert' | 'update' | 'delete'
  id: string
  row?: Record<string, unknown>
  base_ver?: number
  force?: boolean
  /** Branch of the row (local bookkeeping, for scope changes). */
  branch_id?: string | null
}

export interface SyncTx {
  tx_id: string
  ops: SyncOp[]
}

export type TxStatus = 'applied' | 'rejected' | 'duplicate'

export interface TxResult {
  tx_id: string
  status: TxStatus
  original_status?: 'applied' | 'rejected'
  code?: string
  message?: string
  detail?: string
  /** The message is a domain rule's own words (a trigger's), to be shown as the server wrote it. */
  rule?: boolean
  op_index?: number
}

export interface PushResponse {
  results: TxResult[]
}

/** `xid` is an xid8 sent as text; `id` breaks ties inside one transaction's rows when paging. */
export interface TableCursor {
  xid: string
  id: string | null
}

export interface PulledTable {
  rows: Record<string, unknown>[]
  gone: string[]
  cursor: TableCursor
  more: boolean
}

export interface SyncScopes {
  org_id: string | null
  branch_ids: string[]
  /** The caller's live roles (`role:branch or org`), sorted; absent from servers that predate it. */
  roles?: string[]
  /**
   * Tables pulled organisation-wide for this caller (an admin's roster, party groups and visits of
   * every branch), sorted; `[]` or absent for everyone else and from servers that predate it.
   */
  wide_tables?: string[]
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** True when both scopes list roles and the lists differ (what RLS shows may have changed). */
export function rolesChanged(prev: SyncScopes | undefined, next: SyncScopes): boolean {
  if (!prev?.roles || !next.roles) return false
  return !sameList(prev.roles, next.roles)
}

/**
 * True when the tables pulled organisation-wide differ (admin granted or revoked): rows of other
 * branches older than any cursor come or go. A scope stored before servers sent the list counts as
 * none, so an admin's phone starts its copy over once when it first meets the list.
 */
export function wideTablesChanged(prev: SyncScopes | undefined, next: SyncScopes): boolean {
  if (!prev) return false
  return !sameList([...(prev.wide_tables ?? [])].sort(), [...(next.wide_tables ?? [])].sort())
}

export interface PullResponse {
  tables: Record<string, PulledTable>
  scopes: SyncScopes
  horizon: string
  fence: string
  reset: string[]
}

/** What a transaction's result means for the outbox. */
export function outcomeOf(result: TxResult): 'applied' | 'rejected' {
  const status = result.status === 'duplicate' ? result.original_status : result.status
  return status === 'applied' ? 'applied' : 'rejected'
}

/** A failure of a whole request: transient ones are retried with backoff; none drops the outbox. */
export type FailureKind = 'network' | 'auth' | 'transient' | 'client'

export function classifyHttpFailure(status: number): FailureKind {
  if (status === 0) return 'network'
  if (status === 401) return 'auth'
  if (status === 408 || status === 429 || status >= 500) return 'transient'
  return 'client'
}

export interface BackoffOptions {
  baseMs?: number
  capMs?: number
}

/**
 * Delay before retry number `attempt` (1-based): exponential with "equal jitter" — half fixed,
 * half random — so many phones coming back online at once do not retry in step.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000
  const cap = options.capMs ?? 5 * 60_000
  const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(attempt - 1, 0), 20))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/**
 * Whether a row of `table` is inside the device's scope: its branch, its organisation's shared rows,
 * or any row of its organisation when the table is pulled organisation-wide for this user.
 */
export function rowInScope(row: Record<string, unknown>, scopes: SyncScopes, table?: string): boolean {
  if (!scopes.org_id || row.org_id !== scopes.org_id) return false
  if (table !== undefined && scopes.wide_tables?.includes(table)) return true
  const branch = row.branch_id
  return branch === null || branch === undefined || scopes.branch_ids.includes(branch as string)
}

/** Compare two xid8 values sent as decimal text. */
export function compareXid(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

