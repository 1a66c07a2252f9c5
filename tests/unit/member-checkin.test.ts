import { describe, expect, it } from 'vitest'
import { checkinMac, checkinToken, checkinWindow, codeFromMac } from '@/domain/checkin'
import {
  CHECKIN_VERIFY_WINDOWS,
  checkinShownState,
  memberCheckinToken,
  memberCodeSecondsLeft,
  parseMemberCheckinInput,
  storedMemberToken,
  verificationOnArrival,
  verifyMemberCheckinToken,
  type MemberCheckinInput,
} from '@/domain/memberCheckin'

const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const MEMBER = '15000000-0000-4000-8000-000000000003'
const OTHER = '15000000-0000-4000-8000-000000000006'
const AT = new Date('2026-03-10T07:05:10Z')

const parsed = (text: string): MemberCheckinInput => {
  const result = parseMemberCheckinInput(text)
  if (!result.ok) throw new Error(result.problem)
  return result.value
}

describe('a member\'s own check-in code', () => {
  it('should carry its own QR prefix, the member and the window, with the MAC over "<member>:<window>"', async () => {
    const window = checkinWindow(AT)
    const token = await memberCheckinToken(SECRET, MEMBER, window)
    const mac = await checkinMac(SECRET, MEMBER, window)
    expect(token.qr).toBe(`zhibu:mc:1:${MEMBER}:${window}:${Array.from(mac.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`)
    expect(token.code).toBe(codeFromMac(mac))
    expect(token.code).toMatch(/^[23456789A-HJ-NP-Z]{6}$/)
  })

  it('should not be read as an event\'s code, nor an event\'s QR as a member\'s', async () => {
    const event = await checkinToken(SECRET, MEMBER, checkinWindow(AT))
    expect(parseMemberCheckinInput(event.qr)).toEqual({ ok: false, problem: 'notCheckinQr' })
    expect(parseMemberCheckinInput('')).toEqual({ ok: false, problem: 'empty' })
    expect(parseMemberCheckinInput('ABC')).toEqual({ ok: false, problem: 'malformed' })
  })

  it('should read a typed code with spaces, dashes and lower case, and store what was scanned', async () => {
    const token = await memberCheckinToken(SECRET, MEMBER, checkinWindow(AT))
    const typed = `${token.code.slice(0, 3).toLowerCase()}-${token.code.slice(3)}`
    expect(parsed(typed)).toEqual({ kind: 'code', code: token.code })
    expect(storedMemberToken(parsed(typed))).toBe(token.code)
    expect(storedMemberToken(parsed(token.qr))).toBe(token.qr)
  })

  it('should verify its own window ± 2, call an older one expired, and another member\'s or secret\'s invalid', async () => {
    const window = checkinWindow(AT)
    for (const offset of [-2, 0, 2]) {
      const token = await memberCheckinToken(SECRET, MEMBER, window + offset)
      expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(token.qr), AT)).toEqual({ ok: true, window: window + offset })
      expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(token.code), AT)).toEqual({ ok: true, window: window + offset })
    }
    const old = await memberCheckinToken(SECRET, MEMBER, window - 3)
    expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(old.qr), AT)).toEqual({ ok: false, problem: 'expired' })
    expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(old.code), AT)).toEqual({ ok: false, problem: 'expired' })
    const other = await memberCheckinToken(SECRET, OTHER, window)
    expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(other.qr), AT)).toEqual({ ok: false, problem: 'invalid' })
    const forged = await memberCheckinToken('ff'.repeat(32), MEMBER, window)
    expect(await verifyMemberCheckinToken(SECRET, MEMBER, parsed(forged.qr), AT)).toEqual({ ok: false, problem: 'invalid' })
  })

  it('should count down the seconds of the current window', () => {
    expect(memberCodeSecondsLeft(new Date('2026-03-10T07:05:00Z'))).toBe(30)
    expect(memberCodeSecondsLeft(new Date('2026-03-10T07:05:29Z'))).toBe(1)
  })
})

describe('verification when a check-in reaches the server', () => {
  const now = new Date('2026-03-10T08:00:00Z')
  const nowWindow = checkinWindow(now)

  it('should verify a token within 10 windows of the server\'s clock and leave an older one pending', () => {
    expect(CHECKIN_VERIFY_WINDOWS).toBe(10)
    expect(verificationOnArrival(nowWindow, now)).toBe('verified')
    expect(verificationOnArrival(nowWindow - 10, now)).toBe('verified')
    expect(verificationOnArrival(nowWindow - 11, now)).toBe('pending')
    expect(verificationOnArrival(nowWindow + 11, now)).toBe('pending')
  })

  it('should show 已记录，待核验 (unsent) until the server has answered, then its verdict', () => {
    expect(checkinShownState({ status: 'present', verification: null })).toBe('unsent')
    expect(checkinShownState({ status: 'present', verification: 'verified', _ver: 1 })).toBe('verified')
    expect(checkinShownState({ status: 'late', verification: 'pending', _ver: 2 })).toBe('pending')
    expect(checkinShownState({ status: 'absent', verification: 'refused', _ver: 3 })).toBe('refused')
    expect(checkinShownState({ status: 'leave', verification: null, _ver: 1 })).toBe('none')
  })
})
