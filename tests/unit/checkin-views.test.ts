import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import CheckinDisplayView from '@/features/checkin/CheckinDisplayView.vue'
import CheckinScanView from '@/features/checkin/CheckinScanView.vue'
import LeaveRequestForm from '@/features/checkin/LeaveRequestForm.vue'
import { checkinToken, checkinWindow } from '@/domain/checkin'
import type { ZhibuDb } from '@/data/db'
import { CLOCK } from '@/composables/useClock'
import { attendanceRowId } from '@/domain/syncIds'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const EVENT = '17000000-0000-4000-8000-000000000004'
const LATER = '17000000-0000-4000-8000-000000000007'
const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const NOW = new Date('2026-03-10T07:05:00Z')
let mounted: VueWrapper | null = null

afterEach(() => {
  vi.useRealTimers()
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

async function deviceWithEvents(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('events').bulkPut([
    { id: EVENT, org_id: ORG, branch_id: BRANCH, kind: 'party_lecture', title: '书记讲党课', starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:30:00Z', expected_count: 18, _ver: 1 },
    { id: LATER, org_id: ORG, branch_id: BRANCH, kind: 'seminar', title: '集中研讨', starts_at: '2026-03-19T07:00:00Z', ends_at: null, _ver: 1 },
  ])
  return db
}

describe('CheckinDisplayView', () => {
  test('makes the event secret on the secretary\'s phone and shows the code of the current window', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(CheckinDisplayView, { db, roles: ['member', 'secretary'], path: `/view/${EVENT}`, routes: [{ path: '/view/:eventId', component: CheckinDisplayView }], now: NOW })
    mounted = wrapper
    const secret = await until(async () => {
      const row = await db.data('event_checkin_secrets').get(EVENT)
      expect(row).toBeDefined()
      return row
    })
    expect(secret).toMatchObject({ event_id: EVENT, branch_id: BRANCH, org_id: ORG })
    expect(String(secret!.secret)).toMatch(/^[0-9a-f]{64}$/)
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['event_checkin_secrets', 'upsert', EVENT]]])
    const expected = await checkinToken(String(secret!.secret), EVENT, checkinWindow(NOW))
    await until(() => expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(expected.code))
    await until(() => expect(wrapper.get('[data-testid="checkin-qr"]').attributes('data-qr')).toBe(expected.qr))
    expect(wrapper.get('[data-testid="checkin-countdown"]').text()).toBe('30 秒后更新')
    expect(wrapper.get('[data-testid="checkin-display-roll"]').attributes('href')).toBe(`/activities/${EVENT}/attendance`)
  })

  test('keeps an existing secret and counts present, leave and absent live', async () => {
    const db = await deviceWithEvents()
    await db.data('event_checkin_secrets').put({ id: EVENT, event_id: EVENT, org_id: ORG, branch_id: BRANCH, secret: SECRET, _ver: 1 })
    const row = (id: string, member: string, extra: object) => ({ id, org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: member, _ver: 1, ...extra })
    await db.data('attendance').bulkPut([row('a1', 'x1', { status: 'present', method: 'qr' }), row('a2', 'x2', { status: 'leave', leave_status: 'approved' })])
    const { wrapper } = await mountMemberView(CheckinDisplayView, { db, roles: ['organizer'], path: `/view/${EVENT}`, routes: [{ path: '/view/:eventId', component: CheckinDisplayView }], now: NOW })
    mounted = wrapper
    const count = (key: string) => wrapper.get(`[data-testid="count-${key}"] strong`).text()
    const code = (await checkinToken(SECRET, EVENT, checkinWindow(NOW))).code
    await until(() => expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(code))
    await until(() => expect([count('expected'), count('present'), count('leave'), count('absent')]).toEqual(['18', '1', '1', '16']))
    await db.data('attendance').put(row('a3', 'x3', { status: 'late', method: 'code' }))
    await until(() => expect([count('present'), count('absent')]).toEqual(['2', '15']))
    expect(await db.data('event_checkin_secrets').count()).toBe(1)
    expect(await db._outbox.count()).toBe(0)
  })

  test('rotates the code when the next 30-second window begins', async () => {
    const db = await deviceWithEvents()
    await db.data('event_checkin_secrets').put({ id: EVENT, event_id: EVENT, org_id: ORG, branch_id: BRANCH, secret: SECRET, _ver: 1 })
    let current = new Date(NOW.getTime() + 29_000)
    // Only the screen's 1-second ticker is faked; IndexedDB keeps its real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { wrapper } = await mountMemberView(CheckinDisplayView, {
      db, roles: ['secretary'], path: `/view/${EVENT}`, routes: [{ path: '/view/:eventId', component: CheckinDisplayView }],
      provide: { [CLOCK as symbol]: () => current },
    })
    mounted = wrapper
    const first = (await checkinToken(SECRET, EVENT, checkinWindow(current))).code
    await until(() => expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(first))
    expect(wrapper.get('[data-testid="checkin-countdown"]').text()).toBe('1 秒后更新')
    current = new Date(current.getTime() + 2_000)
    const second = (await checkinToken(SECRET, EVENT, checkinWindow(current))).code
    expect(second).not.toBe(first)
    // The screen's clock moves on only when its ticker fires (vi.waitFor also advances fake timers).
    expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(first)
    vi.advanceTimersByTime(1000)
    await until(() => expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(second))
    expect(wrapper.get('[data-testid="checkin-countdown"]').text()).toBe('29 秒后更新')
  })

  test('refuses to show the code to a plain member', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(CheckinDisplayView, { db, path: `/view/${EVENT}`, routes: [{ path: '/view/:eventId', component: CheckinDisplayView }], now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="checkin-display-problem"]').text()).toBe('只有本支部的组织委员或支部书记可以打开签到屏幕'))
    expect(wrapper.find('[data-testid="checkin-code"]').exists()).toBe(false)
    expect(await db.data('event_checkin_secrets').count()).toBe(0)
  })
})

