import type { EvidenceStorage } from './evidenceStorage'
import { photosOfRecord } from './photoRecords'
import type { PhotoRepository, PhotoRepositoryOptions } from './photoStore'

/**
 * The photo repository with its code, and the bucket's (supabase-js Storage), fetched on first use:
 * a screen without photos (统计, 首页) does not load them. A failed fetch is tried again next call.
 */
export function lazyPhotoRepository(
  options: Omit<PhotoRepositoryOptions, 'storage'> & {
    storage?: EvidenceStorage
    /** How the photo store's code arrives (default: a dynamic import, a fetch in the browser). */
    load?: () => Promise<typeof import('./photoStore')>
  },
): PhotoRepository {
  const load = options.load ?? (() => import('./photoStore'))
  let loading: Promise<PhotoRepository> | null = null
  const repository = () =>
    (loading ??= Promise.all([load(), options.storage ?? import('./evidenceStorage').then((m) => m.appEvidenceStorage())])
      .then(([m, storage]) => m.photoRepository({ db: options.db, rows: options.rows, estimate: options.estimate, now: options.now, storage }))
      .catch((e: unknown) => {
        loading = null
        throw e
      }))
  return {
    // Read at once, not after the import: the record's screen reads it in a live query, which only
    // sees the database reads it makes itself.
    ofRecord: (table, id) => photosOfRecord(options.db, table, id),
    add: (record, photo) => repository().then((r) => r.add(record, photo)),
    remove: (record, path) => repository().then((r) => r.remove(record, path)),
    fetch: (path) => repository().then((r) => r.fetch(path)),
  }
}
