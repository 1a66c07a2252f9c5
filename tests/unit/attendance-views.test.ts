import { afterEach, describe, expect, test, vi } from 'vitest'
import { defineComponent } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import AttendanceView from '@/features/attendance/AttendanceView.vue'
import { FAST_POLL } from '@/features/attendance/useAttendancePoll'
import { checkinWindow } from '@/domain/checkin'
import { memberCheckinToken } from '@/domain/memberCheckin'
import { attendanceRowId } from '@/domain/syncIds'
import type { Role } from '@/domain/profile'
import type { ZhibuDb } from '@/data/db'
import { createSyncScheduler } from '@/data/sync/scheduler'
import type { SyncRunResult } from '@/data/sync/engine'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const EVENT = '17000000-0000-4000-8000-000000000004'
const WANG = '15000000-0000-4000-8000-000000000011'
const ZHANG = '15000000-0000-4000-8000-000000000012'
const LIU = '15000000-0000-4000-8000-000000000013'
const ZHAO = '15000000-0000-4000-8000-000000000014'
const CHEN = '15000000-0000-4000-8000-000000000015'
const NOW = new Date('2026-03-10T07:05:00Z')
const SECRET = (n: number) => `${String(n).padStart(2, '0')}`.repeat(32)
const Blank = defineComponent({ render: () => null })
let mounted: VueWrapper | null = null

