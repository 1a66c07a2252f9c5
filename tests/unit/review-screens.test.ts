/**
 * The 统计 screens on the real review repository (a device database on fake-indexeddb) and real
 * HTTP answers of the documented shapes from a server started here: figures, trend, ranking,
 * drill-down to a branch and an event, 截至 on kept answers, errors with retry; in English too.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { defineComponent } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { REPOSITORIES } from '@/composables/useRepositories'
import { CLOCK } from '@/composables/useClock'
import ReviewView from '@/features/review/ReviewView.vue'
import ReviewBranchView from '@/features/review/ReviewBranchView.vue'
import ReviewEventView from '@/features/review/ReviewEventView.vue'
import type { Locale } from '@/i18n'
import { mountView } from './support'
import { until } from './member-support'
import { BRANCH_A, EVENT_1, documented, startReviewServer, type Reply } from './review-support'
import { drawOffThreadHere, RecordedWorker } from './review-chart-support'

const NOW = new Date('2026-06-15T10:00:00+08:00')
const Blank = defineComponent({ render: () => null })
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/
/** What the server's data says in Chinese: names, titles, units, goods. */
const DATA = ['机关第一党支部', '机关第二党支部', '办公室', '一月主题党日', '李晓梅', '杨帆', '第一党小组', '电视机', '台']

let n = 0
let mounted: VueWrapper | null = null
let restoreWindow = () => {}
const servers: { close: () => Promise<void> }[] = []
afterEach(async () => {
  mounted?.unmount()
  mounted = null
  restoreWindow()
  restoreWindow = () => {}
  document.body.innerHTML = ''
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function leaderPhone(answer: (fn: string, args: Record<string, unknown>) => Reply = documented(2026), db = new ZhibuDb(`review-screens-${++n}`)) {
  const server = await startReviewServer(answer)
  servers.push(server)
  const repositories = createRepositories({ db, reviewRpc: server.rpc, now: () => NOW })
  return { server, db, repositories }
}

async function open(repositories: ReturnType<typeof createRepositories>, path: string, locale: Locale = 'zh-CN') {
  const { wrapper, router } = await mountView(Blank, {
    path,
    locale,
    routes: [
      { path: '/', component: Blank },
      { path: '/review', component: ReviewView },
      { path: '/review/branch/:branchId', component: ReviewBranchView },
      { path: '/review/event/:eventId', component: ReviewEventView },
      { path: '/review/report', component: Blank },
      { path: '/review/figure/:figure', component: Blank },
    ],
    provide: { [REPOSITORIES as symbol]: repositories, [CLOCK as symbol]: () => NOW },
  })
  mounted = wrapper
  return { wrapper, router }
}

function interfaceWords(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) => ['aria-label', 'title', 'alt'].map((a) => el.getAttribute(a) ?? ''))
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text
}
const chineseIn = (wrapper: VueWrapper) => interfaceWords(wrapper).match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null

