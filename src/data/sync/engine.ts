import type { FailureKind, PullResponse, PushResponse, SyncOp, SyncScopes, TableCursor, TxResult } from '@/domain/syncProtocol'
import {
  SYNCED_TABLES,
  SYNC_SCHEMA_VERSION,
  classifyHttpFailure,
  isSyncedTable,
  outcomeOf,
  rolesChanged,
  rowInScope,
  wideTablesChanged,
} from '@/domain/syncProtocol'
import { uuidv7 } from '@/domain/syncIds'
import type { DataRow, OutboxEntry, RejectedEntry, ZhibuDb } from '../db'
import { applyOp, rebuildRow, rowKey, syncTxTables } from './localRows'
import type { SyncLock } from './lock'
import { createSyncLock } from './lock'
import type { RpcFailure, SyncTransport } from './transport'

export interface SyncFailure {
  kind: FailureKind
  status: number
  message: string
  code?: string
}

export interface SyncRunResult {
  ok: boolean
  /** False when another tab (or run) held the sync lock and this run did nothing. */
  ran: boolean
  applied: number
  rejected: number
  pulled: number
  requests: number
  failure?: SyncFailure
}

export interface SyncEngineOptions {
  db: ZhibuDb
  transport: SyncTransport
  lock?: SyncLock
  /** Most client transactions per push request. */
  pushBatchSize?: number
  /** Most rows per pull response. */
  pullLimit?: number
  now?: () => Date
  /** Called while a pull page is being applied (tests use it to cut an apply short). */
  onApplyProgress?: (table: string, rowsSoFar: number) => void
  /** Uploads and removes evidence photos (src/data/sync/photoUploads.ts), after the records. */
  photoUploads?: () => Promise<unknown>
}

const ALL_TABLES = Object.keys(SYNCED_TABLES)

/**
 * What sync_push accepts (supabase/migrations/20261201001000_sync_limits.sql): at most 500
 * transactions, 5,000 operations and 50 check-ins (operations carrying a check-in token) per
 * request; a transaction of more than 100 operations or 50 check-ins is rejected unopened and
 * counts for nothing. A batch stays within these, so the server never refuses a whole request.
 * `opsPerTx` is small because a transaction cannot be split: its size bounds how long another user
 * waits on a backend with one connection. The repositories write at most that many operations in
 * one transaction (src/data/repositories/rows.ts).
 * `bytes`: the most JSON one request carries, under the local backend's 4 MB body limit (long
 * minutes and signature strokes make a few hundred changes that large); one change larger than
 * that goes alone, and if the server refuses it for its size it goes to 需处理.
 */
export const PUSH_LIMITS = { txs: 500, opsPerTx: 100, ops: 5000, checkins: 50, bytes: 3.5 * 1024 * 1024 } as const

/** The code a change refused for its size gets in 需处理. */
export const TOO_LARGE_CODE = 'request_too_large'

/** Operations and check-ins one outbox entry costs a request, counted as the server counts them. */
export function pushCost(ops: readonly SyncOp[]): { ops: number; checkins: number } {
  const checkins = ops.filter(
    (op) => op.table === 'attendance' && typeof op.row === 'object' && op.row !== null && typeof op.row.checkin_token === 'string',
  ).length
  if (ops.length > PUSH_LIMITS.opsPerTx || checkins > PUSH_LIMITS.checkins) return { ops: 0, checkins: 0 }
  return { ops: ops.length, checkins }
}

/** An outbox entry as sync_push receives it (the local `branch_id` of each operation stays here). */
export function wireTx(entry: { tx_id: string; ops: readonly SyncOp[] }): { tx_id: string; ops: Omit<SyncOp, 'branch_id'>[] } {
  return { tx_id: entry.tx_id, ops: entry.ops.map(({ branch_id: _b, ...op }) => op) }
}

const encoder = new TextEncoder()
/** Bytes of a value's JSON as sent (UTF-8). */
export const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length

/** The longest prefix of the outbox (oldest first) that one request may carry; never empty. */
export function pushBatch<T extends { tx_id: string; ops: readonly SyncOp[] }>(
  entries: readonly T[],
  maxTxs: number = PUSH_LIMITS.txs,
  maxBytes: number = PUSH_LIMITS.bytes,
): T[] {
  const batch: T[] = []
  let ops = 0
  let checkins = 0
  let bytes = 0
  for (const entry of entries) {
    if (batch.length >= Math.min(maxTxs, PUSH_LIMITS.txs)) break
    const cost = pushCost(entry.ops)
    // The comma between entries is counted too.
    const size = jsonBytes(wireTx(entry)) + 1
    if (batch.length > 0 && (ops + cost.ops > PUSH_LIMITS.ops || checkins + cost.checkins > PUSH_LIMITS.checkins || bytes + size > maxBytes)) break
    batch.push(entry)
    ops += cost.ops
    checkins += cost.checkins
    bytes += size
  }
  return batch
}

