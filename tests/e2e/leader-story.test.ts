/**
 * The leader's story on a phone: 统计 online, reloaded offline and still shown from what was kept,
 * a drill-down to a branch and one of its events, the 年度报告 with the figures the server counts,
 * and both exports (.docx and .xlsx, Playwright downloads) read back: their Chinese headings and
 * figures are the server's for the day's demo data.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { strFromU8, unzipSync } from 'fflate'
import readXlsxFile from 'read-excel-file/node'
import { LOCAL_ANON_KEY } from '@/data/config'
import { chinaDay } from '@/domain/chinaTime'
import type { Totals, FigureRecords, MemberAttendanceRow } from '@/domain/review'
import { rateTenths, yuanText } from '@/domain/annualReport'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, collectPageErrors, demoLogins, signInThroughForm, waitForServiceWorkerControl, type DemoApi } from './flows'

const run = browserAvailable()
const YEAR = Number(chinaDay(new Date()).slice(0, 4))

async function waitFor(page: Page, testid: string, what: string) {
  try {
    await page.getByTestId(testid).first().waitFor({ timeout: 30_000 })
  } catch (error) {
    const shown = await page.evaluate(() => document.querySelector('main')?.textContent?.trim().slice(0, 300) ?? '')
    throw new Error(`${what}: no ${testid}; the screen shows: ${shown}`, { cause: error })
  }
}

async function expectFits(page: Page, path: string) {
  expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 360 })
}

async function download(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testid).click()])
  const path = await file.path()
  return { name: file.suggestedFilename(), bytes: readFileSync(path) }
}

/**
 * The trend chart as a screenshot shows it (a worker's canvas cannot be read from the page): how
 * many pixels carry ink, and how many are the rate line's red (#c8161d).
 */
async function chartPixels(page: Page): Promise<{ ink: number; red: number }> {
  const png = await page.getByTestId('review-trend-chart').screenshot()
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d')!
    context.drawImage(bitmap, 0, 0)
    const d = context.getImageData(0, 0, canvas.width, canvas.height).data
    let ink = 0
    let red = 0
    for (let i = 0; i < d.length; i += 4) {
      if (d[i]! < 235 || d[i + 1]! < 235 || d[i + 2]! < 235) ink += 1
      if (d[i]! > 150 && d[i + 1]! < 90 && d[i + 2]! < 90) red += 1
    }
    return { ink, red }
  }, png.toString('base64'))
}

/** The answer 统计 keeps on the phone for a review call, read from its device database. */
function keptAnswer(page: Page, key: string): Promise<boolean> {
  return page.evaluate((k) => new Promise<boolean>((resolve) => {
    const user = (JSON.parse(localStorage.getItem('zhibu-auth') ?? 'null') as { user?: { id?: string } } | null)?.user?.id
    const open = indexedDB.open(user ? `zhibu-${user}` : 'zhibu')
    open.onerror = () => resolve(false)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('_meta')) return resolve(false)
      const get = db.transaction('_meta').objectStore('_meta').get(k)
      get.onsuccess = () => resolve(!!get.result)
      get.onerror = () => resolve(false)
    }
  }), key)
}

