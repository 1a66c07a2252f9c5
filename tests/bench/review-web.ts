// `npm run bench:review` (client part): the chart libraries compared, then the 统计 route of the
// built app: its JavaScript beyond the shell (gzip) and the time the dashboard takes to draw in
// Chromium at 4× CPU throttling, as medians of several runs.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { chromePath, startApp } from '../e2e/harness'
import { demoLogins, signInThroughForm } from '../e2e/flows'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
/** First visits, each on a new phone (a new browser context, signed in afresh). */
const FIRST_RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 5)
const THROTTLE = 4
const ROUTE_BUDGET_KB = 200
const DRAW_BUDGET_MS = 1000

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * The same chart (12 months: events as bars, rate as a line) with each library, tree-shaken, drawn
 * on the main thread (统计 draws Chart.js's in a worker: the route's figures below).
 */
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
 * imports statically): its route chunk and what that imports (the page), and the chart worker's
 * file, which Vite emits beside them (the worker). The page's Chart.js chunk for browsers that
 * cannot draw in a worker is fetched only there: reported apart.
 */
function routeJsFromManifest(outDir: string) {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const closure = (roots: string[]) => {
    const seen = new Set<string>()
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return
      seen.add(key)
      for (const k of manifest[key]!.imports ?? []) visit(k)
    }
    roots.forEach(visit)
    return seen
  }
  const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024
  const shell = closure(Object.keys(manifest).filter((k) => manifest[k]!.isEntry))
  const route = closure(['src/features/review/ReviewView.vue'])
  const files = [...route].filter((k) => !shell.has(k)).map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'))
  const sizes = files.map((f) => ({ file: f, kb: gz(f) })).sort((a, b) => b.kb - a.kb)
  const assets = readdirSync(join(outDir, 'assets'))
  const worker = assets.filter((f) => /^trendWorker-.*\.js$/.test(f)).map((f) => ({ file: `assets/${f}`, kb: gz(`assets/${f}`) }))
  const fallback = manifest['src/features/review/reviewChart.ts']
  const page = sizes.reduce((a, b) => a + b.kb, 0)
  const workerKb = worker.reduce((a, b) => a + b.kb, 0)
  return { kb: page + workerKb, page, worker: workerKb, fallback: fallback ? gz(fallback.file) : null, sizes: [...sizes, ...worker].sort((a, b) => b.kb - a.kb) }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

