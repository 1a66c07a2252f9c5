// `npm run bench:review` (client part): the chart libraries compared, then the 统计 route of the
// built app: its JavaScript beyond the shell (gzip) and the time the dashboard takes to draw in
// Chromium at 4× CPU throttling, as medians of several runs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { chromePath, startApp } from '../e2e/harness'
import { demoLogins, signInThroughForm } from '../e2e/flows'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const THROTTLE = 4
const ROUTE_BUDGET_KB = 200
const DRAW_BUDGET_MS = 1000

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** The same chart (12 months: events as bars, rate as a line) with each library, tree-shaken. */
const LIBRARIES: Record<string, string> = {
  'echarts/core + SVG': `
    import { use, init } from 'echarts/core'
    import { BarChart, LineChart } from 'echarts/charts'
    import { GridComponent, TooltipComponent } from 'echarts/components'
    import { SVGRenderer } from 'echarts/renderers'
    use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer])
    window.draw = (el, months, events, rates) => init(el, null, { renderer: 'svg' }).setOption({
      grid: { left: 32, right: 32, top: 16, bottom: 24 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value' }, { type: 'value', max: 100 }],
      series: [{ type: 'bar', data: events }, { type: 'line', yAxisIndex: 1, data: rates }],
    })`,
  'echarts/core + canvas': `
    import { use, init } from 'echarts/core'
    import { BarChart, LineChart } from 'echarts/charts'
    import { GridComponent, TooltipComponent } from 'echarts/components'
    import { CanvasRenderer } from 'echarts/renderers'
    use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer])
    window.draw = (el, months, events, rates) => init(el).setOption({
      grid: { left: 32, right: 32, top: 16, bottom: 24 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value' }, { type: 'value', max: 100 }],
      series: [{ type: 'bar', data: events }, { type: 'line', yAxisIndex: 1, data: rates }],
    })`,
  'Chart.js (registered parts)': `
    import { Chart, BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip } from 'chart.js'
    Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip)
    window.draw = (el, months, events, rates) => {
      const canvas = document.createElement('canvas'); el.appendChild(canvas)
      new Chart(canvas, { data: { labels: months, datasets: [
        { type: 'bar', data: events, yAxisID: 'y' }, { type: 'line', data: rates, yAxisID: 'rate' }] },
        options: { animation: false, maintainAspectRatio: false, scales: { rate: { position: 'right', max: 100 } } } })
    }`,
}

/** Loads a library's bundle and draws the chart once; the time from loading to two frames after drawing. */
async function drawOnce(page: Page, code: string): Promise<number> {
  await page.setContent('<div id="c" style="width:328px;height:220px"></div>')
  return page.evaluate(async (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    const start = performance.now()
    await import(url)
    const w = window as unknown as { draw: (el: HTMLElement, m: string[], e: number[], r: number[]) => void }
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)
    w.draw(document.getElementById('c')!, months, months.map((_, i) => 3 + (i % 4)), months.map((_, i) => 70 + i * 2))
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    return performance.now() - start
  }, code)
}

async function compareLibraries() {
  const browser = await chromium.launch({ executablePath: chromePath })
  try {
    for (const [name, entry] of Object.entries(LIBRARIES)) {
      const out = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', write: false })
      const code = out.outputFiles[0]!.text
      const times: number[] = []
      for (let i = 0; i < RUNS; i += 1) {
        const page = await browser.newPage({ viewport: { width: 360, height: 740 } })
        const cdp = await page.context().newCDPSession(page)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
        times.push(await drawOnce(page, code))
        await page.close()
      }
      console.log(`${name.padEnd(28)} ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1).padStart(6)} KB gzip   load+draw median ${median(times).toFixed(0)} ms at ${THROTTLE}× (${RUNS} runs)`)
    }
  } finally {
    await browser.close()
  }
}

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}

/**
 * From Vite's manifest: the JS files the 统计 home needs beyond the shell (the entry and what it
 * imports statically): its route chunk, what that imports, and the chart chunk it imports on demand.
 */
function routeJsFromManifest(outDir: string) {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const closure = (roots: string[], dynamic: boolean) => {
    const seen = new Set<string>()
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return
      seen.add(key)
      for (const k of manifest[key]!.imports ?? []) visit(k)
      if (dynamic && !manifest[key]!.isEntry) for (const k of manifest[key]!.dynamicImports ?? []) if (k.includes('features/review/')) visit(k)
    }
    roots.forEach(visit)
    return seen
  }
  const shell = closure(Object.keys(manifest).filter((k) => manifest[k]!.isEntry), false)
  const route = closure(['src/features/review/ReviewView.vue'], true)
  const files = [...route].filter((k) => !shell.has(k)).map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'))
  const sizes = files.map((f) => ({ file: f, kb: gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length / 1024 })).sort((a, b) => b.kb - a.kb)
  return { kb: sizes.reduce((a, b) => a + b.kb, 0), sizes }
}