function failureOf(error: RpcFailure): SyncFailure {
  return { kind: classifyHttpFailure(error.status), status: error.status, message: error.message, code: error.code }
}

/**
 * Push the outbox, then pull changes, for one device database. Never drops a queued change:
 * a change leaves the outbox only when the server answered for it (applied, or rejected — then it
 * goes to _rejected with the server's reason), or when the device itself can no longer send it
 * (the user left its branch — also to _rejected, with that reason).
 */
export class SyncEngine {
  readonly db: ZhibuDb
  private readonly transport: SyncTransport
  private readonly lock: SyncLock
  private readonly pushBatchSize: number
  private readonly pullLimit: number
  private readonly now: () => Date
  private readonly onApplyProgress?: (table: string, rowsSoFar: number) => void
  private readonly photoUploads?: () => Promise<unknown>
  private clientIdPromise: Promise<string> | null = null

  constructor(options: SyncEngineOptions) {
    this.db = options.db
    this.transport = options.transport
    this.lock = options.lock ?? createSyncLock({ name: `zhibu-sync:${options.db.name}` })
    this.pushBatchSize = options.pushBatchSize ?? 500
    this.pullLimit = options.pullLimit ?? 2000
    this.now = options.now ?? (() => new Date())
    this.onApplyProgress = options.onApplyProgress
    this.photoUploads = options.photoUploads
  }

  /** This device's id for idempotent pushes; kept in _meta so retries after a restart match. */
  clientId(): Promise<string> {
    this.clientIdPromise ??= this.db.transaction('rw', this.db._meta, async () => {
      const found = await this.db._meta.get('client_id')
      if (typeof found?.value === 'string') return found.value
      const id = uuidv7()
      await this.db._meta.put({ key: 'client_id', value: id })
      return id
    })
    return this.clientIdPromise
  }

  /** One sync run: push everything queued, then pull until caught up. */
  async sync(): Promise<SyncRunResult> {
    const result = await this.lock(() => this.run())
    return result ?? { ok: true, ran: false, applied: 0, rejected: 0, pulled: 0, requests: 0 }
  }

  private async run(): Promise<SyncRunResult> {
    const res: SyncRunResult = { ok: true, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 0 }
    const failure = (await this.push(res)) ?? (await this.pull(res))
    // Photos go after the records, whatever their answer: a photo never holds a record back, and
    // the queue keeps its own backoff (a failed upload does not fail the run).
    await this.photoUploads?.().catch(() => undefined)
    if (failure) return { ...res, ok: false, failure }
    await this.db._meta.put({ key: 'last_synced_at', value: this.now().toISOString() })
    return res
  }

  private async call<T>(fn: 'sync_push' | 'sync_pull', args: Record<string, unknown>, res: SyncRunResult) {
    res.requests += 1
    let reply = await this.transport.rpc<T>(fn, args)
    if (!reply.ok && reply.error.status === 401 && this.transport.refreshAuth && (await this.transport.refreshAuth())) {
      res.requests += 1
      reply = await this.transport.rpc<T>(fn, args)
    }
    return reply
  }

  private async push(res: SyncRunResult): Promise<SyncFailure | null> {
    const clientId = await this.clientId()
    // Lowered for this run when the server refuses a request for its size (its limit is lower).
    let maxBytes: number = PUSH_LIMITS.bytes
    for (;;) {
      // Read and counted in one transaction before sending: an entry that may reach the server is
      // never cancelled locally by a delete made meanwhile (the repository checks `attempts`).
      const entries = await this.db.transaction('rw', this.db._outbox, async () => {
        const batch = pushBatch(await this.db._outbox.orderBy('seq').limit(this.pushBatchSize).toArray(), this.pushBatchSize, maxBytes)
        for (const e of batch) await this.db._outbox.update(e.seq!, { attempts: (e.attempts ?? 0) + 1 })
        return batch
      })
      if (entries.length === 0) return null
      const txs = entries.map(wireTx)
      const reply = await this.call<PushResponse>(
        'sync_push',
        { p_client_id: clientId, p_schema: SYNC_SCHEMA_VERSION, p_txs: txs },
        res,
      )
      if (!reply.ok && reply.error.status === 413) {
        // Too large for the server: send less at once; one change alone that is still too large
        // can never be sent, so it goes to 需处理 instead of holding up the outbox.
        if (entries.length > 1) {
          maxBytes = Math.floor(jsonBytes(txs) / 2)
          continue
        }
        const only = entries[0]!
        const refusal: TxResult = { tx_id: only.tx_id, status: 'rejected', code: TOO_LARGE_CODE, message: '' }
        await this.settle(entries, new Map([[only.tx_id, refusal]]), res)
        continue
      }
      if (!reply.ok) return failureOf(reply.error)
      const byTx = new Map(reply.data.results.map((r) => [r.tx_id, r]))
      const answered = entries.filter((e) => byTx.has(e.tx_id))
      await this.settle(answered, byTx, res)
      if (answered.length === 0) {
        return { kind: 'client', status: 200, message: 'the server answered for none of the transactions sent' }
      }
    }
  }

