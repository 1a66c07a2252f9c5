import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import BranchView from '@/features/branch/BranchView.vue'
import HomeBranchTodo from '@/features/home/HomeBranchTodo.vue'
import { AT, EV, branchDevice, mountBranchView } from './branch-support'
import { until } from './member-support'
import { makeProfile, mountView, signedInDependencies } from './support'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

const texts = (w: VueWrapper, id: string) => w.findAll(`[data-testid="${id}"]`).map((e) => e.text().replace(/\s+/g, ' ').trim())
const hrefs = (w: VueWrapper, id: string) => w.findAll(`[data-testid="${id}"] a`).map((e) => e.attributes('href'))

async function openBranch(roles: ('member' | 'organizer' | 'secretary')[] = ['member', 'secretary']) {
  const db = await branchDevice()
  const view = await mountBranchView(BranchView, { db, roles, pattern: '/branch', path: '/branch' })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="branch-todo"]').exists()).toBe(true))
  return view
}

/** Each line of the calendar as "name: status of each period". */
const calendarLines = (w: VueWrapper) =>
  w.findAll('[data-testid="calendar-line"]').map((line) => `${line.get('h3').element.firstChild!.textContent!.trim()}: ${line.findAll('[data-testid="calendar-cell"]').map((c) => c.attributes('data-status')).join(' ')}`)

