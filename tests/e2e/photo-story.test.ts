/**
 * Photo evidence on phones: offline, the organizer 王建国 adds two photos to a 主题党日 record of his
 * branch; they show at once from the phone's own bytes, marked 待上传, and are still there after a
 * reload without the network; back online they are uploaded at sync, and the secretary's phone shows
 * both, brought from the bucket. Every screen fits 360 px and nothing logs an error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { LOCAL_ANON_KEY } from '@/data/config'
import { browserAvailable, startApp, type AppUnderTest } from './harness'
import { apiAs, collectPageErrors, demoLogins, signInThroughForm, waitForServiceWorkerControl } from './flows'

const run = browserAvailable()

/** A camera-sized JPEG made in the page (the phone's own encoder), as a file to choose. */
async function cameraPhoto(page: Page, hue: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const bytes = await page.evaluate(async (h) => {
    const canvas = new OffscreenCanvas(2400, 1800)
    const g = canvas.getContext('2d')!
    g.fillStyle = `hsl(${h} 70% 45%)`
    g.fillRect(0, 0, 2400, 1800)
    g.fillStyle = '#fff'
    g.fillRect(200, 200, 800, 600)
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer()))
  }, hue)
  return { name: `IMG_${hue}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) }
}

/** The record's photos as shown: state, and the pixel width of the image drawn (0 when none). */
function shownPhotos(page: Page) {
  return page.getByTestId('evidence-photo').evaluateAll((cells) =>
    cells.map((cell) => ({ state: cell.getAttribute('data-state'), width: cell.querySelector('img')?.naturalWidth ?? 0 })),
  )
}

const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe.runIf(run)('photo evidence: the organizer adds photos offline, the secretary sees them', () => {
  let app: AppUnderTest
  let organizer: BrowserContext
  let page: Page
  let recordPath = ''
  const errors: string[][] = []

  beforeAll(async () => {
    app = await startApp()
    const api = await apiAs(app.url, demoLogins.organizer, LOCAL_ANON_KEY)
    const me = await api.rpc<{ member: { branch_id: string } }>('me', {})
    const themeDays = (await api.rows('events'))
      .filter((e) => e.kind === 'theme_day' && e.branch_id === me.member.branch_id && !e.cancelled_at && String(e.starts_at) < new Date().toISOString())
      .sort((a, b) => String(b.starts_at).localeCompare(String(a.starts_at)))
    expect(themeDays.length).toBeGreaterThan(0)
    recordPath = `/activities/${String(themeDays[0]!.id)}/record`
    organizer = await app.newPhone()
    page = await organizer.newPage()
    errors.push(collectPageErrors(page))
  })
  afterAll(async () => {
    await app?.close()
  })

  test('offline, the organizer adds two photos to the 主题党日 record; they show at once, waiting to upload', async () => {
    await signInThroughForm(page, demoLogins.organizer)
    await waitForServiceWorkerControl(page)
    await page.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
    await page.goto(recordPath)
    await page.getByTestId('evidence-photos').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('evidence-photo').count()).toBe(0)
    const photos = [await cameraPhoto(page, 10), await cameraPhoto(page, 200)]
    await organizer.setOffline(true)
    await page.getByTestId('evidence-photo-input').setInputFiles(photos)
    // Compressed on the phone: 2400 × 1800 comes out 1600 × 1200.
    await expect.poll(() => shownPhotos(page), { timeout: 30_000 }).toEqual([{ state: 'pending', width: 1600 }, { state: 'pending', width: 1600 }])
    expect(await page.getByTestId('evidence-photo-badge').allTextContents()).toEqual(['待上传', '待上传'])
    expect(await fits(page)).toBe(360)
  })

  test('after a reload without the network the photos are still there', async () => {
    await page.reload()
    await page.getByTestId('evidence-photos').waitFor({ timeout: 30_000 })
    await expect.poll(() => shownPhotos(page), { timeout: 30_000 }).toEqual([{ state: 'pending', width: 1600 }, { state: 'pending', width: 1600 }])
  })

  test('back online, the photos are uploaded at sync', async () => {
    await organizer.setOffline(false)
    await expect.poll(() => shownPhotos(page), { timeout: 120_000, interval: 1000 }).toEqual([{ state: 'uploaded', width: 1600 }, { state: 'uploaded', width: 1600 }])
    expect(await page.getByTestId('evidence-photo-badge').count()).toBe(0)
  })

  test('the secretary\'s phone shows both photos, and the full view opens', async () => {
    const secretary = await app.newPhone()
    const p = await secretary.newPage()
    errors.push(collectPageErrors(p))
    await signInThroughForm(p, demoLogins.secretary)
    await p.getByTestId('sync-indicator').filter({ hasText: '已同步' }).waitFor({ timeout: 90_000 })
    await p.goto(recordPath)
    await p.getByTestId('evidence-photos').waitFor({ timeout: 30_000 })
    await expect.poll(() => shownPhotos(p), { timeout: 60_000 }).toEqual([{ state: 'uploaded', width: 1600 }, { state: 'uploaded', width: 1600 }])
    await p.getByRole('button', { name: '查看第 2 张照片' }).click()
    await p.getByTestId('evidence-viewer').waitFor()
    expect(await p.getByTestId('evidence-viewer').locator('img').evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1200)
    await p.getByTestId('evidence-viewer-close').click()
    expect(await fits(p)).toBe(360)
    // Sync attempts while the network is off are logged by the browser itself; nothing else may be.
    expect(errors.flat().filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([])
  })
})
