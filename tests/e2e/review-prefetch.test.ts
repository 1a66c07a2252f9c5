/**
 * 统计's code fetched ahead, in the built app in Chromium: a leader's phone fetches the 统计 page's
 * chunk and the chart worker's script only after 首页 is drawn and the page has loaded (never among
 * the first screen's scripts); a member's phone, which has no 统计 tab, never fetches them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { demoLogins, signInThroughForm, type DemoLogin } from './flows'

const run = browserAvailable()

// Notes when 首页's greeting is first in the page (the first screen drawn), in the page's own clock.
const NOTE_HOME_DRAWN = `new MutationObserver((_, observer) => {
  if (!document.querySelector('[data-testid="member-name"]')) return
  window.__homeDrawn = performance.now()
  observer.disconnect()
}).observe(document, { subtree: true, childList: true })`

interface Timeline {
  homeDrawn: number
  loaded: number
  scripts: { name: string; start: number }[]
}

/** A signed-in phone opening the app on 首页: when it was drawn, loaded, and every script it fetched. */
async function openHome(context: BrowserContext, waitForPrefetch: boolean): Promise<Timeline> {
  const page = await context.newPage()
  await page.addInitScript(NOTE_HOME_DRAWN)
  await page.goto('/')
  await page.getByTestId('member-name').waitFor({ state: 'visible', timeout: 30_000 })
  if (waitForPrefetch) await page.locator('link[rel="prefetch"][href*="trendWorker"]').waitFor({ state: 'attached', timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  // An idle callback asked now runs after the app's own: its chance to fetch ahead has come.
  await page.evaluate('new Promise((resolve) => requestIdleCallback(() => resolve(null)))')
  const timeline = await page.evaluate(`({
    homeDrawn: window.__homeDrawn,
    loaded: performance.getEntriesByType('navigation')[0].loadEventEnd,
    scripts: performance.getEntriesByType('resource')
      .filter((e) => /[.]js([?]|$)/.test(e.name))
      .map((e) => ({ name: e.name.replace(/^.*[/]/, ''), start: e.startTime })),
  })`)
  await page.close()
  return timeline as Timeline
}

async function signedInPhone(app: AppUnderTest, login: DemoLogin) {
  const context = await app.newPhone()
  const page = await context.newPage()
  await signInThroughForm(page, login)
  await page.close()
  return context
}

const isReviewCode = (name: string) => /^(ReviewView|trendWorker)-/.test(name)

describe.skipIf(!run)('统计 fetched ahead in Chromium', () => {
  let app: AppUnderTest

  beforeAll(async () => {
    app = await startApp()
  }, 300_000)
  afterAll(async () => {
    await app?.close()
  })

  test('a leader fetches 统计 page and chart worker after 首页 is drawn and loaded, not among the first scripts', async () => {
    const context = await signedInPhone(app, demoLogins.leader)
    try {
      const t = await openHome(context, true)
      const ahead = t.scripts.filter((s) => isReviewCode(s.name))
      expect(ahead.map((s) => s.name.replace(/-.*$/, '')).sort()).toEqual(['ReviewView', 'trendWorker'])
      for (const s of ahead) {
        expect(s.start).toBeGreaterThan(t.homeDrawn)
        expect(s.start).toBeGreaterThanOrEqual(t.loaded)
      }
      const firstScreen = t.scripts.filter((s) => s.start <= t.homeDrawn)
      expect(firstScreen.length).toBeGreaterThan(0)
      expect(firstScreen.filter((s) => isReviewCode(s.name))).toEqual([])
    } finally {
      await context.close()
    }
  }, 120_000)

  test('a member, who has no 统计 tab, never fetches its code', async () => {
    const context = await signedInPhone(app, demoLogins.member)
    try {
      const t = await openHome(context, false)
      expect(t.scripts.length).toBeGreaterThan(0)
      expect(t.scripts.filter((s) => isReviewCode(s.name))).toEqual([])
    } finally {
      await context.close()
    }
  }, 120_000)
})