describe.runIf(run)('the leader reviews the year and exports the report in Chromium', () => {
  let app: AppUnderTest
  let api: DemoApi
  let phone: BrowserContext
  let page: Page
  let errors: string[]
  let totals: Totals

  beforeAll(async () => {
    app = await startApp()
    api = await apiAs(app.url, demoLogins.leader, LOCAL_ANON_KEY)
    totals = await api.rpc<Totals>('review_totals', { p_year: YEAR })
    phone = await app.newPhone()
    page = await phone.newPage()
    errors = collectPageErrors(page)
  })
  afterAll(async () => {
    await app?.close()
  })

  test('统计 online, then offline after a reload, from what the phone kept', async () => {
    await signInThroughForm(page, demoLogins.leader)
    await waitForServiceWorkerControl(page)
    await page.goto('/review')
    await waitFor(page, 'review-figures', '统计')
    await expect.poll(() => page.getByTestId('review-as-of').textContent()).toContain('截至')
    await expectFits(page, '/review')
    const online = await page.getByTestId('review-figures').textContent()
    // The trend: Chart.js drew it in the chart worker, bars and the rate line on the canvas.
    await waitFor(page, 'review-trend-chart', '统计 chart')
    await page.locator('[data-testid="review-trend-chart"][data-drawn]').waitFor({ timeout: 30_000 })
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /trendWorker/.test(e.name)))).toBe(true)
    const pixels = await chartPixels(page)
    expect(pixels.red).toBeGreaterThan(50)
    expect(pixels.ink).toBeGreaterThan(pixels.red + 500)
    // What 导出 Excel's 出勤明细 needs offline was kept with the dashboard.
    await expect.poll(() => keptAnswer(page, `review:review_member_attendance:${YEAR}`), { timeout: 30_000 }).toBe(true)

    await phone.setOffline(true)
    await page.reload()
    await waitFor(page, 'review-figures', '统计 offline')
    expect(await page.getByTestId('review-figures').textContent()).toBe(online)
    await expect.poll(() => page.getByTestId('review-as-of').textContent()).toContain('离线')
    await page.locator('[data-testid="review-trend-chart"][data-drawn]').waitFor({ timeout: 30_000 })
    expect((await chartPixels(page)).red).toBeGreaterThan(50)
    await phone.setOffline(false)
  })

  test('exports the .xlsx offline, with a row per person, having only opened 统计 online', async () => {
    await phone.setOffline(true)
    try {
      await page.goto(`/review/report?year=${YEAR}`)
      await waitFor(page, 'report-export-excel', '年度报告 offline')
      const xlsx = await download(page, 'report-export-excel')
      const sheets = (await readXlsxFile(xlsx.bytes)) as { sheet: string; data: unknown[][] }[]
      const people = sheets.find((s) => s.sheet === '出勤明细')!.data
      const persons = await api.rpc<{ rows: MemberAttendanceRow[] }>('review_member_attendance', { p_year: YEAR })
      expect(persons.rows.length).toBeGreaterThan(0)
      expect(people).toHaveLength(1 + persons.rows.length)
      const first = persons.rows.find((r) => r.expected > 0)!
      expect(people.find((r) => r[0] === first.name && r[1] === first.branch_name)?.slice(3, 8)).toEqual([first.expected, first.present, first.late, first.leave, first.absent])
    } finally {
      await phone.setOffline(false)
    }
  })

  test('where the browser cannot draw in a worker, Chart.js draws the trend on the page', async () => {
    const old = await phone.newPage()
    await old.addInitScript(() => {
      delete (HTMLCanvasElement.prototype as { transferControlToOffscreen?: unknown }).transferControlToOffscreen
    })
    try {
      await old.goto('/review')
      await old.locator('[data-testid="review-trend-chart"][data-drawn]').waitFor({ timeout: 30_000 })
      const drawn = await old.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="review-trend-chart"]')!
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
        let red = 0
        for (let i = 0; i < d.length; i += 4) if (d[i]! > 150 && d[i + 1]! < 90 && d[i + 2]! < 90 && d[i + 3]! > 200) red += 1
        return { red, worker: performance.getEntriesByType('resource').some((e) => /trendWorker/.test(e.name)) }
      })
      expect(drawn.worker).toBe(false)
      expect(drawn.red).toBeGreaterThan(50)
      await expectFits(old, '/review')
    } finally {
      await old.close()
    }
  })

  test('drills down from 统计 to a branch and one of its events', async () => {
    await page.goto('/review')
    await waitFor(page, 'ranking-branch', '统计 ranking')
    await page.getByTestId('ranking-branch').first().click()
    await waitFor(page, 'review-branch-event', 'branch')
    await expectFits(page, page.url())
    await page.getByTestId('review-branch-event').first().click()
    await waitFor(page, 'review-attendee', 'event')
    await expectFits(page, page.url())
  })

  test('the 年度报告 carries the server\'s figures, and opens the records a figure counts', async () => {
    await page.goto(`/review/report?year=${YEAR}`)
    await waitFor(page, 'report-body', '年度报告')
    await expectFits(page, '/review/report')
    const f = totals.figures
    const study = await page.getByTestId('report-paragraph-study').textContent()
    const times = (n: number | null) => (n === null ? '（暂无数据）' : `${n}次`)
    expect(study).toContain(`已组织开展${times(f.group_study_sessions)}集中学习和${times(f.seminar_sessions)}集中研讨`)
    const grassroots = await page.getByTestId('report-paragraph-grassroots').textContent()
    expect(grassroots).toContain(`共募集捐款${f.donation_fen === null ? '（暂无数据）' : `${yuanText(f.donation_fen)}元`}`)

    await page.getByTestId('report-figure-donation_fen').click()
    await waitFor(page, 'figure-title', 'figure records')
    const records = await api.rpc<FigureRecords>('review_figure_records', { p_year: YEAR, p_figure: 'donation_fen' })
    await expect.poll(() => page.getByTestId('figure-record').count()).toBe(records.rows.length)
    await expectFits(page, page.url())
  })

  test('exports the .docx and the .xlsx, whose headings and figures are the server\'s', async () => {
    await page.goto(`/review/report?year=${YEAR}`)
    await waitFor(page, 'report-body', '年度报告')
    const docx = await download(page, 'report-export-word')
    expect(docx.name).toBe(`${YEAR}年度党建工作情况.docx`)
    const xml = strFromU8(unzipSync(new Uint8Array(docx.bytes))['word/document.xml']!)
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!)
    expect(texts[0]).toBe(`${YEAR}年度党建工作情况`)
    expect(texts).toContain('扎实开展学习教育')
    const f = totals.figures
    const times = (n: number | null) => (n === null ? '（暂无数据）' : `${n}次`)
    expect(texts.join('\n')).toContain(`已组织开展${times(f.group_study_sessions)}集中学习和${times(f.seminar_sessions)}集中研讨`)

    const xlsx = await download(page, 'report-export-excel')
    expect(xlsx.name).toBe(`${YEAR}年度统计.xlsx`)
    const sheets = (await readXlsxFile(xlsx.bytes)) as { sheet: string; data: unknown[][] }[]
    expect(sheets.map((s) => s.sheet)).toEqual(['参与率（支部×月份）', '出勤明细', '活动出勤', '捐款', '献血', '走访慰问', '廉洁承诺'])
    expect(sheets[0]!.data[0]).toEqual(['支部', '单位', '月份', '活动类型', '活动次数', '应到人次', '出席人次', '迟到人次', '请假人次', '缺席人次', '参与率（%）'])
    // 出勤明细: one row per person, as review_member_attendance answers the leader.
    const people = sheets[1]!.data
    const persons = await api.rpc<{ rows: MemberAttendanceRow[] }>('review_member_attendance', { p_year: YEAR })
    expect(people[0]).toEqual(['姓名', '支部', '党小组', '应到', '出席', '迟到', '请假', '缺席', '出勤率（%）'])
    expect(people).toHaveLength(1 + persons.rows.length)
    const first = persons.rows.find((r) => r.expected > 0)!
    const rate = rateTenths(first.present + first.late, first.expected) / 10
    expect(people.find((r) => r[0] === first.name && r[1] === first.branch_name)).toEqual([
      first.name, first.branch_name, first.group_name, first.expected, first.present, first.late, first.leave, first.absent, rate,
    ])
    const donations = sheets[3]!.data
    expect(donations[0]).toEqual(['日期', '支部', '记录', '说明', '金额（元）'])
    const records = await api.rpc<FigureRecords>('review_figure_records', { p_year: YEAR, p_figure: 'donation_fen' })
    expect(donations).toHaveLength(1 + records.rows.length)
    const sumFen = donations.slice(1).reduce((s, r) => s + Math.round(Number(r[4]) * 100), 0)
    expect(sumFen).toBe(records.rows.reduce((s, r) => s + (r.value ?? 0), 0))
    // While the phone was offline Chromium logs each request it could not send; nothing else may appear.
    expect(errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
  })
})
