import { appDatabase, type ZhibuDb } from '../db'
import { getSupabase } from '../supabase'
import { createRowRepository, type RowRepository } from '../repositories/rows'
import { appEvidenceStorage } from '../photos/evidenceStorage'
import { SyncEngine } from './engine'
import { runPhotoUploads } from './photoUploads'
import { createSyncScheduler, type SyncScheduler, type SyncSchedulerState } from './scheduler'
import { supabaseTransport, type SyncTransport } from './transport'

/** Ask the browser not to evict this site's storage. Resolves null where the API is missing. */
export async function requestPersistentStorage(
  storage: { persist?: () => Promise<boolean>; persisted?: () => Promise<boolean> } | undefined = globalThis.navigator?.storage,
): Promise<boolean | null> {
  if (!storage?.persist) return null
  try {
    if (storage.persisted && (await storage.persisted())) return true
    return await storage.persist()
  } catch {
    return false
  }
}

/** The supabase-js client is loaded lazily; the transport waits for it on first use. */
function lazySupabaseTransport(): SyncTransport {
  let inner: Promise<SyncTransport> | null = null
  const get = () => (inner ??= getSupabase().then(supabaseTransport).catch((e: unknown) => {
    inner = null
    throw e
  }))
  return {
    async rpc(fn, args) {
      try {
        return await (await get()).rpc(fn, args)
      } catch (e) {
        return { ok: false, error: { status: 0, message: e instanceof Error ? e.message : String(e) } }
      }
    },
    async refreshAuth() {
      try {
        return (await (await get()).refreshAuth?.()) ?? false
      } catch {
        return false
      }
    },
  }
}

export interface AppSync {
  engine: SyncEngine
  scheduler: SyncScheduler
  repo: RowRepository
  db: ZhibuDb
}

let current: AppSync | null = null

/** The app's sync engine, scheduler and repository for the signed-in login's database. */
export function appSync(onState?: (state: SyncSchedulerState) => void): AppSync {
  const db = appDatabase()
  if (current?.db === db) return current
  // Another login signed in on this page: the previous login's sync stops with its database.
  current?.scheduler.stop()
  const storage = appEvidenceStorage()
  const engine = new SyncEngine({ db, transport: lazySupabaseTransport(), photoUploads: () => runPhotoUploads({ db, storage }) })
  const scheduler = createSyncScheduler({ engine, onState })
  const repo = createRowRepository({ db, onWrite: () => scheduler.notifyWrite() })
  current = { engine, scheduler, repo, db }
  return current
}

/**
 * Syncs every `ms` while a screen shows what others change (the secretary's live attendance list),
 * until the returned function is called. On the embedded backend this short poll is the live
 * channel; a real Supabase project could push the same through Realtime instead.
 */
export function fastPoll(ms: number): () => void {
  return appSync().scheduler.fastPoll(ms)
}

/** When this device last finished a sync (kept across reloads), or null. */
export async function readLastSyncedAt(db: ZhibuDb = appDatabase()): Promise<string | null> {
  const entry = await db._meta.get('last_synced_at')
  return typeof entry?.value === 'string' ? entry.value : null
}