describe('统计 home', () => {
  test('shows the year\'s figures, 暂无数据 for a figure with nothing to count, and when they were fetched', async () => {
    const { repositories } = await leaderPhone()
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.find('[data-testid="review-figures"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="figure-donation_fen"]').text()).toBe('募集捐款12,345 元')
    expect(wrapper.get('[data-testid="figure-xuexi_total"]').text()).toBe('应使用学习强国（人）暂无数据')
    expect(wrapper.get('[data-testid="figure-study_minutes"]').text()).toBe('个人学习时长3 分钟')
    expect(wrapper.get('[data-testid="review-goods"]').text()).toBe('电视机 2 台')
    expect(wrapper.get('[data-testid="review-as-of"]').text()).toContain('截至 2026年6月15日 10:00')
    expect(wrapper.get('[data-testid="review-report-link"]').attributes('href')).toBe('/review/report?year=2026')
  })

  test('draws the months as a chart and a table, with rates of present and late over expected', async () => {
    restoreWindow = drawOffThreadHere()
    const { repositories } = await leaderPhone()
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.find('[data-testid="review-trend-table"]').exists()).toBe(true))
    const rows = wrapper.findAll('[data-testid="review-trend-table"] tbody tr').map((r) => r.text())
    expect(rows).toHaveLength(12)
    expect(rows[0]).toBe('1月23019' + '63.3%')
    expect(rows[1]).toBe('2月155100%')
    expect(rows[3]).toBe('4月000—')
    const chart = wrapper.get('[data-testid="review-trend-chart"]')
    expect(chart.element.tagName).toBe('CANVAS')
    expect(chart.attributes('aria-label')).toBe('各月参与率图：1月 63.3%，2月 100%，3月 90%')
    // The chart worker gets the canvas with the same months, worded on the page.
    const [worker] = RecordedWorker.started
    expect(RecordedWorker.started).toHaveLength(1)
    await until(() => expect(worker!.messages.map((m) => m.type)).toContain('attach'))
    const attach = worker!.messages.find((m) => m.type === 'attach')!
    if (attach.type !== 'attach') throw new Error('no attach')
    expect(attach.data.events).toEqual([2, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(attach.data.words.months).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}月`))
    expect([attach.data.words.events, attach.data.words.rate, attach.data.words.rateTicks.join(' ')]).toEqual(['活动', '参与率', '0% 25% 50% 75% 100%'])
    expect(chart.attributes('data-drawn')).toBeUndefined()
    worker!.reply({ type: 'drawn', seq: attach.seq })
    await until(() => expect(wrapper.get('[data-testid="review-trend-chart"]').attributes('data-drawn')).toBe('true'))
  })

  test('each visit starts one chart worker and ends it on leaving; the table does not wait for it', async () => {
    restoreWindow = drawOffThreadHere()
    const { repositories } = await leaderPhone()
    for (const visit of [1, 2, 3]) {
      const { wrapper } = await open(repositories, '/review')
      await until(() => expect(wrapper.findAll('[data-testid="review-trend-table"] tbody tr')).toHaveLength(12))
      expect(RecordedWorker.started.filter((w) => !w.terminated)).toHaveLength(1)
      wrapper.unmount()
      mounted = null
      expect(RecordedWorker.started).toHaveLength(visit)
      expect(RecordedWorker.started.filter((w) => !w.terminated)).toHaveLength(0)
    }
  })

  test('keeps the per-person attendance for the workbook once its own answers are in, asked once a year', async () => {
    const { repositories, server } = await leaderPhone()
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(server.calls.map((c) => c.fn)).toContain('review_member_attendance'))
    const fns = server.calls.map((c) => c.fn)
    expect(fns.indexOf('review_member_attendance')).toBe(4)
    expect(fns.slice(0, 4).sort()).toEqual(['review_branches', 'review_held', 'review_participation', 'review_totals'])
    await until(async () => expect((await repositories.review.cachedAnswer('review_member_attendance', [2026]))?.value.rows.length).toBeGreaterThan(0))
    await wrapper.get('[data-testid="review-refresh"]').trigger('click')
    await until(() => expect(server.calls.filter((c) => c.fn === 'review_totals')).toHaveLength(2))
    await until(() => expect(wrapper.get('[data-testid="review-refresh"]').attributes('disabled')).toBeUndefined())
    expect(server.calls.filter((c) => c.fn === 'review_member_attendance')).toHaveLength(1)
  })

  test('does not ask for the per-person attendance while its own answers fail', async () => {
    const { repositories, server } = await leaderPhone(() => ({ status: 500, body: { code: 'XX000', message: 'down' } }))
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.find('[data-testid="review-retry"]').exists()).toBe(true))
    // A second round, so that a call made when the first one ended has reached the server.
    await wrapper.get('[data-testid="review-retry"]').trigger('click')
    await until(() => expect(server.calls.filter((c) => c.fn === 'review_totals')).toHaveLength(2))
    await until(() => expect(wrapper.find('[data-testid="review-retry"]').exists()).toBe(true))
    expect(server.calls.map((c) => c.fn)).not.toContain('review_member_attendance')
  })

  test('ranks the branches by participation, and by compliance when asked', async () => {
    const { repositories } = await leaderPhone()
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.findAll('[data-testid="ranking-branch"]')).toHaveLength(2))
    const names = () => wrapper.findAll('[data-testid="ranking-branch"] .review-ranking__name').map((e) => e.text())
    // 第一: 14 of 15 expected; 第二: 37 of 50.
    expect(names()).toEqual(['机关第一党支部', '机关第二党支部'])
    expect(wrapper.findAll('[data-testid="ranking-branch"]')[1]!.attributes('aria-label')).toBe('机关第二党支部：参与率 74%，组织生活按期完成 1 项，未按期 11 项')
    await wrapper.get('[data-testid="rank-by-compliance"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="rank-by-compliance"]').attributes('aria-checked')).toBe('true'))
    expect(wrapper.findAll('[data-testid="ranking-branch"]')[0]!.text()).toContain('组织生活 4/17')
  })

  test('shows the kept figures offline with the time they were fetched', async () => {
    const { server, repositories, db } = await leaderPhone()
    const first = await open(repositories, '/review')
    await until(() => expect(first.wrapper.find('[data-testid="review-figures"]').exists()).toBe(true))
    first.wrapper.unmount()
    await server.close()
    servers.length = 0
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.get('[data-testid="review-as-of"]').text()).toContain('离线：显示的是 2026年6月15日 10:00 获取的统计'))
    expect(wrapper.get('[data-testid="figure-donation_fen"]').text()).toBe('募集捐款12,345 元')
    expect(await db._meta.count()).toBe(4)
  })

  test('says why nothing can be shown, and shows the figures after a retry', async () => {
    let failing = true
    const good = documented(2026)
    const { repositories } = await leaderPhone((fn, args) => (failing ? { status: 500, body: { code: 'XX000', message: 'boom' } } : good(fn, args)))
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.get('[data-testid="review-error"]').text()).toContain('获取统计失败，请稍后重试。'))
    expect(wrapper.find('[data-testid="review-figures"]').exists()).toBe(false)
    failing = false
    await wrapper.get('[data-testid="review-retry"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="review-figures"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="review-error"]').exists()).toBe(false)
  })

  test('says an answer of the wrong shape cannot be shown, without breaking the page', async () => {
    const { repositories } = await leaderPhone(() => ({ status: 200, body: { rows: 'nonsense' } }))
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.get('[data-testid="review-error"]').text()).toContain('服务器返回的统计格式不正确'))
  })

  test('shows nothing but the refusal to someone the server does not allow', async () => {
    const { repositories } = await leaderPhone(() => ({ status: 403, body: { code: '42501', message: '无权查看' } }))
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.get('[data-testid="review-error"]').text()).toContain('你没有查看这些统计的权限。'))
    expect(wrapper.find('[data-testid="review-ranking"]').exists()).toBe(false)
  })
  test('takes the figures off the screen when a refresh is refused', async () => {
    let allowed = true
    const good = documented(2026)
    const { repositories } = await leaderPhone((fn, args) => (allowed ? good(fn, args) : { status: 403, body: { code: '42501', message: '无权查看' } }))
    const { wrapper } = await open(repositories, '/review')
    await until(() => expect(wrapper.find('[data-testid="review-refresh"]:not([disabled])').exists()).toBe(true))
    expect(wrapper.find('[data-testid="review-figures"]').exists()).toBe(true)
    allowed = false
    await wrapper.get('[data-testid="review-refresh"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="review-error"]').text()).toContain('你没有查看这些统计的权限。'))
    expect(wrapper.find('[data-testid="review-figures"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="review-ranking"]').exists()).toBe(false)
  }, 15_000)
})

describe('统计 drill-down', () => {
  test('opens a branch: its obligations met and missed and its events, then an event\'s attendance', async () => {
    const { repositories, server } = await leaderPhone()
    const { wrapper, router } = await open(repositories, '/review')
    await until(() => expect(wrapper.findAll('[data-testid="ranking-branch"]')).toHaveLength(2))
    await wrapper.findAll('[data-testid="ranking-branch"]')[0]!.trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe(`/review/branch/${BRANCH_A}?year=2026`))
    await until(() => expect(wrapper.find('[data-testid="review-branch-events"]').exists()).toBe(true))
    expect(server.calls.at(-1)).toEqual({ fn: 'review_branch_events', args: { p_branch_id: BRANCH_A, p_year: 2026 } })
    const duty = wrapper.get('[data-testid="review-branch-obligations"]').text()
    expect(duty).toContain('支委会：完成 2/12，未按期 3')
    expect(wrapper.findAll('[data-testid="review-branch-missed"] li').map((l) => l.text())).toEqual([
      '2026年第1季度 支部党员大会', '2026年第1季度 党课',
      '2026年2月 党小组会', '2026年2月 主题党日',
      '2026年3月 支委会', '2026年3月 党小组会', '2026年3月 主题党日',
      '2026年4月 支委会', '2026年4月 党小组会', '2026年4月 主题党日',
      '2026年5月 支委会', '2026年5月 党小组会', '2026年5月 主题党日',
    ])
    expect(wrapper.get('[data-testid="review-branch-event"]').text()).toContain('应到 10，实到 9，请假 1，缺席 0 · 90%')
    await wrapper.get('[data-testid="review-branch-event"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe(`/review/event/${EVENT_1}`))
    await until(() => expect(wrapper.findAll('[data-testid="review-attendee"]')).toHaveLength(2))
    expect(wrapper.findAll('[data-testid="review-attendee"]').map((r) => r.text())).toEqual(['李晓梅第一党小组已签到 · 9:02', '杨帆未编入党小组请假'])
    expect(wrapper.get('[data-testid="review-event-counts"]').text()).toBe('名单共 2 人：已签到 1，迟到 0，请假 1，缺席 0')
  }, 15_000)
})

describe('统计 in English', () => {
  test('words the home, a branch and an event without Chinese outside the data', async () => {
    const { repositories } = await leaderPhone()
    const home = await open(repositories, '/review', 'en')
    await until(() => expect(home.wrapper.find('[data-testid="review-figures"]').exists()).toBe(true))
    await until(() => expect(home.wrapper.find('[data-testid="review-ranking"]').exists()).toBe(true))
    expect(home.wrapper.get('[data-testid="figure-donation_fen"]').text()).toBe('Donations raisedCNY 12,345')
    expect(chineseIn(home.wrapper)).toBeNull()
    home.wrapper.unmount()
    const branch = await open(repositories, `/review/branch/${BRANCH_A}?year=2026`, 'en')
    await until(() => expect(branch.wrapper.find('[data-testid="review-branch-events"]').exists()).toBe(true))
    expect(chineseIn(branch.wrapper)).toBeNull()
    branch.wrapper.unmount()
    const event = await open(repositories, `/review/event/${EVENT_1}`, 'en')
    await until(() => expect(event.wrapper.findAll('[data-testid="review-attendee"]')).toHaveLength(2))
    expect(chineseIn(event.wrapper)).toBeNull()
  }, 15_000)
})
