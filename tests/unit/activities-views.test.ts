/**
 * 活动 on the real repositories (fake-indexeddb): the list with its filters and the member's own
 * status, an event's page, and the committee's form and cancelling. Every save is read back from
 * the device database with its outbox entry.
 */
import { afterEach, describe, expect, test, vi } from 'vitest'
import { defineComponent } from 'vue'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { RouteRecordRaw } from 'vue-router'
import ActivitiesView from '@/features/activities/ActivitiesView.vue'
import ActivityDetailView from '@/features/activities/ActivityDetailView.vue'
import ActivityFormView from '@/features/activities/ActivityFormView.vue'
import { useActivityForm } from '@/features/activities/useActivityForm'
import { useSessionStore } from '@/stores/session'
import type { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { CLOCK } from '@/composables/useClock'
import { REPOSITORIES } from '@/composables/useRepositories'
import type { Role } from '@/domain/profile'
import { attendanceRowId } from '@/domain/syncIds'
import type { Locale } from '@/i18n'
import { BRANCH, ME, ORG, freshDb, until } from './member-support'
import { makeProfile, mountView, signedInDependencies } from './support'

const NOW = new Date('2026-03-10T07:05:00Z') // 15:05 in Beijing
const GROUP = '13000000-0000-4000-8000-000000000001'
const OTHER_GROUP = '13000000-0000-4000-8000-000000000002'
const E = (n: number) => `17000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`
const LECTURE_NOW = E(1) // under way, no attendance row
const COMMITTEE = E(2) // the 12th, leave pending
const THEME_DAY = E(3) // the 20th, cancelled
const ORG_STUDY = E(4) // the 15th, the whole organisation's
const PAST_GENERAL = E(5) // absent
const PAST_LECTURE = E(6) // late
const PAST_SEMINAR = E(7) // leave approved
const PENDING = E(8) // this morning, check-in waiting for the secretary
const GROUP_OTHER = E(9) // another group's meeting, upcoming
/** A page that renders nothing: where the event's other screens would open. */
const Blank = { render: () => null }

const ROUTES: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: Blank },
  { path: '/activities', name: 'activities', component: ActivitiesView },
  { path: '/activities/new', name: 'activity-new', component: ActivityFormView },
  { path: '/activities/:id', name: 'activity', component: ActivityDetailView },
  { path: '/activities/:id/edit', name: 'activity-edit', component: ActivityFormView },
  { path: '/activities/:id/:page', component: Blank },
  { path: '/checkin/scan', name: 'checkin-scan', component: Blank },
  { path: '/checkin/leave/:eventId', name: 'checkin-leave', component: Blank },
  { path: '/checkin/display/:eventId', name: 'checkin-display', component: Blank },
  { path: '/branch/leave/:attendanceId', name: 'branch-leave', component: Blank },
]

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

type Who = 'member' | 'secretary' | 'organizer' | 'admin' | 'secretaryAndAdmin'

/** Mounts the 活动 routes signed in as 李晓梅 (member / organizer / secretary of 机关第一党支部) or as the admin on no roster. */
async function open(path: string, options: { db?: ZhibuDb; who?: Who; locale?: Locale; routes?: RouteRecordRaw[] } = {}) {
  const db = options.db ?? (await branchDevice())
  const who = options.who ?? 'member'
  const profile =
    who === 'admin'
      ? makeProfile({ member: null, display_name: '孙丽华', roles: [{ role: 'admin', branch_id: null }] })
      : makeProfile({
          member: { id: ME, name: '李晓梅', branch_id: BRANCH, branch_name: '机关第一党支部', org_id: ORG, org_name: '市直机关事务局' },
          roles: [
            ...(['member', ...(who === 'member' ? [] : [who === 'secretaryAndAdmin' ? 'secretary' : who])] as Role[]).map((role) => ({ role, branch_id: BRANCH })),
            ...(who === 'secretaryAndAdmin' ? [{ role: 'admin' as const, branch_id: null }] : []),
          ],
        })
  const repositories = createRepositories({ db, now: () => NOW })
  const view = await mountView(ActivitiesView, {
    deps: signedInDependencies(profile),
    restored: true,
    locale: options.locale,
    routes: options.routes ?? ROUTES,
    path,
    provide: { [REPOSITORIES as symbol]: repositories, [CLOCK as symbol]: () => NOW },
  })
  mounted = view.wrapper
  await flushPromises()
  return { ...view, db }
}

