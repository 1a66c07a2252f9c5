/**
 * Row and transaction ids made on the device: UUIDv7 (RFC 9562), time-ordered so that new rows
 * sort after old ones and index well, with 74 random bits against collisions between devices.
 */

let lastMs = -1
let lastSeq = 0

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n)
  globalThis.crypto.getRandomValues(bytes)
  return bytes
}

function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`
}

/** A new UUIDv7. Ids made in the same millisecond still increase (a 12-bit counter in rand_a). */
export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16)
  let ms = Math.max(nowMs, lastMs)
  if (ms === lastMs) {
    lastSeq += 1
    if (lastSeq > 0xfff) {
      ms += 1
      lastSeq = 0
    }
  } else {
    lastSeq = (bytes[6]! & 0x07) << 8 | bytes[7]!
  }
  lastMs = ms
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256
    ms = Math.floor(ms / 256)
  }
  bytes[6] = 0x70 | ((lastSeq >> 8) & 0x0f)
  bytes[7] = lastSeq & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  return hex(bytes)
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value)
}

/** Milliseconds since the epoch stored in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16)
}

function bytesOf(id: string): number[] {
  const s = id.replace(/-/g, '')
  const out: number[] = []
  for (let i = 0; i < 32; i += 2) out.push(parseInt(s.slice(i, i + 2), 16))
  return out
}

/**
 * The id of the attendance row of one member at one event. Every device derives the same id, so
 * a member's own check-in and a secretary's hand mark made offline meet as one row on the server
 * (where the attendance conflict rule decides) instead of colliding on (event_id, member_id).
 * Mixes both ids with FNV-1a over 16 lanes; marked as a version-8 (custom) UUID.
 */
export function attendanceRowId(eventId: string, memberId: string): string {
  const input = [...bytesOf(eventId), ...bytesOf(memberId)]
  const out = new Uint8Array(16)
  for (let lane = 0; lane < 16; lane++) {
    let h = (0x811c9dc5 ^ lane) >>> 0
    for (const b of input) {
      h ^= b
      h = Math.imul(h, 0x01000193) >>> 0
    }
    h ^= h >>> 15
    out[lane] = h & 0xff
  }
  out[6] = 0x80 | (out[6]! & 0x0f)
  out[8] = 0x80 | (out[8]! & 0x3f)
  return hex(out)
}