/** Where a profiled visit spent its samples (BENCH_PROFILE=1): self time by script, then the top functions. */
function summarize(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, drawnMs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const bySelf = new Map<string, number>()
  const byFile = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let elapsed = 0
  let total = 0
  samples.forEach((id, i) => {
    elapsed += (deltas[i] ?? 0) / 1000
    if (elapsed > drawnMs) return
    const frame0 = byId.get(id)!
    if (frame0.functionName !== '(idle)') total += (deltas[i + 1] ?? 0) / 1000
    const frame = byId.get(id)!
    const ms = (deltas[i + 1] ?? 0) / 1000
    const file = frame.url.replace(/^.*\//, '') || `(${frame.functionName || 'program'})`
    byFile.set(file, (byFile.get(file) ?? 0) + ms)
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`
    bySelf.set(fn, (bySelf.get(fn) ?? 0) + ms)
  })
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(0).padStart(5)} ms  ${k}`).join('\n')
  console.log(`  profile until drawn (${drawnMs.toFixed(0)} ms, busy ${total.toFixed(0)} ms), self time by script:\n${top(byFile, 10)}\n  by function:\n${top(bySelf, 12)}`)
}

/** What one visit measured, in ms from the tap. */
interface Visit {
  /** The key figures and the branches' ranking painted (two frames after both are in the page). */
  figures: number
  /** The trend chart painted: Chart.js in the chart worker said it drew (then two frames). */
  chart: number
  /** "Drawn": figures, ranking and the chart all painted, the later of the two above. */
  drawn: number
  /** Drawn, and every answer is the server's (刷新 enabled again). */
  settled: number
  /** When the last review RPC answered, and the main thread's long tasks until drawn. */
  rpcLast: number | null
  longTasks: number
  longTaskMs: number
  /** `performance.mark`s the app made after the tap (none unless someone is tracing). */
  marks: string
  rpc: number
  kb: number
}

/**
 * One visit of 统计 from 首页 at 4× CPU throttling: the time from tapping the tab until the figures
 * and ranking are painted, until the chart is painted, and until no answer is still loading; when the
 * chart chunk and the answers arrived; the long tasks; and the scripts fetched after the tap (gzip).
 */
async function visitReview(context: BrowserContext, profile = false, idleFirst = false): Promise<Visit> {
  const page = await context.newPage()
  await page.goto('/')
  await page.getByTestId('member-name').waitFor({ state: 'visible', timeout: 30_000 })
  // After the app was idle on 首页: 统计's code has been fetched ahead (usePrefetchReview).
  if (idleFirst) await page.locator('link[rel="prefetch"][href*="trendWorker"]').waitFor({ state: 'attached', timeout: 30_000 })
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
  if (profile) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await cdp.send('Profiler.start')
  }
  // A string, so that the script runs in the page as written (tsx would add helpers to a function).
  const times = await page.evaluate<Omit<Visit, 'rpc' | 'kb'>>(`new Promise((resolve, reject) => {
    const has = (selector) => !!document.querySelector(selector)
    const figures = () => has('[data-testid="review-ranking"] [data-testid="ranking-branch"]') && has('[data-testid="review-figures"]')
    const chart = () => has('[data-testid="review-trend-chart"][data-drawn]')
    const settled = () => figures() && chart() && has('[data-testid="review-refresh"]:not([disabled])')
    const long = []
    new PerformanceObserver((list) => long.push(...list.getEntries())).observe({ type: 'longtask' })
    const start = performance.now()
    const out = {}
    const timer = setTimeout(() => reject(new Error('统计 was not drawn within 30 s')), 30000)
    const pending = new Set()
    const frames = (key, then) => {
      if (pending.has(key)) return
      pending.add(key)
      requestAnimationFrame(() => requestAnimationFrame(() => {
        out[key] = performance.now() - start
        then()
      }))
    }
    const finish = () => {
      clearTimeout(timer)
      const after = (name) => performance.getEntriesByType('resource').filter((e) => e.startTime >= start && name.test(e.name))
      const ends = (name) => after(name).map((e) => e.responseEnd - start)
      out.rpcLast = ends(/rpc[/]review_/).sort((a, b) => b - a)[0] ?? null
      out.drawn = Math.max(out.figures, out.chart)
      out.marks = performance.getEntriesByType('mark').filter((e) => e.startTime >= start).map((e) => e.name + '@' + Math.round(e.startTime - start)).join(' ')
      const mine = long.filter((e) => e.startTime >= start && e.startTime <= start + out.drawn)
      out.longTasks = mine.length
      out.longTaskMs = mine.reduce((a, e) => a + e.duration, 0)
      resolve(out)
    }
    const observer = new MutationObserver(() => {
      if (figures()) frames('figures', () => {})
      if (chart()) frames('chart', () => {})
      if (!settled()) return
      observer.disconnect()
      frames('settled', finish)
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true })
    const tab = document.querySelector('[data-testid="tab-review"]')
    if (!tab) return reject(new Error('no 统计 tab'))
    tab.click()
  })`)
  if (profile) summarize((await cdp.send('Profiler.stop')).profile, times.drawn)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
  await page.waitForLoadState('networkidle')
  await page.close()
  return { ...times, rpc: median(rpcMs), kb: [...scripts.values()].reduce((a, b) => a + b, 0) / 1024 }
}

/**
 * A phone that says to save data (`navigator.connection.saveData`), where 统计's code is never
 * fetched ahead: its first visit fetches and compiles the route after the tap.
 */
const SAVE_DATA = `Object.defineProperty(navigator, 'connection', { configurable: true,
  value: { saveData: true, effectiveType: '4g', addEventListener() {}, removeEventListener() {} } })`

/** One first visit of 统计 on a new phone (nothing kept): cold (saving data), or after 首页 was idle. */
async function firstVisit(newPhone: () => Promise<BrowserContext>, idleFirst: boolean): Promise<Visit> {
  const context = await newPhone()
  if (!idleFirst) await context.addInitScript(SAVE_DATA)
  const login = await context.newPage()
  await signInThroughForm(login, demoLogins.leader)
  await login.close()
  const visit = await visitReview(context, false, idleFirst)
  await context.close()
  return visit
}

async function measureRoute() {
  const app = await startApp()
  try {
    const fromManifest = routeJsFromManifest(app.outDir)
    console.log(`统计 route JS beyond the shell (build manifest, gzip): ${fromManifest.kb.toFixed(1)} KB (budget ${ROUTE_BUDGET_KB} KB): page ${fromManifest.page.toFixed(1)} KB, chart worker ${fromManifest.worker.toFixed(1)} KB`)
    if (fromManifest.fallback !== null) console.log(`  (Chart.js on the page where no worker can draw, fetched only there: ${fromManifest.fallback.toFixed(1)} KB)`)
    for (const s of fromManifest.sizes.slice(0, 6)) console.log(`  ${s.file.replace('assets/', '')} ${s.kb.toFixed(1)}`)
    const context = await app.newPhone()
    const login = await context.newPage()
    await signInThroughForm(login, demoLogins.leader)
    await login.close()
    const visits = []
    for (let i = 0; i < RUNS + 1; i += 1) visits.push(await visitReview(context, !!process.env.BENCH_PROFILE && i > 0))
    const [, ...rest] = visits
    // Taken in turns, so that both cases see the same load on the machine.
    const cold: Visit[] = []
    const warm: Visit[] = []
    for (let i = 0; i < FIRST_RUNS; i += 1) {
      cold.push(await firstVisit(app.newPhone, false))
      warm.push(await firstVisit(app.newPhone, true))
    }
    const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)} ms`)
    const stats = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`
    const line = (v: Visit) => `figures ${ms(v.figures)}, chart ${ms(v.chart)}, settled ${ms(v.settled)}; last answer ${ms(v.rpcLast)}; ${v.longTasks} long tasks ${ms(v.longTaskMs)} before drawn`
    console.log('"drawn" = the figures, the ranking and the trend chart all painted (two frames after each is in the page)')
    const firstLines = (name: string, vs: Visit[]) => {
      console.log(`${name} at ${THROTTLE}× (${vs.length} new phones, nothing kept): drawn ${stats(vs.map((v) => v.drawn))}`)
      console.log(`  figures and ranking: ${stats(vs.map((v) => v.figures))}; chart: ${stats(vs.map((v) => v.chart))}; last answer ${stats(vs.flatMap((v) => (v.rpcLast === null ? [] : [v.rpcLast])))}`)
      console.log(`  long tasks before drawn: ${stats(vs.map((v) => v.longTaskMs))}; scripts fetched after the tap: median ${median(vs.map((v) => v.kb)).toFixed(1)} KB gzip`)
    }
    firstLines('first visit, cold (tapped before 统计\'s code was fetched ahead: a phone saving data)', cold)
    firstLines('first visit after the app was idle on 首页 (统计\'s code fetched ahead)', warm)
    console.log(`later visits at ${THROTTLE}× (${rest.length} runs, scripts cached, kept answers drawn first):`)
    console.log(`  drawn: ${stats(rest.map((v) => v.drawn))}`)
    console.log(`  figures and ranking: ${stats(rest.map((v) => v.figures))}; chart: ${stats(rest.map((v) => v.chart))}`)
    console.log(`  every answer fresh: ${stats(rest.map((v) => v.settled))}; a review RPC's round trip ${stats(rest.map((v) => v.rpc))}`)
    console.log(`  long tasks before drawn: ${stats(rest.map((v) => v.longTaskMs))}`)
    if (process.env.BENCH_VERBOSE) for (const v of [...cold, ...warm, ...visits]) console.log(`    ${line(v)}\n      ${v.marks}`)
    const drawMs = median(rest.map((v) => v.drawn))
    await context.close()
    const firstMs = median(warm.map((v) => v.drawn))
    const over = [fromManifest.kb > ROUTE_BUDGET_KB && 'route JS', firstMs > DRAW_BUDGET_MS && 'first draw after idle', drawMs > DRAW_BUDGET_MS && 'draw'].filter(Boolean)
    console.log(over.length ? `OVER BUDGET: ${over.join(', ')}` : 'within budget')
  } finally {
    await app.close()
  }
}

async function main() {
  if (!process.argv.includes('--route')) {
    console.log('Chart libraries, the same 12-month chart:')
    await compareLibraries()
  }
  if (process.argv.includes('--libraries')) return
  await measureRoute()
}

await main()