const event = (id: string, kind: string, title: string, starts_at: string, extra: Record<string, unknown> = {}) => ({
  id, org_id: ORG, branch_id: BRANCH, kind, title, starts_at, ends_at: null, audience: 'branch', is_election: false, _ver: 1, ...extra,
})
const mark = (eventId: string, extra: Record<string, unknown>) => ({
  id: attendanceRowId(eventId, ME), org_id: ORG, branch_id: BRANCH, event_id: eventId, member_id: ME, _ver: 1, ...extra,
})

/** The member's branch: events of every state, her attendance, her roster row, the organisation. */
async function branchDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('orgs').put({ id: ORG, org_id: ORG, name: '市直机关事务局', theme_day_checklist: ['有主题', '有计划', '有记录'], _ver: 1 })
  await db.data('members').put({ id: ME, org_id: ORG, branch_id: BRANCH, name: '李晓梅', group_id: GROUP, is_committee: false, status: 'active', _ver: 1 })
  await db.data('party_groups').bulkPut([
    { id: GROUP, org_id: ORG, branch_id: BRANCH, name: '第一党小组', sort_order: 1, _ver: 1 },
    { id: OTHER_GROUP, org_id: ORG, branch_id: BRANCH, name: '第二党小组', sort_order: 2, _ver: 1 },
  ])
  await db.data('events').bulkPut([
    event(LECTURE_NOW, 'party_lecture', '书记讲党课', '2026-03-10T07:00:00+00:00', { ends_at: '2026-03-10T08:30:00+00:00', place: '报告厅', host: '王书记', agenda: '一、学习党章\n二、交流发言' }),
    event(COMMITTEE, 'committee_meeting', '3月支委会', '2026-03-12T01:00:00Z', { audience: 'committee' }),
    event(THEME_DAY, 'theme_day', '3月主题党日', '2026-03-20T06:00:00Z', { cancelled_at: '2026-03-09T02:00:00Z', cancel_reason: '与全局学习冲突', checklist_done: ['有主题'] }),
    { ...event(ORG_STUDY, 'group_study', '全局集中学习', '2026-03-15T01:00:00Z', { audience: 'org' }), branch_id: null },
    event(PAST_GENERAL, 'general_meeting', '第一季度党员大会', '2026-02-16T07:00:00Z'),
    event(PAST_LECTURE, 'party_lecture', '2月党课', '2026-02-20T07:00:00Z'),
    event(PAST_SEMINAR, 'seminar', '专题研讨', '2026-03-01T07:00:00Z'),
    event(PENDING, 'group_study', '晨读', '2026-03-10T00:00:00Z', { ends_at: '2026-03-10T01:00:00Z' }),
    event(GROUP_OTHER, 'group_meeting', '第二党小组会', '2026-03-18T07:00:00Z', { audience: 'group', group_id: OTHER_GROUP }),
  ])
  await db.data('attendance').bulkPut([
    mark(COMMITTEE, { status: 'leave', leave_status: 'pending', leave_reason: '出差' }),
    mark(PAST_GENERAL, { status: 'absent', method: 'manual' }),
    mark(PAST_LECTURE, { status: 'late', method: 'qr', verification: 'verified' }),
    mark(PAST_SEMINAR, { status: 'leave', leave_status: 'approved' }),
    mark(PENDING, { status: 'present', method: 'code', verification: 'pending' }),
  ])
  return db
}

const items = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-testid="activity-item"]').map((li) => ({
    title: li.get('.activity-item__title').text(),
    mine: li.find('[data-testid="activity-mine"]').exists() ? li.get('[data-testid="activity-mine"]').text() : null,
  }))