describe('CheckinScanView', () => {
  const typeCode = async (wrapper: VueWrapper, code: string) => {
    await wrapper.get('#checkin-code-input').setValue(code)
    await wrapper.get('[data-testid="checkin-code-form"]').trigger('submit')
  }
  const outcome = (wrapper: VueWrapper) => wrapper.get('[data-testid="checkin-outcome"]').text()

  test('records a typed code offline with the scan time, for the event open now', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="checkin-code-event"]').text()).toContain('书记讲党课'))
    const token = await checkinToken(SECRET, EVENT, checkinWindow(NOW))
    await typeCode(wrapper, token.code.toLowerCase())
    await until(() => expect(outcome(wrapper)).toBe('书记讲党课：已记录，待核验'))
    const rows = await db.data('attendance').toArray()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row).toMatchObject({ event_id: EVENT, member_id: ME, status: 'present', method: 'code', checkin_token: token.code, checked_in_at: NOW.toISOString() })
    expect(await db._outbox.count()).toBe(1)
  })

  test('offers the organisation\'s events too, not cancelled ones, and takes a typed code for the event starting nearest to now', async () => {
    const db = await deviceWithEvents()
    const ORG_WIDE = '17000000-0000-4000-8000-000000000010'
    await db.data('events').bulkPut([
      { id: 'allday', org_id: ORG, branch_id: BRANCH, kind: 'group_study', title: '全天网上学习', starts_at: '2026-03-10T00:30:00Z', ends_at: '2026-03-10T15:00:00Z', _ver: 1 },
      { id: 'cancelled', org_id: ORG, branch_id: BRANCH, kind: 'seminar', title: '已取消的研讨', starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:00:00Z', cancelled_at: '2026-03-09T01:00:00Z', cancel_reason: '改期', _ver: 1 },
      { id: ORG_WIDE, org_id: ORG, branch_id: null, audience: 'org', kind: 'group_study', title: '全局集中学习', starts_at: '2026-03-10T06:00:00Z', ends_at: '2026-03-10T09:00:00Z', _ver: 1 },
    ])
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="checkin-open-events"] .checkin-open__title').map((t) => t.text())).toEqual(['全天网上学习', '全局集中学习', '书记讲党课']))
    expect(wrapper.get('[data-testid="checkin-code-event"]').text()).toBe('签到活动：书记讲党课')
    await wrapper.findAll('[data-testid="checkin-open-events"] input')[1]!.setValue(true)
    await until(() => expect(wrapper.get('[data-testid="checkin-code-event"]').text()).toBe('签到活动：全局集中学习'))
    await typeCode(wrapper, 'ABCDEF')
    await until(() => expect(outcome(wrapper)).toBe('全局集中学习：已记录，待核验'))
    // The attendance row of an organisation-wide event carries the member's own branch.
    expect(await db.data('attendance').get(attendanceRowId(ORG_WIDE, ME))).toMatchObject({ event_id: ORG_WIDE, branch_id: BRANCH, method: 'code', checkin_token: 'ABCDEF' })
  })

  test('says the check-in was recorded before instead of recording a duplicate', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.find('[data-testid="checkin-code-event"]').exists()).toBe(true))
    const token = await checkinToken(SECRET, EVENT, checkinWindow(NOW))
    await typeCode(wrapper, token.code)
    await until(() => expect(outcome(wrapper)).toBe('书记讲党课：已记录，待核验'))
    await typeCode(wrapper, token.code)
    await until(() => expect(outcome(wrapper)).toBe('书记讲党课：此前已记录（已记录，待核验）'))
    expect(await db.data('attendance').count()).toBe(1)
    expect(await db._outbox.count()).toBe(1)
  })

  describe('what the member sees until the server answers', () => {
    const ROW = attendanceRowId(EVENT, ME)
    /** The server's answer as the sync engine stores it: the entry leaves the outbox, the pulled row replaces the local one. */
    async function serverAnswers(db: ZhibuDb, columns: Record<string, unknown>) {
      const row = await db.data('attendance').get(ROW)
      await db._outbox.clear()
      await db.data('attendance').put({ ...row!, _ver: 2, ...columns })
    }
    async function checkIn() {
      const db = await deviceWithEvents()
      const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
      mounted = wrapper
      await until(() => expect(wrapper.find('[data-testid="checkin-code-event"]').exists()).toBe(true))
      await typeCode(wrapper, (await checkinToken(SECRET, EVENT, checkinWindow(NOW))).code)
      await until(() => expect(outcome(wrapper)).toBe('书记讲党课：已记录，待核验'))
      const state = () => wrapper.get('[data-testid="checkin-outcome"]').attributes('data-state')
      await until(() => expect(wrapper.get('[data-testid="checkin-open-events"]').text()).toContain('已记录，待核验'))
      expect(state()).toBe('unsent')
      return { db, wrapper, state }
    }

    test('shows 签到成功 only once the server verified the check-in', async () => {
      const { db, wrapper, state } = await checkIn()
      expect(outcome(wrapper)).not.toContain('签到成功')
      await serverAnswers(db, { verification: 'verified', checkin_token: null })
      await until(() => expect(outcome(wrapper)).toBe('书记讲党课：签到成功'))
      expect(state()).toBe('verified')
      expect(wrapper.get('[data-testid="checkin-open-events"]').text()).toContain('15:00 · 已签到')
    })

    test('shows 待书记核实 for a check-in the server holds for the secretary', async () => {
      const { db, wrapper } = await checkIn()
      await serverAnswers(db, { verification: 'pending', checkin_token: null })
      await until(() => expect(outcome(wrapper)).toBe('书记讲党课：待书记核实'))
      expect(wrapper.get('[data-testid="checkin-open-events"]').text()).toContain('待书记核实')
    })

    test('shows the refusal, never 签到成功, for a code the server refuses', async () => {
      const { db, wrapper } = await checkIn()
      // The engine's settle: the refused change moves to _rejected and the row it made is gone.
      const [entry] = await db._outbox.toArray()
      await db.transaction('rw', db._outbox, db._rejected, db.data('attendance'), async () => {
        await db._outbox.clear()
        await db._rejected.add({ tx_id: entry!.tx_id, created_at: NOW.toISOString(), rejected_at: NOW.toISOString(), code: 'refused_ZBKIN', message: '签到码无效', ops: entry!.ops })
        await db.data('attendance').delete(ROW)
      })
      await until(() => expect(outcome(wrapper)).toBe('书记讲党课：签到码无效'))
      expect(wrapper.get('[data-testid="checkin-outcome"]').classes()).toContain('checkin-scan__outcome--refused')
      expect(wrapper.text()).not.toContain('签到成功')
    })

    test('says so when the secretary refuses a check-in that was waiting', async () => {
      const { db, wrapper } = await checkIn()
      await serverAnswers(db, { verification: 'refused', status: 'absent', checkin_token: null })
      await until(() => expect(outcome(wrapper)).toBe('书记讲党课：支部书记未确认这次签到'))
    })
  })

  test('explains a malformed code and an old QR without recording anything', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
    mounted = wrapper
    await typeCode(wrapper, 'O0I1AB')
    await until(() => expect(outcome(wrapper)).toBe('签到码格式不对：应为6位字母或数字，不含0、O、1、I'))
    const old = await checkinToken(SECRET, EVENT, checkinWindow(NOW) - 20)
    await typeCode(wrapper, old.qr)
    await until(() => expect(outcome(wrapper)).toBe('签到码已过期，请扫描签到屏幕上的最新二维码'))
    expect(await db.data('attendance').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })

  test('shows the reason the server gave for a refused check-in', async () => {
    const db = await deviceWithEvents()
    await db._rejected.add({
      tx_id: 't1', created_at: NOW.toISOString(), rejected_at: NOW.toISOString(), code: 'server_error',
      message: '服务器无法处理这项修改（错误 ZBKIN）', detail: '签到码无效',
      ops: [{ table: 'attendance', op: 'upsert', id: 'r1', row: { event_id: EVENT, member_id: ME, status: 'present', method: 'code' } }],
    })
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="checkin-refusal-reason"]').text()).toBe('签到码无效'))
    await wrapper.get('[data-testid="checkin-refusals"] button').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="checkin-refusals"]').exists()).toBe(false))
    expect(await db._rejected.count()).toBe(0)
  })
})

