/**
 * Check-in tokens (签到码). The organizer's phone derives a token for every 30-second window from a
 * per-event secret that members never receive: MAC = HMAC-SHA256(secret, "<eventId>:<window>").
 * The QR code carries the window and a MAC prefix; the 6-character code is read from the same MAC.
 * The member's phone only records what it scanned and when; the server recomputes the MAC at sync
 * (supabase/migrations/20261124001000_checkin.sql mirrors every rule here). Pure: WebCrypto only.
 */
import zhCN from '@/i18n/zh-CN'
import { fillPlaceholders } from '@/i18n/zhText'

export const CHECKIN_WINDOW_SECONDS = 30
/** Windows accepted either side of the scan time's window (clock drift between the two phones). */
export const CHECKIN_TOLERANCE_WINDOWS = 2
/** How far back an unmatched code is searched to tell "expired" from "wrong" (2 hours of windows). */
export const CHECKIN_EXPIRED_LOOKBACK_WINDOWS = 240
/** Without 0/O and 1/I, which are read wrongly off a screen. 32 symbols: 5 bits each. */
export const CHECKIN_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const CHECKIN_CODE_LENGTH = 6
export const CHECKIN_QR_PREFIX = 'zhibu:ci:1'
/** Hex characters of the MAC carried in the QR payload (64 bits). */
export const CHECKIN_QR_MAC_HEX = 16
/** Check-in opens this long before the event starts. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 60 * 60 * 1000
/** A scan time this far ahead of the server's clock is refused (phones' clocks drift a little). */
export const CHECKIN_FUTURE_SLACK_MS = 2 * 60 * 1000
/** Checked in later than this after the start counts as 迟到. */
export const CHECKIN_LATE_AFTER_MS = 15 * 60 * 1000
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Reasons a check-in is refused. The UI words each as `errors.checkin.<problem>` (checkinProblemCode);
 * the server raises the same reasons in Chinese, which checkinRejectionProblem recognises.
 */
export const CHECKIN_PROBLEMS = [
  'empty',
  'malformed',
  'notCheckinQr',
  'invalid',
  'expired',
  'otherBranch',
  'future',
  'tooEarly',
  'ended',
  'notFound',
  'already',
] as const

export type CheckinProblem = (typeof CHECKIN_PROBLEMS)[number]
export type CheckinErrorCode = `checkin.${CheckinProblem}`

/** The refusals the server raises itself (the database trigger on attendance). */
export const SERVER_CHECKIN_PROBLEMS = ['invalid', 'expired', 'otherBranch', 'future', 'tooEarly', 'ended'] as const satisfies readonly CheckinProblem[]

/** The i18n code and params of a refusal (`errors.checkin.*`). */
export function checkinProblemCode(problem: CheckinProblem): { code: CheckinErrorCode; params: Record<string, number> } {
  const params: Record<string, number> = problem === 'tooEarly' ? { hours: CHECKIN_OPENS_BEFORE_MS / 3_600_000 } : {}
  return { code: `checkin.${problem}`, params }
}

/** What the member's phone scanned or the member typed. */
export type CheckinInput =
  | { kind: 'qr'; eventId: string; window: number; mac: string; raw: string }
  | { kind: 'code'; code: string }

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; problem: CheckinProblem; code: CheckinErrorCode; params: Record<string, number> }

const fail = <T>(problem: CheckinProblem): Parsed<T> => ({ ok: false, problem, ...checkinProblemCode(problem) })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const QR = /^zhibu:ci:1:([0-9a-f-]{36}):(\d{1,12}):([0-9a-f]{16})$/

/** The 30-second window a moment falls in. */
export function checkinWindow(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime()
  return Math.floor(ms / 1000 / CHECKIN_WINDOW_SECONDS)
}