const chip = (wrapper: VueWrapper, group: string, value: string) => wrapper.get(`[data-testid="${group}"] [data-value="${value}"]`)

describe('活动 list', () => {
  test('lists the branch\'s and the organisation\'s upcoming events soonest first, each with the member\'s own status', async () => {
    const { wrapper } = await open('/activities')
    await until(() => expect(items(wrapper)).toHaveLength(5))
    expect(items(wrapper)).toEqual([
      { title: '书记讲党课', mine: '未签到' },
      { title: '3月支委会', mine: '请假待批' },
      { title: '全局集中学习', mine: null },
      { title: '第二党小组会', mine: '无需参加' },
      { title: '3月主题党日', mine: null },
    ])
    const rows = wrapper.findAll('[data-testid="activity-item"]')
    expect(rows[2]!.text()).toContain('全局')
    expect(rows[4]!.get('[data-testid="activity-cancelled"]').text()).toBe('已取消')
    expect(rows[0]!.text()).toContain('进行中')
    expect(rows[0]!.text()).toContain('3月10日 15:00 – 16:30 · 报告厅')
  })

  test('shows past events latest first with 待核实, 请假已批, 迟到 and 缺席, the choice kept in the address', async () => {
    const { wrapper, router } = await open('/activities')
    await until(() => expect(items(wrapper)).toHaveLength(5))
    await chip(wrapper, 'activities-when', 'past').trigger('click')
    await until(() => expect(router.currentRoute.value.query).toEqual({ when: 'past' }))
    await until(() => expect(items(wrapper)).toEqual([
      { title: '晨读', mine: '待核实' },
      { title: '专题研讨', mine: '请假已批' },
      { title: '2月党课', mine: '迟到' },
      { title: '第一季度党员大会', mine: '缺席' },
    ]))
  })

  test('filters by kind, and says so when a kind has nothing', async () => {
    const { wrapper, router } = await open('/activities?when=past')
    await until(() => expect(items(wrapper)).toHaveLength(4))
    await chip(wrapper, 'activities-kind', 'party_lecture').trigger('click')
    await until(() => expect(items(wrapper).map((i) => i.title)).toEqual(['2月党课']))
    expect(router.currentRoute.value.query).toEqual({ when: 'past', kind: 'party_lecture' })
    expect(chip(wrapper, 'activities-kind', 'party_lecture').attributes('aria-checked')).toBe('true')
    await chip(wrapper, 'activities-kind', 'visit').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="activities-empty"]').text()).toBe('还没有已结束的活动'))
    await chip(wrapper, 'activities-kind', '').trigger('click')
    await until(() => expect(items(wrapper)).toHaveLength(4))
    expect(router.currentRoute.value.query).toEqual({ when: 'past' })
  })

  test('shows a new event saved on the device at once', async () => {
    const { wrapper, db } = await open('/activities')
    await until(() => expect(items(wrapper)).toHaveLength(5))
    await db.data('events').put(event(E(20), 'volunteer', '社区志愿服务', '2026-03-11T01:00:00Z'))
    await until(() => expect(items(wrapper).map((i) => i.title)).toContain('社区志愿服务'))
  })

  test('offers 新建 to the committee and not to a member', async () => {
    const member = await open('/activities')
    await until(() => expect(items(member.wrapper)).toHaveLength(5))
    expect(member.wrapper.find('[data-testid="activity-create"]').exists()).toBe(false)
    member.wrapper.unmount()
    const organizer = await open('/activities?kind=theme_day', { who: 'organizer' })
    await until(() => expect(organizer.wrapper.get('[data-testid="activity-create"]').attributes('href')).toBe('/activities/new?kind=theme_day'))
  })

  test('keeps a stored event that does not match its schema and says so', async () => {
    const db = await branchDevice()
    await db.data('events').put(event(E(30), 'banquet', '联欢', '2026-03-11T01:00:00Z'))
    const { wrapper } = await open('/activities', { db })
    await until(() => expect(wrapper.get('[data-testid="data-problem-invalid"]').text()).toBe('本机有 1 条记录格式不符，已保留在本机，暂未显示'))
    expect(items(wrapper)).toHaveLength(5)
    expect(await db.data('events').get(E(30))).toMatchObject({ kind: 'banquet' })
  })
})

