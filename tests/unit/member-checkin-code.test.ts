import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import MemberCheckinCodeView from '@/features/checkin/MemberCheckinCodeView.vue'
import MeView from '@/features/me/MeView.vue'
import { checkinWindow } from '@/domain/checkin'
import { memberCheckinToken, parseMemberCheckinInput, verifyMemberCheckinToken } from '@/domain/memberCheckin'
import { CLOCK } from '@/composables/useClock'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'
const START = new Date('2026-03-10T07:05:29Z')
let mounted: VueWrapper | null = null

afterEach(() => {
  vi.useRealTimers()
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

describe('MemberCheckinCodeView (我的签到码)', () => {
  test('shows the member\'s own code from his secret and rotates it with the next window', async () => {
    const db = freshDb()
    await db.data('member_checkin_secrets').put({ id: ME, member_id: ME, branch_id: BRANCH, org_id: ORG, secret: SECRET, _ver: 1 })
    let current = START
    // Only the screen's 1-second ticker is faked; IndexedDB keeps its real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { wrapper } = await mountMemberView(MemberCheckinCodeView, { db, provide: { [CLOCK as symbol]: () => current } })
    mounted = wrapper
    const first = await memberCheckinToken(SECRET, ME, checkinWindow(current))
    await until(() => expect(wrapper.get('[data-testid="member-code"]').text()).toBe(first.code))
    await until(() => expect(wrapper.get('[data-testid="checkin-qr"]').attributes('data-qr')).toBe(first.qr))
    expect(first.qr.startsWith(`zhibu:mc:1:${ME}:`)).toBe(true)
    expect(wrapper.get('[data-testid="member-code-countdown"]').text()).toBe('1 秒后更新')
    // What the secretary's phone scans is this member's genuine code.
    const parsed = parseMemberCheckinInput(first.qr)
    expect(parsed.ok && (await verifyMemberCheckinToken(SECRET, ME, parsed.value, current))).toEqual({ ok: true, window: checkinWindow(current) })

    current = new Date(START.getTime() + 1_000)
    const second = await memberCheckinToken(SECRET, ME, checkinWindow(current))
    expect(second.code).not.toBe(first.code)
    expect(wrapper.get('[data-testid="member-code"]').text()).toBe(first.code)
    vi.advanceTimersByTime(1000)
    await until(() => expect(wrapper.get('[data-testid="member-code"]').text()).toBe(second.code))
    await until(() => expect(wrapper.get('[data-testid="checkin-qr"]').attributes('data-qr')).toBe(second.qr))
    expect(wrapper.get('[data-testid="member-code-countdown"]').text()).toBe('30 秒后更新')
  })

  test('says the code has not reached this phone yet, then shows it when a sync brings the secret', async () => {
    const db = freshDb()
    const { wrapper } = await mountMemberView(MemberCheckinCodeView, { db, now: START })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="member-code-state"]').text()).toBe('签到码尚未同步到本机，请联网后再打开'))
    expect(await db._outbox.count()).toBe(0)
    await db.data('member_checkin_secrets').put({ id: ME, member_id: ME, branch_id: BRANCH, org_id: ORG, secret: SECRET, _ver: 3 })
    const token = await memberCheckinToken(SECRET, ME, checkinWindow(START))
    await until(() => expect(wrapper.get('[data-testid="member-code"]').text()).toBe(token.code))
  })

  test('is linked from 我的 for a member on the roster', async () => {
    const { wrapper } = await mountMemberView(MeView, { db: freshDb() })
    mounted = wrapper
    expect(wrapper.get('[data-testid="me-checkin-code"]').text()).toContain('我的签到码')
  })
})