/** Milliseconds until the next window starts (the countdown on the organizer's screen). */
export function msUntilNextWindow(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime()
  const span = CHECKIN_WINDOW_SECONDS * 1000
  return span - (((ms % span) + span) % span)
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^([0-9a-f]{2})+$/.test(hex)) throw new Error('secret must be lowercase hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A fresh per-event secret: 32 random bytes as lowercase hex. */
export function newCheckinSecret(random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(32)
  random(bytes)
  return bytesToHex(bytes)
}

/** HMAC-SHA256(secret, "<eventId>:<window>"). */
export async function checkinMac(secretHex: string, eventId: string, window: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', hexToBytes(secretHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${eventId}:${window}`))
  return new Uint8Array(mac)
}

/** The 6-character code: each of the first six MAC bytes picks a symbol by its low 5 bits. */
export function codeFromMac(mac: Uint8Array): string {
  let code = ''
  for (let i = 0; i < CHECKIN_CODE_LENGTH; i++) code += CHECKIN_CODE_ALPHABET[mac[i]! & 31]
  return code
}

export interface CheckinToken {
  window: number
  code: string
  /** The QR code's text. */
  qr: string
}

/** What the organizer's screen shows for one window. */
export async function checkinToken(secretHex: string, eventId: string, window: number): Promise<CheckinToken> {
  const mac = await checkinMac(secretHex, eventId, window)
  return {
    window,
    code: codeFromMac(mac),
    qr: `${CHECKIN_QR_PREFIX}:${eventId}:${window}:${bytesToHex(mac).slice(0, CHECKIN_QR_MAC_HEX)}`,
  }
}

/** Reads a scanned QR text or a typed code; typed codes may have spaces and lower case. */
export function parseCheckinInput(text: string): Parsed<CheckinInput> {
  const raw = text.trim()
  if (!raw) return fail('empty')
  if (raw.toLowerCase().startsWith('zhibu:')) {
    const m = QR.exec(raw)
    if (!m || !UUID.test(m[1]!)) return fail('notCheckinQr')
    return { ok: true, value: { kind: 'qr', eventId: m[1]!, window: Number(m[2]), mac: m[3]!, raw } }
  }
  const code = raw.replace(/[\s-]/g, '').toUpperCase()
  if (code.length !== CHECKIN_CODE_LENGTH || [...code].some((c) => !CHECKIN_CODE_ALPHABET.includes(c))) {
    return fail(raw.includes(':') || raw.includes('/') ? 'notCheckinQr' : 'malformed')
  }
  return { ok: true, value: { kind: 'code', code } }
}

/** The token as stored on the attendance row (checkin_token): the QR text, or the code. */
export function storedToken(input: CheckinInput): string {
  return input.kind === 'qr' ? input.raw : input.code
}

export type Verdict = { ok: true; window: number } | { ok: false; problem: 'invalid' | 'expired' }

/**
 * Whether a scanned token is genuine for `eventId` at the scan time (window ± tolerance). This is
 * what the server does at sync; the organizer's own tests and tools use it too.
 */
export async function verifyCheckinToken(
  secretHex: string,
  eventId: string,
  input: CheckinInput,
  scannedAt: Date,
  tolerance = CHECKIN_TOLERANCE_WINDOWS,
): Promise<Verdict> {
  const scanWindow = checkinWindow(scannedAt)
  if (input.kind === 'qr') {
    if (input.eventId !== eventId) return { ok: false, problem: 'invalid' }
    const mac = bytesToHex(await checkinMac(secretHex, eventId, input.window)).slice(0, CHECKIN_QR_MAC_HEX)
    if (mac !== input.mac) return { ok: false, problem: 'invalid' }
    if (Math.abs(input.window - scanWindow) > tolerance) return { ok: false, problem: 'expired' }
    return { ok: true, window: input.window }
  }
  for (let w = scanWindow - tolerance; w <= scanWindow + tolerance; w++) {
    if (codeFromMac(await checkinMac(secretHex, eventId, w)) === input.code) return { ok: true, window: w }
  }
  for (let w = scanWindow - tolerance - 1; w >= scanWindow - CHECKIN_EXPIRED_LOOKBACK_WINDOWS; w--) {
    if (codeFromMac(await checkinMac(secretHex, eventId, w)) === input.code) return { ok: false, problem: 'expired' }
  }
  return { ok: false, problem: 'invalid' }
}

export interface CheckinEventTimes {
  starts_at: string
  ends_at?: string | null
}

/** End of the (China time) day an event starts on: the check-in deadline when it has no end time. */
export function endOfEventDay(startsAt: Date): Date {
  const local = startsAt.getTime() + CHINA_OFFSET_MS
  return new Date(Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS)
}

/** Whether a scan time fits the event: not ahead of `now`, from 2 hours before the start to its end. */
export function checkinTimeProblem(scannedAt: Date, event: CheckinEventTimes, now: Date): CheckinProblem | null {
  const starts = new Date(event.starts_at)
  const ends = event.ends_at ? new Date(event.ends_at) : endOfEventDay(starts)
  if (scannedAt.getTime() > now.getTime() + CHECKIN_FUTURE_SLACK_MS) return 'future'
  if (scannedAt.getTime() < starts.getTime() - CHECKIN_OPENS_BEFORE_MS) return 'tooEarly'
  if (scannedAt.getTime() > ends.getTime()) return 'ended'
  return null
}

/** Whether check-in is open for an event at `now` (the organizer's screen and the event list use it). */
export function checkinOpen(event: CheckinEventTimes, now: Date): boolean {
  return checkinTimeProblem(now, event, now) === null
}

/** 出席 or 迟到, by the scan time. */
export function checkinStatus(scannedAt: Date, event: CheckinEventTimes): 'present' | 'late' {
  return scannedAt.getTime() - new Date(event.starts_at).getTime() > CHECKIN_LATE_AFTER_MS ? 'late' : 'present'
}

/**
 * Whether a QR read on the member's phone is already too old to be accepted at sync, judged by the
 * member's own clock. Codes carry no window, so only the server can tell.
 */
export function qrLooksExpired(input: CheckinInput, now: Date, tolerance = CHECKIN_TOLERANCE_WINDOWS): boolean {
  return input.kind === 'qr' && Math.abs(input.window - checkinWindow(now)) > tolerance
}

/**
 * The words the server raises for a refusal: the Chinese catalogue's message, which the migrations
 * raise word for word (checked by tests/unit/i18n-catalogue.test.ts). For recognising, not showing.
 */
export function serverCheckinText(problem: CheckinProblem): string {
  return fillPlaceholders(zhCN.errors.checkin[problem], checkinProblemCode(problem).params)
}

/**
 * Which check-in reason the server gave for a refused check-in (in the rejection's message or its
 * detail), or null when it is none of them: then its own message is all there is to show.
 */
export function checkinRejectionProblem(rejection: { message: string; detail?: string | null }): CheckinProblem | null {
  return (
    SERVER_CHECKIN_PROBLEMS.find((p) => {
      const text = serverCheckinText(p)
      return rejection.message?.includes(text) || rejection.detail?.includes(text)
    }) ?? null
  )
}

export interface AttendanceCountsRow {
  member_id: string
  status: string
  leave_status?: string | null
  _deleted?: boolean
}

export interface AttendanceCounts {
  expected: number
  present: number
  leave: number
  absent: number
}

/**
 * Live counts for the organizer's screen: expected = active members of the branch; present includes
 * late arrivals; leave = requests not refused; absent = the rest (marked or not yet arrived).
 */
export function attendanceCounts(expected: number, rows: readonly AttendanceCountsRow[]): AttendanceCounts {
  let present = 0
  let leave = 0
  const seen = new Set<string>()
  for (const row of rows) {
    if (row._deleted || seen.has(row.member_id)) continue
    seen.add(row.member_id)
    if (row.status === 'present' || row.status === 'late') present++
    else if (row.status === 'leave' && row.leave_status !== 'rejected') leave++
  }
  return { expected, present, leave, absent: Math.max(expected - present - leave, 0) }
}