describe('an event\'s page', () => {
  test('shows a member the details, her status and 请假 before the start, and no committee actions', async () => {
    const { wrapper } = await open(`/activities/${COMMITTEE}`)
    await until(() => expect(wrapper.get('[data-testid="activity-title"]').text()).toBe('3月支委会'))
    expect(wrapper.get('[data-testid="activity-mine"]').text()).toBe('我的状态：请假待批')
    expect(wrapper.get('[data-testid="activity-facts"]').text()).toContain('支部委员')
    expect(wrapper.get('[data-testid="activity-leave"]').attributes('href')).toBe(`/checkin/leave/${COMMITTEE}`)
    expect(wrapper.find('[data-testid="activity-checkin"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="activity-committee-actions"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="activity-edit"]').exists()).toBe(false)
  })

  test('offers 签到 while check-in is open and no 请假 once the event has started, even to a pending request', async () => {
    const db = await branchDevice()
    await db.data('attendance').put(mark(LECTURE_NOW, { status: 'leave', leave_status: 'pending', leave_reason: '出差' }))
    const { wrapper } = await open(`/activities/${LECTURE_NOW}`, { db })
    await until(() => expect(wrapper.get('[data-testid="activity-mine"]').text()).toBe('我的状态：请假待批'))
    await until(() => expect(wrapper.get('[data-testid="activity-checkin"]').attributes('href')).toBe('/checkin/scan'))
    expect(wrapper.find('[data-testid="activity-leave"]').exists()).toBe(false)
    const facts = wrapper.get('[data-testid="activity-facts"]').text()
    expect(facts).toContain('报告厅')
    expect(facts).toContain('王书记')
    expect(wrapper.text()).toContain('一、学习党章\n二、交流发言')
  })

  test('shows a cancelled 主题党日 with its reason and its checklist, without 请假', async () => {
    const { wrapper } = await open(`/activities/${THEME_DAY}`)
    await until(() => expect(wrapper.get('[data-testid="activity-cancelled"]').text()).toBe('2026年3月9日 10:00取消：与全局学习冲突'))
    await until(() => expect(wrapper.get('[data-testid="activity-checklist"]').findAll('li').map((li) => li.text())).toEqual(['有主题：已完成', '有计划：未完成', '有记录：未完成']))
    expect(wrapper.find('[data-testid="activity-leave"]').exists()).toBe(false)
  })

  test('gives the secretary the committee\'s pages of the event', async () => {
    const { wrapper } = await open(`/activities/${COMMITTEE}`, { who: 'secretary' })
    await until(() => expect(wrapper.find('[data-testid="activity-committee-actions"]').exists()).toBe(true))
    const href = (key: string) => wrapper.get(`[data-testid="activity-${key}"]`).attributes('href')
    expect([href('display'), href('attendance'), href('record'), href('print'), href('edit')]).toEqual([
      `/checkin/display/${COMMITTEE}`, `/activities/${COMMITTEE}/attendance`, `/activities/${COMMITTEE}/record`, `/activities/${COMMITTEE}/print`, `/activities/${COMMITTEE}/edit`,
    ])
  })

  test('gives a branch\'s secretary no committee actions on the organisation\'s event', async () => {
    const { wrapper } = await open(`/activities/${ORG_STUDY}`, { who: 'secretary' })
    await until(() => expect(wrapper.get('[data-testid="activity-title"]').text()).toBe('全局集中学习'))
    expect(wrapper.find('[data-testid="activity-committee-actions"]').exists()).toBe(false)
  })

  test('lists the event\'s pending leave requests for the secretary, each opening its decision, and not for a member', async () => {
    const db = await branchDevice()
    const WANG = '15000000-0000-4000-8000-000000000009'
    await db.data('members').put({ id: WANG, org_id: ORG, branch_id: BRANCH, name: '王强', group_id: GROUP, is_committee: true, status: 'active', _ver: 1 })
    await db.data('attendance').put({ ...mark(COMMITTEE, { status: 'leave', leave_status: 'pending', leave_reason: '住院' }), id: attendanceRowId(COMMITTEE, WANG), member_id: WANG })
    const secretary = await open(`/activities/${COMMITTEE}`, { db, who: 'secretary' })
    const leaves = () => secretary.wrapper.findAll('[data-testid="event-pending-leave"]').map((li) => [li.text(), li.get('a').attributes('href')])
    await until(() => expect(leaves().sort()).toEqual([
      ['李晓梅', `/branch/leave/${attendanceRowId(COMMITTEE, ME)}`],
      ['王强', `/branch/leave/${attendanceRowId(COMMITTEE, WANG)}`],
    ].sort()))
    secretary.wrapper.unmount()
    const member = await open(`/activities/${COMMITTEE}`, { db })
    await until(() => expect(member.wrapper.get('[data-testid="activity-mine"]').text()).toBe('我的状态：请假待批'))
    expect(member.wrapper.find('[data-testid="event-pending-leaves"]').exists()).toBe(false)
    expect(member.wrapper.text()).not.toContain('王强')
  })

  test('says when the event is not on this phone', async () => {
    const { wrapper } = await open(`/activities/${E(99)}`)
    await until(() => expect(wrapper.get('[data-testid="activity-missing"]').text()).toContain('找不到这个活动'))
  })
})