afterEach(() => {
  vi.useRealTimers()
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

const member = (id: string, name: string, extra: object = {}) => ({ id, org_id: ORG, branch_id: BRANCH, name, status: 'active', member_type: 'full', _ver: 1, ...extra })
const row = (memberId: string, extra: object) => ({ id: attendanceRowId(EVENT, memberId), org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: memberId, _ver: 1, ...extra })

/** 支部党员大会 now, five members expected (陈静 moved away), one checked in, one 待核实, one asking leave. */
async function meetingDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('events').put({ id: EVENT, org_id: ORG, branch_id: BRANCH, audience: 'branch', kind: 'general_meeting', title: '支部党员大会', place: '三楼会议室', starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:30:00Z', _ver: 1 })
  await db.data('members').bulkPut([
    member(ME, '李晓梅', { is_committee: true }),
    member(WANG, '王强'),
    member(ZHANG, '张伟'),
    member(LIU, '刘洋'),
    member(ZHAO, '赵敏'),
    member(CHEN, '陈静', { status: 'transferred' }),
  ])
  await db.data('attendance').bulkPut([
    row(WANG, { status: 'present', method: 'qr', checked_in_at: '2026-03-10T06:58:00Z', verification: 'verified' }),
    row(ZHANG, { status: 'present', method: 'code', checked_in_at: '2026-03-10T07:01:00Z', verification: 'pending' }),
    row(LIU, { status: 'leave', leave_status: 'pending', leave_reason: '外出公务' }),
  ])
  return db
}

interface Options {
  db: ZhibuDb
  roles?: Role[]
  fastPoll?: (ms: number) => () => void
  now?: Date
}

async function mountAttendance(options: Options) {
  const polls: number[] = []
  const fastPoll = options.fastPoll ?? ((ms: number) => {
    polls.push(ms)
    return () => void polls.splice(polls.indexOf(ms), 1)
  })
  const result = await mountMemberView(AttendanceView, {
    db: options.db,
    now: options.now ?? NOW,
    roles: options.roles ?? ['member', 'secretary'],
    path: `/view/${EVENT}`,
    routes: [
      { path: '/view/:id', component: AttendanceView },
      { path: '/checkin/display/:eventId', name: 'checkin-display', component: Blank },
    ],
    provide: { [FAST_POLL as symbol]: fastPoll },
  })
  mounted = result.wrapper
  await until(() => expect(result.wrapper.find('[data-testid="attendance-list"]').exists()).toBe(true))
  return { ...result, polls }
}

const count = (w: VueWrapper, key: string) => w.get(`[data-testid="attendance-count-${key}"] strong`).text()
const counts = (w: VueWrapper) => Object.fromEntries(['expected', 'pending', 'notYet', 'leavePending', 'present', 'late', 'leave', 'absent'].map((k) => [k, Number(count(w, k))]))
const names = (w: VueWrapper) => w.findAll('[data-testid="attendance-item"]').map((li) => `${li.get('[data-testid="attendance-name"]').text()}:${li.get('[data-testid="attendance-status"]').text()}`)
const item = (w: VueWrapper, name: string) => w.findAll('[data-testid="attendance-item"]').find((li) => li.get('[data-testid="attendance-name"]').text() === name)!

describe('AttendanceView', () => {
  test('lists the expected members by name with their status and exact counts', async () => {
    const { wrapper } = await mountAttendance({ db: await meetingDevice() })
    expect(wrapper.get('[data-testid="attendance-title"]').text()).toBe('支部党员大会')
    expect(names(wrapper)).toEqual(['张伟:待核实', '李晓梅:未签到', '赵敏:未签到', '刘洋:请假待批', '王强:已签到'])
    expect(counts(wrapper)).toEqual({ expected: 5, pending: 1, notYet: 2, leavePending: 1, present: 1, late: 0, leave: 0, absent: 0 })
    expect(item(wrapper, '刘洋').text()).toContain('请假事由：外出公务')
    await wrapper.get('[data-testid="attendance-count-notYet"]').trigger('click')
    expect(names(wrapper)).toEqual(['李晓梅:未签到', '赵敏:未签到'])
  })

  test('shows a check-in the moment a pull writes it, with the counts', async () => {
    const { wrapper, db } = await mountAttendance({ db: await meetingDevice() })
    // As the sync engine stores a pulled row: no outbox entry, the server's version.
    await db.data('attendance').put(row(ZHAO, { status: 'late', method: 'qr', checked_in_at: '2026-03-10T07:20:00Z', verification: 'verified', _ver: 7 }))
    await until(() => expect(names(wrapper)).toContain('赵敏:迟到'))
    expect(counts(wrapper)).toEqual({ expected: 5, pending: 1, notYet: 1, leavePending: 1, present: 1, late: 1, leave: 0, absent: 0 })
    expect(await db._outbox.count()).toBe(0)
  })

  test('asks for a reason before a hand mark, then saves the row and its outbox entry', async () => {
    const { wrapper, db } = await mountAttendance({ db: await meetingDevice() })
    await item(wrapper, '赵敏').get('[data-testid="attendance-mark"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="attendance-mark-form"]').exists()).toBe(true))
    await wrapper.get('[data-testid="attendance-mark-form"]').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="attendance-mark-error"]').text()).toBe('请填写原因'))
    expect(await db._outbox.count()).toBe(0)
    await wrapper.get('#attendance-mark-reason').setValue('忘带手机，现场确认')
    await wrapper.get('[data-testid="attendance-mark-form"]').trigger('submit')
    await until(() => expect(names(wrapper)).toContain('赵敏:已签到'))
    const stored = await db.data('attendance').get(attendanceRowId(EVENT, ZHAO))
    expect(stored).toMatchObject({ event_id: EVENT, member_id: ZHAO, branch_id: BRANCH, status: 'present', method: 'manual', checked_in_at: NOW.toISOString(), mark_reason: '忘带手机，现场确认', leave_status: null })
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops.map((o) => [o.table, o.op, o.id, o.force ?? false]))).toEqual([[['attendance', 'upsert', attendanceRowId(EVENT, ZHAO), false]]])
    expect(item(wrapper, '赵敏').text()).toContain('登记原因：忘带手机，现场确认')
    expect(wrapper.find('[data-testid="attendance-mark-form"]').exists()).toBe(false)
  })

  test('overrides a check-in with an absent mark only as a deliberate, forced change', async () => {
    const { wrapper, db } = await mountAttendance({ db: await meetingDevice() })
    await item(wrapper, '王强').get('[data-testid="attendance-mark"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="attendance-mark-form"]').exists()).toBe(true))
    await wrapper.get('[data-testid="attendance-mark-absent"]').trigger('click')
    await wrapper.get('#attendance-mark-reason').setValue('签到后离场')
    await wrapper.get('[data-testid="attendance-mark-form"]').trigger('submit')
    await until(() => expect(names(wrapper)).toContain('王强:缺席'))
    const ops = (await db._outbox.toArray()).flatMap((e) => e.ops)
    expect(ops).toEqual([expect.objectContaining({ op: 'update', id: attendanceRowId(EVENT, WANG), force: true, row: expect.objectContaining({ status: 'absent', method: null, mark_reason: '签到后离场' }) })])
  })

  test('keeps an organizer from changing a verified check-in and from deciding 待核实', async () => {
    const { wrapper, db } = await mountAttendance({ db: await meetingDevice(), roles: ['member', 'organizer'] })
    expect(wrapper.find('[data-testid="attendance-pending"]').exists()).toBe(false)
    expect(item(wrapper, '张伟').find('[data-testid="attendance-confirm"]').exists()).toBe(false)
    await item(wrapper, '王强').get('[data-testid="attendance-mark"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="attendance-mark-form"]').exists()).toBe(true))
    await wrapper.get('[data-testid="attendance-mark-absent"]').trigger('click')
    await wrapper.get('#attendance-mark-reason').setValue('签到后离场')
    await wrapper.get('[data-testid="attendance-mark-form"]').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="attendance-mark-error"]').text()).toBe('这次签到已由服务器核验，只有支部书记可以修改'))
    expect((wrapper.get('#attendance-mark-reason').element as HTMLTextAreaElement).value).toBe('签到后离场')
    expect(await db._outbox.count()).toBe(0)
  })

  test('confirms every 待核实 check-in at once in one client transaction', async () => {
    const db = await meetingDevice()
    await db.data('attendance').put(row(ZHAO, { status: 'late', method: 'code', checked_in_at: '2026-03-10T07:30:00Z', verification: 'pending' }))
    const { wrapper } = await mountAttendance({ db })
    expect(wrapper.get('[data-testid="attendance-pending"]').text()).toContain('待核实 2 人')
    await wrapper.get('[data-testid="attendance-confirm-all"]').trigger('click')
    await until(() => expect(counts(wrapper)).toMatchObject({ pending: 0, present: 2, late: 1 }))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops.map((o) => [o.id, o.row])).toEqual([
      [attendanceRowId(EVENT, ZHANG), { verification: 'verified' }],
      [attendanceRowId(EVENT, ZHAO), { verification: 'verified' }],
    ])
    expect(wrapper.find('[data-testid="attendance-pending"]').exists()).toBe(false)
  })

  test('refuses one 待核实 check-in', async () => {
    const { wrapper, db } = await mountAttendance({ db: await meetingDevice() })
    await item(wrapper, '张伟').get('[data-testid="attendance-refuse"]').trigger('click')
    await until(async () => expect((await db._outbox.toArray()).flatMap((e) => e.ops.map((o) => o.row))).toEqual([{ verification: 'refused' }]))
  })

  test('refuses the list to a member of another branch\'s committee', async () => {
    const db = await meetingDevice()
    const result = await mountMemberView(AttendanceView, {
      db, now: NOW, roles: ['member'], path: `/view/${EVENT}`,
      routes: [{ path: '/view/:id', component: AttendanceView }], provide: { [FAST_POLL as symbol]: () => () => undefined },
    })
    mounted = result.wrapper
    await until(() => expect(result.wrapper.get('[data-testid="attendance-problem"]').text()).toContain('只有本支部的组织委员和支部书记'))
    expect(result.wrapper.find('[data-testid="attendance-list"]').exists()).toBe(false)
  })
})

