import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import MyRecordView from '@/features/me/MyRecordView.vue'
import HomeTodayEvents from '@/features/home/HomeTodayEvents.vue'
import HomeOwedList from '@/features/home/HomeOwedList.vue'
import type { ZhibuDb } from '@/data/db'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const NOW = new Date('2026-03-10T02:00:00Z') // 10:00 in Beijing
let mounted: VueWrapper | null = null

afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function memberDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  const e = (id: string, title: string, starts_at: string, extra = {}) => ({ id, org_id: ORG, branch_id: BRANCH, kind: 'theme_day', title, starts_at, ends_at: null, _ver: 1, ...extra })
  await db.data('events').bulkPut([
    e('e-past', '支部党员大会', '2026-01-16T07:00:00Z'),
    e('e-feb', '主题党日', '2026-02-10T07:00:00Z'),
    e('e-today', '书记讲党课', '2026-03-10T07:00:00Z', { place: '报告厅' }),
    e('e-next', '集中研讨', '2026-03-19T07:00:00Z'),
  ])
  await db.data('attendance').bulkPut([
    { id: 'a1', org_id: ORG, branch_id: BRANCH, event_id: 'e-past', member_id: ME, status: 'present', method: 'qr', checked_in_at: '2026-01-16T06:58:00Z', _ver: 1 },
    { id: 'a2', org_id: ORG, branch_id: BRANCH, event_id: 'e-feb', member_id: ME, status: 'absent', makeup_required: true, makeup_done_at: null, _ver: 1 },
    { id: 'a3', org_id: ORG, branch_id: BRANCH, event_id: 'e-next', member_id: ME, status: 'leave', leave_status: 'pending', leave_reason: '出差', _ver: 1 },
  ])
  await db.data('study_logs').bulkPut([
    { id: 's1', org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 40, topic: '党章', source: '学习强国', _ver: 1 },
    { id: 's2', org_id: ORG, branch_id: BRANCH, member_id: 'someone-else', studied_on: '2026-03-01', minutes: 99, topic: '别人的', _ver: 1 },
  ])
  await db.data('donations').put({ id: 'd1', org_id: ORG, branch_id: BRANCH, member_id: ME, campaign_id: 'c1', amount_fen: 12345, donated_on: '2026-03-02' })
  await db.data('blood_donations').put({ id: 'b1', org_id: ORG, branch_id: BRANCH, member_id: ME, volume_ml: 300, donated_on: '2026-03-03', _ver: 1 })
  await db.data('pledge_templates').put({ id: 't1', org_id: ORG, year: 2026, kind: 'personal', title: '干部职工廉洁从政承诺书', body: 'x', body_sha256: 'x', _ver: 1 })
  await db.data('visits').put({ id: 'v1', org_id: ORG, branch_id: BRANCH, kind: 'retired_member', visited_on: '2026-02-20', place: '老党员家中', participant_ids: [], _ver: 1 })
  await db.data('visit_participants').put({ id: 'vp1', org_id: ORG, branch_id: BRANCH, visit_id: 'v1', member_id: ME, note: '负责入户', _ver: 1 })
  return db
}

