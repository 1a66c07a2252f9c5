/**
 * Renders the app icon (a red square with a white 支 drawn as strokes, so it looks the same without
 * any font) to public/: favicon.svg and the PNG sizes the web app manifest and iOS ask for.
 *
 *   npx tsx scripts/make-icons.ts
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const RED = '#c8161d'
const publicDir = fileURLToPath(new URL('../public/', import.meta.url))

/** The character 支 (十 over 又) as round-capped strokes in a 64×64 box. */
const GLYPH = [
  'M15 17H49', // 十: the horizontal
  'M32 8.5V29', // 十: the vertical
  'M18.5 31H44.5Q39 45.5 15.5 55', // 又: the top and its sweep down to the left
  'M24.5 38.5Q34 50.5 50 55.5', // 又: the stroke falling to the right
]

interface IconStyle {
  /** Corner radius of the red square in the 64 box (0 = full bleed). */
  radius: number
  /** Scale of the character around the centre (maskable icons keep it inside the safe zone). */
  glyphScale: number
}

function iconSvg({ radius, glyphScale }: IconStyle): string {
  const offset = 32 * (1 - glyphScale)
  const strokes = GLYPH.map((d) => `<path d="${d}"/>`).join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" rx="${radius}" fill="${RED}"/>` +
    `<g transform="translate(${offset} ${offset}) scale(${glyphScale})" fill="none" stroke="#fff" ` +
    `stroke-width="5.6" stroke-linecap="round" stroke-linejoin="round">${strokes}</g></svg>`
  )
}

const rounded: IconStyle = { radius: 14, glyphScale: 1 }
// iOS rounds the corners itself and shows transparency as black: a full square.
const square: IconStyle = { radius: 0, glyphScale: 0.92 }
// Maskable: the launcher may crop to a circle of 80% of the width, so the character stays within ~60%.
const maskable: IconStyle = { radius: 0, glyphScale: 0.62 }

const targets: { file: string; size: number; style: IconStyle }[] = [
  { file: 'pwa-192x192.png', size: 192, style: rounded },
  { file: 'pwa-512x512.png', size: 512, style: rounded },
  { file: 'maskable-icon-512x512.png', size: 512, style: maskable },
  { file: 'apple-touch-icon.png', size: 180, style: square },
]

async function main() {
  await writeFile(publicDir + 'favicon.svg', iconSvg(rounded) + '\n')
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const page = await browser.newPage()
    for (const { file, size, style } of targets) {
      await page.setViewportSize({ width: size, height: size })
      const svg = iconSvg(style).replace('<svg ', `<svg width="${size}" height="${size}" `)
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
      await page.locator('svg').screenshot({ path: publicDir + file, omitBackground: true })
      console.log(`public/${file} (${size}×${size})`)
    }
  } finally {
    await browser.close()
  }
}

await main()
