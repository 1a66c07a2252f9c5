import Dexie, { type Table } from 'dexie'
import type { SyncOp, TableCursor, SyncScopes } from '@/domain/syncProtocol'
import { SYNCED_TABLES, type SyncedTable } from '@/domain/syncTables'
import { storedSessionUserId } from './storedSession'

/** A change waiting to be pushed: one client transaction of one or more row operations. */
export interface OutboxEntry {
  seq?: number
  tx_id: string
  created_at: string
  ops: SyncOp[]
  /** How many times a push carrying this entry was sent (0: never left the device). */
  attempts?: number
  /** `table:id` of every row the entry touches (index). */
  rows?: string[]
}

/** A change the server (or the device, after a scope change) refused: shown on 需处理 until fixed or discarded. */
export interface RejectedEntry {
  id?: number
  tx_id: string
  created_at: string
  rejected_at: string
  ops: SyncOp[]
  code: string
  message: string
  detail?: string
  /** The server marked `message` as a domain rule's own words (servers before this flag: unset). */
  rule?: boolean
  op_index?: number
  /** A photo Storage refused (no ops): its upload, or the removal of its object. */
  photo?: { id: string; path: string; record_key: string; removal: boolean }
}

/** The last row the server sent, kept while local edits of it are pending (the row shown = base + edits). */
export interface BaseEntry {
  key: string
  table: string
  id: string
  row: Record<string, unknown> | null
}

export interface CursorEntry extends TableCursor {
  table: string
}

export interface MetaEntry {
  key: string
  value: unknown
}

export type DataRow = Record<string, unknown> & { id: string }

/**
 * A photo of a record kept on the device (src/data/photos): bytes and type, never a Blob (Safari
 * loses Blobs in IndexedDB). `pending` waits for upload, `uploaded` is the local copy of the object,
 * `refused` was refused by Storage (需处理), `removing` waits for its object to be removed (no bytes).
 */
export interface PhotoEntry {
  id: string
  /** The Storage object name, also listed in the record's `photos` column. */
  path: string
  /** `table:id` of the record. */
  record_key: string
  state: 'pending' | 'uploaded' | 'refused' | 'removing'
  bytes: Uint8Array | null
  type: string
  width: number
  height: number
  saved_at: string
  /** Failed tries so far and when the next may start (exponential backoff). */
  attempts: number
  next_at: string | null
  /** Whether an upload may have reached the server (a removal then asks the server too). */
  sent: boolean
  /** When the bytes were last shown (the oldest uploaded copies are evicted first). */
  used_at: string
}

/** Dexie stores of every synced table, from the registry (the latest database version). */
function dataTableStores(): Record<SyncedTable, string> {
  return Object.fromEntries(Object.entries(SYNCED_TABLES).map(([name, spec]) => [name, spec.indexes])) as Record<SyncedTable, string>
}

/** The data tables as version 2 declared them (released: never edit; later versions add to it). */
const VERSION_2_DATA_TABLES = {
  orgs: 'id',
  units: 'id, org_id',
  branches: 'id, org_id, unit_id',
  branch_invites: 'id, branch_id',
  party_groups: 'id, branch_id',
  members: 'id, branch_id, user_id, group_id, [branch_id+status]',
  user_roles: 'id, user_id, branch_id',
  events: 'id, branch_id, kind, starts_at, [branch_id+starts_at]',
  attendance: 'id, branch_id, event_id, member_id, [event_id+member_id]',
  donation_campaigns: 'id, org_id, year',
  donations: 'id, branch_id, campaign_id, member_id',
  blood_donations: 'id, branch_id, event_id, member_id',
  pledge_templates: 'id, org_id, [org_id+year]',
  pledge_signatures: 'id, branch_id, template_id, member_id, unit_id',
  visits: 'id, branch_id, visited_on',
  study_logs: 'id, branch_id, [member_id+studied_on]',
  event_checkin_secrets: 'id, branch_id',
  sync_overwrites: 'id, branch_id, [table_name+row_id]',
}

/** The data tables as version 3 declared them (released: never edit). */
const VERSION_3_DATA_TABLES = {
  ...VERSION_2_DATA_TABLES,
  visit_participants: 'id, branch_id, visit_id, member_id',
}

/** The data tables as version 4 declared them (released: never edit). */
const VERSION_4_DATA_TABLES = {
  ...VERSION_3_DATA_TABLES,
  events: 'id, branch_id, org_id, kind, starts_at, [branch_id+starts_at]',
  event_resolutions: 'id, branch_id, event_id',
  member_checkin_secrets: 'id, branch_id, member_id',
  attendance_changes: 'id, branch_id, attendance_id, event_id',
}

/** The newest schema version; a change of the registry's tables or indexes needs the next one. */
export const DB_VERSION = 5

/**
 * The device's database. Versions only go up and a released one is never edited: a device holding
 * an older version upgrades in place and keeps its rows, outbox and cursors.
 */
export class ZhibuDb extends Dexie {
  _outbox!: Table<OutboxEntry, number>
  _meta!: Table<MetaEntry, string>
  _rejected!: Table<RejectedEntry, number>
  _cursors!: Table<CursorEntry, string>
  _base!: Table<BaseEntry, string>
  _photos!: Table<PhotoEntry, string>

  constructor(name = 'zhibu') {
    super(name)
    this.version(1).stores({
      _outbox: '++seq, tx_id',
      _meta: 'key',
    })
    this.version(2).stores({
      _outbox: '++seq, tx_id, *rows',
      _meta: 'key',
      _rejected: '++id, tx_id, rejected_at',
      _cursors: 'table',
      _base: 'key, table',
      ...VERSION_2_DATA_TABLES,
    })
    // 3: visit_participants.
    this.version(3).stores(VERSION_3_DATA_TABLES)
    // 4: event_resolutions, member_checkin_secrets, attendance_changes; events by org_id
    // (organisation-wide events have no branch).
    this.version(4).stores(VERSION_4_DATA_TABLES)
    // 5: the roster, organisation and year's tables; _photos (evidence photos kept on the device). The latest version takes every table from the registry.
    this.version(DB_VERSION).stores({ ...dataTableStores(), _photos: 'id, record_key, state, path, used_at' })
  }

  /** A data table by its server name, rows as stored (repositories validate what they read). */
  data(table: SyncedTable): Table<DataRow, string> {
    return this.table(table) as Table<DataRow, string>
  }
}

/** The device database's name for a login (`zhibu` while nobody is signed in). */
export function databaseNameFor(userId: string | null): string {
  return userId ? `zhibu-${userId}` : 'zhibu'
}

let opened: ZhibuDb | null = null

/**
 * The device database of the login that is signed in now. Each login has its own, so on a shared
 * phone one person's records are never shown to the next person who signs in, and one person's
 * unsent changes are never sent under another's login: they wait in their own database.
 */
export function appDatabase(storage: Storage = globalThis.localStorage): ZhibuDb {
  const name = databaseNameFor(storedSessionUserId(storage))
  if (opened?.name !== name) opened = new ZhibuDb(name)
  return opened
}

export type { SyncScopes }
