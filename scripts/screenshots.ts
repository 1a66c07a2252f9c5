// `npm run screenshots`: phone-size (360×740) pictures of the main screens for the README and docs/.
import { mkdirSync } from 'node:fs'
import { startApp } from '../tests/e2e/harness'
import { demoLogins, signInThroughForm, type DemoLogin } from '../tests/e2e/flows'

interface Shot {
  file: string
  login?: DemoLogin
  path: string
}

const TODAYS_THEME_DAY = '17000000-0000-4000-8000-0000000000a1' // seeded for the day the database is made

const shots: Shot[] = [
  { file: 'login', path: '/login' },
  { file: 'home-member', login: demoLogins.member, path: '/' },
  { file: 'checkin-scan-member', login: demoLogins.member, path: '/checkin/scan' },
  { file: 'donation-form-member', login: demoLogins.member, path: '/records/donation' },
  { file: 'pledge-member', login: demoLogins.member, path: '/pledge' },
  { file: 'my-record-member', login: demoLogins.member, path: '/me/record' },
  { file: 'me-member', login: demoLogins.member, path: '/me' },
  { file: 'checkin-display-secretary', login: demoLogins.secretary, path: `/checkin/display/${TODAYS_THEME_DAY}` },
]

const outDir = new URL('../docs/screenshots/', import.meta.url)
mkdirSync(outDir, { recursive: true })

const app = await startApp()
try {
  for (const shot of shots) {
    const context = await app.newPhone()
    const page = await context.newPage()
    if (shot.login) {
      await signInThroughForm(page, shot.login)
      // The first sync fills the device database that the screens read.
      await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 60_000 })
    }
    await page.goto(shot.path, { waitUntil: 'networkidle' })
    await page.waitForTimeout(800)
    await page.screenshot({ path: new URL(`${shot.file}.png`, outDir).pathname })
    console.log(`docs/screenshots/${shot.file}.png`)
    await context.close()
  }
} finally {
  await app.close()
}
