// `npm run screenshots`: phone-size (360×740) pictures of the main screens for the README and docs/,
// on the demo data of the day (supabase/seed.sql). `npm run screenshots -- <name> …` takes only
// the pictures named (their file names without .png).
import { mkdirSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { LOCAL_ANON_KEY } from '../supabase/local/keys'
import { startApp } from '../tests/e2e/harness'
import { apiAs, demoLogins, signInThroughForm, type DemoApi, type DemoLogin } from '../tests/e2e/flows'

type Row = Record<string, unknown>

interface Shot {
  file: string
  login?: DemoLogin
  /** The path, or how to find it in the demo data as the secretary sees it. */
  path: string | ((data: DemoData) => string)
  /** What the screen shows once its data is there. */
  ready?: string
  /** Scroll this into view first (a part of a long screen). */
  scrollTo?: string
  /** What a person does on the screen before the picture (once `ready` shows). */
  act?: (page: Page) => Promise<void>
  /** Another window than the phone's 360×740, for this picture only. */
  viewport?: { width: number; height: number }
}

const BRANCH = '12000000-0000-4000-8000-000000000001' // 机关第一党支部
const TODAYS_THEME_DAY = '17000000-0000-4000-8000-0000000000a1' // seeded for the day the database is made

/** Events and attendance of the secretary's branch, to find the screens worth showing. */
interface DemoData {
  events: Row[]
  attendance: Row[]
}

const held = (d: DemoData) =>
  d.events.filter((e) => e.branch_id === BRANCH && !e.cancelled_at && e.minutes && Date.parse(String(e.starts_at)) < Date.now())
    .sort((a, b) => String(b.starts_at).localeCompare(String(a.starts_at)))
/** The latest 支部党员大会 held, with its minutes, guests and resolutions. */
const latestGeneralMeeting = (d: DemoData) => String(held(d).find((e) => e.kind === 'general_meeting')!.id)
/** The meeting whose check-ins wait for the secretary (待核实). */
const meetingWithPendingCheckins = (d: DemoData) => String(d.attendance.find((a) => a.branch_id === BRANCH && a.verification === 'pending')!.event_id)
/** A leave request still to decide. */
const pendingLeave = (d: DemoData) => String(d.attendance.find((a) => a.branch_id === BRANCH && a.leave_status === 'pending' && a.member_id === '15000000-0000-4000-8000-000000000010')!.id)

/** The latest 主题党日 held, whose record gets photos. */
const latestThemeDay = (d: DemoData) => String(held(d).find((e) => e.kind === 'theme_day')!.id)

/** 李晓梅 on the roster of 机关第一党支部. */
const LI_XIAOMEI = '15000000-0000-4000-8000-000000000003'

/**
 * A roster as an office keeps it, in CSV: three new people and two rows the import refuses (a
 * 10-digit phone; an unknown gender with a 30 February), each problem listed with its row.
 */
const ROSTER_CSV = [
  '姓名,性别,手机号码,出生日期,政治面貌',
  '周文涛,男,13712345601,1990-04-12,中共党员',
  '孙雨婷,女,13712345602,1995-08-03,中共预备党员',
  '吴建军,男,1371234560,1987-05-20,中共党员',
  '郑小红,未知,13712345604,1992-02-30,群众',
  '何志远,男,13712345605,1983-11-26,中共党员',
].join('\r\n')

/** Chooses the CSV file, keeps the columns as recognised and opens the preview. */
async function previewRosterImport(page: Page) {
  await page.getByTestId('roster-import-file').setInputFiles({ name: '第一党支部名册.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER_CSV, 'utf8') })
  await page.getByTestId('roster-import-preview').click()
  await page.getByTestId('roster-import-problems').waitFor({ timeout: 30_000 })
}

/** Two camera-sized photos of the day drawn on the phone, added to the record; waits until both are uploaded. */
async function addRecordPhotos(page: Page) {
  const photos = []
  for (const [i, hue] of [205, 25].entries()) {
    const bytes = await page.evaluate(async ([h, n]) => {
      const canvas = new OffscreenCanvas(2400, 1800)
      const g = canvas.getContext('2d')!
      const sky = g.createLinearGradient(0, 0, 0, 1100)
      sky.addColorStop(0, `hsl(${h} 60% 62%)`)
      sky.addColorStop(1, `hsl(${h} 45% 85%)`)
      g.fillStyle = sky
      g.fillRect(0, 0, 2400, 1100)
      g.fillStyle = 'hsl(100 30% 45%)'
      g.fillRect(0, 1100, 2400, 700)
      g.fillStyle = '#c8102e'
      g.fillRect(300, 380, 1800, 260)
      g.fillStyle = '#ffd700'
      g.font = 'bold 150px sans-serif'
      g.textAlign = 'center'
      g.fillText(n === 0 ? '学雷锋志愿服务' : '为民服务 党员先行', 1200, 565)
      g.fillStyle = 'hsl(0 0% 25%)'
      for (let p = 0; p < 9; p++) g.fillRect(360 + p * 210, 1000 + (p % 3) * 40, 90, 360)
      return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()))
    }, [hue, i] as const)
    photos.push({ name: `IMG_2026_${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) })
  }
  await page.getByTestId('evidence-photo-input').setInputFiles(photos)
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="evidence-photo"]')]
    return cells.length === 2 && cells.every((c) => c.getAttribute('data-state') === 'uploaded' && (c.querySelector('img')?.naturalWidth ?? 0) > 0)
  }, undefined, { timeout: 120_000, polling: 1000 })
}

/** Taps a link on the screen and waits for the next one, the way people reach it (not a fresh load). */
const openFrom = (link: string, next: string) => async (page: Page) => {
  await page.getByTestId(link).click()
  await page.getByTestId(next).first().waitFor({ timeout: 30_000 })
}

/** 周海波, head of 财务处, which has not signed this year's 党风廉政建设责任书 in the demo data. */
const HEAD_OF_FINANCE: DemoLogin = { account: 'secretary2@demo.zhibu.cn', password: 'Zhibu@2026', tabs: [] }

const shots: Shot[] = [
  { file: 'login', path: '/login', ready: 'login-submit' },
  { file: 'home-member', login: demoLogins.member, path: '/' },
  { file: 'checkin-scan-member', login: demoLogins.member, path: '/checkin/scan', ready: 'checkin-open-events' },
  { file: 'donation-form-member', login: demoLogins.member, path: '/records/donation' },
  { file: 'pledge-member', login: demoLogins.member, path: '/pledge' },
  { file: 'my-record-member', login: demoLogins.member, path: '/me/record', ready: 'my-record-item' },
  { file: 'me-member', login: demoLogins.member, path: '/me' },
  { file: 'member-code-member', login: demoLogins.member, path: '/me/checkin-code', ready: 'member-code' },
  { file: 'branch-secretary', login: demoLogins.secretary, path: '/branch', ready: 'branch-todo' },
  { file: 'branch-calendar-secretary', login: demoLogins.secretary, path: '/branch', ready: 'calendar-cell', scrollTo: 'branch-calendar' },
  { file: 'activities-secretary', login: demoLogins.secretary, path: '/activities', ready: 'activity-item' },
  { file: 'activity-new-secretary', login: demoLogins.secretary, path: '/activities/new?kind=committee_meeting', ready: 'activity-form' },
  { file: 'activity-detail-secretary', login: demoLogins.secretary, path: (d) => `/activities/${latestGeneralMeeting(d)}`, ready: 'activity-committee-actions' },
  { file: 'checkin-display-secretary', login: demoLogins.secretary, path: `/checkin/display/${TODAYS_THEME_DAY}`, ready: 'checkin-code' },
  { file: 'attendance-secretary', login: demoLogins.secretary, path: (d) => `/activities/${meetingWithPendingCheckins(d)}/attendance`, ready: 'attendance-item' },
  { file: 'leave-decision-secretary', login: demoLogins.secretary, path: (d) => `/branch/leave/${pendingLeave(d)}`, ready: 'leave-decision-form' },
  { file: 'makeups-secretary', login: demoLogins.secretary, path: '/branch/makeups', ready: 'makeup-item' },
  { file: 'meeting-record-secretary', login: demoLogins.secretary, path: (d) => `/activities/${latestGeneralMeeting(d)}/record`, ready: 'resolution-item' },
  { file: 'meeting-print-secretary', login: demoLogins.secretary, path: (d) => `/activities/${latestGeneralMeeting(d)}/print`, ready: 'meeting-print-sheet' },
  { file: 'visits-secretary', login: demoLogins.secretary, path: '/branch/visits', ready: 'visits-totals' },
  { file: 'visit-form-secretary', login: demoLogins.secretary, path: '/branch/visits/new', ready: 'visit-form' },
  { file: 'visit-detail-secretary', login: demoLogins.secretary, path: '/branch/visits/1e000000-0000-4000-8000-000000000001', ready: 'visit-detail' },
  { file: 'organizers-secretary', login: demoLogins.secretary, path: '/branch/organizers', ready: 'admin-person' },
  { file: 'admin-roles-admin', login: demoLogins.admin, path: '/admin/roles', ready: 'admin-person' },
  { file: 'roster-secretary', login: demoLogins.secretary, path: '/branch/roster', ready: 'roster-count' },
  { file: 'roster-import-secretary', login: demoLogins.secretary, path: '/branch/roster/import', ready: 'roster-import-choose' },
  { file: 'roster-import-preview-secretary', login: demoLogins.secretary, path: '/branch/roster/import', ready: 'roster-import-choose', act: previewRosterImport, scrollTo: 'roster-import-plan' },
  { file: 'roster-member-secretary', login: demoLogins.secretary, path: `/branch/roster/${LI_XIAOMEI}`, ready: 'roster-glance' },
  { file: 'roster-admin', login: demoLogins.admin, path: '/branch/roster?branch=12000000-0000-4000-8000-000000000002', ready: 'roster-count' },
  { file: 'roster-desktop-admin', login: demoLogins.admin, path: '/branch/roster?branch=12000000-0000-4000-8000-000000000002', ready: 'roster-count', viewport: { width: 1280, height: 800 } },
  { file: 'visit-form-admin', login: demoLogins.admin, path: '/branch/visits/new?branch=12000000-0000-4000-8000-000000000002', ready: 'visit-branch', act: async (page) => {
    await page.getByTestId('visit-visited').click()
    await page.getByTestId('visit-visited-branch').last().waitFor({ timeout: 30_000 })
    await page.getByTestId('visit-visited-branch').last().scrollIntoViewIfNeeded()
  } },
  { file: 'meeting-photos-secretary', login: demoLogins.secretary, path: (d) => `/activities/${latestThemeDay(d)}/record`, ready: 'evidence-photos', act: addRecordPhotos, scrollTo: 'evidence-photos' },
  { file: 'xuexi-secretary', login: demoLogins.secretary, path: '/branch', ready: 'branch-xuexi-link', act: openFrom('branch-xuexi-link', 'xuexi-month') },
  { file: 'admin-admin', login: demoLogins.admin, path: '/me', ready: 'me-admin', act: openFrom('me-admin', 'admin-roster-link') },
  { file: 'admin-desktop-admin', login: demoLogins.admin, path: '/me', ready: 'me-admin', act: openFrom('me-admin', 'admin-roster-link'), viewport: { width: 1280, height: 800 } },
  { file: 'invites-desktop-admin', login: demoLogins.admin, path: '/admin/invites', ready: 'admin-invite-code', viewport: { width: 1280, height: 800 } },
  { file: 'groups-secretary', login: demoLogins.secretary, path: '/branch/groups', ready: 'admin-groups-branch' },
  { file: 'year-setup-admin', login: demoLogins.admin, path: '/admin/year', ready: 'setup-campaigns-link' },
  { file: 'unit-pledge-head', login: HEAD_OF_FINANCE, path: '/pledge/unit/11000000-0000-4000-8000-000000000002', ready: 'pledge-as-head' },
  { file: 'review-leader', login: demoLogins.leader, path: '/review', ready: 'review-figures' },
  { file: 'report-leader', login: demoLogins.leader, path: '/review/report', ready: 'report-body' },
]

const outDir = new URL('../docs/screenshots/', import.meta.url)
mkdirSync(outDir, { recursive: true })

const app = await startApp()
try {
  const api: DemoApi = await apiAs(app.url, demoLogins.secretary, LOCAL_ANON_KEY)
  const data: DemoData = { events: await api.rows('events'), attendance: await api.rows('attendance') }
  // One phone per login, signed in once: the first sync fills the device database the screens read.
  const phones = new Map<DemoLogin | undefined, { context: BrowserContext; page: Page }>()
  const phoneOf = async (login: DemoLogin | undefined) => {
    let phone = phones.get(login)
    if (!phone) {
      const context = await app.newPhone()
      const page = await context.newPage()
      if (login) {
        await signInThroughForm(page, login)
        await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
      }
      phones.set(login, (phone = { context, page }))
    }
    return phone.page
  }
  const only = process.argv.slice(2)
  for (const shot of shots.filter((s) => only.length === 0 || only.includes(s.file))) {
    const page = await phoneOf(shot.login)
    if (shot.viewport) await page.setViewportSize(shot.viewport)
    await page.goto(typeof shot.path === 'string' ? shot.path : shot.path(data), { waitUntil: 'networkidle' })
    if (shot.ready) await page.getByTestId(shot.ready).first().waitFor({ timeout: 30_000 })
    await shot.act?.(page)
    // Below the app's header, which stays on top.
    if (shot.scrollTo) await page.getByTestId(shot.scrollTo).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64))
    // Let fonts, icons and the last live reads settle before the picture.
    await page.waitForTimeout(800)
    await page.screenshot({ path: new URL(`${shot.file}.png`, outDir).pathname })
    console.log(`docs/screenshots/${shot.file}.png`)
    if (shot.viewport) await page.setViewportSize({ width: 360, height: 740 })
  }
  for (const { context } of phones.values()) await context.close()
} finally {
  await app.close()
}