describe('cancelling an event', () => {
  test('needs a reason, then keeps the event with its reason and queues only those columns', async () => {
    const { wrapper, db } = await open(`/activities/${COMMITTEE}`, { who: 'organizer' })
    await until(() => wrapper.get('[data-testid="activity-cancel"]'))
    await wrapper.get('[data-testid="activity-cancel"]').trigger('click')
    const dialog = await until(() => wrapper.get('[data-testid="activity-cancel-dialog"]'))
    await dialog.get('.van-dialog__confirm').trigger('click')
    await until(() => expect(dialog.text()).toContain('请填写取消原因'))
    expect(await db._outbox.count()).toBe(0)
    await wrapper.get('#activity-cancel-reason').setValue(' 书记外出，改期举行 ')
    await dialog.get('.van-dialog__confirm').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="activity-cancelled"]').text()).toContain('书记外出，改期举行'))
    expect(await db.data('events').get(COMMITTEE)).toMatchObject({ cancel_reason: '书记外出，改期举行', cancelled_at: NOW.toISOString(), title: '3月支委会' })
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'events', op: 'update', id: COMMITTEE, base_ver: 1, row: { cancelled_at: NOW.toISOString(), cancel_reason: '书记外出，改期举行' } })])
    expect(wrapper.find('[data-testid="activity-display"]').exists()).toBe(false)
  })

  test('restores a cancelled event', async () => {
    const { wrapper, db } = await open(`/activities/${THEME_DAY}`, { who: 'secretary' })
    await until(() => wrapper.get('[data-testid="activity-uncancel"]'))
    await wrapper.get('[data-testid="activity-uncancel"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="activity-cancelled"]').exists()).toBe(false))
    expect(await db.data('events').get(THEME_DAY)).toMatchObject({ cancelled_at: null, cancel_reason: null })
    expect((await db._outbox.toArray())[0]!.ops[0]).toMatchObject({ op: 'update', row: { cancelled_at: null, cancel_reason: null } })
  })
})

/** The error under the field whose input matches `selector`. */
function fieldError(wrapper: VueWrapper, selector: string): string {
  return wrapper.get(selector).element.closest('.van-field')?.querySelector('.van-field__error-message')?.textContent?.trim() ?? ''
}

