// `npm run screenshots`: phone-size (360×740) pictures of the main screens for the README and docs/.
import { mkdirSync } from 'node:fs'
import { startApp } from '../tests/e2e/harness'
import { demoLogins, signInThroughForm, type DemoLogin } from '../tests/e2e/flows'

interface Shot {
  file: string
  login?: DemoLogin
  path: string
}

const shots: Shot[] = [
  { file: 'login', path: '/login' },
  { file: 'home-member', login: demoLogins.member, path: '/' },
  { file: 'me-member', login: demoLogins.member, path: '/me' },
  { file: 'home-secretary', login: demoLogins.secretary, path: '/' },
]

const outDir = new URL('../docs/screenshots/', import.meta.url)
mkdirSync(outDir, { recursive: true })

const app = await startApp()
try {
  for (const shot of shots) {
    const context = await app.newPhone()
    const page = await context.newPage()
    if (shot.login) await signInThroughForm(page, shot.login)
    await page.goto(shot.path, { waitUntil: 'networkidle' })
    await page.waitForTimeout(800)
    await page.screenshot({ path: new URL(`${shot.file}.png`, outDir).pathname })
    console.log(`docs/screenshots/${shot.file}.png`)
    await context.close()
  }
} finally {
  await app.close()
}