describe('支部 (BranchView)', () => {
  test('lists the 待办: leave requests to decide, check-ins to verify per event, and make-ups owed and to confirm', async () => {
    const { wrapper } = await openBranch()
    expect(texts(wrapper, 'branch-todo-leave')).toEqual(['王强 · 支部党员大会 · 2026年3月20日', '赵敏 · 支部党员大会 · 2026年3月20日', '李晓梅 · 支部党员大会 · 2026年3月20日'])
    expect(hrefs(wrapper, 'branch-todo-leave')).toEqual([`/branch/leave/${AT.wangLeave}`, `/branch/leave/${AT.zhaoLeave}`, `/branch/leave/${AT.myLeave}`])
    expect(texts(wrapper, 'branch-todo-checkins')).toEqual(['1月支委会：1 人', '3月支委会：1 人'])
    expect(hrefs(wrapper, 'branch-todo-checkins')).toEqual([`/activities/${EV.janCommittee}/attendance`, `/activities/${EV.marCommittee}/attendance`])
    // Owed: 王强 absent and 赵敏 on leave at the ended 3月支委会; not the volunteer service or the organisation's study.
    expect(texts(wrapper, 'branch-todo-makeups')).toEqual(['待补课 2 人次，待确认 1 人次'])
    expect(hrefs(wrapper, 'branch-todo-makeups')).toEqual(['/branch/makeups'])
  })

  test('updates the 待办 when a leave is decided on this phone', async () => {
    const { wrapper, repositories, db } = await openBranch()
    await repositories.leave.decide((await db.data('attendance').get(AT.zhaoLeave)) as { id: string; org_id: string }, 'approved', null)
    await until(() => expect(texts(wrapper, 'branch-todo-leave').map((t) => t.split(' · ')[0])).toEqual(['王强', '李晓梅']))
  })

  test('shows what is due this period, soonest deadline first, with a way to plan each meeting kind', async () => {
    const { wrapper } = await openBranch()
    expect(texts(wrapper, 'branch-due-item')).toEqual([
      '支委会 · 2026年3月2026年3月31日前安排',
      '党小组会（第一党小组） · 2026年3月2026年3月31日前安排',
      '主题党日 · 2026年3月2026年3月31日前安排',
      '支部党员大会 · 2026年第1季度2026年3月31日前安排',
      '党课 · 2026年第1季度2026年3月31日前安排',
      '组织生活会 · 2026年2026年12月31日前安排',
      '民主评议党员 · 2026年2026年12月31日前安排',
    ])
    expect(wrapper.get('[data-testid="branch-due-item"] a').attributes('href')).toBe('/activities/new?kind=committee_meeting')
  })

  test('builds the year\'s calendar from the events on the phone: done, due and missed at a fixed clock', async () => {
    const { wrapper } = await openBranch()
    const due9 = Array(9).fill('due').join(' ')
    expect(calendarLines(wrapper)).toEqual([
      // January held with minutes; February held without (missed); March held, no minutes yet (due).
      `支委会: done missed due ${due9}`,
      `党小组会（第一党小组）: done missed due ${due9}`,
      // January by its checklist; February's was cancelled.
      `主题党日: done missed due ${due9}`,
      '支部党员大会: due due due due',
      '党课: due due due due',
      '组织生活会: due',
      '民主评议党员: due',
    ])
    expect(wrapper.get('[data-testid="calendar-line"] small').text()).toBe('完成 1/12，未按期 1')
    expect(wrapper.get('[data-testid="calendar-cell"]').attributes('aria-label')).toBe('支委会，2026年1月：已完成')
  })

  test('opens the event of a done period, and explains a missed one', async () => {
    const { wrapper, router } = await openBranch()
    const cells = wrapper.findAll('[data-testid="calendar-line"]')[0]!.findAll('[data-testid="calendar-cell"]')
    await cells[0]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe(`/activities/${EV.janCommittee}`))
    await router.push('/branch')
    await until(() => expect(wrapper.find('[data-testid="calendar-line"]').exists()).toBe(true))
    await wrapper.findAll('[data-testid="calendar-line"]')[0]!.findAll('[data-testid="calendar-cell"]')[1]!.trigger('click')
    await until(() => expect(wrapper.get('[data-testid="calendar-detail"]').text()).toBe('支委会，2026年2月：未按期完成2月支委会（2026年2月9日）：已召开，缺少记录'))
    await wrapper.findAll('[data-testid="calendar-line"]')[2]!.findAll('[data-testid="calendar-cell"]')[1]!.trigger('click')
    await until(() => expect(wrapper.get('[data-testid="calendar-detail"]').text()).toBe('主题党日，2026年2月：未按期完成取消的主题党日（2026年2月20日）：已取消'))
    await wrapper.findAll('[data-testid="calendar-line"]')[3]!.findAll('[data-testid="calendar-cell"]')[2]!.trigger('click')
    await until(() => expect(wrapper.get('[data-testid="calendar-detail"]').text()).toBe('支部党员大会，2026年第3季度：待完成这一期没有召开'))
  })

  test('turns to another year, where every period has ended unheld', async () => {
    const { wrapper } = await openBranch()
    await wrapper.get('[data-testid="calendar-prev"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="branch-calendar"] h2').text()).toBe('2025年组织生活'))
    const missed12 = Array(12).fill('missed').join(' ')
    expect(calendarLines(wrapper)[0]).toBe(`支委会: ${missed12}`)
    // This period's obligations stay the current year's.
    expect(texts(wrapper, 'branch-due-item')).toHaveLength(7)
  })

  test('shows the organizer the same 待办 and calendar', async () => {
    const { wrapper } = await openBranch(['organizer'])
    expect(texts(wrapper, 'branch-todo-leave')).toHaveLength(3)
    expect(calendarLines(wrapper)).toHaveLength(7)
  })

  test('says when there is nothing to do', async () => {
    const db = await branchDevice()
    await db.data('attendance').clear()
    const view = await mountBranchView(BranchView, { db, roles: ['secretary'], pattern: '/branch', path: '/branch' })
    mounted = view.wrapper
    await until(() => expect(view.wrapper.get('[data-testid="branch-todo-empty"]').text()).toBe('暂无待办事项'))
  })

  test('sends an admin on no roster to 系统管理, and nobody else', async () => {
    for (const [role, link] of [['admin', true], ['leader', false]] as const) {
      const profile = makeProfile({ member: null, roles: [{ role, branch_id: null }] })
      const view = await mountView(BranchView, {
        deps: signedInDependencies(profile),
        restored: true,
        routes: [{ path: '/branch', component: BranchView }, { path: '/admin', component: { render: () => null } }],
        path: '/branch',
      })
      mounted = view.wrapper
      expect(view.wrapper.get('[data-testid="branch-no-roster"]').text()).toContain('你的账号尚未关联支部名册')
      expect(view.wrapper.find('[data-testid="branch-admin-link"]').exists()).toBe(link)
      if (link) {
        expect(view.wrapper.get('[data-testid="branch-admin-link"]').text()).toBe('前往系统管理：各支部名册、人员与权限')
        await view.wrapper.get('[data-testid="branch-admin-link"]').trigger('click')
        await until(() => expect(view.router.currentRoute.value.path).toBe('/admin'))
      }
      view.wrapper.unmount()
      mounted = null
    }
  })
})

describe('首页 for the committee (HomeBranchTodo)', () => {
  test('shows the secretary the pending leaves and what is due this month', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(HomeBranchTodo, { db, roles: ['member', 'secretary'], pattern: '/', path: '/' })
    mounted = wrapper
    await until(() => expect(texts(wrapper, 'branch-todo-leave')).toHaveLength(3))
    expect(texts(wrapper, 'branch-due-item')[0]).toBe('支委会 · 2026年3月2026年3月31日前安排')
    await db.data('attendance').update(AT.wangLeave, { leave_status: 'approved', decided_at: '2026-03-10T06:00:00Z' })
    await until(() => expect(texts(wrapper, 'branch-todo-leave')).toHaveLength(2))
  })

  test('shows a plain member nothing of the branch\'s', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(HomeBranchTodo, { db, roles: ['member'], pattern: '/', path: '/' })
    mounted = wrapper
    expect(wrapper.find('[data-testid="home-branch-todo"]').exists()).toBe(false)
    expect(wrapper.text()).toBe('')
  })
})
