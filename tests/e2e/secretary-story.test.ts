/**
 * The secretary's story on phones: 陈志强 plans this month's 支委会 to start in a few minutes, 杨帆
 * asks for leave and the secretary approves it, check-in runs (王建国 types the code on the
 * secretary's screen, the secretary checks himself in, and his phone takes 张静's own code), 谢振华 is
 * marked absent with a reason, the minutes and a resolution with quorum are recorded, the 会议记录 is
 * printed, and the calendar on 支部 shows this month's 支委会 done. Every screen is at 360×740 without
 * horizontal scroll or console errors, online and again offline after that one visit.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { chinaDay } from '@/domain/chinaTime'
import { checkinWindow } from '@/domain/checkin'
import { memberCheckinToken } from '@/domain/memberCheckin'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, collectPageErrors, demoLogins, expectFits, signInThroughForm, waitForScreen, waitForServiceWorkerControl, type DemoApi, type DemoLogin } from './flows'

const run = browserAvailable()
const ZHANG_JING = '15000000-0000-4000-8000-000000000005' // 张静, 宣传委员, no login
const yangFan: DemoLogin = { account: 'member3@demo.zhibu.cn', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '我的'] }

/** 'YYYY-MM-DDTHH:mm' in China time, as a datetime-local field takes it on a phone set to China time. */
const chinaInput = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16)

