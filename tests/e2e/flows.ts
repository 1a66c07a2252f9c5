import { expect } from 'vitest'
import type { Page } from 'playwright-core'

export interface DemoLogin {
  account: string
  password: string
  /** Labels of the bottom tab bar this role must see, in order. */
  tabs: string[]
}

const everyone = ['首页', '活动', '签到', '我的']
export const demoLogins = {
  member: { account: 'member@demo.zhibu.cn', password: 'Zhibu@2026', tabs: everyone },
  organizer: { account: '13900000002', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '支部', '我的'] },
  secretary: { account: 'secretary@demo.zhibu.cn', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '支部', '我的'] },
  leader: { account: 'leader@demo.zhibu.cn', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '统计', '我的'] },
  admin: { account: 'admin@demo.zhibu.cn', password: 'Zhibu@2026', tabs: ['首页', '活动', '签到', '支部', '统计', '我的'] },
} satisfies Record<string, DemoLogin>

export async function signInThroughForm(page: Page, login: DemoLogin): Promise<string> {
  await page.goto('/')
  await page.locator('#login-account').fill(login.account)
  await page.locator('#login-password').fill(login.password)
  await page.getByTestId('login-submit').click()
  const name = page.getByTestId('member-name')
  await name.waitFor({ state: 'visible', timeout: 30_000 })
  return (await name.textContent())?.trim() ?? ''
}

export async function tabLabels(page: Page): Promise<string[]> {
  const items = page.getByTestId('tabbar').getByRole('tab')
  await items.first().waitFor()
  return (await items.allTextContents()).map((t) => t.trim())
}

/** Waits until a service worker controls the page, so the next navigation can be served offline. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload()
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
  }
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true)
}

/** Fails on any console error or uncaught exception the page produces. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  return errors
}
