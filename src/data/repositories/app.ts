import { appDatabase, type ZhibuDb } from '../db'
import { createRepositories, type Repositories } from './index'

let current: { db: ZhibuDb; repositories: Repositories } | null = null

/**
 * Wakes the sync engine after a local write. The row and its outbox entry are already stored: the
 * engine loads on demand, and if that fails (offline, an old cached page) the next start, `online`
 * or timer syncs it, so the failure is not the write's.
 */
function wakeSync(): void {
  import('../sync/app').then((m) => m.appSync().scheduler.notifyWrite()).catch(() => undefined)
}

/** The repositories of the signed-in login's database (a new set when another login signs in). */
export function appRepositories(): Repositories {
  const db = appDatabase()
  if (current?.db !== db) current = { db, repositories: createRepositories({ db, onWrite: wakeSync }) }
  return current.repositories
}
