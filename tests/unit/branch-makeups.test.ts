import { effectScope } from 'vue'
import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import BranchMakeupsView from '@/features/branch/BranchMakeupsView.vue'
import BranchMakeupForm from '@/features/branch/BranchMakeupForm.vue'
import HomeOwedList from '@/features/home/HomeOwedList.vue'
import { useBranchMakeups } from '@/composables/useBranchMakeups'
import { branchScopeOf } from '@/composables/useBranchScope'
import { createRepositories } from '@/data/repositories'
import type { Role } from '@/domain/profile'
import { AT, EV, NOW, branchDevice, mountBranchView } from './branch-support'
import { BRANCH, ME, ORG, until } from './member-support'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

/** Each item's lines, then its actions, separated by " / ". */
const items = (w: VueWrapper) =>
  w.findAll('[data-testid="makeup-item"]').map((e) => [...e.findAll('.makeup-item__main > span'), ...e.findAll('.makeup-item__actions > *')].map((x) => x.text().trim()).join(' / '))

async function openList(roles: Role[]) {
  const db = await branchDevice()
  const view = await mountBranchView(BranchMakeupsView, { db, roles, pattern: '/branch/makeups', path: '/branch/makeups' })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="makeups-owed"]').exists()).toBe(true))
  return view
}

async function openForm(attendanceId: string, roles: Role[], db?: Awaited<ReturnType<typeof branchDevice>>) {
  const device = db ?? (await branchDevice())
  const view = await mountBranchView(BranchMakeupForm, { db: device, roles, pattern: '/branch/makeups/:attendanceId', path: `/branch/makeups/${attendanceId}` })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="makeup-form"], [data-testid="makeup-blocked"]').exists()).toBe(true))
  return view
}

describe('补课 (BranchMakeupsView)', () => {
  test('lists those absent or on leave at an ended branch meeting, by state, and nobody else', async () => {
    const { wrapper } = await openList(['organizer'])
    expect(wrapper.get('[data-testid="makeups-owed"]').text()).toBe('待补课 2')
    expect(wrapper.get('[data-testid="makeups-recorded"]').text()).toBe('待确认 1')
    expect(wrapper.get('[data-testid="makeups-confirmed"]').text()).toBe('已确认 1')
    expect(items(wrapper)).toEqual(['王强 · 3月支委会 / 2026年3月3日 · 缺席 / 登记', '赵敏 · 3月支委会 / 2026年3月3日 · 请假 / 登记'])
    expect(wrapper.findAll('[data-testid="makeup-record"]').map((a) => a.attributes('href'))).toEqual([`/branch/makeups/${AT.wangAbsent}`, `/branch/makeups/${AT.zhaoLeaveHeld}`])

    await wrapper.get('[data-testid="makeups-recorded"]').trigger('click')
    expect(items(wrapper)).toEqual(['孙立 · 2月支委会 / 2026年2月9日 · 缺席 / 参加补课会，2026年2月28日完成 / 参加补课会并发言 / 补课由支部书记确认 / 修改'])
    expect(wrapper.find('[data-testid="makeup-confirm"]').exists()).toBe(false)

    await wrapper.get('[data-testid="makeups-confirmed"]').trigger('click')
    expect(items(wrapper)).toEqual(['赵敏 · 1月支委会 / 2026年1月12日 · 缺席 / 学习会议记录，2026年1月20日完成 / 已学习会议记录 / 李晓梅于2026年1月21日确认'])
  })

  test('lets the secretary confirm a recorded make-up: the device sends the confirmation, the server sets who and when', async () => {
    const { wrapper, db } = await openList(['member', 'secretary'])
    await wrapper.get('[data-testid="makeups-recorded"]').trigger('click')
    await wrapper.get('[data-testid="makeup-confirm"]').trigger('click')
    await until(async () => expect((await db.data('attendance').get(AT.sunRecorded))?.makeup_confirmed_at).toBeTruthy())
    const ops = (await db._outbox.toArray()).map((e) => e.ops)
    expect(ops).toEqual([[{ table: 'attendance', op: 'update', id: AT.sunRecorded, branch_id: expect.any(String), base_ver: 1, row: { makeup_confirmed_at: '2026-03-10T07:00:00.000Z' } }]])
    await until(() => expect(wrapper.get('[data-testid="makeups-confirmed"]').text()).toBe('已确认 2'))
    expect(wrapper.get('[data-testid="makeups-recorded"]').text()).toBe('待确认 0')
    expect(wrapper.get('[data-testid="makeups-empty"]').text()).toBe('没有待确认的补课')
  })
})

describe('confirming a make-up (useBranchMakeups)', () => {
  test('refuses the organizer\'s confirmation and queues nothing', async () => {
    const db = await branchDevice()
    const scope = branchScopeOf({ id: ME, branch_id: BRANCH, org_id: ORG }, [{ role: 'organizer', branch_id: BRANCH }])
    const run = effectScope()
    const makeups = run.run(() => useBranchMakeups({ repositories: createRepositories({ db }), clock: () => NOW, scope: () => scope }))!
    const recorded = await until(() => {
      const item = makeups.items.value.find((i) => i.state === 'recorded')
      expect(item).toBeDefined()
      return item!
    })
    expect(await makeups.confirm(recorded)).toBe(false)
    expect(await db._outbox.count()).toBe(0)
    run.stop()
  })
})

