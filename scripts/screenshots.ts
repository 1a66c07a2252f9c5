// `npm run screenshots`: phone-size (360×740) pictures of the main screens for the README and docs/,
// on the demo data of the day (supabase/seed.sql).
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
  for (const shot of shots) {
    const page = await phoneOf(shot.login)
    await page.goto(typeof shot.path === 'string' ? shot.path : shot.path(data), { waitUntil: 'networkidle' })
    if (shot.ready) await page.getByTestId(shot.ready).first().waitFor({ timeout: 30_000 })
    // Below the app's header, which stays on top.
    if (shot.scrollTo) await page.getByTestId(shot.scrollTo).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 64))
    // Let fonts, icons and the last live reads settle before the picture.
    await page.waitForTimeout(800)
    await page.screenshot({ path: new URL(`${shot.file}.png`, outDir).pathname })
    console.log(`docs/screenshots/${shot.file}.png`)
  }
  for (const { context } of phones.values()) await context.close()
} finally {
  await app.close()
}
