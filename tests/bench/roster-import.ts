// `npm run bench:roster`: importing a 2,000-row roster in Chromium (DESIGN's budget: reading and
// validating < 2 s). The secretary opens 导入名册 on the built app and chooses a file; measured from
// choosing it to the column step (read), and from 预览 to the preview (validated), as medians of
// runs, for an .xlsx and a .csv; then the JS the import screen loads (gzip), and that none of the
// spreadsheet libraries loads before it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import writeXlsxFile from 'write-excel-file/node'
import type { Page } from 'playwright-core'
import { startApp } from '../e2e/harness'
import { demoLogins, signInThroughForm } from '../e2e/flows'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 1)
const ROWS = 2000
const BUDGET_MS = 2000

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const HEADERS = ['姓名', '性别', '手机号码', '身份证号', '出生日期', '入党时间', '政治面貌', '党小组', '处室/单位', '职务', '状态', '备注']
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** A distinct valid ID number per row: year digit, day and sequence from i. */
const idNumber = (i: number) => {
  const body = `110105198${i % 10}01${String(1 + Math.floor(i / 1000)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`
  return body + '10X98765432'[ID_WEIGHTS.reduce((s, w, k) => s + w * Number(body[k]), 0) % 11]
}
const rows = Array.from({ length: ROWS }, (_, i) => [
  `导入测试${i}`, i % 2 ? '女' : '男', `137${String(i).padStart(8, '0')}`, i % 997 === 0 ? '' : idNumber(i), `198${i % 10}-01-01`, '2010-07-01',
  ['中共党员', '中共预备党员', '共青团员', '群众'][i % 4]!, '', '', '', i % 50 === 0 ? '退休' : '', i % 7 === 0 ? '备注文字' : '',
])
const csv = Buffer.from([HEADERS, ...rows].map((r) => r.join(',')).join('\r\n'), 'utf8')
const xlsx = await writeXlsxFile([HEADERS, ...rows].map((r) => r.map((value) => ({ value, type: String })))).toBuffer()

interface ManifestChunk { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }

/**
 * From Vite's build manifest: the chunks of `sources` with everything they import statically, and
 * (when asked) the chunks the sources themselves import dynamically with theirs, less the app's
 * shell (the entry and its static imports) and `without`.
 */
function chunksOf(outDir: string, sources: string[], withOwnDynamic: boolean, without = new Set<string>()) {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const visit = (key: string, seen: Set<string>) => {
    if (seen.has(key)) return
    seen.add(key)
    for (const k of manifest[key]?.imports ?? []) visit(k, seen)
  }
  const shell = new Set<string>()
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key, shell)
  const seen = new Set<string>()
  for (const source of sources) {
    visit(source, seen)
    if (withOwnDynamic) for (const k of manifest[source]?.dynamicImports ?? []) visit(k, seen)
  }
  const files = [...seen].filter((k) => !shell.has(k) && !without.has(k) && manifest[k]?.file.endsWith('.js'))
  const sized = files.map((k) => [k, gzipSync(readFileSync(join(outDir, manifest[k]!.file)), { level: 9 }).length / 1024] as const)
  return { keys: new Set([...seen, ...without]), files: sized, kb: sized.reduce((sum, [, n]) => sum + n, 0), names: files.map((k) => manifest[k]!.file) }
}

async function once(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto('/branch/roster/import')
  const input = page.getByTestId('roster-import-file')
  await input.waitFor({ state: 'attached', timeout: 60_000 })
  const t0 = performance.now()
  await input.setInputFiles(file)
  await page.getByTestId('roster-import-preview').waitFor({ timeout: 60_000 })
  const t1 = performance.now()
  await page.getByTestId('roster-import-preview').click()
  await page.getByTestId('roster-import-summary').waitFor({ timeout: 60_000 })
  const t2 = performance.now()
  const summary = await page.getByTestId('roster-import-summary').textContent()
  return { read: t1 - t0, validate: t2 - t1, total: t2 - t0, summary }
}

const app = await startApp()
try {
  const phone = await app.newPhone()
  const page = await phone.newPage()
  await signInThroughForm(page, demoLogins.secretary)
  const requested: string[] = []
  page.on('request', (request) => { if (request.resourceType() === 'script') requested.push(new URL(request.url()).pathname) })
  await page.goto('/branch/roster')
  await page.getByTestId('roster-count').waitFor({ timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const before = [...requested]
  const cdp = await phone.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })

  const results: Record<string, { read: number[]; validate: number[]; total: number[]; summary: string | null }> = {}
  for (const [label, file] of [
    ['xlsx', { name: '名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx }],
    ['csv', { name: '名册.csv', mimeType: 'text/csv', buffer: csv }],
  ] as const) {
    const r = (results[label] = { read: [] as number[], validate: [] as number[], total: [] as number[], summary: null as string | null })
    await once(page, file) // loads the readers; not counted
    for (let i = 0; i < RUNS; i++) {
      const m = await once(page, file)
      r.read.push(m.read)
      r.validate.push(m.validate)
      r.total.push(m.total)
      r.summary = m.summary
    }
  }
  const list = chunksOf(app.outDir, ['src/features/roster/RosterListView.vue'], false)
  const screen = chunksOf(app.outDir, ['src/features/roster/RosterImportView.vue'], false, list.keys)
  const readers = chunksOf(app.outDir, ['src/features/roster/rosterFiles.ts'], true, screen.keys)
  const early = before.filter((p) => readers.names.some((f) => p.endsWith(f)))

  console.log(`roster import of ${ROWS} rows in Chromium${THROTTLE > 1 ? ` at ${THROTTLE}× CPU throttling` : ''} (medians of ${RUNS} runs; choose → columns → preview):`)
  for (const [label, r] of Object.entries(results)) {
    const total = median(r.total)
    console.log(`  .${label}: read ${median(r.read).toFixed(0)} ms, validate ${median(r.validate).toFixed(0)} ms, together ${total.toFixed(0)} ms (budget ${BUDGET_MS} ms) ${total < BUDGET_MS ? 'ok' : 'OVER BUDGET'}`)
    console.log(`    preview said: ${r.summary}`)
  }
  const show = (files: (readonly [string, number])[]) => [...files].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace('node_modules/', '')} ${n.toFixed(1)}`).join(', ')
  console.log('JS of the import screen beyond the shell and 名册 (gzip, from the build manifest):')
  console.log(`  the screen: ${screen.kb.toFixed(1)} KB in ${screen.files.length} files (${show(screen.files)})`)
  console.log(`  loaded on choosing a file (readers, papaparse, read-excel-file): ${readers.kb.toFixed(1)} KB in ${readers.files.length} files (${show(readers.files)})`)
  console.log(`  together: ${(screen.kb + readers.kb).toFixed(1)} KB`)
  console.log(`scripts of the readers requested before the import screen: ${early.length ? early.join(', ') : 'none'}`)
  if (Object.values(results).some((r) => median(r.total) >= BUDGET_MS) || early.length) process.exitCode = 1
} finally {
  await app.close()
}
