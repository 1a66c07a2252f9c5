import { shallowRef } from 'vue'
import { CHECKIN_TOLERANCE_WINDOWS, checkinProblemCode, checkinStatus, checkinTimeProblem, checkinWindow } from '@/domain/checkin'
import { memberCheckinToken, parseMemberCheckinInput, storedMemberToken, verifyMemberCheckinToken, type MemberCheckinInput } from '@/domain/memberCheckin'
import type { RollEntry, RollEvent } from '@/domain/attendanceRoll'
import { attendanceRowId } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

/** What became of a scanned member code: recorded (the server verifies it at sync), already there, or refused. */
export type MemberScanOutcome =
  | { kind: 'recorded' | 'already'; name: string }
  | { kind: 'refused'; problem: CodedProblem }

export interface MemberCodeScanOptions {
  repositories: Pick<Repositories, 'attendance' | 'memberSecrets'>
  clock: Clock
  event: () => (RollEvent & { title?: string }) | null
  entries: () => readonly RollEntry[]
  me: () => string | null
  marks: (entry: RollEntry) => boolean
}

const refuse = (problem: CodedProblem): MemberScanOutcome => ({ kind: 'refused', problem })
/** How far back a typed code is looked for to say it is an old one (10 minutes; each window costs an HMAC per member). */
const EXPIRED_LOOKBACK_WINDOWS = 20

/** Members (of these secrets) whose code is `code` in one of `windows`. */
async function matching(secrets: readonly { member_id: string; secret: string }[], code: string, windows: readonly number[]): Promise<string[]> {
  const out: string[] = []
  for (const s of secrets) {
    for (const w of windows) {
      if ((await memberCheckinToken(s.secret, s.member_id, w)).code === code) {
        out.push(s.member_id)
        break
      }
    }
  }
  return out
}
const CHECKED_IN = new Set(['present', 'late', 'pending'])

/**
 * The committee's phone scans a member's own code (我的签到码) or takes the 6 characters he reads
 * out, and records his check-in with method `member_code` and the token: the server verifies it at
 * sync by its own clock. A QR names the member; a typed code is matched against the secrets of the
 * members on the list this phone holds. What the phone can tell (a code of another window, a wrong
 * code, the event's time) is said at once.
 */
export function useMemberCodeScan(options: MemberCodeScanOptions) {
  const busy = shallowRef(false)

  /** The list's entry whose code this is, or why none. */
  async function whose(input: MemberCheckinInput, now: Date): Promise<RollEntry | CodedProblem> {
    const entries = options.entries()
    if (input.kind === 'qr') {
      const entry = entries.find((e) => e.memberId === input.memberId && e.name !== null)
      if (!entry) return { code: 'attendance.memberUnknown' }
      const secret = (await options.repositories.memberSecrets.ofMembers([entry.memberId])).rows[0]?.secret
      // Without the secret on this phone the server alone can judge the code.
      if (!secret) return entry
      const verdict = await verifyMemberCheckinToken(secret, entry.memberId, input, now)
      return verdict.ok ? entry : { code: verdict.problem === 'expired' ? 'attendance.codeExpired' : 'attendance.codeInvalid' }
    }
    const secrets = (await options.repositories.memberSecrets.ofMembers(entries.map((e) => e.memberId))).rows
    if (secrets.length === 0) return { code: 'attendance.noSecrets' }
    const scan = checkinWindow(now)
    const around = Array.from({ length: 2 * CHECKIN_TOLERANCE_WINDOWS + 1 }, (_, i) => scan - CHECKIN_TOLERANCE_WINDOWS + i)
    const found = await matching(secrets, input.code, around)
    if (found.length === 1) return entries.find((e) => e.memberId === found[0])!
    if (found.length > 1) return { code: 'attendance.codeAmbiguous' }
    // Someone's code of the last minutes: he should show the current one.
    const before = Array.from({ length: EXPIRED_LOOKBACK_WINDOWS }, (_, i) => scan - CHECKIN_TOLERANCE_WINDOWS - 1 - i)
    return { code: (await matching(secrets, input.code, before)).length > 0 ? 'attendance.codeExpired' : 'attendance.codeNotFound' }
  }

  async function submit(text: string): Promise<MemberScanOutcome> {
    const event = options.event()
    if (!event) return refuse({ code: 'checkin.notFound' })
    const parsed = parseMemberCheckinInput(text)
    if (!parsed.ok) return refuse({ code: parsed.problem === 'empty' ? 'attendance.codeEmpty' : parsed.problem === 'malformed' ? 'checkin.malformed' : 'attendance.notMemberCode' })
    const now = options.clock()
    const timeProblem = checkinTimeProblem(now, event, now)
    if (timeProblem) return refuse(checkinProblemCode(timeProblem))
    busy.value = true
    try {
      const found = await whose(parsed.value, now)
      if ('code' in found) return refuse(found)
      const entry = found
      const name = entry.name ?? ''
      if (entry.memberId === options.me()) return refuse({ code: 'attendance.scanSelf' })
      if (!options.marks(entry)) return refuse({ code: 'attendance.notAllowed' })
      if (CHECKED_IN.has(entry.status)) return { kind: 'already', name }
      await options.repositories.attendance.mark({
        id: entry.row?.id ?? attendanceRowId(event.id, entry.memberId),
        org_id: event.org_id,
        branch_id: entry.branchId,
        event_id: event.id,
        member_id: entry.memberId,
        status: checkinStatus(now, event),
        method: 'member_code',
        checked_in_at: now.toISOString(),
        checkin_token: storedMemberToken(parsed.value),
        verification: null,
        leave_status: null,
      })
      return { kind: 'recorded', name }
    } catch (error) {
      return refuse({ code: 'attendance.saveFailed', params: { message: error instanceof Error ? error.message : String(error) } })
    } finally {
      busy.value = false
    }
  }

  return { busy, submit }
}
