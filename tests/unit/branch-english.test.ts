/**
 * The 支部 screens in English on the real repositories: every word of the interface is English;
 * only data (names, titles, places, reasons, notes) stays as stored.
 */
import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import BranchView from '@/features/branch/BranchView.vue'
import BranchLeaveView from '@/features/branch/BranchLeaveView.vue'
import BranchMakeupsView from '@/features/branch/BranchMakeupsView.vue'
import BranchMakeupForm from '@/features/branch/BranchMakeupForm.vue'
import EventPendingLeaves from '@/components/committee/EventPendingLeaves.vue'
import { AT, DATA, EV, branchDevice, mountBranchView } from './branch-support'
import { until } from './member-support'

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

/** The text people read (content and the attributes screen readers and fields show), data removed. */
function interfaceWords(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''))
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text
}
const expectNoChinese = (wrapper: VueWrapper) => expect(interfaceWords(wrapper).match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null).toBeNull()

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

describe('支部 in English', () => {
  test('words the 待办, this period\'s obligations and the calendar', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(BranchView, { db, roles: ['secretary'], pattern: '/branch', path: '/branch', locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.find('[data-testid="branch-todo"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="branch-todo-makeups"]').text()).toBe('2 owed, 1 to confirm')
    expect(wrapper.get('[data-testid="branch-due-item"]').text()).toBe('Committee meeting · 2026-3by Mar 31, 2026Plan')
    expect(wrapper.get('[data-testid="calendar-cell"]').attributes('aria-label')).toBe('Committee meeting, 2026-1: Done')
    expect(wrapper.get('[data-testid="branch-calendar"] h2').text()).toBe('Branch life in 2026')
    await wrapper.findAll('[data-testid="calendar-cell"]')[1]!.trigger('click')
    await until(() => expect(wrapper.get('[data-testid="calendar-detail"]').text()).toBe('Committee meeting, 2026-2: Missed2月支委会 (Feb 9, 2026): Held, record missing'))
    expectNoChinese(wrapper)
  })

  test('words a leave request, the decision and its refusals', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(BranchLeaveView, { db, roles: ['secretary'], pattern: '/branch/leave/:attendanceId', path: `/branch/leave/${AT.wangLeave}`, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.find('[data-testid="leave-state"]').text()).toBe('StatusAwaiting decision'))
    await wrapper.get('[data-testid="leave-reject"]').trigger('click')
    await until(() => expect(wrapper.text()).toContain('Say why when you refuse'))
    expectNoChinese(wrapper)
    await wrapper.get('#leave-decision-note').setValue('Please attend')
    await wrapper.get('[data-testid="leave-reject"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="leave-decided-by"]').text()).toContain('Decided on this phone, waiting to sync'))
    expectNoChinese(wrapper)
  })

  test('tells the organizer in English that only the secretary decides', async () => {
    const db = await branchDevice()
    const { wrapper } = await mountBranchView(BranchLeaveView, { db, roles: ['organizer'], pattern: '/branch/leave/:attendanceId', path: `/branch/leave/${AT.zhaoLeave}`, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="leave-blocked"]').text()).toBe('Only the branch secretary decides leave requests'))
    expectNoChinese(wrapper)
  })

  test('words the make-up list in each state and the make-up form with its problems', async () => {
    const db = await branchDevice()
    const list = await mountBranchView(BranchMakeupsView, { db, roles: ['organizer'], pattern: '/branch/makeups', path: '/branch/makeups', locale: 'en' })
    mounted = list.wrapper
    await until(() => expect(list.wrapper.findAll('[data-testid="makeup-item"]')).toHaveLength(2))
    expectNoChinese(list.wrapper)
    for (const state of ['recorded', 'confirmed']) {
      await list.wrapper.get(`[data-testid="makeups-${state}"]`).trigger('click')
      expectNoChinese(list.wrapper)
    }
    expect(list.wrapper.get('[data-testid="makeup-confirmed"]').text()).toBe('Confirmed by 李晓梅 on Jan 21, 2026')
    list.wrapper.unmount()

    const form = await mountBranchView(BranchMakeupForm, { db, roles: ['organizer'], pattern: '/branch/makeups/:attendanceId', path: `/branch/makeups/${AT.wangAbsent}`, locale: 'en' })
    mounted = form.wrapper
    await until(() => expect(form.wrapper.find('[data-testid="makeup-form"]').exists()).toBe(true))
    await form.wrapper.get('[data-testid="makeup-method-other"]').trigger('click')
    await form.wrapper.get('#makeup-day').setValue('2026-03-11')
    await form.wrapper.get('[data-testid="makeup-form"]').trigger('submit')
    await until(() => expect(form.wrapper.text()).toContain('The day cannot be after today'))
    expect(form.wrapper.text()).toContain('For another way, say in the note how the make-up was done')
    expectNoChinese(form.wrapper)
  })

  test('words an event\'s pending leave requests', async () => {
    const db = await branchDevice()
    const { wrapper, router } = await mountBranchView(EventPendingLeaves, { db, roles: ['secretary'], pattern: '/event/:eventId', path: `/event/${EV.upcoming}`, props: true, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="event-pending-leave"]')).toHaveLength(3))
    expect(wrapper.get('h3').text()).toBe('Leave awaiting approval')
    expectNoChinese(wrapper)
    await router.push(`/event/${EV.marCommittee}`)
    await until(() => expect(wrapper.text()).toContain('No leave awaiting approval'))
    expectNoChinese(wrapper)
  })
})