describe('登记补课 (BranchMakeupForm)', () => {
  test('records how and when a member made up a meeting: the row is flagged and queued with its outbox entry', async () => {
    const { wrapper, db, router } = await openForm(AT.wangAbsent, ['organizer'])
    expect(wrapper.get('[data-testid="makeup-who"]').text()).toBe('王强 · 3月支委会')
    await wrapper.get('[data-testid="makeup-method-minutes"]').trigger('click')
    await wrapper.get('#makeup-day').setValue('2026-03-09')
    await wrapper.get('#makeup-note').setValue('已学习会议记录并交流心得')
    await wrapper.get('[data-testid="makeup-form"]').trigger('submit')
    await until(async () => expect(await db.data('attendance').get(AT.wangAbsent)).toMatchObject({
      makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-03-08T16:00:00.000Z', makeup_note: '已学习会议记录并交流心得',
    }))
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => o.row))).toEqual([[{
      makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-03-08T16:00:00.000Z', makeup_note: '已学习会议记录并交流心得',
    }]])
    await until(() => expect(router.currentRoute.value.fullPath).toBe('/branch/makeups'))
  })

  test('says what is missing or wrong and saves nothing', async () => {
    const { wrapper, db } = await openForm(AT.zhaoLeaveHeld, ['secretary'])
    await wrapper.get('#makeup-day').setValue('2026-03-11')
    await wrapper.get('[data-testid="makeup-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请选择补课方式'))
    expect(wrapper.text()).toContain('完成日期不能晚于今天')
    await wrapper.get('[data-testid="makeup-method-other"]').trigger('click')
    await wrapper.get('#makeup-day').setValue('2026-03-02')
    await wrapper.get('[data-testid="makeup-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('完成日期不能早于会议日期'))
    expect(wrapper.text()).toContain('选择其他方式时，请在说明中写明怎样补课')
    expect(await db._outbox.count()).toBe(0)
  })

  test('opens a recorded make-up with its values, and keeps a confirmed one for the secretary', async () => {
    const db = await branchDevice()
    const { wrapper } = await openForm(AT.sunRecorded, ['organizer'], db)
    expect(wrapper.get('[data-testid="makeup-method-session"]').attributes('aria-pressed')).toBe('true')
    expect((wrapper.get('#makeup-day').element as HTMLInputElement).value).toBe('2026-02-28')
    expect((wrapper.get('#makeup-note').element as HTMLTextAreaElement).value).toBe('参加补课会并发言')
    mounted!.unmount()
    const confirmed = await openForm(AT.zhaoConfirmed, ['organizer'], db)
    expect(confirmed.wrapper.get('[data-testid="makeup-blocked"]').text()).toBe('这次补课已经确认，只有支部书记可以修改')
    mounted!.unmount()
    const present = await openForm(AT.sunPresent, ['secretary'], db)
    expect(present.wrapper.get('[data-testid="makeup-blocked"]').text()).toBe('这条出席记录不需要补课')
    mounted!.unmount()
    const member = await openForm(AT.wangAbsent, ['member'], db)
    expect(member.wrapper.get('[data-testid="makeup-blocked"]').text()).toBe('只有本支部的组织委员或支部书记可以登记补课')
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('the member\'s 首页: what he owes', () => {
  test('lists a make-up owed by the rule and one awaiting confirmation, linked to the meeting, and not a confirmed one', async () => {
    const db = await branchDevice()
    // 李晓梅 (ME) was absent at the March committee meeting (not flagged) and made up February's (recorded).
    await db.data('attendance').bulkPut([
      { id: 'me-mar', org_id: '10000000-0000-4000-8000-000000000001', branch_id: '12000000-0000-4000-8000-000000000001', event_id: EV.marCommittee, member_id: ME, status: 'absent', _ver: 1 },
      { id: 'me-feb', org_id: '10000000-0000-4000-8000-000000000001', branch_id: '12000000-0000-4000-8000-000000000001', event_id: EV.febCommittee, member_id: ME, status: 'leave', leave_status: 'approved', makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-02-20T00:00:00Z', _ver: 1 },
      { id: 'me-jan', org_id: '10000000-0000-4000-8000-000000000001', branch_id: '12000000-0000-4000-8000-000000000001', event_id: EV.janTheme, member_id: ME, status: 'absent', makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-01-25T00:00:00Z', makeup_confirmed_at: '2026-01-26T00:00:00Z', _ver: 1 },
      { id: 'me-vol', org_id: '10000000-0000-4000-8000-000000000001', branch_id: '12000000-0000-4000-8000-000000000001', event_id: EV.volunteer, member_id: ME, status: 'absent', _ver: 1 },
    ])
    await db.data('attendance').delete(AT.myLeave)
    const { wrapper } = await mountBranchView(HomeOwedList, { db, roles: ['member'], pattern: '/', path: '/' })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="home-owed-item"]').map((i) => i.text())).toEqual(['补课已登记，待支部书记确认：2月支委会', '补课：3月支委会']))
    expect(wrapper.findAll('[data-testid="home-owed-item"] a').map((a) => a.attributes('href'))).toEqual([`/activities/${EV.febCommittee}`, `/activities/${EV.marCommittee}`])
  })
})
