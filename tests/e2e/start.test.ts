/**
 * `npm start` as someone runs it from a terminal: a real process that builds the app, prepares the
 * local database and serves both; Chromium on a phone gets the service worker and keeps working
 * offline, nothing is wider than the phone; Ctrl-C stops every process, and the next start reuses
 * the build and the database.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { browserAvailable, launchChromium, newPhoneContext } from './harness'
import { demoLogins, signInThroughForm, waitForServiceWorkerControl } from './flows'

const run = browserAvailable()

/** Unbroken text as people paste it: a 100-character link (the field's limit). */
const LONG_LINK = 'https://www.12371.cn/2026/11/30/ARTI1764481234567890/a-long-article-path-without-any-breaks.shtml'.padEnd(100, 'x')

interface StartProcess {
  output(): string
  /** Waits for a line of the console; fails at once, with the output, if the process ends first. */
  waitFor(pattern: RegExp, timeout: number): Promise<RegExpExecArray>
  /** Ctrl-C as a terminal sends it (to the whole process group); resolves when every process is gone. */
  interrupt(): Promise<void>
  /** Ends whatever is left of the process group. */
  kill(): void
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

function npmStart(args: string[], env: Record<string, string>): StartProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
  delete childEnv.NODE_ENV // vitest's `test`; a terminal has none
  const child: ChildProcess = spawn('npm', ['start', '--', ...args], {
    cwd: process.cwd(),
    env: childEnv,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const pid = child.pid!
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  return {
    output: () => out,
    waitFor: (pattern, timeout) =>
      vi.waitFor(
        () => {
          const match = pattern.exec(out)
          if (match) return match
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`npm start ended (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${out}`)
          }
          throw new Error(`still waiting for ${pattern}`)
        },
        { timeout, interval: 200 },
      ),
    async interrupt() {
      process.kill(-pid, 'SIGINT')
      await vi.waitFor(() => expect(groupAlive(pid)).toBe(false), { timeout: 30_000, interval: 200 })
      await closed // all output read
    },
    kill() {
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL')
    },
  }
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe.runIf(run)('npm start serves the installable app and its local backend', () => {
  const work = mkdtempSync(join(tmpdir(), 'zhibu-start-'))
  const args = ['--host', '127.0.0.1', '--port', '0', '--out-dir', join(work, 'dist')]
  const env = { ZHIBU_DATA_DIR: join(work, 'data') }
  const started: StartProcess[] = []
  let browser: Browser
  let phone: BrowserContext
  let url: string

  beforeAll(async () => {
    started.push(npmStart(args, env))
    url = (await started[0]!.waitFor(/Zhibu is running at (http:\/\/\S+)/, 240_000))[1]!
    browser = await launchChromium()
    phone = await newPhoneContext(browser, url)
  })
  afterAll(async () => {
    await browser?.close()
    for (const running of started) running.kill()
    rmSync(work, { recursive: true, force: true })
  })

  test('the first start builds, then says it is preparing the database and how long that took', () => {
    const out = started[0]!.output()
    expect(out).toMatch(/Building the app into .*no earlier build/)
    expect(out).toMatch(/Built in \d+\.\d s\./)
    expect(out).toMatch(/Preparing the local database from \d+ SQL file\(s\); this takes about/)
    expect(out).toMatch(/Local database ready: prepared in \d+\.\d s/)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  test('registers its service worker; offline, the login screen still opens, also on a deep link', async () => {
    const page = await phone.newPage()
    await page.goto('/login')
    await page.locator('#login-account').waitFor()
    await expect
      .poll(() => page.evaluate(async () => Boolean(await navigator.serviceWorker.getRegistration())), { timeout: 30_000 })
      .toBe(true)
    await waitForServiceWorkerControl(page)
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)).toBe(
      `${url}/sw.js`,
    )
    expect(await pageWidth(page)).toBeLessThanOrEqual(360)
    // The backend's paths are never answered with the app's page.
    const api = await page.goto('/auth/v1/user')
    expect(api?.status()).toBe(401)
    expect(await api?.text()).toContain('No API key found in request')

    await phone.setOffline(true)
    await page.goto('/login')
    await page.reload()
    await page.locator('#login-account').waitFor({ timeout: 20_000 })
    // A path the precache does not hold: only the navigation fallback can answer it.
    await page.goto('/join')
    await page.locator('#login-account').waitFor({ timeout: 20_000 })
    expect(await pageWidth(page)).toBeLessThanOrEqual(360)
    await phone.setOffline(false)
    await page.close()
  })

  test('a member saves a record offline, reloads offline and keeps it; no screen is wider than 360 px', async () => {
    const page = await phone.newPage()
    await signInThroughForm(page, demoLogins.member)
    await waitForServiceWorkerControl(page)
    await phone.setOffline(true)

    await page.goto('/records/study')
    await page.locator('#study-minutes').fill('30')
    await page.locator('#study-topic').fill('学习党章')
    await page.locator('#study-source').fill(LONG_LINK)
    expect(await pageWidth(page)).toBeLessThanOrEqual(360)
    await page.getByTestId('record-save').click()
    await page.waitForURL('**/me/record')
    await page.getByText(LONG_LINK).waitFor({ timeout: 20_000 })
    expect(await pageWidth(page)).toBeLessThanOrEqual(360)

    await page.reload()
    await page.getByText(LONG_LINK).waitFor({ timeout: 20_000 })
    expect(await pageWidth(page)).toBeLessThanOrEqual(360)
    const tooWide: string[] = []
    for (const path of ['/', '/me', '/sync/rejected', '/records/donation', '/records/blood', '/records/visit']) {
      await page.goto(path)
      await page.getByTestId('tabbar').waitFor({ timeout: 20_000 })
      const width = await pageWidth(page)
      if (width > 360) tooWide.push(`${path}: ${width} px`)
    }
    expect(tooWide).toEqual([])
    await page.goto('/')
    await page.getByTestId('member-name').waitFor({ timeout: 20_000 })
    await phone.setOffline(false)
    await page.close()
  })

  test('Ctrl-C stops every process; the next start reuses the build and the database', async () => {
    await started[0]!.interrupt()
    expect(started[0]!.output()).toContain('Stopped.')

    started.push(npmStart(args, env))
    const again = started[1]!
    const next = (await again.waitFor(/Zhibu is running at (http:\/\/\S+)/, 120_000))[1]!
    expect(again.output()).toMatch(/The build in .* matches the sources: reusing it\./)
    expect(again.output()).toMatch(/Reusing the local database in .* \(opened in \d+ ms\)\./)
    expect(again.output()).not.toMatch(/Building the app|Preparing the local database/)
    const response = await fetch(`${next}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<div id="app">')
    await again.interrupt()
    expect(again.output()).toContain('Stopped.')
  })
})
