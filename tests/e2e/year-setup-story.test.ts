/**
 * The year's setup on phones: the admin sees who has signed this year's pledges on 年度工作, and
 * 周海波, head of 财务处, signs his unit's 党风廉政建设责任书 from 我的 with a finger; the server
 * writes his name, and the admin's progress counts the unit. Every screen is at 360×740 without
 * horizontal scroll or console errors.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, demoLogins, drawSignature, expectFits, openScreen, syncedPhone, waitForScreen, type DemoApi, type DemoLogin } from './flows'

const run = browserAvailable()
const FINANCE = '11000000-0000-4000-8000-000000000002' // 财务处, head 周海波
const headOfFinance: DemoLogin = { account: 'secretary2@demo.zhibu.cn', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '支部', '我的'] }

describe.runIf(run)('the year\'s setup in Chromium', () => {
  let app: AppUnderTest
  let admin: DemoApi
  const phones: BrowserContext[] = []
  const errors: string[][] = []
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())

  const phoneOf = (login: DemoLogin) => syncedPhone(() => app.newPhone(), login, { phones, errors })

  const visit = openScreen

  beforeAll(async () => {
    app = await startApp()
    admin = await apiAs(app.url, demoLogins.admin, LOCAL_ANON_KEY)
  })
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await app?.close()
  })

  test('the admin sees this year\'s progress and the year\'s screens', async () => {
    const page = await phoneOf(demoLogins.admin)
    await visit(page, '/me', 'me-year-setup')
    await page.getByTestId('me-year-setup').click()
    await waitForScreen(page, 'setup-progress-units', '/admin/year')
    await expectFits(page, '/admin/year')
    expect(await page.getByTestId('setup-progress-units').textContent()).toContain('2 / 5')
    await visit(page, '/admin/year/heads', `heads-unit-${FINANCE}`)
    await visit(page, `/admin/year/campaigns?year=${year}`, 'campaigns-new')
    await visit(page, '/admin/year/xuexi', 'xuexi-save')
    await visit(page, '/admin/year/template/department', 'setup-template-note')
  })

  test('周海波 signs 财务处\'s 责任书 from 我的; the server names him and the admin counts the unit', async () => {
    const page = await phoneOf(headOfFinance)
    await visit(page, '/me', 'unit-pledge-entry')
    await page.getByTestId('unit-pledge-entry').filter({ hasText: '财务处' }).click()
    await page.waitForURL(new RegExp(`/pledge/unit/${FINANCE}$`))
    await waitForScreen(page, 'pledge-as-head', page.url())
    await expectFits(page, page.url())
    await drawSignature(page)
    await page.getByTestId('pledge-submit').click()
    await page.getByTestId('pledge-signed').waitFor({ timeout: 30_000 })
    await expect
      .poll(async () => (await admin.rows('pledge_signatures')).find((r) => r.unit_id === FINANCE && !r._deleted), { timeout: 60_000 })
      .toMatchObject({ signer_name: '周海波', branch_id: null, member_id: null })
    const progress = await admin.rpc<{ units: { signed: number; total: number } }>('pledge_progress', { p_year: Number(year) })
    expect(progress.units).toMatchObject({ signed: 3, total: 5 })
  })

  test('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