/**
 * One visit of 统计 from 首页 at 4× CPU throttling: the time from tapping the tab until the chart is
 * drawn, the ranking and figures are shown and no answer is still loading; and the scripts fetched
 * after the tap (gzip).
 */
async function visitReview(context: BrowserContext) {
  const page = await context.newPage()
  await page.goto('/')
  await page.getByTestId('member-name').waitFor({ state: 'visible', timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  const scripts = new Map<string, number>()
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return
    const body = await response.body().catch(() => undefined)
    if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length)
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  const rpcMs: number[] = []
  page.on('requestfinished', (request) => {
    if (!request.url().includes('/rest/v1/rpc/review_')) return
    const timing = request.timing()
    rpcMs.push(timing.responseEnd - timing.requestStart)
  })
  // A string, so that the script runs in the page as written (tsx would add helpers to a function).
  const times = await page.evaluate<{ drawn: number; settled: number }>(`new Promise((resolve, reject) => {
    const drawn = () =>
      !!document.querySelector('[data-testid="review-trend-canvas"][data-drawn]') &&
      !!document.querySelector('[data-testid="review-ranking"] [data-testid="ranking-branch"]') &&
      !!document.querySelector('[data-testid="review-figures"]')
    const settled = () => drawn() && !!document.querySelector('[data-testid="review-refresh"]:not([disabled])')
    const start = performance.now()
    const out = {}
    const timer = setTimeout(() => reject(new Error('统计 was not drawn within 30 s')), 30000)
    const frames = (key, then) => requestAnimationFrame(() => requestAnimationFrame(() => {
      out[key] ??= performance.now() - start
      then()
    }))
    const observer = new MutationObserver(() => {
      if (drawn() && !('drawn' in out)) frames('drawn', () => {})
      if (!settled()) return
      observer.disconnect()
      frames('settled', () => {
        clearTimeout(timer)
        out.drawn = Math.min(out.drawn ?? out.settled, out.settled)
        resolve(out)
      })
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true })
    const tab = document.querySelector('[data-testid="tab-review"]')
    if (!tab) return reject(new Error('no 统计 tab'))
    tab.click()
  })`)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
  await page.waitForLoadState('networkidle')
  await page.close()
  return { ...times, rpc: median(rpcMs), kb: [...scripts.values()].reduce((a, b) => a + b, 0) / 1024 }
}

async function measureRoute() {
  const app = await startApp()
  try {
    const fromManifest = routeJsFromManifest(app.outDir)
    console.log(`统计 route JS beyond the shell (build manifest, gzip): ${fromManifest.kb.toFixed(1)} KB (budget ${ROUTE_BUDGET_KB} KB)`)
    for (const s of fromManifest.sizes.slice(0, 6)) console.log(`  ${s.file.replace('assets/', '')} ${s.kb.toFixed(1)}`)
    const context = await app.newPhone()
    const login = await context.newPage()
    await signInThroughForm(login, demoLogins.leader)
    await login.close()
    const visits = []
    for (let i = 0; i < RUNS + 1; i += 1) visits.push(await visitReview(context))
    const [first, ...rest] = visits
    const stats = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`
    console.log(`first visit at ${THROTTLE}×: drawn ${first!.drawn.toFixed(0)} ms, every answer fresh ${first!.settled.toFixed(0)} ms; ${first!.kb.toFixed(1)} KB of scripts fetched after the tap`)
    console.log(`later visits at ${THROTTLE}× (${rest.length} runs, scripts cached, kept answers drawn first):`)
    console.log(`  drawn: ${stats(rest.map((v) => v.drawn))}`)
    console.log(`  every answer fresh: ${stats(rest.map((v) => v.settled))}; a review RPC's round trip ${stats(rest.map((v) => v.rpc))}`)
    const drawMs = median(rest.map((v) => v.drawn))
    await context.close()
    const over = [fromManifest.kb > ROUTE_BUDGET_KB && 'route JS', first!.drawn > DRAW_BUDGET_MS && 'first draw', drawMs > DRAW_BUDGET_MS && 'draw'].filter(Boolean)
    console.log(over.length ? `OVER BUDGET: ${over.join(', ')}` : 'within budget')
  } finally {
    await app.close()
  }
}

async function main() {
  console.log('Chart libraries, the same 12-month chart:')
  await compareLibraries()
  if (process.argv.includes('--libraries')) return
  await measureRoute()
}

await main()
