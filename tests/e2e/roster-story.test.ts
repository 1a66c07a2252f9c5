/**
 * The roster's story on phones: an admin imports a roster of 40 people into 机关第二党支部 from an .xlsx
 * file and exports the roster again (read back and compared), the secretary of 机关第一党支部 makes 杨帆 组织委员, 财务处's head 周海波
 * signs its 党风廉政建设责任书 on his phone, and the committee records a 走访 with goods and 李晓梅 among
 * those who went, which then shows in her 我的记录. Every screen is at 360×740 without horizontal
 * scroll or console errors.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSheet } from 'read-excel-file/node'
import writeXlsxFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, demoLogins, drawSignature, expectFits, openScreen, syncedPhone, waitForScreen, type DemoApi, type DemoLogin } from './flows'

const run = browserAvailable()
const YANG_FAN_USER = '20000000-0000-4000-8000-000000000008'
const LI_XIAOMEI = '15000000-0000-4000-8000-000000000003'
const SECOND_BRANCH = '12000000-0000-4000-8000-000000000002'
/** 40 people as an office keeps them: name, gender, mobile, birth date, political status. */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']
const GIVEN = ['建华', '秀兰', '志明', '丽娟', '国强']
const FORTY = SURNAMES.flatMap((s, i) => GIVEN.map((g, j) => {
  const n = i * GIVEN.length + j
  return [`${s}${g}`, n % 2 ? '女' : '男', `137${String(20260000 + n).padStart(8, '0')}`, `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`, n % 4 === 3 ? '群众' : '中共党员']
}))
const FINANCE = '11000000-0000-4000-8000-000000000002' // 财务处, headed by 周海波 (secretary2@demo.zhibu.cn)
const headOfFinance: DemoLogin = { account: 'secretary2@demo.zhibu.cn', password: 'Zhibu@2026', tabs: [] }

