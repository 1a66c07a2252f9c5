import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { collectPageErrors, demoLogins, signInThroughForm, tabLabels, waitForServiceWorkerControl } from './flows'

const run = browserAvailable()

describe.runIf(run)('the installable shell in Chromium on a phone', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startApp()
  })
  afterAll(async () => {
    await app?.close()
  })

  test('offers an installable Chinese manifest with regular and maskable icons', async () => {
    const context = await app.newPhone()
    const page = await context.newPage()
    await page.goto('/')
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(href).toBeTruthy()
    const manifest = await (await context.request.get(new URL(href!, app.url).href)).json()
    expect(manifest).toMatchObject({ short_name: '支部', lang: 'zh-CN', display: 'standalone', start_url: '/' })
    const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose === 'maskable' ? ' maskable' : ''}`)
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']))
    for (const icon of manifest.icons) {
      const response = await context.request.get(new URL(icon.src, app.url).href)
      expect(response.headers()['content-type']).toContain('image/png')
    }
    await context.close()
  })

  test('the demo member signs in, goes offline, reloads, and the app still opens with their name', async () => {
    const context = await app.newPhone()
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    const name = await signInThroughForm(page, demoLogins.member)
    expect(name).toMatch(/\p{Script=Han}{2,4}/u)
    expect(await tabLabels(page)).toEqual(demoLogins.member.tabs)
    await waitForServiceWorkerControl(page)
    expect(errors).toEqual([])

    await context.setOffline(true)
    await page.reload()
    await expect.poll(() => page.getByTestId('member-name').textContent(), { timeout: 20_000 }).toContain(name)
    expect(await tabLabels(page)).toEqual(demoLogins.member.tabs)
    // No horizontal scroll on a 360-pixel-wide phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await context.close()
  })

  for (const [role, login] of Object.entries(demoLogins)) {
    test(`the demo ${role} sees the ${role}'s tabs, also after an offline reload`, async () => {
      const context = await app.newPhone()
      const page = await context.newPage()
      await signInThroughForm(page, login)
      expect(await tabLabels(page)).toEqual(login.tabs)
      await waitForServiceWorkerControl(page)
      await context.setOffline(true)
      await page.reload()
      await page.getByTestId('member-name').waitFor({ timeout: 20_000 })
      expect(await tabLabels(page)).toEqual(login.tabs)
      await context.close()
    })
  }

  test('a wrong password is refused with a Chinese message and nothing else happens', async () => {
    const context = await app.newPhone()
    const page = await context.newPage()
    await page.goto('/')
    await page.locator('#login-account').fill(demoLogins.member.account)
    await page.locator('#login-password').fill('wrong-password')
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByText('账号或密码错误').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('member-name').count()).toBe(0)
    await context.close()
  })
})