describe('planning an event', () => {
  test('creates a 支委会 for the branch in China time: the row and its outbox entry, then opens the event', async () => {
    const { wrapper, db, router } = await open('/activities/new?kind=committee_meeting', { who: 'secretary' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    expect(chip(wrapper, 'activity-kind', 'committee_meeting').attributes('aria-checked')).toBe('true')
    expect(wrapper.get('[data-testid="activity-audience-fixed"]').text()).toBe('支委会的参加对象为支部委员')
    await wrapper.get('#activity-title').setValue(' 3月支委会 ')
    await wrapper.get('#activity-start').setValue('2026-03-12T09:00')
    expect((wrapper.get('#activity-end').element as HTMLInputElement).value).toBe('2026-03-12T11:00')
    await wrapper.get('#activity-place').setValue('三楼会议室')
    await wrapper.get('#activity-host').setValue('王书记')
    await wrapper.get('#activity-agenda').setValue('研究发展党员工作')
    await wrapper.get('[data-testid="activity-election"]').trigger('click')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('activity'))
    const rows = (await db.data('events').toArray()).filter((r) => r.title === '3月支委会' && r.id !== COMMITTEE)
    expect(rows).toHaveLength(1)
    const id = rows[0]!.id
    expect(router.currentRoute.value.params.id).toBe(id)
    expect(rows[0]).toMatchObject({
      org_id: ORG, branch_id: BRANCH, kind: 'committee_meeting', audience: 'committee', group_id: null, is_election: true,
      starts_at: '2026-03-12T01:00:00.000Z', ends_at: '2026-03-12T03:00:00.000Z', place: '三楼会议室', host: '王书记', agenda: '研究发展党员工作', theme: null,
    })
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'events', op: 'upsert', id, branch_id: BRANCH })])
  })

  test('explains a missing title and an end before the start, and saves nothing', async () => {
    const { wrapper, db } = await open('/activities/new', { who: 'organizer' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    await wrapper.get('#activity-end').setValue('2026-03-10T15:00')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请选择活动类型'))
    expect(fieldError(wrapper, '#activity-title')).toBe('请填写活动标题')
    expect(fieldError(wrapper, '#activity-end')).toBe('结束时间应晚于开始时间')
    expect(await db._outbox.count()).toBe(0)
    expect(await db.data('events').count()).toBe(9)
  })

  test('needs the party group when a group is expected, then saves it', async () => {
    const { wrapper, db, router } = await open('/activities/new?kind=theme_day', { who: 'secretary' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    await wrapper.get('#activity-title').setValue('小组主题党日')
    await chip(wrapper, 'activity-audience', 'group').trigger('click')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请选择参加的党小组'))
    expect(await db._outbox.count()).toBe(0)
    await until(() => expect(wrapper.get('[data-testid="activity-group"]').findAll('button').map((b) => b.text())).toEqual(['第一党小组', '第二党小组']))
    await chip(wrapper, 'activity-group', OTHER_GROUP).trigger('click')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('activity'))
    const saved = await db.data('events').get(String(router.currentRoute.value.params.id))
    expect(saved).toMatchObject({ kind: 'theme_day', audience: 'group', group_id: OTHER_GROUP, title: '小组主题党日' })
  })

  test('refuses text over its limit without cutting it', async () => {
    const { wrapper, db } = await open('/activities/new?kind=party_lecture', { who: 'secretary' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    await wrapper.get('#activity-title').setValue('党课')
    await wrapper.get('#activity-lecturer').setValue('讲'.repeat(51))
    await wrapper.get('form').trigger('submit')
    await until(() => expect(fieldError(wrapper, '#activity-lecturer')).toBe('内容过长：最多 50 个字，现在 51 个字'))
    expect((wrapper.get('#activity-lecturer').element as HTMLInputElement).value).toHaveLength(51)
    expect(await db._outbox.count()).toBe(0)
  })

  test('edits an event: only the changed column is sent, on the version it was made on', async () => {
    const db = await branchDevice()
    await db.data('events').update(LECTURE_NOW, { _ver: 4 })
    const { wrapper, router } = await open(`/activities/${LECTURE_NOW}/edit`, { db, who: 'organizer' })
    await until(() => expect((wrapper.get('#activity-place').element as HTMLInputElement).value).toBe('报告厅'))
    expect((wrapper.get('#activity-start').element as HTMLInputElement).value).toBe('2026-03-10T15:00')
    await wrapper.get('#activity-place').setValue('二楼报告厅')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('activity'))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'events', op: 'update', id: LECTURE_NOW, base_ver: 4, row: { place: '二楼报告厅' } })])
    expect(await db.data('events').get(LECTURE_NOW)).toMatchObject({ place: '二楼报告厅', branch_id: BRANCH, starts_at: '2026-03-10T07:00:00+00:00' })
  })

  test('refuses a save past the screen by someone who does not manage the event', async () => {
    // The form is hidden from a member; its save refuses him all the same.
    const Harness = defineComponent({
      setup() {
        const session = useSessionStore()
        const form = useActivityForm({
          repositories: createRepositories({ db: harnessDb, now: () => NOW }),
          clock: () => NOW,
          id: () => COMMITTEE,
          member: () => session.member,
          grants: () => session.profile?.roles ?? [],
        })
        return { form }
      },
      render: () => null,
    })
    const harnessDb = await branchDevice()
    const { wrapper } = await open('/harness', { db: harnessDb, routes: [{ path: '/harness', component: Harness }] })
    const form = wrapper.findComponent(Harness).vm.form as ReturnType<typeof useActivityForm>
    await until(() => expect(form.fields.title).toBe('3月支委会'))
    form.fields.title = '改过的支委会'
    expect(await form.save()).toBe(false)
    expect(form.formError.value).toBe('只有本支部的组织委员和支部书记可以安排、修改支部活动；全局活动由系统管理员安排')
    expect(await harnessDb._outbox.count()).toBe(0)
    expect(await harnessDb.data('events').get(COMMITTEE)).toMatchObject({ title: '3月支委会' })
  })

  test('lets a member neither edit nor create', async () => {
    const edit = await open(`/activities/${COMMITTEE}/edit`)
    await until(() => expect(edit.wrapper.get('[data-testid="activity-form-refused"]').text()).toBe('只有本支部的组织委员和支部书记可以安排、修改支部活动；全局活动由系统管理员安排'))
    expect(edit.wrapper.find('form').exists()).toBe(false)
    edit.wrapper.unmount()
    const create = await open('/activities/new')
    await until(() => expect(create.wrapper.get('[data-testid="activity-form-refused"]').text()).toBe('你没有可以安排活动的支部'))
    expect(await create.db._outbox.count()).toBe(0)
  })
})