  /** Remove answered entries from the outbox; rejected ones go to _rejected; rows are recomputed. */
  private async settle(entries: OutboxEntry[], byTx: Map<string, TxResult>, res: SyncRunResult): Promise<void> {
    const tables = new Set(entries.flatMap((e) => e.ops.map((o) => o.table)))
    await this.db.transaction('rw', syncTxTables(this.db, tables), async () => {
      const touched = new Map<string, SyncOp>()
      for (const entry of entries) {
        const result = byTx.get(entry.tx_id)!
        // Another tab may have settled it already (both pushed it; the server applied it once).
        if (!(await this.db._outbox.get(entry.seq!))) continue
        await this.db._outbox.delete(entry.seq!)
        if (outcomeOf(result) === 'applied') {
          res.applied += 1
          for (const op of entry.ops) {
            const key = rowKey(op.table, op.id)
            const base = await this.db._base.get(key)
            if (base) await this.db._base.put({ ...base, row: applyOp(base.row as DataRow | null, op) })
          }
        } else {
          res.rejected += 1
          await this.db._rejected.add(rejectedEntry(entry, result, this.now()))
        }
        for (const op of entry.ops) touched.set(rowKey(op.table, op.id), op)
      }
      for (const op of touched.values()) await rebuildRow(this.db, op.table, op.id)
    })
  }

  private async pull(res: SyncRunResult): Promise<SyncFailure | null> {
    for (let page = 0; page < 10_000; page++) {
      // Every table this app version stores, so the server sends only those (a newer server's
      // extra tables wait until an app update knows them, then start from the beginning).
      const cursors: Record<string, TableCursor> = Object.fromEntries(ALL_TABLES.map((t) => [t, { xid: '0', id: null }]))
      for (const c of await this.db._cursors.toArray()) cursors[c.table] = { xid: c.xid, id: c.id }
      const reply = await this.call<PullResponse>(
        'sync_pull',
        { p_cursors: cursors, p_schema: SYNC_SCHEMA_VERSION, p_limit: this.pullLimit },
        res,
      )
      if (!reply.ok) return failureOf(reply.error)
      const { more, widened, rows } = await this.applyPull(reply.data)
      res.pulled += rows
      if (!more && !widened) return null
    }
    return null
  }