describe('AttendanceView scanning a member\'s own code', () => {
  async function scanDevice() {
    const db = await meetingDevice()
    await db.data('member_checkin_secrets').bulkPut(
      [ME, WANG, ZHANG, LIU, ZHAO].map((id, i) => ({ id, member_id: id, branch_id: BRANCH, org_id: ORG, secret: SECRET(i + 1), _ver: 1 })),
    )
    const mountedView = await mountAttendance({ db })
    await mountedView.wrapper.get('[data-testid="attendance-scan-toggle"]').trigger('click')
    return mountedView
  }
  const type = async (w: VueWrapper, text: string) => {
    await w.get('#attendance-scan-code').setValue(text)
    await w.get('[data-testid="attendance-scan-form"]').trigger('submit')
  }
  const outcome = (w: VueWrapper) => w.get('[data-testid="attendance-scan-outcome"]').text()
  /** A typed code is matched by computing every listed member's codes (WebCrypto): slower on a loaded machine. */
  const scanned = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 })

  test('records the scanned member with method member_code and the QR as token, waiting for the server', async () => {
    const { wrapper, db } = await scanDevice()
    const token = await memberCheckinToken(SECRET(5), ZHAO, checkinWindow(NOW))
    await type(wrapper, token.qr)
    await scanned(() => expect(outcome(wrapper)).toBe('赵敏：已记录，待服务器核验'))
    const stored = await db.data('attendance').get(attendanceRowId(EVENT, ZHAO))
    expect(stored).toMatchObject({ member_id: ZHAO, branch_id: BRANCH, event_id: EVENT, status: 'present', method: 'member_code', checkin_token: token.qr, checked_in_at: NOW.toISOString() })
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.op, o.id]))).toEqual([[['upsert', attendanceRowId(EVENT, ZHAO)]]])
    await until(() => expect(item(wrapper, '赵敏').find('[data-testid="attendance-flag-unsent"]').exists()).toBe(true))
    expect(names(wrapper)).toContain('赵敏:已签到')
  })

  test('finds whose typed code it is among the members on the list', async () => {
    const { wrapper, db } = await scanDevice()
    const token = await memberCheckinToken(SECRET(5), ZHAO, checkinWindow(NOW) - 1)
    await type(wrapper, token.code.toLowerCase())
    await scanned(() => expect(outcome(wrapper)).toBe('赵敏：已记录，待服务器核验'))
    expect(await db.data('attendance').get(attendanceRowId(EVENT, ZHAO))).toMatchObject({ method: 'member_code', checkin_token: token.code })
  })

  test('says what is wrong with an old code, the secretary\'s own, or an event\'s QR, writing nothing', async () => {
    const { wrapper, db } = await scanDevice()
    await type(wrapper, (await memberCheckinToken(SECRET(5), ZHAO, checkinWindow(NOW) - 6)).code)
    await scanned(() => expect(outcome(wrapper)).toBe('这是党员之前的签到码，请让他打开“我的签到码”后重新扫描'))
    await type(wrapper, (await memberCheckinToken(SECRET(1), ME, checkinWindow(NOW))).qr)
    await scanned(() => expect(outcome(wrapper)).toBe('不能扫描自己的签到码签到'))
    await type(wrapper, `zhibu:ci:1:${EVENT}:${checkinWindow(NOW)}:0011223344556677`)
    await scanned(() => expect(outcome(wrapper)).toBe('这不是党员的签到码，请扫描党员“我的签到码”'))
    await type(wrapper, (await memberCheckinToken(SECRET(9), ZHAO, checkinWindow(NOW))).qr)
    await scanned(() => expect(outcome(wrapper)).toBe('党员签到码无效'))
    expect(await db._outbox.count()).toBe(0)
  })

  test('says a member already checked in is there, without writing', async () => {
    const { wrapper, db } = await scanDevice()
    await type(wrapper, (await memberCheckinToken(SECRET(2), WANG, checkinWindow(NOW))).qr)
    await scanned(() => expect(outcome(wrapper)).toBe('王强：已签到'))
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('AttendanceView fast poll', () => {
  test('pulls every 2.5 s while the screen is open and stops when it closes', async () => {
    const ok: SyncRunResult = { ok: true, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 1 }
    const sync = vi.fn(async () => ok)
    const db = await meetingDevice()
    // Only timeouts are faked: IndexedDB (setImmediate) keeps its real timers.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW })
    const scheduler = createSyncScheduler({ engine: { sync }, window: null, document: null, intervalMs: 60_000 })
    scheduler.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(1)
    const { wrapper } = await mountAttendance({ db, fastPoll: scheduler.fastPoll })
    const before = sync.mock.calls.length
    await vi.advanceTimersByTimeAsync(2500 * 4)
    expect(sync.mock.calls.length - before).toBe(4)
    wrapper.unmount()
    mounted = null
    const closed = sync.mock.calls.length
    await vi.advanceTimersByTimeAsync(2500 * 4)
    expect(sync.mock.calls.length).toBe(closed)
    scheduler.stop()
  })
})
