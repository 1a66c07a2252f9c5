/**
 * The member's story on a phone: offline check-in with the code on the secretary's check-in screen,
 * a donation, the pledge signed with a finger, an offline reload that keeps everything, and the
 * sync afterwards that the secretary's phone sees. Another member's forged and expired codes are
 * refused at sync, with the reason on his screen.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { checkinToken, checkinWindow } from '@/domain/checkin'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { collectPageErrors, demoLogins, drawSignature, signInThroughForm, waitForServiceWorkerControl } from './flows'

const run = browserAvailable()
const ORG = '10000000-0000-4000-8000-000000000001'
const BRANCH = '12000000-0000-4000-8000-000000000001'
const MEMBER = '15000000-0000-4000-8000-000000000003' // 李晓梅
const CAMPAIGN = '19000000-0000-4000-8000-000000000001'

interface Api {
  rpc<T>(fn: string, args: Record<string, unknown>): Promise<T>
}

async function apiAs(url: string, email: string, password: string): Promise<Api> {
  const headers = { apikey: LOCAL_ANON_KEY, 'content-type': 'application/json' }
  const login = await fetch(`${url}/auth/v1/token?grant_type=password`, { method: 'POST', headers, body: JSON.stringify({ email, password }) })
  const { access_token } = (await login.json()) as { access_token: string }
  return {
    async rpc<T>(fn: string, args: Record<string, unknown>) {
      const res = await fetch(`${url}/rest/v1/rpc/${fn}`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${access_token}` }, body: JSON.stringify(args) })
      if (!res.ok) throw new Error(`${fn}: ${res.status} ${await res.text()}`)
      return (await res.json()) as T
    },
  }
}

type Tables = Record<string, { rows: Record<string, unknown>[] }>
const pullAll = async (api: Api) => (await api.rpc<{ tables: Tables }>('sync_pull', { p_cursors: {}, p_schema: 1, p_limit: 10000 })).tables

/** Nothing wider than the 360-pixel phone. */
async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
}

/**
 * Picks the story's event among those open for check-in (the demo has others open all day) and
 * waits until a typed code goes to it.
 */
async function chooseEvent(page: Page, eventId: string, title: string) {
  await page.locator(`input[name="checkin-event"][value="${eventId}"]`).check({ timeout: 30_000 })
  await expect.poll(() => page.getByTestId('checkin-code-event').textContent(), { timeout: 30_000 }).toContain(title)
}