describe('the organisation\'s events', () => {
  async function adminDevice(): Promise<ZhibuDb> {
    const db = freshDb()
    await db.data('orgs').put({ id: ORG, org_id: ORG, name: '市直机关事务局', _ver: 1 })
    await db.data('events').put({ ...event(ORG_STUDY, 'group_study', '全局集中学习', '2026-03-15T01:00:00Z', { audience: 'org' }), branch_id: null })
    return db
  }

  test('an admin on no roster sees the organisation\'s events and creates one for everyone', async () => {
    const db = await adminDevice()
    const list = await open('/activities', { db, who: 'admin' })
    await until(() => expect(items(list.wrapper)).toEqual([{ title: '全局集中学习', mine: null }]))
    expect(list.wrapper.find('[data-testid="activity-create"]').exists()).toBe(true)
    list.wrapper.unmount()
    const { wrapper, router } = await open('/activities/new?kind=blood_drive', { db, who: 'admin' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    expect(wrapper.find('[data-testid="activity-scope"]').exists()).toBe(false)
    expect(chip(wrapper, 'activity-audience', 'org').attributes('aria-checked')).toBe('true')
    await wrapper.get('#activity-title').setValue('机关献血日')
    await wrapper.get('#activity-start').setValue('2026-04-08T09:00')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('activity'))
    const id = String(router.currentRoute.value.params.id)
    expect(await db.data('events').get(id)).toMatchObject({ org_id: ORG, branch_id: null, kind: 'blood_drive', audience: 'org', starts_at: '2026-04-08T01:00:00.000Z' })
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op, o.id, o.branch_id]))).toEqual([[['events', 'upsert', id, null]]])
    await until(() => expect(wrapper.find('[data-testid="activity-committee-actions"]').exists()).toBe(true))
  })

  test('keeps the organs of a branch out of the organisation\'s events', async () => {
    const { wrapper, db } = await open('/activities/new?kind=committee_meeting', { db: await adminDevice(), who: 'admin' })
    await until(() => wrapper.get('[data-testid="activity-form"]'))
    await wrapper.get('#activity-title').setValue('支委会')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('支部党员大会、支委会和党小组会只能由支部召开'))
    expect(await db._outbox.count()).toBe(0)
  })

  test('a secretary who is also an admin chooses between the branch and the organisation', async () => {
    const { wrapper, db, router } = await open('/activities/new?kind=group_study', { who: 'secretaryAndAdmin' })
    await until(() => wrapper.get('[data-testid="activity-scope"]'))
    expect(wrapper.get('[data-testid="activity-scope"]').findAll('button').map((b) => [b.text(), b.attributes('aria-checked')])).toEqual([['本支部', 'true'], ['全局（全机关）', 'false']])
    expect(wrapper.get('[data-testid="activity-audience"]').findAll('button').map((b) => b.text())).toEqual(['本支部党员', '党小组', '支部委员'])
    await chip(wrapper, 'activity-scope', 'org').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="activity-audience"]').findAll('button').map((b) => b.text())).toEqual(['全体党员', '各支部委员']))
    expect(chip(wrapper, 'activity-audience', 'org').attributes('aria-checked')).toBe('true')
    await wrapper.get('#activity-title').setValue('全局专题培训')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('activity'))
    expect(await db.data('events').get(String(router.currentRoute.value.params.id))).toMatchObject({ branch_id: null, audience: 'org', kind: 'group_study' })
  })
})

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/
/** What the branch wrote: shown as stored in every language. */
const DATA = ['书记讲党课', '3月支委会', '3月主题党日', '全局集中学习', '第二党小组会', '报告厅', '王书记', '一、学习党章', '二、交流发言', '与全局学习冲突', '有主题', '有计划', '有记录', '第一党小组', '第二党小组']
function interfaceWords(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((n) => el.getAttribute(n) ?? ''))
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text
}
const expectNoChinese = (wrapper: VueWrapper) => expect(interfaceWords(wrapper).match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null).toBeNull()

describe('in English', () => {
  test('the list, an event and the form speak English, data as stored', async () => {
    const list = await open('/activities', { who: 'secretary', locale: 'en' })
    await until(() => expect(items(list.wrapper)).toHaveLength(5))
    expect(items(list.wrapper)[1]).toEqual({ title: '3月支委会', mine: 'Leave pending' })
    expectNoChinese(list.wrapper)
    list.wrapper.unmount()
    const detail = await open(`/activities/${THEME_DAY}`, { who: 'secretary', locale: 'en' })
    await until(() => expect(detail.wrapper.get('[data-testid="activity-cancelled"]').text()).toBe('Cancelled Mar 9, 2026, 10:00 AM: 与全局学习冲突'))
    expectNoChinese(detail.wrapper)
    detail.wrapper.unmount()
    const form = await open('/activities/new?kind=group_meeting', { who: 'secretary', locale: 'en' })
    await until(() => form.wrapper.get('[data-testid="activity-form"]'))
    await form.wrapper.get('form').trigger('submit')
    await until(() => expect(form.wrapper.text()).toContain('Choose the party group'))
    expect(fieldError(form.wrapper, '#activity-title')).toBe('Enter a title')
    expectNoChinese(form.wrapper)
  })
})
