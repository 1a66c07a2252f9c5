import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { startZhibu, type RunningZhibu } from '../../scripts/start'

export const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium'

/** In CI a missing browser is a failure; elsewhere the suite says so loudly and skips. */
export function browserAvailable(): boolean {
  if (existsSync(chromePath)) return true
  const message = `Chromium not found at ${chromePath}: the browser tests cannot run (set CHROME_PATH or install Debian's chromium).`
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`\n*** SKIPPING BROWSER TESTS *** ${message}\n`)
  return false
}

export interface AppUnderTest {
  url: string
  /** The built app (with Vite's manifest in `.vite/manifest.json`). */
  outDir: string
  browser: Browser
  newPhone(): Promise<BrowserContext>
  close(): Promise<void>
}

/** Headless Debian Chromium, quiet on the network apart from the app. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromePath,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
}

/** A 360 × 740 Chinese-language phone opening `url`, service workers allowed. */
export function newPhoneContext(browser: Browser, url: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  })
}

/**
 * Builds the app and serves it the way `npm start` does (scripts/start.ts, with its local backend on
 * a fresh database in a temporary directory), then starts Chromium.
 */
export async function startApp(): Promise<AppUnderTest> {
  const work = mkdtempSync(join(tmpdir(), 'zhibu-e2e-'))
  const outDir = join(work, 'dist')
  let server: RunningZhibu | undefined
  let browser: Browser | undefined
  try {
    server = await startZhibu({
      outDir,
      dataDir: join(work, 'data'),
      host: '127.0.0.1',
      port: 0,
      build: 'always',
      manifest: true,
      log: false,
    })
    const url = server.url
    browser = await launchChromium()
    const b = browser
    const s = server
    return {
      url,
      outDir,
      browser: b,
      newPhone: () => newPhoneContext(b, url),
      async close() {
        await b.close()
        await s.close()
        rmSync(work, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await browser?.close()
    await server?.close()
    rmSync(work, { recursive: true, force: true })
    throw error
  }
}
