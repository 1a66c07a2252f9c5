import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import BranchLeaveView from '@/features/branch/BranchLeaveView.vue'
import EventPendingLeaves from '@/components/committee/EventPendingLeaves.vue'
import { AT, EV, SECRETARY_USER, branchDevice, mountBranchView } from './branch-support'
import { until } from './member-support'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

async function open(attendanceId: string, roles: ('member' | 'organizer' | 'secretary')[], db?: Awaited<ReturnType<typeof branchDevice>>) {
  const device = db ?? (await branchDevice())
  const view = await mountBranchView(BranchLeaveView, { db: device, roles, pattern: '/branch/leave/:attendanceId', path: `/branch/leave/${attendanceId}` })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="leave-member"]').exists()).toBe(true))
  return view
}
const text = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`).text()
const outboxOps = async (db: Awaited<ReturnType<typeof branchDevice>>) => (await db._outbox.toArray()).map((e) => e.ops)

describe('BranchLeaveView', () => {
  test('shows the request, its event and reason, and the secretary approves it with a note: the row and its outbox entry are stored', async () => {
    const { wrapper, db } = await open(AT.wangLeave, ['member', 'secretary'])
    expect(text(wrapper, 'leave-member')).toContain('王强')
    expect(text(wrapper, 'leave-event')).toContain('支部党员大会')
    expect(wrapper.get('[data-testid="leave-event"] a').attributes('href')).toBe(`/activities/${EV.upcoming}`)
    expect(text(wrapper, 'leave-reason')).toContain('家中有事')
    expect(text(wrapper, 'leave-state')).toContain('待审批')
    expect(wrapper.text()).toContain('三楼会议室')

    await wrapper.get('#leave-decision-note').setValue('同意，会后学习会议记录')
    await wrapper.get('[data-testid="leave-approve"]').trigger('click')
    await until(async () => expect(await db.data('attendance').get(AT.wangLeave)).toMatchObject({ leave_status: 'approved', decision_note: '同意，会后学习会议记录' }))
    expect(await outboxOps(db)).toEqual([[{
      table: 'attendance', op: 'update', id: AT.wangLeave, branch_id: expect.any(String), base_ver: 1,
      row: { leave_status: 'approved', decision_note: '同意，会后学习会议记录' },
    }]])
    await until(() => expect(text(wrapper, 'leave-state')).toContain('已批准'))
    expect(text(wrapper, 'leave-decided-by')).toContain('本机审批，待同步')
    expect(text(wrapper, 'leave-decision-note')).toContain('同意，会后学习会议记录')
    expect(wrapper.find('[data-testid="leave-decision-form"]').exists()).toBe(false)
  })

  test('refuses a refusal without a note, then records it with one', async () => {
    const { wrapper, db } = await open(AT.zhaoLeave, ['secretary'])
    await wrapper.get('[data-testid="leave-reject"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="leave-decision-form"]').text()).toContain('不批准时请写明审批意见'))
    expect(await db._outbox.count()).toBe(0)
    expect(await db.data('attendance').get(AT.zhaoLeave)).toMatchObject({ leave_status: 'pending' })

    await wrapper.get('#leave-decision-note').setValue('会议需全员参加，请调整出差时间')
    await wrapper.get('[data-testid="leave-reject"]').trigger('click')
    await until(async () => expect(await db.data('attendance').get(AT.zhaoLeave)).toMatchObject({ leave_status: 'rejected', decision_note: '会议需全员参加，请调整出差时间' }))
    expect((await outboxOps(db)).map((ops) => ops.map((o) => o.row))).toEqual([[{ leave_status: 'rejected', decision_note: '会议需全员参加，请调整出差时间' }]])
    await until(() => expect(text(wrapper, 'leave-state')).toContain('未批准'))
  })

  test('keeps a note over 500 characters as typed and does not save it', async () => {
    const { wrapper, db } = await open(AT.zhaoLeave, ['secretary'])
    await wrapper.get('#leave-decision-note').setValue('同'.repeat(501))
    await wrapper.get('[data-testid="leave-approve"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="leave-decision-form"]').text()).toContain('最多 500 个字，现在 501 个字'))
    expect((wrapper.get('#leave-decision-note').element as HTMLTextAreaElement).value).toHaveLength(501)
    expect(await db._outbox.count()).toBe(0)
  })

  test('shows the organizer the request but not the decision: only the secretary decides', async () => {
    const { wrapper, db } = await open(AT.wangLeave, ['member', 'organizer'])
    expect(text(wrapper, 'leave-reason')).toContain('家中有事')
    expect(text(wrapper, 'leave-blocked')).toBe('只有支部书记可以审批请假')
    expect(wrapper.find('[data-testid="leave-approve"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="leave-reject"]').exists()).toBe(false)
    expect(await db._outbox.count()).toBe(0)
  })

  test('does not let the secretary decide his own request', async () => {
    const { wrapper, db } = await open(AT.myLeave, ['secretary'])
    expect(text(wrapper, 'leave-blocked')).toBe('不能审批自己的请假')
    expect(wrapper.find('[data-testid="leave-approve"]').exists()).toBe(false)
    expect(await db._outbox.count()).toBe(0)
  })

  test('shows a decision the server recorded with who and when, and lets the secretary decide again', async () => {
    const db = await branchDevice()
    await db.data('attendance').update(AT.wangLeave, { leave_status: 'approved', decided_by: SECRETARY_USER, decided_at: '2026-03-09T01:30:00Z', decision_note: '同意' })
    const { wrapper } = await open(AT.wangLeave, ['secretary'], db)
    expect(text(wrapper, 'leave-decided-by')).toContain('李晓梅')
    expect(wrapper.text()).toContain('2026年3月9日 09:30')
    await wrapper.get('[data-testid="leave-redo"]').trigger('click')
    expect((wrapper.get('#leave-decision-note').element as HTMLTextAreaElement).value).toBe('同意')
    await wrapper.get('#leave-decision-note').setValue('改为不批准：会议需全员参加')
    await wrapper.get('[data-testid="leave-reject"]').trigger('click')
    await until(async () => expect(await db.data('attendance').get(AT.wangLeave)).toMatchObject({ leave_status: 'rejected', decision_note: '改为不批准：会议需全员参加' }))
    expect(await db._outbox.count()).toBe(1)
  })

  test('says so when the request is not on this phone or was withdrawn', async () => {
    const db = await branchDevice()
    await db.data('attendance').update(AT.zhaoLeave, { leave_status: 'withdrawn' })
    const view = await mountBranchView(BranchLeaveView, { db, roles: ['secretary'], pattern: '/branch/leave/:attendanceId', path: '/branch/leave/nope' })
    mounted = view.wrapper
    await until(() => expect(text(view.wrapper, 'leave-blocked')).toBe('找不到这条请假记录，请联网同步后再试'))
    await view.router.push(`/branch/leave/${AT.zhaoLeave}`)
    await until(() => expect(text(view.wrapper, 'leave-blocked')).toBe('请假人已撤回这条申请'))
    expect(view.wrapper.find('[data-testid="leave-approve"]').exists()).toBe(false)
  })
})

describe('EventPendingLeaves (on the event\'s page)', () => {
  test('lists the event\'s requests awaiting a decision for the committee, each opening the decision, and follows decisions', async () => {
    const db = await branchDevice()
    const { wrapper, router } = await mountBranchView(EventPendingLeaves, { db, roles: ['organizer'], pattern: '/event/:eventId', path: `/event/${EV.upcoming}`, props: true })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="event-pending-leave"]').map((l) => l.text())).toEqual(['王强', '赵敏', '李晓梅']))
    expect(wrapper.findAll('[data-testid="event-pending-leave"] a').map((a) => a.attributes('href'))).toEqual([AT.wangLeave, AT.zhaoLeave, AT.myLeave].map((id) => `/branch/leave/${id}`))
    await db.data('attendance').update(AT.zhaoLeave, { leave_status: 'approved', decided_at: '2026-03-10T06:00:00Z' })
    await until(() => expect(wrapper.findAll('[data-testid="event-pending-leave"]').map((l) => l.text())).toEqual(['王强', '李晓梅']))
    // Another event's page: its own requests (none).
    await router.push(`/event/${EV.marCommittee}`)
    await until(() => expect(wrapper.get('[data-testid="event-pending-leaves"]').text()).toBe('请假待审批没有待审批的请假'))
  })

  test('shows a plain member nothing', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(EventPendingLeaves, { db, roles: ['member'], pattern: '/event/:eventId', path: `/event/${EV.upcoming}`, props: true })
    mounted = wrapper
    expect(wrapper.find('[data-testid="event-pending-leaves"]').exists()).toBe(false)
  })
})
