/**
 * 年度报告 and the records behind a figure, mounted in English on the real review repository (a
 * device database on fake-indexeddb) with real HTTP answers of the documented shapes: the English
 * sentences with their figures, (no data) for a figure the year holds nothing for, the records'
 * page, and no Chinese outside the server's data, so a key missing from en.ts fails here.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { defineComponent } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { REPOSITORIES } from '@/composables/useRepositories'
import { CLOCK } from '@/composables/useClock'
import ReportView from '@/features/report/ReportView.vue'
import ReportFigureView from '@/features/report/ReportFigureView.vue'
import type { Locale } from '@/i18n'
import { mountView } from './support'
import { until } from './member-support'
import { documented, startReviewServer, type Reply } from './review-support'

const NOW = new Date('2026-06-15T10:00:00+08:00')
const Blank = defineComponent({ render: () => null })
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/
/** What the server's data says in Chinese: branch names, record labels, goods. */
const DATA = ['机关第一党支部', '博爱一日捐', '电视机', '台']

let n = 0
let mounted: VueWrapper | null = null
const servers: { close: () => Promise<void> }[] = []
afterEach(async () => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function open(path: string, answer: (fn: string, args: Record<string, unknown>) => Reply = documented(2026), locale: Locale = 'en') {
  const server = await startReviewServer(answer)
  servers.push(server)
  const repositories = createRepositories({ db: new ZhibuDb(`report-screens-${++n}`), reviewRpc: server.rpc, now: () => NOW })
  const { wrapper, router } = await mountView(Blank, {
    path,
    locale,
    routes: [
      { path: '/', component: Blank },
      { path: '/review/report', name: 'review-report', component: ReportView },
      { path: '/review/figure/:figure', name: 'review-figure', component: ReportFigureView },
    ],
    provide: { [REPOSITORIES as symbol]: repositories, [CLOCK as symbol]: () => NOW },
  })
  mounted = wrapper
  return { wrapper, router, server }
}

function chineseIn(wrapper: VueWrapper): string | null {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) => ['aria-label', 'title', 'alt', 'placeholder'].map((a) => el.getAttribute(a) ?? ''))
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text.match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null
}
const paragraph = (wrapper: VueWrapper, code: string) => wrapper.get(`[data-testid="report-paragraph-${code}"]`).text().replace(/\s+/g, ' ')

describe('年度报告 in English', () => {
  test('words the year\'s sentences with the server\'s figures, and (no data) for the Xuexi rate the year cannot give', async () => {
    const { wrapper } = await open('/review/report?year=2026')
    await until(() => expect(wrapper.find('[data-testid="report-body"]').exists()).toBe(true))
    expect(wrapper.get('.report__title').text()).toBe('Party work in 2026')
    expect(wrapper.get('[data-testid="report-as-of"]').text()).toBe('As of Jun 15, 2026, 10:00 AM')
    // Sentences follow each other with a space in English (the Chinese ones without).
    expect(paragraph(wrapper, 'study')).toBe(
      'Study ran through the whole year: 1 session of group study and 2 sessions of group seminars were held. ' +
        'Members logged 3 minutes of personal study. Training was organised for 25 people of the cadres and staff.',
    )
    expect(paragraph(wrapper, 'integrity')).toBe(
      'Signed the Responsibility Statement on Party Conduct and Integrity with 18 departments and 19 subordinate units; ' +
        '21 people signed the Integrity Pledge for Cadres and Staff (of 22 people expected).',
    )
    expect(paragraph(wrapper, 'grassroots')).toBe(
      'Following the "three meetings and one lecture" system, the branches held 4 sessions of party congresses, committee and group meetings, ' +
        'gave 5 sessions of party lectures and held 6 sessions of themed party days. ' +
        'Members and cadres were urged to use the Xuexi Qiangguo app; its usage rate reached (no data). ' +
        'In the Fraternity One-Day Donation drive, 8 people of the staff gave ¥12345 in total, of which ¥0.09 has been handed over. ' +
        'Blood drives were organised: 10 people from the bureau and its subordinate units gave blood, 11 ml in total. ' +
        'Visited retired veteran party members (retired cadres), 12 people, and staff in difficulty, 14 people, handing out ¥0.28 in support.',
    )
    expect(wrapper.get('[data-testid="report-figure-xuexi_rate"]').text()).toBe('(no data)')
    expect(wrapper.get('[data-testid="report-figure-donation_fen"]').attributes('href')).toBe('/review/figure/donation_fen?year=2026')
    expect(wrapper.get('[data-testid="report-export-word"]').text()).toBe('Export Word')
    expect(wrapper.get('[data-testid="report-export-excel"]').text()).toBe('Export Excel')
    expect(chineseIn(wrapper)).toBeNull()
  })

  test('says in English why nothing can be shown when the server fails and the device kept nothing', async () => {
    const { wrapper } = await open('/review/report?year=2026', () => ({ status: 503, body: { code: 'XX000', message: 'down' } }))
    await until(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true))
    expect(wrapper.get('[role="alert"]').text()).toBe('The server had a problem. Please try again later')
    expect(wrapper.find('[data-testid="report-body"]').exists()).toBe(false)
    expect(chineseIn(wrapper)).toBeNull()
  })
})

describe('a figure\'s records in English', () => {
  test('lists what the figure counts with its amount, date and branch', async () => {
    const { wrapper, server } = await open('/review/figure/donation_fen?year=2026')
    await until(() => expect(wrapper.findAll('[data-testid="figure-record"]')).toHaveLength(1))
    expect(server.calls).toEqual([{ fn: 'review_figure_records', args: { p_year: 2026, p_figure: 'donation_fen' } }])
    expect(wrapper.get('[data-testid="figure-title"]').text()).toBe('Records of: Donations raised')
    expect(wrapper.get('[data-testid="figure-record"]').text().replace(/\s+/g, ' ')).toBe('博爱一日捐¥500Jan 12, 2026 · 机关第一党支部')
    expect(wrapper.text()).toContain('Records: 1')
    expect(chineseIn(wrapper)).toBeNull()
  })

  test('a derived figure shows each total it is made of, and says when a year recorded nothing', async () => {
    const good = documented(2026)
    const { wrapper } = await open('/review/figure/visits_care_funds_fen?year=2026', (fn, args) =>
      args.p_figure === 'visits_staff_hardship_funds_fen' ? { status: 200, body: { figure: args.p_figure, rows: [] } } : good(fn, args))
    await until(() => expect(wrapper.findAll('section')).toHaveLength(2))
    expect(wrapper.findAll('section h3').map((h) => h.text())).toEqual(['Support for retired veteran members', 'Support for staff in difficulty'])
    expect(wrapper.get('[data-testid="figure-section-visits_staff_hardship_funds_fen"]').text()).toContain('Nothing was recorded for this in 2026')
    expect(chineseIn(wrapper)).toBeNull()
  })

  test('an unknown figure is said to be unknown, in English', async () => {
    const { wrapper, server } = await open('/review/figure/no_such_figure?year=2026')
    await until(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true))
    expect(wrapper.get('[role="alert"]').text()).toBe('There is no such figure')
    expect(server.calls).toEqual([])
    expect(chineseIn(wrapper)).toBeNull()
  })
})
