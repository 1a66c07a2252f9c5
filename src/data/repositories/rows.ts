import type { SyncOp, SyncedTable } from '@/domain/syncProtocol'
import { SERVER_COLUMNS, isSyncedTable } from '@/domain/syncProtocol'
import { isEvidenceTable } from '@/domain/photos'
import { uuidv7 } from '@/domain/syncIds'
import type { DataRow, OutboxEntry, ZhibuDb } from '../db'
import { removeRecordPhotos } from '../photos/photoRecords'
import { rebuildRow, rowKey, syncTxTables } from '../sync/localRows'
import { PUSH_LIMITS } from '../sync/engine'

export type RowChange =
  | { kind: 'put'; table: SyncedTable; row: DataRow; force?: boolean }
  | { kind: 'remove'; table: SyncedTable; id: string }

export interface WriteResult {
  /** The client transaction queued, or null when nothing had to be sent. */
  tx_id: string | null
  /** Never-sent transactions that a delete made unnecessary (create then delete before any sync). */
  cancelled: string[]
}

export interface RowRepositoryOptions {
  db: ZhibuDb
  /** Called after every local write that queued something (the sync engine syncs shortly after). */
  onWrite?: () => void
  now?: () => Date
}

function stripServerColumns(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row }
  for (const c of SERVER_COLUMNS) delete out[c]
  return out
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

/**
 * A write of more changes than one client transaction may hold (the server would reject it
 * unopened, `too_many_operations`); thrown before anything is stored. A caller writing many rows
 * writes them in several transactions of at most `PUSH_LIMITS.opsPerTx`.
 */
export class TooManyChangesError extends Error {
  readonly code = 'too_many_operations'
  constructor(readonly changes: number) {
    super(`one change may hold at most ${PUSH_LIMITS.opsPerTx} rows, not ${changes}`)
    this.name = 'TooManyChangesError'
  }
}

/**
 * The one way the app writes synced data: each call writes the rows and their outbox entry in a
 * single Dexie transaction, so a row on screen always has its change queued (and vice versa).
 */
export function createRowRepository(options: RowRepositoryOptions) {
  const { db } = options
  const now = options.now ?? (() => new Date())

  async function write(changes: RowChange[]): Promise<WriteResult> {
    for (const c of changes) if (!isSyncedTable(c.table)) throw new Error(`not a synced table: ${c.table}`)
    if (changes.length > PUSH_LIMITS.opsPerTx) throw new TooManyChangesError(changes.length)
    // A deleted record's photos go with it (their objects are removed at the next sync).
    const dropsPhotos = changes.some((c) => c.kind === 'remove' && isEvidenceTable(c.table))
    const tables = [...syncTxTables(db, changes.map((c) => c.table)), ...(dropsPhotos ? ['_photos'] : [])]
    const result = await db.transaction('rw', tables, async () => {
      const ops: SyncOp[] = []
      const cancelled: string[] = []
      const touched: [SyncedTable, string][] = []
      for (const change of changes) {
        if (change.kind === 'put') {
          const op = await opForPut(change.table, change.row, change.force)
          if (op) {
            ops.push(op)
            touched.push([change.table, change.row.id])
          }
        } else {
          await removeRecordPhotos(db, change.table, change.id, now())
          const outcome = await opForRemove(change.table, change.id)
          cancelled.push(...outcome.cancelled)
          if (outcome.op) {
            ops.push(outcome.op)
            touched.push([change.table, change.id])
          } else {
            await db.data(change.table).delete(change.id)
          }
        }
      }
      let tx_id: string | null = null
      if (ops.length > 0) {
        tx_id = uuidv7()
        const entry: OutboxEntry = {
          tx_id,
          created_at: now().toISOString(),
          ops,
          attempts: 0,
          rows: [...new Set(ops.map((o) => rowKey(o.table, o.id)))],
        }
        await db._outbox.add(entry)
      }
      for (const [table, id] of touched) await rebuildRow(db, table, id)
      return { tx_id, cancelled }
    })
    if (result.tx_id) options.onWrite?.()
    return result
  }

  async function opForPut(table: SyncedTable, row: DataRow, force?: boolean): Promise<SyncOp | null> {
    const current = await db.data(table).get(row.id)
    const branch_id = (row.branch_id ?? current?.branch_id ?? null) as string | null
    const extra = force ? { force: true } : {}
    if (!current || current._ver === undefined || current._ver === null) {
      // Created on this device and not yet seen back from the server: send the whole row.
      return { table, op: 'upsert', id: row.id, row: stripServerColumns({ ...(current ?? {}), ...row }), branch_id, ...extra }
    }
    const changed: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(stripServerColumns(row))) {
      if (k !== 'id' && !sameValue(v, current[k])) changed[k] = v
    }
    if (Object.keys(changed).length === 0 && !force) return null
    return { table, op: 'update', id: row.id, row: changed, base_ver: Number(current._ver), branch_id, ...extra }
  }

  async function opForRemove(table: SyncedTable, id: string): Promise<{ op: SyncOp | null; cancelled: string[] }> {
    const key = rowKey(table, id)
    const current = await db.data(table).get(id)
    const base = await db._base.get(key)
    const serverKnows = (current && current._ver !== undefined && current._ver !== null) || (base && base.row)
    if (!serverKnows) {
      const entries = await db._outbox.where('rows').equals(key).toArray()
      if (entries.length === 0) {
        // Nothing queued and no server copy yet: either there is no such row, or its create was
        // applied and the pull that brings the server's copy has not happened: delete it there too.
        if (!current) return { op: null, cancelled: [] }
      } else if (entries.every((e) => (e.attempts ?? 0) === 0 && e.ops.every((o) => o.table === table && o.id === id))) {
        // Created here and never sent: cancel it, nothing goes to the server.
        await db._outbox.bulkDelete(entries.map((e) => e.seq!))
        await db._base.delete(key)
        return { op: null, cancelled: entries.map((e) => e.tx_id) }
      }
    }
    const branch_id = (current?.branch_id ?? base?.row?.branch_id ?? null) as string | null
    return { op: { table, op: 'delete', id, branch_id }, cancelled: [] }
  }

  return {
    write,
    /** Create or change one row (include `id`; new rows get `newRowId()`). */
    put: (table: SyncedTable, row: DataRow, opts: { force?: boolean } = {}) => write([{ kind: 'put', table, row, force: opts.force }]),
    /** Delete one row (a tombstone on the server). */
    remove: (table: SyncedTable, id: string) => write([{ kind: 'remove', table, id }]),
    get: (table: SyncedTable, id: string) => db.data(table).get(id),
  }
}

export type RowRepository = ReturnType<typeof createRowRepository>

/** A new row id (UUIDv7, made on the device). */
export const newRowId = (): string => uuidv7()