describe('MyRecordView', () => {
  test('shows my attendance rate, this year\'s totals and my history by month', async () => {
    const { wrapper } = await mountMemberView(MyRecordView, { db: await memberDevice(), now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="my-attendance-rate"]').text()).toContain('50%出勤率（1/2）'))
    expect(wrapper.get('[data-testid="my-study-minutes"]').text()).toContain('40')
    expect(wrapper.get('[data-testid="my-donations"]').text()).toContain('¥123.45')
    expect(wrapper.get('[data-testid="my-blood"]').text()).toContain('300')
    const months = wrapper.findAll('[data-testid="my-record-month"]').map((m) => m.get('h2').text())
    expect(months).toEqual(['2026年3月', '2026年2月', '2026年1月'])
    expect(wrapper.text()).not.toContain('别人的')
    expect(wrapper.text()).toContain('待同步')
  })

  test('lists my visit participations (visit_participants) under 走访, linked to their form', async () => {
    const { wrapper } = await mountMemberView(MyRecordView, { db: await memberDevice(), now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="my-record-item"]')).toHaveLength(7))
    await wrapper.get('[data-testid="my-kind-visit"]').trigger('click')
    const items = wrapper.findAll('[data-testid="my-record-item"]')
    expect(items.map((i) => i.text())).toEqual(['走访看望老党员 · 老党员家中2026年2月20日 · 负责入户'])
    expect(items[0]!.get('a').attributes('href')).toBe('/records/visit/vp1')
  })

  test('shows a stored row that does not match its schema as a problem, and the rest as usual', async () => {
    const db = await memberDevice()
    await db.data('study_logs').put({ id: 's-bad', org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-05', minutes: '四十', topic: '坏数据', _ver: 1 })
    const { wrapper } = await mountMemberView(MyRecordView, { db, now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="data-problem-invalid"]').text()).toBe('本机有 1 条记录格式不符，已保留在本机，暂未显示'))
    expect(wrapper.get('[data-testid="my-study-minutes"]').text()).toContain('40')
    expect(await db.data('study_logs').get('s-bad')).toMatchObject({ minutes: '四十' })
  })

  test('filters by kind', async () => {
    const { wrapper } = await mountMemberView(MyRecordView, { db: await memberDevice(), now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="my-record-item"]')).toHaveLength(7))
    await wrapper.get('[data-testid="my-kind-study"]').trigger('click')
    const items = wrapper.findAll('[data-testid="my-record-item"]')
    expect(items).toHaveLength(1)
    expect(items[0]!.text()).toContain('党章')
  })

  test('exports my record as a CSV file', async () => {
    const { wrapper } = await mountMemberView(MyRecordView, { db: await memberDevice(), now: NOW })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="my-record-item"]')).toHaveLength(7))
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:x'))
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('我的党员记录-2026-03-10.csv')
    })
    await wrapper.get('[data-testid="my-record-export"]').trigger('click')
    expect(clicked).toHaveBeenCalled()
    const text = await blobs[0]!.text()
    expect(text).toContain('日期,类别,事项,详情,状态')
    expect(text).toContain('2026-03-02,捐款,捐款,123.45元,待同步')
  })
})

describe('home', () => {
  test('lists today\'s events first, then upcoming ones, with my state and actions', async () => {
    const { wrapper } = await mountMemberView(HomeTodayEvents, { db: await memberDevice(), now: NOW })
    mounted = wrapper
    const events = await until(() => {
      const list = wrapper.findAll('[data-testid="home-event"]')
      expect(list).toHaveLength(2)
      return list
    })
    expect(events[0]!.text()).toContain('今天')
    expect(events[0]!.text()).toContain('书记讲党课')
    // 10:00, check-in opens at 13:00: leave can still be asked for.
    expect(events[0]!.get('a').text()).toBe('请假')
    expect(events[1]!.text()).toContain('请假待审批')
    expect(wrapper.text()).not.toContain('支部党员大会')
  })

  test('offers 签到 once check-in has opened', async () => {
    const { wrapper } = await mountMemberView(HomeTodayEvents, { db: await memberDevice(), now: new Date('2026-03-10T06:30:00Z') })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="home-event"]')[0]!.get('a').text()).toBe('签到'))
  })

  test('lists what I owe: the unsigned pledge, a make-up session and a leave awaiting approval, and my sync state', async () => {
    const db = await memberDevice()
    const { wrapper } = await mountMemberView(HomeOwedList, { db, now: NOW })
    mounted = wrapper
    await until(() =>
      expect(wrapper.findAll('[data-testid="home-owed-item"]').map((i) => i.text())).toEqual(['签署2026年度干部职工廉洁从政承诺书', '补课：主题党日', '请假待审批：集中研讨']),
    )
    expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('全部记录已同步')
    await db._outbox.add({ tx_id: 't', created_at: NOW.toISOString(), ops: [], rows: [] })
    await until(() => expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('1 项修改待同步，联网后自动提交'))
  })

  test('the sync state counts photos waiting to upload, and not those already uploaded', async () => {
    const db = await memberDevice()
    const { wrapper } = await mountMemberView(HomeOwedList, { db, now: NOW })
    mounted = wrapper
    const photo = (id: string, state: 'pending' | 'uploaded') => db._photos.put({
      id, path: `p/${id}.jpg`, record_key: 'events:e-1', state, bytes: new Uint8Array(4), type: 'image/jpeg',
      width: 1, height: 1, saved_at: NOW.toISOString(), attempts: 0, next_at: null, sent: false, used_at: NOW.toISOString(),
    })
    await photo('a', 'pending')
    await photo('b', 'pending')
    await photo('c', 'uploaded')
    await until(() => expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('2 张照片待上传，联网后自动上传'))
    await db._outbox.add({ tx_id: 't', created_at: NOW.toISOString(), ops: [], rows: [] })
    await until(() => expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('1 项修改待同步、2 张照片待上传，联网后自动提交'))
  })
})
