/**
 * An admin's roster and visits for branches he does not belong to, on a 360×740 phone: the demo admin
 * (on no roster) opens 党员名册 from 管理, picks 机关第二党支部 and sees its people and a person's
 * page; then, from 管理's 走访慰问, records a visit for that branch naming 郑守仁, a retired member of
 * 离退休党支部, with the branch's secretary 周海波 among those who went. The branch's secretary reads
 * the visit on the server after the admin's phone synced. It needs the roster tables pulled
 * organisation-wide on an admin's phone (sync_pull's `wide_tables`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, demoLogins, expectFits, syncedPhone, waitForScreen, type DemoLogin } from './flows'

const run = browserAvailable()
const SECOND_BRANCH = '12000000-0000-4000-8000-000000000002'
const ZHENG_SHOUREN = '15000000-0000-4000-8000-000000000033' // 离退休党支部, retired
const ZHOU_HAIBO = '15000000-0000-4000-8000-000000000019' // 机关第二党支部's secretary
const secretary2: DemoLogin = { account: 'secretary2@demo.zhibu.cn', password: 'Zhibu@2026', tabs: [] }

describe.runIf(run)('an admin\'s roster and visits of any branch in Chromium', () => {
  let app: AppUnderTest
  let page: Page
  const phones: BrowserContext[] = []
  const errors: string[][] = []
  const place = `郑守仁家中（浏览器测试${Date.now() % 10000}）`

  beforeAll(async () => {
    app = await startApp()
    page = await syncedPhone(() => app.newPhone(), demoLogins.admin, { phones, errors })
  })
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await app?.close()
  })

  test('opens 党员名册 of 机关第二党支部 from 管理 and sees its people and a person\'s page', async () => {
    await page.goto('/admin')
    await page.getByTestId('admin-roster-link').click()
    await waitForScreen(page, 'roster-branch', '/branch/roster')
    await expect.poll(() => page.getByTestId('roster-branch').locator('option').allTextContents()).toContain('离退休党支部')
    await page.getByTestId('roster-branch').selectOption(SECOND_BRANCH)
    await page.getByText('周海波', { exact: true }).first().waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('roster-count').textContent()).toMatch(/^共 \d+ 人$/)
    await expectFits(page, '/branch/roster?branch=机关第二党支部')
    await page.getByText('周海波', { exact: true }).first().click()
    await waitForScreen(page, 'roster-glance', '/branch/roster/周海波')
    expect(page.url()).toContain(`branch=${SECOND_BRANCH}`)
    expect(await page.locator('main').textContent()).toContain('13900000006')
    await expectFits(page, '/branch/roster/周海波')
  })

  test('records a 走访 for that branch naming a retired member of 离退休党支部, read by the branch\'s secretary on the server', async () => {
    await page.goto('/admin')
    await page.getByTestId('admin-visits-link').click()
    await waitForScreen(page, 'visits-branch', '/branch/visits')
    await page.getByTestId('visits-branch').locator(`[data-value="${SECOND_BRANCH}"]`).click()
    await expect.poll(() => page.url()).toContain(`branch=${SECOND_BRANCH}`)
    await expectFits(page, '/branch/visits?branch=机关第二党支部')
    await page.getByTestId('visits-add').click()
    await waitForScreen(page, 'visit-form', '/branch/visits/new')
    expect(await page.getByTestId('visit-branch').locator('[aria-checked="true"]').textContent()).toContain('机关第二党支部')
    await page.getByTestId('visit-kind').locator('[data-value="retired_member"]').click()
    await page.locator('#visit-place').fill(place)
    await page.getByTestId('visit-households').locator('input').fill('1')
    await page.getByTestId('visit-persons').locator('input').fill('1')
    await page.getByTestId('visit-funds').locator('input').fill('500')
    await page.getByTestId('visit-visited').click()
    const sheet = page.getByTestId('visit-visited-sheet')
    expect(await sheet.getByTestId('visit-visited-branch').allTextContents()).toEqual(['机关第一党支部', '机关第二党支部', '离退休党支部'])
    await sheet.locator('[data-testid="visit-visited-option"][data-name="郑守仁"]').click()
    await expectFits(page, '/branch/visits/new (persons visited)')
    await page.getByTestId('visit-visited-done').click()
    await page.getByTestId('visit-participants').click()
    await page.getByTestId('visit-participants-sheet').locator('[data-testid="visit-participants-option"][data-name="周海波"]').click()
    await page.getByTestId('visit-participants-done').click()
    await page.getByTestId('visit-save').click()
    await waitForScreen(page, 'visit-detail', '/branch/visits/:id')
    expect(await page.getByTestId('visit-detail').textContent()).toContain('郑守仁')

    const api = await apiAs(app.url, secretary2, LOCAL_ANON_KEY)
    await expect.poll(async () => (await api.rows('visits')).filter((v) => v.place === place && !v._deleted).map((v) => [v.branch_id, v.visited_member_ids, v.participant_ids]), { timeout: 90_000 })
      .toEqual([[SECOND_BRANCH, [ZHENG_SHOUREN], [ZHOU_HAIBO]]])
    expect(errors.flat()).toEqual([])
  })
})
