// `npm run bench:web`: builds the app, serves it with its local backend, and measures the first
// screen in Chromium: the JavaScript it loads (gzip) and Lighthouse's mobile scores.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromePath, startApp } from '../e2e/harness'
import { demoLogins, signInThroughForm } from '../e2e/flows'

const BUDGET_KB = 150
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5)

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr']
interface LighthouseRun {
  scores: Record<string, number>
  metrics: Record<string, string>
  lost: string[]
}

/** One run's scores, its main metrics, and what costs points, so a drop says where to look. */
function summarise(lhr: Lhr): LighthouseRun {
  const categories = lhr.categories
  const scores = Object.fromEntries(Object.entries(categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]))
  const metrics = Object.fromEntries(
    ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => [id.split('-').map((w) => w[0]!.toUpperCase()).join(''), lhr.audits[id]?.displayValue ?? '?']),
  )
  const lost: string[] = []
  for (const [k, c] of Object.entries(categories)) {
    const failing = c.auditRefs
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => ref.id)
    if (failing.length) lost.push(`${k}: ${failing.join(', ')}`)
  }
  return { scores, metrics, lost }
}

/**
 * The JS a phone loads for the first screen: the scripts that had arrived when the screen showed
 * its content (the login form, or the member's name on 首页), and all scripts once the network is idle.
 */
async function firstScreenScripts(app: Awaited<ReturnType<typeof startApp>>, signedIn: boolean) {
  const context = await app.newPhone()
  const page = await context.newPage()
  if (signedIn) {
    await signInThroughForm(page, demoLogins.member)
    await page.close()
  }
  const measured = await context.newPage()
  const scripts = new Map<string, number>()
  measured.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return
    const body = await response.body().catch(() => undefined)
    if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length)
  })
  await measured.goto('/')
  await measured.waitForSelector(signedIn ? '[data-testid="member-name"]' : '#login-account')
  const atFirstScreen = new Map(scripts)
  await measured.waitForLoadState('networkidle')
  await measured.waitForTimeout(500)
  await context.close()
  const kb = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0) / 1024
  const largest = [...scripts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([url, size]) => `${new URL(url).pathname.replace('/assets/', '')} ${(size / 1024).toFixed(1)}`)
  return { files: atFirstScreen.size, kb: kb(atFirstScreen), settledFiles: scripts.size, settledKb: kb(scripts), largest }
}

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
}

/**
 * The JS a screen cannot be drawn without: the entry and the screen's route chunk with everything
 * they import statically (from Vite's build manifest). What they import dynamically (supabase-js,
 * the local database, the sync engine, lists drawn after the greeting) loads afterwards.
 */
function staticJs(outDir: string, routeSources: string[]) {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    const chunk = manifest[key]
    if (!chunk) throw new Error(`not in the build manifest: ${key}`)
    seen.add(key)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)
  for (const source of routeSources) visit(source)
  const files = [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'))
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length, 0)
  return { files: files.length, kb: bytes / 1024 }
}

async function main() {
  const app = await startApp()
  try {
    const loginStatic = staticJs(app.outDir, ['src/features/auth/LoginView.vue'])
    const homeStatic = staticJs(app.outDir, ['src/features/home/HomeView.vue'])
    const signedOut = await firstScreenScripts(app, false)
    const signedIn = await firstScreenScripts(app, true)

    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    // Lighthouse's score moves a few points between runs on a shared machine: report the median run.
    const runs: LighthouseRun[] = []
    try {
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
        const result = await lighthouse(`${app.url}/`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
        })
        if (!result) throw new Error('Lighthouse returned no result')
        if (process.env.LIGHTHOUSE_JSON) {
          writeFileSync(join(process.env.LIGHTHOUSE_JSON, `lighthouse-${i + 1}.json`), result.report as string)
        }
        runs.push(summarise(result.lhr))
      }
    } finally {
      chrome.kill()
    }
    runs.sort((a, b) => a.scores.performance! - b.scores.performance!)
    const median = runs[Math.floor(runs.length / 2)]!

    console.log('\nFirst screen: JS it cannot be drawn without (entry + route chunk + static imports, gzip)')
    console.log(`  登录 (signed out): ${loginStatic.kb.toFixed(1)} KB in ${loginStatic.files} files (budget ${BUDGET_KB} KB)`)
    console.log(`  首页 (signed in):  ${homeStatic.kb.toFixed(1)} KB in ${homeStatic.files} files (budget ${BUDGET_KB} KB)`)
    console.log('\nAll JS the phone loads on start (360×740, Chromium), including what loads after the first screen')
    for (const [label, m] of [['signed out (登录)', signedOut], ['signed in (首页)', signedIn]] as const) {
      console.log(`  ${label}: ${m.kb.toFixed(1)} KB gzip in ${m.files} files when shown; ` +
        `${m.settledKb.toFixed(1)} KB in ${m.settledFiles} files once the network is idle`)
      console.log(`    largest (KB gzip): ${m.largest.join(', ')}`)
    }
    console.log(`Lighthouse (mobile), the median of ${runs.length} runs (performance: ${runs.map((r) => r.scores.performance).join(', ')})`)
    for (const [k, v] of Object.entries(median.scores)) console.log(`  ${k.padEnd(16)} ${v}`)
    console.log(`  ${Object.entries(median.metrics).map(([k, v]) => `${k} ${v}`).join(', ')}`)
    for (const line of median.lost) console.log(`  below full marks in ${line}`)
    if (loginStatic.kb > BUDGET_KB || homeStatic.kb > BUDGET_KB) process.exitCode = 1
  } finally {
    await app.close()
  }
}

await main()