describe.runIf(run)('a member\'s offline story in Chromium', () => {
  let app: AppUnderTest
  let secretaryApi: Api
  let eventId: string
  const title = `E2E签到测试会议${Date.now() % 10000}`

  beforeAll(async () => {
    app = await startApp()
    secretaryApi = await apiAs(app.url, demoLogins.secretary.account, demoLogins.secretary.password)
    eventId = randomUUID()
    const starts = new Date(Date.now() - 10 * 60_000)
    const result = await secretaryApi.rpc<{ results: { status: string }[] }>('sync_push', {
      p_client_id: randomUUID(),
      p_schema: 1,
      p_txs: [{ tx_id: randomUUID(), ops: [{ table: 'events', op: 'upsert', id: eventId, row: {
        org_id: ORG, branch_id: BRANCH, kind: 'group_study', title, starts_at: starts.toISOString(), ends_at: new Date(starts.getTime() + 3 * 3600_000).toISOString(), place: '三楼会议室',
      } }] }],
    })
    expect(result.results[0]!.status).toBe('applied')
  })
  afterAll(async () => {
    await app?.close()
  })

  test('checks in, donates and signs offline, keeps it over a reload, and the secretary sees it after sync', async () => {
    // The secretary opens the check-in screen: the secret is made on that phone and synced.
    const secretary: BrowserContext = await app.newPhone()
    const secretaryPage = await secretary.newPage()
    await signInThroughForm(secretaryPage, demoLogins.secretary)
    await secretaryPage.goto(`/checkin/display/${eventId}`)
    await secretaryPage.getByTestId('checkin-code').waitFor({ timeout: 30_000 })
    await expectNoHorizontalScroll(secretaryPage)
    await expect.poll(async () => (await pullAll(secretaryApi)).event_checkin_secrets?.rows.some((r) => r.id === eventId), { timeout: 30_000 }).toBe(true)

    // The member's phone has the event, then loses the network.
    const phone = await app.newPhone()
    const page = await phone.newPage()
    const errors = collectPageErrors(page)
    await signInThroughForm(page, demoLogins.member)
    await waitForServiceWorkerControl(page)
    await page.goto('/checkin/scan')
    await chooseEvent(page, eventId, title)
    await page.goto('/records/donation')
    await page.locator('#donation-campaign option', { hasText: '博爱一日捐' }).waitFor({ state: 'attached', timeout: 30_000 })
    await page.goto('/pledge')
    await page.getByTestId('pledge-pad').waitFor({ timeout: 30_000 })
    await phone.setOffline(true)

    // Check in with the code on the secretary's screen.
    await page.goto('/checkin/scan')
    await chooseEvent(page, eventId, title)
    const code = (await secretaryPage.getByTestId('checkin-code').textContent())!.trim()
    await page.locator('#checkin-code-input').fill(code)
    await page.getByTestId('checkin-submit').click()
    // Offline nothing is verified yet: recorded, never 签到成功 before the server says so.
    await expect.poll(() => page.getByTestId('checkin-outcome').textContent()).toContain('已记录，待核验')
    expect(await page.getByTestId('checkin-outcome').textContent()).not.toContain('签到成功')
    await page.locator('#checkin-code-input').fill(code)
    await page.getByTestId('checkin-submit').click()
    await expect.poll(() => page.getByTestId('checkin-outcome').textContent()).toContain('此前已记录')
    await expectNoHorizontalScroll(page)

    // A donation of 50.50 yuan.
    await page.goto('/records/donation')
    await page.locator('#donation-campaign').selectOption(CAMPAIGN)
    await page.locator('#donation-amount').fill('50.5')
    await expectNoHorizontalScroll(page)
    await page.getByTestId('record-save').click()
    await page.waitForURL('**/me/record')

    // The pledge, signed with a finger.
    await page.goto('/pledge')
    await drawSignature(page)
    await page.getByTestId('pledge-submit').click()
    await page.getByTestId('pledge-signed').waitFor()
    await expectNoHorizontalScroll(page)

    // Reload, still offline: everything is still there.
    await page.reload()
    await page.getByTestId('pledge-signed').waitFor({ timeout: 20_000 })
    await page.goto('/me/record')
    await expect.poll(() => page.locator('[data-testid="my-record-item"]').allTextContents(), { timeout: 20_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('50.50元'), expect.stringContaining(title), expect.stringContaining('已签署')]),
    )
    await expectNoHorizontalScroll(page)

    // Back online: the phone syncs without being asked.
    await phone.setOffline(false)
    await expect.poll(async () => {
      const tables = await pullAll(secretaryApi)
      const checkin = tables.attendance!.rows.some((r) => r.event_id === eventId && r.member_id === MEMBER && r.status === 'present')
      const donation = tables.donations!.rows.some((r) => r.member_id === MEMBER && r.amount_fen === 5050)
      const signature = tables.pledge_signatures!.rows.some((r) => r.member_id === MEMBER)
      return [checkin, donation, signature]
    }, { timeout: 60_000, interval: 1000 }).toEqual([true, true, true])
    // The server verified the check-in within minutes of its window: now it is 已签到.
    await page.goto('/checkin/scan')
    await expect.poll(() => page.getByTestId('checkin-open-events').textContent(), { timeout: 30_000 }).toContain('· 已签到')

    // The secretary's phone sees the check-in on its screen after its next sync.
    await secretaryPage.reload()
    await expect.poll(() => secretaryPage.getByTestId('count-present').textContent(), { timeout: 30_000 }).toContain('1')
    // Sync attempts while the network is off are logged by the browser itself; nothing else may be.
    expect(errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
    await phone.close()
    await secretary.close()
  })

  test('another member\'s forged and expired codes are refused at sync and the reason is shown', async () => {
    const phone = await app.newPhone()
    const page = await phone.newPage()
    await signInThroughForm(page, demoLogins.organizer)
    await page.goto('/checkin/scan')
    await chooseEvent(page, eventId, title)

    await page.locator('#checkin-code-input').fill('ABCDEF')
    await page.getByTestId('checkin-submit').click()
    await expect.poll(() => page.getByTestId('checkin-refusal-reason').allTextContents(), { timeout: 30_000 }).toContain('签到码无效')

    const secret = String((await pullAll(secretaryApi)).event_checkin_secrets!.rows.find((r) => r.id === eventId)!.secret)
    const expired = await checkinToken(secret, eventId, checkinWindow(new Date()) - 6)
    await page.locator('#checkin-code-input').fill(expired.code)
    await page.getByTestId('checkin-submit').click()
    await expect.poll(() => page.getByTestId('checkin-refusal-reason').allTextContents(), { timeout: 30_000 }).toContain('签到码已过期，请扫描签到屏幕上的最新二维码')
    await phone.close()
  })
  test('every member screen fits a 360-pixel phone without horizontal scroll or console errors', async () => {
    const phone = await app.newPhone()
    const page = await phone.newPage()
    const errors = collectPageErrors(page)
    await signInThroughForm(page, demoLogins.member)
    await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 60_000 })
    const nextWeeksLecture = '17000000-0000-4000-8000-0000000000a2' // seeded a week after the database is made
    const screens = ['/', '/checkin/scan', `/checkin/leave/${nextWeeksLecture}`, '/records/study', '/records/donation',
      '/records/blood', '/records/visit', '/pledge', '/me/record', '/me', '/sync/rejected']
    for (const path of screens) {
      await page.goto(path)
      await page.waitForLoadState('networkidle')
      await expect.poll(() => page.evaluate(() => document.querySelector('main')?.textContent?.trim().length ?? 0), { timeout: 20_000 })
        .toBeGreaterThan(0)
      expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 360 })
    }
    expect(errors).toEqual([])
    await phone.close()
  })
})