describe.runIf(run)('the roster\'s story in Chromium', () => {
  let app: AppUnderTest
  let api: DemoApi
  const phones: BrowserContext[] = []
  /** Console errors and uncaught exceptions of every page opened (one list per page). */
  const errors: string[][] = []
  const place = `青山镇柳树村（浏览器测试${Date.now() % 10000}）`

  const phoneOf = (login: DemoLogin) => syncedPhone(() => app.newPhone(), login, { phones, errors })

  const visit = openScreen

  beforeAll(async () => {
    app = await startApp()
    api = await apiAs(app.url, demoLogins.secretary, LOCAL_ANON_KEY)
  })
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await app?.close()
  })

  test('an admin imports a roster of 40 from .xlsx and exports it with the same people', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-roster-'))
    try {
      const file = join(dir, '机关第二党支部名册.xlsx')
      const header = ['姓名', '性别', '手机号码', '出生日期', '政治面貌']
      await writeXlsxFile([header, ...FORTY].map((row) => row.map((value) => ({ value, type: String }))), {}).toFile(file)
      const page = await phoneOf(demoLogins.admin)
      await visit(page, `/branch/roster/import?branch=${SECOND_BRANCH}`, 'roster-import-choose')
      await page.getByTestId('roster-import-file').setInputFiles(file)
      await waitForScreen(page, 'roster-import-preview', '/branch/roster/import (columns)')
      await expectFits(page, '/branch/roster/import (columns)')
      await page.getByTestId('roster-import-preview').click()
      await waitForScreen(page, 'roster-import-summary', '/branch/roster/import (preview)')
      await expectFits(page, '/branch/roster/import (preview)')
      // Its three buttons stacked full width: side by side they wrapped unevenly on the phone.
      const buttons = await page.locator('.roster-preview__actions .van-button').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)))
      expect({ count: buttons.length, widths: new Set(buttons).size }).toEqual({ count: 3, widths: 1 })
      expect(await page.getByTestId('roster-import-summary').textContent()).toContain('40')
      await page.getByTestId('roster-import-apply').click()
      await waitForScreen(page, 'roster-import-done', '/branch/roster/import (done)')
      expect(await page.getByTestId('roster-import-done').getByRole('alert').count()).toBe(0)
      // On the server after the next sync: 40 new roster rows in the branch, as its secretary reads them.
      const secretary2 = await apiAs(app.url, headOfFinance, LOCAL_ANON_KEY)
      const names = new Set(FORTY.map((p) => p[0]))
      await expect.poll(async () => (await secretary2.rows('members')).filter((r) => r.branch_id === SECOND_BRANCH && names.has(String(r.name))).length, { timeout: 90_000 }).toBe(40)

      await page.getByTestId('roster-import-to-roster').click()
      await waitForScreen(page, 'roster-export', '/branch/roster')
      await expectFits(page, '/branch/roster')
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('roster-export').click()])
      const exported = join(dir, 'export.xlsx')
      await download.saveAs(exported)
      const [head, ...rows] = (await readSheet(exported)).map((row) => row.map((cell) => (cell === null ? '' : String(cell))))
      const column = (title: string) => head!.indexOf(title)
      const back = rows.filter((r) => names.has(r[column('姓名')]!)).map((r) => header.map((title) => r[column(title)]))
      expect(back.sort()).toEqual([...FORTY].sort())
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the secretary makes 杨帆 组织委员 from 支部', async () => {
    const page = await phoneOf(demoLogins.secretary)
    await visit(page, '/branch', 'branch-organizers-link')
    await page.getByTestId('branch-organizers-link').click()
    await page.waitForURL(/\/branch\/organizers$/)
    const person = page.getByTestId('admin-person').filter({ hasText: '杨帆' })
    await person.waitFor({ timeout: 30_000 })
    await expectFits(page, '/branch/organizers')
    await person.getByTestId('admin-role-organizer').click()
    await page.locator('.van-dialog__confirm').click()
    await expect.poll(() => page.getByTestId('admin-roles-outcome').textContent(), { timeout: 30_000 }).toContain('杨帆')
    await expect.poll(() => person.getByTestId('admin-role-organizer').getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('true')
    const roles = await api.rows('user_roles')
    expect(roles.filter((r) => r.user_id === YANG_FAN_USER && !r._deleted).map((r) => r.role).sort()).toEqual(['member', 'organizer'])
  })

  test('周海波, head of 财务处, signs its 党风廉政建设责任书 on his phone; the server names him', async () => {
    const page = await phoneOf(headOfFinance)
    await visit(page, '/me', 'unit-pledge-entry')
    await page.getByTestId('unit-pledge-entry').filter({ hasText: '财务处' }).click()
    await page.waitForURL(new RegExp(`/pledge/unit/${FINANCE}$`))
    await waitForScreen(page, 'pledge-as-head', page.url())
    await expectFits(page, page.url())
    await drawSignature(page)
    await page.getByTestId('pledge-submit').click()
    await page.getByTestId('pledge-signed').waitFor({ timeout: 30_000 })
    const admin = await apiAs(app.url, demoLogins.admin, LOCAL_ANON_KEY)
    await expect
      .poll(async () => (await admin.rows('pledge_signatures')).find((r) => r.unit_id === FINANCE && !r._deleted), { timeout: 60_000 })
      .toMatchObject({ signer_name: '周海波', branch_id: null, member_id: null })
  })

  test('the committee records a 走访 with goods and 李晓梅 among those who went', async () => {
    const page = await phoneOf(demoLogins.secretary)
    await visit(page, '/branch', 'branch-visits-link')
    await page.getByTestId('branch-visits-link').click()
    await waitForScreen(page, 'visits-add', '/branch/visits')
    await expectFits(page, '/branch/visits')
    await page.getByTestId('visits-add').click()
    await waitForScreen(page, 'visit-form', '/branch/visits/new')
    await page.getByTestId('visit-kind').locator('[data-value="poverty"]').click()
    await page.locator('#visit-place').fill(place)
    await page.getByTestId('visit-households').locator('input').fill('3')
    await page.getByTestId('visit-persons').locator('input').fill('9')
    await page.getByTestId('visit-funds').locator('input').fill('3000')
    for (const [name, quantity, unit] of [['电视机', '2', 'tai'], ['床上用品', '1', 'pi']] as const) {
      await page.getByTestId('visit-goods-add').click()
      const item = page.getByTestId('visit-goods-item').last()
      await item.getByTestId('visit-goods-name').locator('input').fill(name)
      await item.getByTestId('visit-goods-quantity').locator('input').fill(quantity)
      await item.locator(`[data-unit="${unit}"]`).click()
    }
    await page.getByTestId('visit-participants').click()
    await page.getByTestId('visit-participants-option').filter({ hasText: '李晓梅' }).click()
    await page.getByTestId('visit-participants-done').click()
    await expectFits(page, '/branch/visits/new')
    await page.getByTestId('visit-save').click()
    await page.waitForURL(/\/branch\/visits\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    await expect.poll(() => page.getByTestId('visit-detail-goods').textContent(), { timeout: 30_000 }).toContain('电视机 2 台、床上用品 1 批')
    await expectFits(page, page.url())
    const id = page.url().split('/').at(-1)
    // On the server after the next sync: the items as typed, 李晓梅 among those who went.
    await expect.poll(async () => (await api.rows('visits')).find((r) => r.id === id), { timeout: 60_000 }).toMatchObject({
      kind: 'poverty', place, households: 3, persons: 9, funds_fen: 300000, participant_ids: [LI_XIAOMEI],
      goods_items: [{ name: '电视机', quantity: 2, unit: '台' }, { name: '床上用品', quantity: 1, unit: '批' }],
    })
  })

  test('李晓梅 finds the visit in 我的记录 on her phone', async () => {
    const page = await phoneOf(demoLogins.member)
    await visit(page, '/me/record', 'my-record-item')
    await expect.poll(() => page.getByTestId('my-record-item').filter({ hasText: place }).count(), { timeout: 60_000 }).toBe(1)
    expect(await page.getByTestId('my-record-item').filter({ hasText: place }).textContent()).toContain('帮扶')
  })

  test('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
