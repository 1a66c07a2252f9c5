import { liveQuery } from 'dexie'
import type { SyncedTable } from '@/domain/syncProtocol'
import { isSyncedTable } from '@/domain/syncProtocol'
import { appDatabase, type DataRow, type RejectedEntry, type ZhibuDb } from './db'
import { createRowRepository, type RowRepository } from './repositories/rows'
import { discardRejected } from './sync/rejected'

/** A read of one table: all rows, or those whose `index` equals one of the values. */
export interface RowsQuery {
  table: string
  index?: string
  equals?: string | string[]
}

export interface LocalSyncState {
  /** Changes on this device not yet confirmed by the server. */
  pending: number
  /** Changes the server refused, waiting for the user. */
  rejected: number
}

/**
 * What the member-facing features need from the device's database: live reads, writes that queue
 * their change for sync in the same transaction (the row repository), refused changes.
 */
export interface MemberDataSource {
  /** Calls `onRows` now and after every change; returns the function that stops watching. */
  watch(query: RowsQuery, onRows: (rows: DataRow[]) => void, onError?: (error: unknown) => void): () => void
  watchRejected(onEntries: (entries: RejectedEntry[]) => void): () => void
  watchSyncState(onState: (state: LocalSyncState) => void): () => void
  put(table: string, row: DataRow): Promise<void>
  remove(table: string, id: string): Promise<void>
  /** The user has read a refused change and lets it go. */
  discardRejected(id: number): Promise<void>
}

export interface MemberDataSourceOptions {
  db?: ZhibuDb
  repository?: Pick<RowRepository, 'put' | 'remove'>
}

function synced(table: string): SyncedTable {
  if (!isSyncedTable(table)) throw new Error(`此版本的应用还不能保存“${table}”，请更新应用`)
  return table
}

/** Reads a table the device may not have (a newer server table): no rows rather than an error. */
async function readRows(db: ZhibuDb, query: RowsQuery): Promise<DataRow[]> {
  if (!db.tables.some((t) => t.name === query.table)) return []
  const table = db.table<DataRow, string>(query.table)
  if (!query.index || query.equals === undefined) return table.toArray()
  const values = Array.isArray(query.equals) ? query.equals : [query.equals]
  if (values.length === 0) return []
  return table.where(query.index).anyOf(values).toArray()
}

function subscribe<T>(query: () => Promise<T>, next: (value: T) => void, error?: (e: unknown) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next, error: error ?? ((e) => console.error(e)) })
  return () => subscription.unsubscribe()
}

/** The app's own repository (its writes wake the sync scheduler), looked up at the first write. */
function appRepository(): Pick<RowRepository, 'put' | 'remove'> {
  const repo = () => import('./sync/app').then((m) => m.appSync().repo)
  return {
    put: async (...args) => (await repo()).put(...args),
    remove: async (...args) => (await repo()).remove(...args),
  }
}

/**
 * Without options: the app's database and repository. With only `db` (tests, another device
 * database): a repository of its own on that database.
 */
export function createMemberDataSource(options: MemberDataSourceOptions = {}): MemberDataSource {
  // Without a database of its own, every call reads the signed-in login's database.
  const db = () => options.db ?? appDatabase()
  const repository = options.repository ?? (options.db ? createRowRepository({ db: options.db }) : appRepository())
  return {
    watch: (query, onRows, onError) => {
      const d = db()
      return subscribe(() => readRows(d, query), onRows, onError)
    },
    watchRejected: (onEntries) => {
      const d = db()
      return subscribe(() => d._rejected.orderBy('rejected_at').reverse().toArray(), onEntries)
    },
    watchSyncState: (onState) => {
      const d = db()
      return subscribe(async () => ({ pending: await d._outbox.count(), rejected: await d._rejected.count() }), onState)
    },
    async put(table, row) {
      await repository.put(synced(table), row)
    },
    async remove(table, id) {
      await repository.remove(synced(table), id)
    },
    async discardRejected(id) {
      await discardRejected(db(), id)
    },
  }
}
