import type { EvidenceStorage } from './evidenceStorage'
import type { PhotoRepository, PhotoRepositoryOptions } from './photoStore'

/**
 * The photo repository with its code, and the bucket's (supabase-js Storage), fetched on first use:
 * a screen without photos (统计, 首页) does not load them. A failed fetch is tried again next call.
 */
export function lazyPhotoRepository(options: Omit<PhotoRepositoryOptions, 'storage'> & { storage?: EvidenceStorage }): PhotoRepository {
  let loading: Promise<PhotoRepository> | null = null
  const repository = () =>
    (loading ??= Promise.all([import('./photoStore'), options.storage ?? import('./evidenceStorage').then((m) => m.appEvidenceStorage())])
      .then(([m, storage]) => m.photoRepository({ ...options, storage }))
      .catch((e: unknown) => {
        loading = null
        throw e
      }))
  return {
    ofRecord: (table, id) => repository().then((r) => r.ofRecord(table, id)),
    add: (record, photo) => repository().then((r) => r.add(record, photo)),
    remove: (record, path) => repository().then((r) => r.remove(record, path)),
    fetch: (path) => repository().then((r) => r.fetch(path)),
  }
}
