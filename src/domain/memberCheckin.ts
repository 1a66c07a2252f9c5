/**
 * A member's own check-in code (我的 → 我的签到码) and the server's verification rule.
 *
 * The member's phone shows a rotating code derived like an event's (checkin.ts) from the member's
 * own secret (member_checkin_secrets, made by the server for every roster row):
 * MAC = HMAC-SHA256(secret, "<memberId>:<window>"); QR `zhibu:mc:1:<memberId>:<window>:<8 MAC bytes
 * hex>`, code = the same 6 symbols as an event's code. The secretary's phone scans it and writes the
 * member's attendance with method `member_code` and the scanned text as `checkin_token`; the
 * server checks it (supabase/migrations/20261201003100_checkin_trust.sql, app_private.checkin_match).
 * Pure: WebCrypto only.
 */
import {
  CHECKIN_CODE_ALPHABET,
  CHECKIN_CODE_LENGTH,
  CHECKIN_EXPIRED_LOOKBACK_WINDOWS,
  CHECKIN_QR_MAC_HEX,
  CHECKIN_TOLERANCE_WINDOWS,
  CHECKIN_WINDOW_SECONDS,
  checkinMac,
  checkinWindow,
  codeFromMac,
  type CheckinToken,
  type Verdict,
} from './checkin'

export const MEMBER_CHECKIN_QR_PREFIX = 'zhibu:mc:1'
/**
 * A token check-in is verified when its window is this close to the server's clock when the row
 * arrives (10 windows = 5 minutes); a genuine older one is pending (待核实) until the secretary decides.
 */
export const CHECKIN_VERIFY_WINDOWS = 10

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const MEMBER_QR = /^zhibu:mc:1:([0-9a-f-]{36}):(\d{1,12}):([0-9a-f]{16})$/

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** What the member's phone shows for one window. */
export async function memberCheckinToken(secretHex: string, memberId: string, window: number): Promise<CheckinToken> {
  const mac = await checkinMac(secretHex, memberId, window)
  return {
    window,
    code: codeFromMac(mac),
    qr: `${MEMBER_CHECKIN_QR_PREFIX}:${memberId}:${window}:${hex(mac).slice(0, CHECKIN_QR_MAC_HEX)}`,
  }
}

/** What the secretary's phone read: a member's QR (names the member) or a typed code (the member picked on screen). */
export type MemberCheckinInput =
  | { kind: 'qr'; memberId: string; window: number; mac: string; raw: string }
  | { kind: 'code'; code: string }

export type MemberCheckinParse =
  | { ok: true; value: MemberCheckinInput }
  | { ok: false; problem: 'empty' | 'malformed' | 'notCheckinQr' }

/** Reads a scanned member QR or a typed member code (spaces, dashes and lower case allowed). */
export function parseMemberCheckinInput(text: string): MemberCheckinParse {
  const raw = text.trim()
  if (!raw) return { ok: false, problem: 'empty' }
  if (raw.toLowerCase().startsWith('zhibu:')) {
    const m = MEMBER_QR.exec(raw)
    if (!m || !UUID.test(m[1]!)) return { ok: false, problem: 'notCheckinQr' }
    return { ok: true, value: { kind: 'qr', memberId: m[1]!, window: Number(m[2]), mac: m[3]!, raw } }
  }
  const code = raw.replace(/[\s-]/g, '').toUpperCase()
  if (code.length !== CHECKIN_CODE_LENGTH || [...code].some((c) => !CHECKIN_CODE_ALPHABET.includes(c))) {
    return { ok: false, problem: raw.includes(':') || raw.includes('/') ? 'notCheckinQr' : 'malformed' }
  }
  return { ok: true, value: { kind: 'code', code } }
}

/** The token the attendance row carries (checkin_token): the QR text, or the code. */
export function storedMemberToken(input: MemberCheckinInput): string {
  return input.kind === 'qr' ? input.raw : input.code
}

/** Whether a member token is genuine for `memberId` at the scan time (window ± tolerance), as the server judges it. */
export async function verifyMemberCheckinToken(
  secretHex: string,
  memberId: string,
  input: MemberCheckinInput,
  scannedAt: Date,
  tolerance = CHECKIN_TOLERANCE_WINDOWS,
): Promise<Verdict> {
  const scanWindow = checkinWindow(scannedAt)
  if (input.kind === 'qr') {
    if (input.memberId !== memberId) return { ok: false, problem: 'invalid' }
    const mac = hex(await checkinMac(secretHex, memberId, input.window)).slice(0, CHECKIN_QR_MAC_HEX)
    if (mac !== input.mac) return { ok: false, problem: 'invalid' }
    return Math.abs(input.window - scanWindow) > tolerance ? { ok: false, problem: 'expired' } : { ok: true, window: input.window }
  }
  for (let w = scanWindow - tolerance; w <= scanWindow + tolerance; w++) {
    if (codeFromMac(await checkinMac(secretHex, memberId, w)) === input.code) return { ok: true, window: w }
  }
  for (let w = scanWindow - tolerance - 1; w >= scanWindow - CHECKIN_EXPIRED_LOOKBACK_WINDOWS; w--) {
    if (codeFromMac(await checkinMac(secretHex, memberId, w)) === input.code) return { ok: false, problem: 'expired' }
  }
  return { ok: false, problem: 'invalid' }
}

export type CheckinVerification = 'verified' | 'pending' | 'refused'

/**
 * What the server records for a genuine token when the row reaches it at `serverNow`: verified
 * within CHECKIN_VERIFY_WINDOWS of its window, otherwise pending until the secretary decides. The
 * scan time the phone claims plays no part.
 */
export function verificationOnArrival(tokenWindow: number, serverNow: Date): Exclude<CheckinVerification, 'refused'> {
  return Math.abs(tokenWindow - checkinWindow(serverNow)) <= CHECKIN_VERIFY_WINDOWS ? 'verified' : 'pending'
}

/** Seconds left of the member code's current window (the countdown under 我的签到码). */
export function memberCodeSecondsLeft(now: Date): number {
  return CHECKIN_WINDOW_SECONDS - (Math.floor(now.getTime() / 1000) % CHECKIN_WINDOW_SECONDS)
}

/** The status a check-in shows: 已记录，待核验 until the server answered; then its verification. */
export function checkinShownState(row: { _ver?: number | null; verification?: string | null; status: string }):
  'unsent' | 'verified' | 'pending' | 'refused' | 'none' {
  if (row.status !== 'present' && row.status !== 'late' && row.verification !== 'refused') return 'none'
  if (row._ver == null) return 'unsent'
  if (row.verification === 'verified' || row.verification === 'pending' || row.verification === 'refused') return row.verification
  return 'none'
}
