import { describe, expect, it } from 'vitest'
import {
  CHECKIN_CODE_ALPHABET,
  SERVER_CHECKIN_PROBLEMS,
  attendanceCounts,
  checkinRejectionProblem,
  checkinProblemCode,
  checkinStatus,
  checkinTimeProblem,
  checkinToken,
  checkinWindow,
  endOfEventDay,
  msUntilNextWindow,
  newCheckinSecret,
  parseCheckinInput,
  qrLooksExpired,
  serverCheckinText,
  storedToken,
  verifyCheckinToken,
  type CheckinInput,
} from '@/domain/checkin'

const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const EVENT = '17000000-0000-4000-8000-000000000004'
const AT = new Date('2026-03-10T06:58:10Z')

const parsed = (text: string): CheckinInput => {
  const result = parseCheckinInput(text)
  if (!result.ok) throw new Error(result.code)
  return result.value
}

describe('check-in windows', () => {
  it('should put moments 30 seconds apart into consecutive windows', () => {
    expect(checkinWindow(new Date(0))).toBe(0)
    expect(checkinWindow(29_999)).toBe(0)
    expect(checkinWindow(30_000)).toBe(1)
    expect(checkinWindow(AT)).toBe(Math.floor(AT.getTime() / 30_000))
  })

  it('should count down to the next window', () => {
    expect(msUntilNextWindow(30_000)).toBe(30_000)
    expect(msUntilNextWindow(31_000)).toBe(29_000)
  })
})

describe('check-in tokens', () => {
  it('should derive a 6-character code from the unambiguous alphabet and a QR payload', async () => {
    const token = await checkinToken(SECRET, EVENT, 100)
    expect(token.code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$/)
    expect(CHECKIN_CODE_ALPHABET).not.toMatch(/[01OI]/)
    expect(token.qr).toMatch(new RegExp(`^zhibu:ci:1:${EVENT}:100:[0-9a-f]{16}$`))
  })

  it('should be deterministic for the same secret, event and window', async () => {
    expect(await checkinToken(SECRET, EVENT, 100)).toEqual(await checkinToken(SECRET, EVENT, 100))
  })

  it('should match a known HMAC-SHA256 value (same inputs the database test uses)', async () => {
    // HMAC-SHA256(key = SECRET bytes, message = "<event>:100"), computed independently with node:crypto.
    const { createHmac } = await import('node:crypto')
    const mac = createHmac('sha256', Buffer.from(SECRET, 'hex')).update(`${EVENT}:100`).digest()
    const token = await checkinToken(SECRET, EVENT, 100)
    expect(token.qr.endsWith(mac.subarray(0, 8).toString('hex'))).toBe(true)
    expect(token.code).toBe([...mac.subarray(0, 6)].map((b) => CHECKIN_CODE_ALPHABET[b & 31]).join(''))
  })

  it('should change with the window, the event and the secret', async () => {
    const base = await checkinToken(SECRET, EVENT, 100)
    expect((await checkinToken(SECRET, EVENT, 101)).code).not.toBe(base.code)
    expect((await checkinToken(SECRET, '17000000-0000-4000-8000-000000000005', 100)).code).not.toBe(base.code)
    expect((await checkinToken(newCheckinSecret(), EVENT, 100)).code).not.toBe(base.code)
  })

  it('should make a fresh 256-bit secret each time', () => {
    const a = newCheckinSecret()
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(newCheckinSecret()).not.toBe(a)
  })
})

describe('reading what the member scanned or typed', () => {
  it('should accept a typed code in lower case with spaces', async () => {
    expect(parseCheckinInput(' ab3 d9k ')).toEqual({ ok: true, value: { kind: 'code', code: 'AB3D9K' } })
  })

  it('should refuse codes with ambiguous characters, wrong length, or nothing', () => {
    expect(parseCheckinInput('AB0D9K')).toMatchObject({ ok: false, problem: 'malformed', code: 'checkin.malformed', params: {} })
    expect(parseCheckinInput('ABCD')).toMatchObject({ ok: false, code: 'checkin.malformed' })
    expect(parseCheckinInput('  ')).toEqual({ ok: false, problem: 'empty', code: 'checkin.empty', params: {} })
  })

  it('should refuse a QR code that is not a branch check-in', () => {
    expect(parseCheckinInput('https://example.com/x')).toMatchObject({ ok: false, code: 'checkin.notCheckinQr' })
    expect(parseCheckinInput('zhibu:ci:1:not-an-event:1:0011223344556677')).toMatchObject({ ok: false, problem: 'notCheckinQr' })
  })

  it('should keep the QR text as the stored token and the code otherwise', async () => {
    const token = await checkinToken(SECRET, EVENT, 100)
    expect(storedToken(parsed(token.qr))).toBe(token.qr)
    expect(storedToken(parsed(token.code))).toBe(token.code)
  })
})

