import { expect } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'

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

/** The local backend's RPC API as a demo user, the way the app's supabase-js calls it. */
export interface DemoApi {
  rpc<T>(fn: string, args: Record<string, unknown>): Promise<T>
  /** What the server holds of one table for this user (one pull, as the user's phone would make). */
  rows(table: string): Promise<Record<string, unknown>[]>
}

export async function apiAs(url: string, login: DemoLogin, anonKey: string): Promise<DemoApi> {
  const headers = { apikey: anonKey, 'content-type': 'application/json' }
  const credentials = login.account.includes('@') ? { email: login.account } : { phone: login.account }
  const signIn = await fetch(`${url}/auth/v1/token?grant_type=password`, { method: 'POST', headers, body: JSON.stringify({ ...credentials, password: login.password }) })
  if (!signIn.ok) throw new Error(`sign-in of ${login.account}: ${signIn.status} ${await signIn.text()}`)
  const { access_token } = (await signIn.json()) as { access_token: string }
  const rpc = async <T>(fn: string, args: Record<string, unknown>): Promise<T> => {
    const res = await fetch(`${url}/rest/v1/rpc/${fn}`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${access_token}` }, body: JSON.stringify(args) })
    if (!res.ok) throw new Error(`${fn}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  return {
    rpc,
    async rows(table) {
      const pulled = await rpc<{ tables: Record<string, { rows: Record<string, unknown>[] }> }>('sync_pull', { p_cursors: { [table]: null }, p_schema: 1, p_limit: 10000 })
      return pulled.tables[table]?.rows ?? []
    },
  }
}

/** Waits for a screen's content; on failure says what the screen showed instead. */
export async function waitForScreen(page: Page, testid: string, path: string) {
  try {
    await page.getByTestId(testid).first().waitFor({ timeout: 30_000 })
  } catch (error) {
    const shown = await page.evaluate(() => document.querySelector('main')?.textContent?.trim().slice(0, 300) ?? document.body.textContent?.slice(0, 300))
    throw new Error(`${path}: no ${testid}; the screen shows: ${shown}`, { cause: error })
  }
}

/** Nothing wider than the 360-pixel phone. */
export async function expectFits(page: Page, path: string) {
  expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 360 })
}

/** Writes a short zigzag on the signature pad (`pledge-pad`), as a finger would. */
export async function drawSignature(page: Page) {
  const box = (await page.getByTestId('pledge-pad').boundingBox())!
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + 20, y)
  await page.mouse.down()
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 15, y + (i % 2 ? -10 : 10))
  await page.mouse.up()
}

/** Opens a screen, waits for its content and checks it fits the phone. */
export async function openScreen(page: Page, path: string, testid: string) {
  await page.goto(path)
  await waitForScreen(page, testid, path)
  await expectFits(page, path)
}

/**
 * A demo user's phone, signed in through the form and synced (已同步). The context joins `phones`
 * (to close after the story) and the page's console errors join `errors`.
 */
export async function syncedPhone(newPhone: () => Promise<BrowserContext>, login: DemoLogin, kept: { phones: BrowserContext[]; errors: string[][] }): Promise<Page> {
  const context = await newPhone()
  kept.phones.push(context)
  const page = await context.newPage()
  kept.errors.push(collectPageErrors(page))
  await signInThroughForm(page, login)
  await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
  return page
}
