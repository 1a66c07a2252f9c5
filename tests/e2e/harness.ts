import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { build, preview, type PreviewServer } from 'vite'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

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

/** Builds the app, serves it with `vite preview` (and its local backend on a fresh database), starts Chromium. */
export async function startApp(): Promise<AppUnderTest> {
  const work = mkdtempSync(join(tmpdir(), 'zhibu-e2e-'))
  const outDir = join(work, 'dist')
  const previousDataDir = process.env.ZHIBU_DATA_DIR
  process.env.ZHIBU_DATA_DIR = join(work, 'data')
  let server: PreviewServer | undefined
  let browser: Browser | undefined
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } })
    server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } })
    const { port } = server.httpServer.address() as AddressInfo
    const url = `http://127.0.0.1:${port}`
    browser = await chromium.launch({
      executablePath: chromePath,
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    })
    const b = browser
    const s = server
    return {
      url,
      outDir,
      browser: b,
      newPhone: () =>
        b.newContext({
          baseURL: url,
          viewport: { width: 360, height: 740 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          serviceWorkers: 'allow',
        }),
      async close() {
        await b.close()
        await s.close()
        if (previousDataDir === undefined) delete process.env.ZHIBU_DATA_DIR
        else process.env.ZHIBU_DATA_DIR = previousDataDir
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
