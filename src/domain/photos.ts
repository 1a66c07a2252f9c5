/**
 * Photo evidence: where a photo lives in Storage, how large it is made on the phone, and what an
 * upload's answer means. Pure rules; the bytes, IndexedDB and the network are in src/data/photos.
 */

/** The private Storage bucket of evidence photos (supabase/migrations/20261201007000_evidence_storage.sql). */
export const EVIDENCE_BUCKET = 'evidence'

/** Records that carry photos in their `photos` column. */
export const EVIDENCE_TABLES = ['events', 'visits', 'donation_campaigns'] as const
export type EvidenceTable = (typeof EVIDENCE_TABLES)[number]

export const isEvidenceTable = (table: string): table is EvidenceTable => (EVIDENCE_TABLES as readonly string[]).includes(table)

/** How photos are made on the phone and how many a record holds (the server's `evidence_paths` allows 20). */
export const PHOTO_LIMITS = {
  longSide: 1600,
  quality: 0.8,
  perRecord: 20,
  /** The bucket's file size limit. */
  maxBytes: 5 * 1024 * 1024,
  /** Free space (bytes) a new photo needs beyond its own size before it is saved. */
  reserveBytes: 5 * 1024 * 1024,
} as const

export type PhotoType = 'image/jpeg' | 'image/webp'

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const PATH = new RegExp(`^(${UUID})/(${UUID}|org)/(events|visits|donation_campaigns)/(${UUID})/(${UUID})\\.(jpg|webp)$`)

export interface EvidenceRecord {
  table: EvidenceTable
  id: string
  org_id: string
  branch_id?: string | null
}

export interface EvidencePath {
  orgId: string
  branchId: string | null
  table: EvidenceTable
  recordId: string
  photoId: string
  ext: 'jpg' | 'webp'
}

/** `<org_id>/<branch_id or "org">/<table>/<record_id>/<photo_id>.<jpg|webp>`, lowercase. */
export function evidencePath(record: EvidenceRecord, photoId: string, type: PhotoType = 'image/jpeg'): string {
  const ext = type === 'image/webp' ? 'webp' : 'jpg'
  const path = `${record.org_id}/${record.branch_id ?? 'org'}/${record.table}/${record.id}/${photoId}.${ext}`.toLowerCase()
  if (!PATH.test(path)) throw new Error('not an evidence record')
  return path
}

/** The parts of an evidence path, or null when it is not one (an old free-form path is shown as missing). */
export function parseEvidencePath(path: string): EvidencePath | null {
  const m = PATH.exec(path)
  if (!m) return null
  return { orgId: m[1]!, branchId: m[2] === 'org' ? null : m[2]!, table: m[3] as EvidenceTable, recordId: m[4]!, photoId: m[5]!, ext: m[6] as 'jpg' | 'webp' }
}

/** The paths a record's `photos` column lists (anything else in it is ignored). */
export function photoPathsOf(row: { photos?: readonly unknown[] | null } | null | undefined): string[] {
  return (row?.photos ?? []).filter((p): p is string => typeof p === 'string')
}

/** The size to draw at: the long side at most `max`, never enlarged, aspect kept. */
export function fitLongSide(width: number, height: number, max: number = PHOTO_LIMITS.longSide): { width: number; height: number } {
  const long = Math.max(width, height)
  if (long <= max) return { width, height }
  const scale = max / long
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** What a Storage answer to an upload or removal means for the queue. */
export type StorageOutcome =
  | { kind: 'done' }
  | { kind: 'retry' }
  | { kind: 'refused'; code: PhotoRefusalCode }

export const PHOTO_REFUSAL_CODES = ['photo_forbidden', 'photo_too_large', 'photo_refused'] as const
export type PhotoRefusalCode = (typeof PHOTO_REFUSAL_CODES)[number]

/**
 * Storage answers with an HTTP status and a `statusCode` in its body (Supabase: HTTP 400 with
 * statusCode '409' for a name that exists, '403' for a policy refusal). "Already exists" is done:
 * the name is made from the photo's own id, so the object there is this photo.
 */
export function storageOutcome(error: { status: number; statusCode?: string; message?: string } | null): StorageOutcome {
  if (!error) return { kind: 'done' }
  const code = Number(error.statusCode)
  const status = Number.isInteger(code) && code >= 100 && code < 600 ? code : error.status
  if (status === 409 || /already exists/i.test(error.message ?? '')) return { kind: 'done' }
  if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' }
  // Storage answers a stale or missing session with 400 "jwt expired" (InvalidJWT): like a 401, the
  // photo waits and is tried again with the session supabase-js keeps refreshed, never refused.
  if (status === 400 && /\bjwt\b|authorization/i.test(error.message ?? '')) return { kind: 'retry' }
  if (status === 403) return { kind: 'refused', code: 'photo_forbidden' }
  if (status === 413) return { kind: 'refused', code: 'photo_too_large' }
  return { kind: 'refused', code: 'photo_refused' }
}

/** The wait before the next try after `attempts` failed ones: exponential with equal jitter, 1 s … 5 min. */
export function photoRetryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** Whether a photo of `bytes` may be saved with the storage the browser estimates (null: unknown, allowed). */
export function hasRoomFor(bytes: number, estimate: { usage?: number; quota?: number } | null): boolean {
  if (!estimate || typeof estimate.quota !== 'number' || typeof estimate.usage !== 'number') return true
  return estimate.quota - estimate.usage >= bytes + PHOTO_LIMITS.reserveBytes
}
