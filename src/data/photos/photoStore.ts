import { PHOTO_LIMITS, evidencePath, hasRoomFor, parseEvidencePath, photoPathsOf, type EvidenceRecord } from '@/domain/photos'
import { uuidv7 } from '@/domain/syncIds'
import type { PhotoEntry, ZhibuDb } from '../db'
import type { RowRepository } from '../repositories/rows'
import { rowKey, syncTxTables } from '../sync/localRows'
import type { CompressedPhoto } from './compressPhoto'
import type { EvidenceStorage } from './evidenceStorage'
import { evictUploaded, markRemoved, photosOfRecord } from './photoRecords'

export type StorageEstimate = { usage?: number; quota?: number } | null

export interface PhotoRepositoryOptions {
  db: ZhibuDb
  rows: Pick<RowRepository, 'put'>
  /** The bucket, for photos this device does not hold (default: none; the app passes its own). */
  storage?: EvidenceStorage
  /** The browser's storage estimate (default: navigator.storage.estimate()). */
  estimate?: () => Promise<StorageEstimate>
  now?: () => Date
}

/** Why a photo was not saved; the photo stays with the person (in memory) to try again. */
export type PhotoSaveCode = 'photos.noSpace' | 'photos.tooMany' | 'photos.tooLarge' | 'photos.noRecord'
export type AddPhotoResult = { ok: true; path: string } | { ok: false; code: PhotoSaveCode }

const browserEstimate = async (): Promise<StorageEstimate> => {
  try {
    return (await globalThis.navigator?.storage?.estimate?.()) ?? null
  } catch {
    return null
  }
}

const isQuotaError = (e: unknown) => e instanceof Error && /quota/i.test(`${e.name} ${e.message} ${String((e as { inner?: unknown }).inner ?? '')}`)

/**
 * Photos of a record on this device: saving one writes the `_photos` entry and the record's new
 * `photos` list in one Dexie transaction (through the row writer, so the record syncs as usual);
 * the upload queue (src/data/sync/photoUploads.ts) sends the bytes at sync.
 */
export function photoRepository(options: PhotoRepositoryOptions) {
  const { db, rows } = options
  const now = options.now ?? (() => new Date())
  const estimate = options.estimate ?? browserEstimate

  async function writeRecord(record: EvidenceRecord, change: (paths: string[]) => string[], local: () => Promise<void>): Promise<boolean> {
    return db.transaction('rw', [...syncTxTables(db, [record.table]), '_photos'], async () => {
      const current = await db.data(record.table).get(record.id)
      if (!current) return false
      await local()
      await rows.put(record.table, { id: record.id, org_id: record.org_id, photos: change(photoPathsOf(current as { photos?: unknown[] })) })
      return true
    })
  }

  return {
    /** The photos this device holds for a record (bytes included), oldest first. */
    ofRecord: (table: string, id: string): Promise<PhotoEntry[]> => photosOfRecord(db, table, id),

    /** Saves a compressed photo with its record; refused (and nothing stored) when space or the record's list is full. */
    async add(record: EvidenceRecord, photo: CompressedPhoto): Promise<AddPhotoResult> {
      if (photo.bytes.byteLength > PHOTO_LIMITS.maxBytes) return { ok: false, code: 'photos.tooLarge' }
      const current = await db.data(record.table).get(record.id)
      if (!current) return { ok: false, code: 'photos.noRecord' }
      if (photoPathsOf(current as { photos?: unknown[] }).length >= PHOTO_LIMITS.perRecord) return { ok: false, code: 'photos.tooMany' }
      if (!hasRoomFor(photo.bytes.byteLength, await estimate())) {
        await evictUploaded(db, photo.bytes.byteLength + PHOTO_LIMITS.reserveBytes)
        if (!hasRoomFor(photo.bytes.byteLength, await estimate())) return { ok: false, code: 'photos.noSpace' }
      }
      const id = uuidv7()
      const path = evidencePath(record, id, photo.type)
      const at = now().toISOString()
      const entry: PhotoEntry = {
        id, path, record_key: rowKey(record.table, record.id), state: 'pending', bytes: photo.bytes, type: photo.type,
        width: photo.width, height: photo.height, saved_at: at, attempts: 0, next_at: null, sent: false, used_at: at,
      }
      try {
        const saved = await writeRecord(record, (paths) => (paths.length >= PHOTO_LIMITS.perRecord ? paths : [...paths, path]), () => db._photos.add(entry).then(() => undefined))
        return saved ? { ok: true, path } : { ok: false, code: 'photos.noRecord' }
      } catch (e) {
        if (isQuotaError(e)) return { ok: false, code: 'photos.noSpace' }
        throw e
      }
    },

    /** Takes a photo off its record; its object is removed at the next sync (or never sent, if it was not yet). */
    async remove(record: EvidenceRecord, path: string): Promise<void> {
      await writeRecord(record, (paths) => paths.filter((p) => p !== path), () => markRemoved(db, path, rowKey(record.table, record.id), now()))
    },

    /**
     * Brings a photo this device does not hold (another phone's) from the bucket and keeps it as a
     * local copy. `offline`: no answer; `missing`: not (yet) in the bucket, or not readable.
     */
    async fetch(path: string): Promise<'ok' | 'offline' | 'missing'> {
      if (await db._photos.where('path').equals(path).first()) return 'ok'
      const parts = parseEvidencePath(path)
      if (!parts || !options.storage) return 'missing'
      const got = await options.storage.download(path)
      if (!got.ok) return got.error.status === 0 ? 'offline' : 'missing'
      const at = now().toISOString()
      const entry: PhotoEntry = {
        id: parts.photoId, path, record_key: rowKey(parts.table, parts.recordId), state: 'uploaded', bytes: got.bytes, type: got.type,
        width: 0, height: 0, saved_at: at, attempts: 0, next_at: null, sent: true, used_at: at,
      }
      try {
        await db._photos.put(entry)
      } catch (e) {
        if (!isQuotaError(e)) throw e
        await evictUploaded(db, got.bytes.byteLength * 4)
        await db._photos.put(entry)
      }
      return 'ok'
    },
  }
}

export type PhotoRepository = ReturnType<typeof photoRepository>