  /** Apply one pull page in one Dexie transaction: rows, cursors and scopes land together or not at all. */
  private async applyPull(resp: PullResponse): Promise<{ more: boolean; widened: boolean; rows: number }> {
    const db = this.db
    return db.transaction('rw', syncTxTables(db, ALL_TABLES).concat('_cursors'), async () => {
      const prev = (await db._meta.get('scopes'))?.value as SyncScopes | undefined
      const scopes: SyncScopes = {
        org_id: resp.scopes.org_id ?? null,
        branch_ids: resp.scopes.branch_ids ?? [],
        ...(resp.scopes.roles ? { roles: resp.scopes.roles } : {}),
        wide_tables: [...(resp.scopes.wide_tables ?? [])].sort(),
      }
      const orgChanged = !!prev && prev.org_id !== scopes.org_id
      if (rolesChanged(prev, scopes) || wideTablesChanged(prev, scopes)) {
        // A role gained or lost (admin too: the tables pulled organisation-wide change): rows RLS or
        // the scope now shows or hides can be older than any cursor. Start the device's copy over
        // (queued edits stay on top) and pull everything again.
        await this.leaveScopes(scopes, orgChanged)
        const pendingKeys = new Set((await db._outbox.toArray()).flatMap((e) => e.rows ?? []))
        for (const table of ALL_TABLES) {
          if (!isSyncedTable(table)) continue
          const ids = (await db.data(table).toCollection().primaryKeys()).filter((id) => !pendingKeys.has(rowKey(table, id)))
          await db.data(table).bulkDelete(ids)
        }
        await db._cursors.clear()
        await db._meta.put({ key: 'scopes', value: scopes })
        return { more: true, widened: true, rows: 0 }
      }
      const removed = prev ? prev.branch_ids.filter((b) => !scopes.branch_ids.includes(b)) : []
      const widened = !!prev && (orgChanged || scopes.branch_ids.some((b) => !prev.branch_ids.includes(b)))
      if (orgChanged || removed.length > 0) await this.leaveScopes(scopes, orgChanged)

      const pendingEntries = await db._outbox.toArray()
      const pending = new Set(pendingEntries.flatMap((e) => e.rows ?? []))

      for (const table of resp.reset ?? []) {
        if (!isSyncedTable(table)) continue
        await db.data(table).clear()
        await db._base.where('table').equals(table).delete()
        for (const key of pending) if (key.startsWith(`${table}:`)) await rebuildRow(db, table, key.slice(table.length + 1))
      }

      let rows = 0
      let more = false
      for (const [table, page] of Object.entries(resp.tables ?? {})) {
        if (!isSyncedTable(table)) continue
        const puts: DataRow[] = []
        const deletes: string[] = []
        // Rows that left the caller's branches; a row that left and came back is in page.rows too.
        const back = new Set(page.rows.map((r) => r.id as string))
        for (const id of page.gone ?? []) {
          if (back.has(id)) continue
          if (pending.has(rowKey(table, id))) await rebuildRow(db, table, id, null)
          else deletes.push(id)
        }
        for (const raw of page.rows) {
          const row = raw as DataRow
          rows += 1
          this.onApplyProgress?.(table, rows)
          const serverRow = row._deleted === true || !rowInScope(row, scopes, table) ? null : row
          if (pending.has(rowKey(table, row.id))) await rebuildRow(db, table, row.id, serverRow)
          else if (serverRow) puts.push(serverRow)
          else deletes.push(row.id)
        }
        if (puts.length) await db.data(table).bulkPut(puts)
        if (deletes.length) await db.data(table).bulkDelete(deletes)
        more ||= page.more
        if (!widened) await db._cursors.put({ table, xid: page.cursor.xid, id: page.cursor.id ?? null })
      }
      if (widened) await db._cursors.clear()
      await db._meta.put({ key: 'scopes', value: scopes })
      return { more, widened, rows }
    })
  }

  /**
   * The user left a branch (or organisation, or the admin role that holds other branches' rows):
   * drop the rows now outside the scope; queued changes to them go to 需处理. A change to a row of a
   * table still pulled organisation-wide stays queued: its branch is not the user's, but the row is
   * in scope as long as the organisation is the same.
   */
  private async leaveScopes(scopes: SyncScopes, orgChanged: boolean): Promise<void> {
    const db = this.db
    const now = this.now()
    const moved: SyncOp[] = []
    for (const entry of await db._outbox.toArray()) {
      const outside = entry.ops.some((op) => {
        if (!scopes.org_id) return true
        if (!orgChanged && scopes.wide_tables?.includes(op.table)) return false
        return !!op.branch_id && !scopes.branch_ids.includes(op.branch_id)
      })
      if (!outside) continue
      await db._outbox.delete(entry.seq!)
      await db._rejected.add(
        rejectedEntry(entry, { tx_id: entry.tx_id, status: 'rejected', code: 'out_of_scope', message: '' }, now),
      )
      moved.push(...entry.ops)
    }
    for (const op of moved) await rebuildRow(db, op.table, op.id)
    for (const table of ALL_TABLES) {
      if (!isSyncedTable(table)) continue
      const gone = await db.data(table).filter((row) => !rowInScope(row, scopes, table)).primaryKeys()
      await db.data(table).bulkDelete(gone)
      await db._base.bulkDelete(gone.map((id) => rowKey(table, id)))
    }
  }
}

function rejectedEntry(entry: OutboxEntry, result: TxResult, now: Date): RejectedEntry {
  return {
    tx_id: entry.tx_id,
    created_at: entry.created_at,
    rejected_at: now.toISOString(),
    ops: entry.ops,
    code: result.code ?? 'rejected',
    message: result.message ?? '',
    detail: result.detail,
    rule: result.rule,
    op_index: result.op_index,
  }
}