describe('LeaveRequestForm', () => {
  test('asks for a reason, then saves a pending leave request that can be withdrawn', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(LeaveRequestForm, { db, now: NOW, path: `/view/${LATER}`, routes: [{ path: '/view/:eventId', component: LeaveRequestForm }] })
    mounted = wrapper
    await until(() => expect(wrapper.find('[data-testid="leave-form"]').exists()).toBe(true))
    await wrapper.get('[data-testid="leave-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请填写请假事由'))
    await wrapper.get('#leave-reason').setValue('外出公务')
    await wrapper.get('[data-testid="leave-form"]').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="leave-state"]').text()).toBe('请假申请已提交，等待支部书记审批'))
    const rows = await db.data('attendance').toArray()
    expect(rows).toEqual([expect.objectContaining({ id: attendanceRowId(LATER, ME), event_id: LATER, member_id: ME, status: 'leave', leave_status: 'pending', leave_reason: '外出公务', method: null })])
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op]))).toEqual([[['attendance', 'upsert']]])
    await wrapper.get('[data-testid="leave-withdraw"]').trigger('click')
    await until(async () => expect(await db.data('attendance').count()).toBe(0))
    // Never sent: withdrawing cancels the request, nothing goes to the server.
    expect(await db._outbox.count()).toBe(0)
  })

  test('refuses leave for an event that has started', async () => {
    const db = await deviceWithEvents()
    const { wrapper } = await mountMemberView(LeaveRequestForm, { db, now: NOW, path: `/view/${EVENT}`, routes: [{ path: '/view/:eventId', component: LeaveRequestForm }] })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="leave-blocked"]').text()).toBe('活动已开始，不能再请假，请联系支部书记'))
  })
})
