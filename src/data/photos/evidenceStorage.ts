import type { SupabaseClient } from '@supabase/supabase-js'
import { EVIDENCE_BUCKET } from '@/domain/photos'
import { getSupabase } from '../supabase'

/** A Storage failure as the photo queue judges it (src/domain/photos.ts `storageOutcome`). */
export interface StorageFailure {
  /** HTTP status; 0 when no answer came (offline). */
  status: number
  /** Storage's own code from the answer's body ('409' for a name that exists). */
  statusCode?: string
  message: string
}

/** The bucket `evidence` as the photo queue and the photo views use it. */
export interface EvidenceStorage {
  /** Uploads an object; never overwrites one (a name that exists answers 409). Null: stored. */
  upload(path: string, bytes: Uint8Array, type: string): Promise<StorageFailure | null>
  /** Removes objects (a name that is not there is no failure). Null: removed. */
  remove(paths: string[]): Promise<StorageFailure | null>
  download(path: string): Promise<{ ok: true; bytes: Uint8Array; type: string } | { ok: false; error: StorageFailure }>
}

function failureOf(error: unknown): StorageFailure {
  const e = error as { status?: unknown; statusCode?: unknown; message?: unknown } | null
  return {
    status: typeof e?.status === 'number' ? e.status : 0,
    statusCode: typeof e?.statusCode === 'string' ? e.statusCode : undefined,
    message: typeof e?.message === 'string' ? e.message : String(error),
  }
}

/** The bucket through supabase-js (storage-js): the caller's session decides, under the bucket's policies. */
export function supabaseEvidenceStorage(client: SupabaseClient): EvidenceStorage {
  const bucket = () => client.storage.from(EVIDENCE_BUCKET)
  return {
    async upload(path, bytes, type) {
      try {
        const body = new Blob([bytes as Uint8Array<ArrayBuffer>], { type })
        const { error } = await bucket().upload(path, body, { contentType: type, upsert: false })
        return error ? failureOf(error) : null
      } catch (e) {
        return failureOf(e)
      }
    },
    async remove(paths) {
      try {
        const { error } = await bucket().remove(paths)
        return error ? failureOf(error) : null
      } catch (e) {
        return failureOf(e)
      }
    },
    async download(path) {
      try {
        const { data, error } = await bucket().download(path)
        if (error || !data) return { ok: false, error: failureOf(error) }
        return { ok: true, bytes: new Uint8Array(await data.arrayBuffer()), type: data.type || 'image/jpeg' }
      } catch (e) {
        return { ok: false, error: failureOf(e) }
      }
    },
  }
}

/** The app's bucket, with supabase-js loaded on first use (offline: every call fails with status 0). */
export function appEvidenceStorage(): EvidenceStorage {
  const client = () => getSupabase().then(supabaseEvidenceStorage)
  const offline = (e: unknown): StorageFailure => ({ status: 0, message: e instanceof Error ? e.message : String(e) })
  return {
    upload: (path, bytes, type) => client().then((s) => s.upload(path, bytes, type), offline),
    remove: (paths) => client().then((s) => s.remove(paths), offline),
    download: (path) => client().then((s) => s.download(path), (e: unknown) => ({ ok: false as const, error: offline(e) })),
  }
}
