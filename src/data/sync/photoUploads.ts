import { photoRetryDelay, storageOutcome, type PhotoRefusalCode } from '@/domain/photos'
import type { PhotoEntry, RejectedEntry, ZhibuDb } from '../db'
import type { EvidenceStorage } from '../photos/evidenceStorage'

export interface PhotoUploadOptions {
  db: ZhibuDb
  storage: EvidenceStorage
  now?: () => Date
  random?: () => number
}

export interface PhotoUploadResult {
  uploaded: number
  removed: number
  refused: number
  /** Photos still waiting (a failure to retry later, or not yet due). */
  waiting: number
}

/** What 需处理 shows for a photo Storage refused (an upload, or the removal of one). */
export function photoRejection(photo: PhotoEntry, code: PhotoRefusalCode, message: string, at: Date): RejectedEntry {
  return {
    tx_id: photo.id,
    created_at: photo.saved_at,
    rejected_at: at.toISOString(),
    ops: [],
    code,
    message,
    photo: { id: photo.id, path: photo.path, record_key: photo.record_key, removal: photo.state === 'removing' },
  }
}

/**
 * The photo queue, run by the sync engine after the records' push: uploads `pending` photos and
 * removes `removing` ones. An upload never overwrites (the name is made from the photo's own id, so
 * "already exists" means this photo is there: done); a network failure, 401, 408, 429 or 5xx waits
 * with exponential backoff (and the run stops at the first failure without an answer: offline); a
 * refusal moves the photo to `refused` and puts it on 需处理 in one Dexie transaction. Uploaded bytes
 * stay as the device's copy.
 */
export async function runPhotoUploads(options: PhotoUploadOptions): Promise<PhotoUploadResult> {
  const { db, storage } = options
  const now = options.now ?? (() => new Date())
  const result: PhotoUploadResult = { uploaded: 0, removed: 0, refused: 0, waiting: 0 }
  const queued = (await db._photos.where('state').anyOf('pending', 'removing').toArray()).sort((a, b) => a.saved_at.localeCompare(b.saved_at))
  for (const [index, photo] of queued.entries()) {
    if (photo.next_at && photo.next_at > now().toISOString()) {
      result.waiting += 1
      continue
    }
    let error
    if (photo.state === 'pending') {
      // Marked before sending: a removal must then ask the server too, since the upload may land.
      await db._photos.update(photo.id, { sent: true })
      error = await storage.upload(photo.path, photo.bytes ?? new Uint8Array(), photo.type)
    } else {
      error = await storage.remove([photo.path])
    }
    const outcome = storageOutcome(error)
    const settled = await db.transaction('rw', db._photos, db._rejected, async () => {
      const stored = await db._photos.get(photo.id)
      // Removed (or settled by another tab) meanwhile: its new state decides what happens next.
      if (!stored || stored.state !== photo.state) return false
      if (outcome.kind === 'done') {
        if (photo.state === 'removing') await db._photos.delete(photo.id)
        else await db._photos.update(photo.id, { state: 'uploaded', attempts: 0, next_at: null })
      } else if (outcome.kind === 'retry') {
        const attempts = stored.attempts + 1
        await db._photos.update(photo.id, { attempts, next_at: new Date(now().getTime() + photoRetryDelay(attempts, options.random)).toISOString() })
      } else {
        await db._photos.update(photo.id, { state: 'refused', attempts: 0, next_at: null })
        await db._rejected.add(photoRejection(stored, outcome.code, error?.message ?? '', now()))
      }
      return true
    })
    if (!settled) continue
    if (outcome.kind === 'done') result[photo.state === 'removing' ? 'removed' : 'uploaded'] += 1
    else if (outcome.kind === 'refused') result.refused += 1
    else {
      result.waiting += 1
      if ((error?.status ?? 0) === 0 && !error?.statusCode) {
        result.waiting += queued.length - index - 1
        break
      }
    }
  }
  return result
}