describe('verifying a token', () => {
  it('should accept the current window and the tolerance either side, for QR and code', async () => {
    const w = checkinWindow(AT)
    for (const offset of [-2, -1, 0, 1, 2]) {
      const token = await checkinToken(SECRET, EVENT, w + offset)
      expect(await verifyCheckinToken(SECRET, EVENT, parsed(token.qr), AT)).toEqual({ ok: true, window: w + offset })
      expect(await verifyCheckinToken(SECRET, EVENT, parsed(token.code), AT)).toEqual({ ok: true, window: w + offset })
    }
  })

  it('should call a token from an earlier window expired', async () => {
    const old = await checkinToken(SECRET, EVENT, checkinWindow(AT) - 3)
    expect(await verifyCheckinToken(SECRET, EVENT, parsed(old.qr), AT)).toEqual({ ok: false, problem: 'expired' })
    expect(await verifyCheckinToken(SECRET, EVENT, parsed(old.code), AT)).toEqual({ ok: false, problem: 'expired' })
  })

  it('should call a forged token invalid', async () => {
    const real = await checkinToken(SECRET, EVENT, checkinWindow(AT))
    const forgedQr = real.qr.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    expect(await verifyCheckinToken(SECRET, EVENT, parsed(forgedQr), AT)).toEqual({ ok: false, problem: 'invalid' })
    const otherSecret = await checkinToken(newCheckinSecret(), EVENT, checkinWindow(AT))
    expect(await verifyCheckinToken(SECRET, EVENT, parsed(otherSecret.code), AT)).toMatchObject({ ok: false })
  })

  it('should refuse a QR code of another event', async () => {
    const other = await checkinToken(SECRET, '17000000-0000-4000-8000-000000000005', checkinWindow(AT))
    expect(await verifyCheckinToken(SECRET, EVENT, parsed(other.qr), AT)).toEqual({ ok: false, problem: 'invalid' })
  })

  it('should tell the member at once that a QR photographed long ago is expired', async () => {
    const token = await checkinToken(SECRET, EVENT, checkinWindow(AT) - 10)
    expect(qrLooksExpired(parsed(token.qr), AT)).toBe(true)
    expect(qrLooksExpired(parsed(token.code), AT)).toBe(false)
  })
})

describe('the time of a check-in', () => {
  const event = { starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T09:00:00Z' }
  const now = new Date('2026-03-10T08:00:00Z')

  it('should accept a scan from two hours before the start until the end', () => {
    expect(checkinTimeProblem(new Date('2026-03-10T05:00:00Z'), event, now)).toBeNull()
    expect(checkinTimeProblem(new Date('2026-03-10T04:59:59Z'), event, now)).toBe('tooEarly')
    expect(checkinTimeProblem(new Date('2026-03-10T09:00:01Z'), event, new Date('2026-03-11T00:00:00Z'))).toBe('ended')
  })

  it('should refuse a scan time ahead of the clock', () => {
    expect(checkinTimeProblem(new Date('2026-03-10T08:05:00Z'), event, now)).toBe('future')
  })

  it('should close an event without an end time at midnight China time', () => {
    expect(endOfEventDay(new Date('2026-03-10T07:00:00Z')).toISOString()).toBe('2026-03-10T16:00:00.000Z')
    expect(endOfEventDay(new Date('2026-03-10T17:00:00Z')).toISOString()).toBe('2026-03-11T16:00:00.000Z')
  })

  it('should count a scan more than 15 minutes after the start as late', () => {
    expect(checkinStatus(new Date('2026-03-10T07:15:00Z'), event)).toBe('present')
    expect(checkinStatus(new Date('2026-03-10T07:16:00Z'), event)).toBe('late')
  })
})

describe('live counts and rejection reasons', () => {
  it('should count present, leave and absent against the expected members', () => {
    const counts = attendanceCounts(10, [
      { member_id: 'a', status: 'present' },
      { member_id: 'b', status: 'late' },
      { member_id: 'c', status: 'leave', leave_status: 'pending' },
      { member_id: 'd', status: 'leave', leave_status: 'rejected' },
      { member_id: 'e', status: 'present', _deleted: true },
      { member_id: 'f', status: 'absent' },
    ])
    expect(counts).toEqual({ expected: 10, present: 2, leave: 1, absent: 7 })
  })

  it('should recognise the check-in reason the server gave, so it can be worded in the user\'s language', () => {
    expect(checkinRejectionProblem({ message: '服务器无法处理这项修改（错误 ZBKEX）', detail: '签到码已过期，请扫描签到屏幕上的最新二维码' })).toBe('expired')
    expect(checkinRejectionProblem({ message: '活动尚未开始签到（开始前2小时起可签到）' })).toBe('tooEarly')
    expect(checkinRejectionProblem({ message: '该党员已签到，不能标记为缺席' })).toBeNull()
    expect(checkinRejectionProblem({ message: '没有权限', detail: 'new row violates row-level security policy' })).toBeNull()
    expect(checkinProblemCode('tooEarly')).toEqual({ code: 'checkin.tooEarly', params: { hours: 2 } })
  })

  it('should recognise each reason the server raises by its Chinese words, placeholders filled', () => {
    expect(serverCheckinText('tooEarly')).toBe('活动尚未开始签到（开始前2小时起可签到）')
    expect(SERVER_CHECKIN_PROBLEMS.map((p) => checkinRejectionProblem({ message: 'x', detail: serverCheckinText(p) }))).toEqual([...SERVER_CHECKIN_PROBLEMS])
    expect(checkinRejectionProblem({ message: '签到码无效', detail: null })).toBe('invalid')
  })
})