describe.runIf(run)('the secretary runs this month\'s 支委会 in Chromium', () => {
  let app: AppUnderTest
  let api: DemoApi
  let secretary: BrowserContext
  let page: Page
  /** Console errors and uncaught exceptions of every page opened (one list per page). */
  const errors: string[][] = []
  /** The secretary's screens visited online, each with what shows it is there: visited again offline. */
  const visited: { path: string; testid: string }[] = []
  // Named by its month, as secretaries name them (the meeting starts a few minutes from now).
  const title = `${Number(chinaDay(new Date(Date.now() + 5 * 60_000)).slice(5, 7))}月支委会（浏览器测试${Date.now() % 10000}）`
  let eventId = ''
  let startsAt: Date

  /** Opens a secretary's screen, waits for its content, checks its width, and remembers it for the offline visit. */
  async function visit(path: string, testid: string) {
    await page.goto(path)
    await waitForScreen(page, testid, path)
    await expectFits(page, path)
    visited.push({ path, testid })
  }

  /** Another demo user's phone, signed in and synced. */
  async function phoneOf(login: DemoLogin): Promise<{ context: BrowserContext; page: Page }> {
    const context = await app.newPhone()
    const p = await context.newPage()
    errors.push(collectPageErrors(p))
    await signInThroughForm(p, login)
    await p.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
    return { context, page: p }
  }

  beforeAll(async () => {
    app = await startApp()
    api = await apiAs(app.url, demoLogins.secretary, LOCAL_ANON_KEY)
    secretary = await app.newPhone()
    page = await secretary.newPage()
    errors.push(collectPageErrors(page))
  })
  afterAll(async () => {
    await app?.close()
  })

  test('the secretary sees this month\'s 支委会 still to hold on 支部', async () => {
    await signInThroughForm(page, demoLogins.secretary)
    await waitForServiceWorkerControl(page)
    await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
    const month = Number(chinaDay(new Date()).slice(5, 7))
    await visit('/branch', 'branch-calendar')
    await expect.poll(() => page.getByTestId('branch-due-item').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('支委会')]))
    const cell = page.getByTestId('calendar-cell').and(page.locator(`[aria-label^="支委会，${chinaDay(new Date()).slice(0, 4)}年${month}月"]`))
    expect(await cell.getAttribute('data-status')).toBe('due')
  })

  test('creates a 支委会 starting in a few minutes, for the committee', async () => {
    // A few minutes ahead, so that a member can still ask for leave before it starts.
    startsAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 60_000)
    await visit('/activities', 'activity-create')
    await page.getByTestId('activity-create').click()
    await page.getByTestId('activity-form').waitFor({ timeout: 30_000 })
    visited.push({ path: '/activities/new', testid: 'activity-form' })
    await page.getByTestId('activity-kind').locator('[data-value="committee_meeting"]').click()
    await expect.poll(() => page.getByTestId('activity-audience-fixed').textContent()).toContain('支部委员')
    await page.locator('#activity-title').fill(title)
    await page.locator('#activity-start').fill(chinaInput(startsAt))
    await page.locator('#activity-end').fill(chinaInput(new Date(startsAt.getTime() + 3600_000)))
    await page.locator('#activity-place').fill('支部活动室')
    await page.locator('#activity-host').fill('陈志强')
    await page.locator('#activity-recorder').fill('张静')
    await page.locator('#activity-agenda').fill('研究本月发展党员工作；研究年终党员民主评议安排')
    await expectFits(page, '/activities/new')
    await page.getByTestId('activity-save').click()
    await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    eventId = page.url().split('/').at(-1)!
    await expect.poll(() => page.getByTestId('activity-title').textContent(), { timeout: 30_000 }).toContain(title)
    await expectFits(page, `/activities/${eventId}`)
    visited.push({ path: `/activities/${eventId}`, testid: 'activity-committee-actions' })
    // Saved on the phone at once, on the server after the next sync.
    await expect.poll(async () => (await api.rows('events')).find((r) => r.id === eventId)?.audience, { timeout: 60_000 }).toBe('committee')
  })

  test('杨帆 asks for leave on his phone, and the secretary approves it with a note from 支部\'s 待办', async () => {
    const { context, page: phone } = await phoneOf(yangFan)
    await phone.goto(`/checkin/leave/${eventId}`)
    await phone.getByTestId('leave-form').waitFor({ timeout: 30_000 })
    await phone.locator('#leave-reason').fill('参加市委组织部业务培训')
    await expectFits(phone, `/checkin/leave/${eventId}`)
    await phone.getByTestId('leave-submit').click()
    await expect.poll(async () => (await api.rows('attendance')).find((r) => r.event_id === eventId && r.leave_status === 'pending')?.leave_reason, { timeout: 60_000 })
      .toBe('参加市委组织部业务培训')
    expect(Date.now()).toBeLessThan(startsAt.getTime())
    await context.close()

    // The secretary's phone fetches it when the app is opened again (it syncs on start).
    await page.goto('/branch')
    // (杨帆 has asked for leave from next month's 支委会 too: the demo data's.)
    const request = page.getByTestId('branch-todo-leave').filter({ hasText: '杨帆' }).filter({ hasText: title })
    await expect.poll(() => request.count(), { timeout: 90_000 }).toBe(1)
    await request.getByRole('link').click()
    await page.waitForURL(/\/branch\/leave\//)
    const leavePath = new URL(page.url()).pathname
    await expect.poll(() => page.getByTestId('leave-reason').textContent(), { timeout: 30_000 }).toContain('参加市委组织部业务培训')
    await page.locator('#leave-decision-note').fill('同意，会后阅读会议记录补课')
    await expectFits(page, leavePath)
    await page.getByTestId('leave-approve').click()
    await expect.poll(() => page.getByTestId('leave-state').textContent(), { timeout: 30_000 }).toContain('已批准')
    visited.push({ path: leavePath, testid: 'leave-state' })
    await expect.poll(async () => (await api.rows('attendance')).find((r) => r.event_id === eventId && r.leave_reason === '参加市委组织部业务培训')?.leave_status, { timeout: 60_000 })
      .toBe('approved')
  })

  test('check-in: 王建国 types the code on the secretary\'s screen, the secretary checks himself in, and takes 张静\'s own code', async () => {
    await visit(`/checkin/display/${eventId}`, 'checkin-code')
    const code = async () => (await page.getByTestId('checkin-code').textContent())!.trim()

    const organizer = await phoneOf(demoLogins.organizer)
    await organizer.page.goto('/checkin/scan')
    await organizer.page.locator(`input[name="checkin-event"][value="${eventId}"]`).check({ timeout: 60_000 })
    await organizer.page.locator('#checkin-code-input').fill(await code())
    await organizer.page.getByTestId('checkin-submit').click()
    await expect.poll(() => organizer.page.getByTestId('checkin-outcome').textContent(), { timeout: 60_000 }).toContain('签到成功')
    await expectFits(organizer.page, '/checkin/scan')
    await organizer.context.close()

    // The secretary, on a second tab of his phone.
    const own = await secretary.newPage()
    errors.push(collectPageErrors(own))
    await own.goto('/checkin/scan')
    await own.locator(`input[name="checkin-event"][value="${eventId}"]`).check({ timeout: 60_000 })
    await own.locator('#checkin-code-input').fill(await code())
    await own.getByTestId('checkin-submit').click()
    await expect.poll(() => own.getByTestId('checkin-outcome').textContent(), { timeout: 60_000 }).toContain('签到成功')
    await own.close()

    // 张静 reads out the 6 characters her phone shows (我的签到码): the secretary types them.
    await visit(`/activities/${eventId}/attendance`, 'attendance-list')
    await page.getByTestId('attendance-scan-toggle').click()
    const secret = String((await api.rows('member_checkin_secrets')).find((r) => r.member_id === ZHANG_JING)!.secret)
    const zhangCode = (await memberCheckinToken(secret, ZHANG_JING, checkinWindow(new Date()))).code
    await page.locator('#attendance-scan-code').fill(zhangCode)
    await page.getByTestId('attendance-scan-submit').click()
    await expect.poll(() => page.getByTestId('attendance-scan-outcome').textContent(), { timeout: 30_000 }).toContain('张静')
    await expectFits(page, `/activities/${eventId}/attendance`)
    const status = (name: string) => page.getByTestId('attendance-item').filter({ has: page.getByTestId('attendance-name').getByText(name, { exact: true }) }).getAttribute('data-status')
    await expect.poll(async () => [await status('王建国'), await status('陈志强'), await status('杨帆')], { timeout: 60_000 })
      .toEqual(['present', 'present', 'leave'])
    await expect.poll(() => status('张静'), { timeout: 60_000 }).toMatch(/^(present|pending)$/)
  })

  test('marks 谢振华 absent with a reason', async () => {
    const item = page.getByTestId('attendance-item').filter({ has: page.getByTestId('attendance-name').getByText('谢振华', { exact: true }) })
    await item.getByTestId('attendance-mark').click()
    await page.getByTestId('attendance-mark-form').waitFor()
    await page.getByTestId('attendance-mark-absent').click()
    await page.locator('#attendance-mark-reason').fill('外出开会，未请假')
    await page.getByTestId('attendance-mark-save').click()
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 30_000 }).toBe('absent')
    await expect.poll(() => item.textContent()).toContain('外出开会，未请假')
    await expectFits(page, `/activities/${eventId}/attendance`)
    await expect.poll(async () => {
      const rows = (await api.rows('attendance')).filter((r) => r.event_id === eventId)
      return rows.map((r) => `${r.member_id}:${r.status}:${r.method ?? ''}:${r.verification ?? ''}`).sort()
    }, { timeout: 60_000 }).toEqual([
      '15000000-0000-4000-8000-000000000001:present:code:verified',
      '15000000-0000-4000-8000-000000000002:present:code:verified',
      '15000000-0000-4000-8000-000000000005:present:member_code:verified',
      '15000000-0000-4000-8000-000000000006:leave::',
      '15000000-0000-4000-8000-000000000017:absent::',
    ])
  })

  test('records the minutes and a resolution the meeting has quorum for', async () => {
    const path = `/activities/${eventId}/record`
    await visit(path, 'meeting-minutes')
    await expect.poll(() => page.getByTestId('meeting-quorum').textContent(), { timeout: 30_000 }).toContain('5')
    const minutes = '会议由陈志强同志主持。会议研究了本月发展党员工作，确定将刘敏同志列为发展对象；研究了年终党员民主评议安排。'
    await page.locator('#meeting-minutes').fill(minutes)
    await page.getByTestId('meeting-minutes-save').click()
    await expect.poll(async () => (await api.rows('events')).find((r) => r.id === eventId)?.minutes, { timeout: 60_000 }).toBe(minutes)

    await page.getByTestId('resolution-add').click()
    await page.locator('#resolution-text').fill('同意将入党积极分子刘敏同志列为发展对象')
    await page.locator('#resolution-for').fill('3')
    await page.locator('#resolution-against').fill('0')
    await page.locator('#resolution-abstain').fill('0')
    await expect.poll(() => page.getByTestId('resolution-outcome').textContent()).toContain('通过')
    expect(await page.getByTestId('resolution-quorum-warning').count()).toBe(0)
    await expectFits(page, path)
    await page.getByTestId('resolution-save').click()
    await expect.poll(() => page.getByTestId('resolution-item').allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('同意将入党积极分子刘敏同志列为发展对象')])
    await expect.poll(async () => (await api.rows('event_resolutions')).filter((r) => r.event_id === eventId)
      .map((r) => [r.text, r.votes_for, r.votes_against, r.votes_abstain, r.passed, r.quorum_note ?? null]), { timeout: 60_000 })
      .toEqual([['同意将入党积极分子刘敏同志列为发展对象', 3, 0, 0, true, null]])
  })

  test('prints the 会议记录: who was there, who was not and why, the minutes and the vote', async () => {
    const path = `/activities/${eventId}/print`
    await visit(path, 'meeting-print-sheet')
    const sheet = page.getByTestId('meeting-print-sheet')
    await expect.poll(() => sheet.textContent()).toContain(title)
    expect(await sheet.textContent()).toContain('支部活动室')
    expect(await page.getByTestId('print-counts').textContent()).toMatch(/5.*3.*2/)
    const present = (await page.getByTestId('print-present').textContent())!
    for (const name of ['陈志强', '王建国', '张静']) expect(present).toContain(name)
    const absent = (await page.getByTestId('print-absent').textContent())!
    expect(absent).toContain('杨帆')
    expect(absent).toContain('参加市委组织部业务培训')
    expect(absent).toContain('谢振华')
    expect(absent).toContain('外出开会，未请假')
    expect(await page.getByTestId('print-minutes').textContent()).toContain('确定将刘敏同志列为发展对象')
    expect(await page.getByTestId('print-quorum').textContent()).toContain('5')
    const cells = await page.getByTestId('print-resolution').locator('td').allTextContents()
    expect(cells.map((c) => c.trim())).toEqual(['1', '同意将入党积极分子刘敏同志列为发展对象', '3', '0', '0', '通过'])
    // 打印 opens the browser's print dialog on this page.
    await page.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      window.print = () => void ((window as unknown as { printed: number }).printed += 1)
    })
    await page.getByTestId('meeting-print-button').click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('meeting-print-button').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
  })

  test('支部\'s calendar shows this month\'s 支委会 done once the meeting has begun', { timeout: 600_000 }, async () => {
    const month = Number(chinaDay(startsAt).slice(5, 7))
    const label = `支委会，${chinaDay(startsAt).slice(0, 4)}年${month}月`
    // The calendar reads the clock when it is drawn: open 支部 again until the start has passed.
    await expect.poll(async () => {
      await page.goto('/branch')
      await page.getByTestId('branch-calendar').waitFor({ timeout: 30_000 })
      return page.getByTestId('calendar-cell').and(page.locator(`[aria-label^="${label}"]`)).getAttribute('data-status')
    }, { timeout: Math.max(60_000, startsAt.getTime() - Date.now() + 60_000), interval: 5000 }).toBe('done')
    expect(await page.getByTestId('branch-due-item').filter({ hasText: '支委会' }).count()).toBe(0)
    await expectFits(page, '/branch')
  })

  test('every screen the secretary visited opens again offline, fits the phone, and nothing logged an error', async () => {
    await secretary.setOffline(true)
    for (const { path, testid } of visited) {
      await page.goto(path)
      await waitForScreen(page, testid, `${path} (offline)`)
      await expectFits(page, `${path} (offline)`)
    }
    // What was recorded is there without the network.
    await page.goto(`/activities/${eventId}/print`)
    await expect.poll(() => page.getByTestId('print-minutes').textContent(), { timeout: 30_000 }).toContain('确定将刘敏同志列为发展对象')
    await page.goto('/branch')
    await expect.poll(() => page.getByTestId('calendar-cell').and(page.locator(`[aria-label^="支委会，${chinaDay(startsAt).slice(0, 4)}年${Number(chinaDay(startsAt).slice(5, 7))}月"]`)).getAttribute('data-status'), { timeout: 30_000 }).toBe('done')
    await secretary.setOffline(false)
    // Sync attempts while the network is off are logged by the browser itself; nothing else may be.
    expect(errors.flat().filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
  })
})
