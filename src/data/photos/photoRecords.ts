import { isEvidenceTable, parseEvidencePath, photoPathsOf } from '@/domain/photos'
import { uuidv7 } from '@/domain/syncIds'
import type { PhotoEntry, ZhibuDb } from '../db'
import type { RowRepository } from '../repositories/rows'
import { rowKey, syncTxTables } from '../sync/localRows'

// What the row writer and 需处理 do to a record's photos on this device, inside their own Dexie
// transactions, apart from the photo repository (photoStore.ts) and the bucket (evidenceStorage.ts).

/**
 * The photos this device holds for a record (bytes included), oldest first. A plain Dexie read, so a
 * live query over it (the record's screen) sees every change to `_photos`.
 */
export async function photosOfRecord(db: ZhibuDb, table: string, id: string): Promise<PhotoEntry[]> {
  return (await db._photos.where('record_key').equals(rowKey(table, id)).sortBy('saved_at')).filter((p) => p.state !== 'removing')
}

/** Drop the local copies of uploaded photos, least recently shown first, until `bytes` are freed. */
export async function evictUploaded(db: ZhibuDb, bytes: number): Promise<number> {
  let freed = 0
  await db.transaction('rw', db._photos, async () => {
    const copies = await db._photos.orderBy('used_at').filter((p) => p.state === 'uploaded').toArray()
    for (const copy of copies) {
      if (freed >= bytes) break
      freed += copy.bytes?.byteLength ?? 0
      await db._photos.delete(copy.id)
    }
  })
  return freed
}

/**
 * When a record is deleted on this device its photos go with it: each becomes `removing` (a photo
 * that never left the device is simply dropped) and the queue removes the objects. Runs inside the
 * row writer's transaction (rows.ts), which covers `_photos`.
 */
export async function removeRecordPhotos(db: ZhibuDb, table: string, id: string, at: Date): Promise<void> {
  if (!isEvidenceTable(table)) return
  const row = await db.data(table).get(id)
  const paths = new Set(photoPathsOf(row as { photos?: unknown[] } | undefined))
  for (const entry of await db._photos.where('record_key').equals(rowKey(table, id)).toArray()) paths.add(entry.path)
  for (const path of paths) await markRemoved(db, path, rowKey(table, id), at)
}

export async function markRemoved(db: ZhibuDb, path: string, recordKey: string, at: Date): Promise<void> {
  const entry = await db._photos.where('path').equals(path).first()
  if (entry && entry.state === 'pending' && !entry.sent) {
    await db._photos.delete(entry.id)
    return
  }
  const id = entry?.id ?? parseEvidencePath(path)?.photoId ?? uuidv7()
  await db._photos.put({
    id, path, record_key: entry?.record_key ?? recordKey, state: 'removing', bytes: null, type: entry?.type ?? 'image/jpeg',
    width: entry?.width ?? 0, height: entry?.height ?? 0, saved_at: entry?.saved_at ?? at.toISOString(),
    attempts: 0, next_at: null, sent: true, used_at: at.toISOString(),
  })
}

/**
 * 需处理's decision on a photo Storage refused: `resend` queues it again (upload or removal);
 * `discard` lets it go — a refused upload leaves its record (the record's list loses the path) and
 * the device, a refused removal stops being tried (the object stays on the server).
 */
export async function settleRefusedPhoto(db: ZhibuDb, rows: Pick<RowRepository, 'put'>, rejectedId: number, decision: 'resend' | 'discard'): Promise<boolean> {
  const entry = await db._rejected.get(rejectedId)
  const photo = entry?.photo
  if (!photo) return false
  const [table, recordId] = photo.record_key.split(':') as [string, string]
  const tables = [...(isEvidenceTable(table) ? syncTxTables(db, [table]) : ['_rejected']), '_photos']
  await db.transaction('rw', tables, async () => {
    await db._rejected.delete(rejectedId)
    const stored = await db._photos.get(photo.id)
    if (decision === 'resend') {
      if (stored) await db._photos.update(photo.id, { state: photo.removal ? 'removing' : 'pending', attempts: 0, next_at: null })
      return
    }
    await db._photos.delete(photo.id)
    if (photo.removal || !isEvidenceTable(table)) return
    const record = await db.data(table).get(recordId)
    const paths = photoPathsOf(record as { photos?: unknown[] } | undefined)
    if (record && paths.includes(photo.path)) {
      await rows.put(table, { id: recordId, org_id: record.org_id as string, photos: paths.filter((p) => p !== photo.path) })
    }
  })
  return true
}
