import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openPhotoPage } from '../helpers/photoPage'
import { browserAvailable, launchChromium } from './harness'

const hasBrowser = browserAvailable()

interface Outcome {
  inputBytes: number
  inputMarkers: number[]
  bytes: number
  width: number
  height: number
  type: string
  markers: number[]
  left: string
  right: string
}

/** Makes a stored `width × height` JPEG with EXIF `orientation` and GPS in the page, and compresses it. */
function compressIn(page: Page, width: number, height: number, orientation: number): Promise<Outcome> {
  return page.evaluate(async ([w, h, o]) => {
    const { photoTest, zhibuPhotos } = globalThis as unknown as {
      photoTest: { jpeg(w: number, h: number, o: number): Promise<Blob>; markers(b: Uint8Array): number[]; colourAt(b: Uint8Array, x: number, y: number): Promise<string> }
      zhibuPhotos: { compressPhoto(b: Blob): Promise<{ bytes: Uint8Array; width: number; height: number; type: string }> }
    }
    const input = await photoTest.jpeg(w!, h!, o!)
    const inputBytes = new Uint8Array(await input.arrayBuffer())
    const out = await zhibuPhotos.compressPhoto(input)
    return {
      inputBytes: inputBytes.length,
      inputMarkers: photoTest.markers(inputBytes),
      bytes: out.bytes.length,
      width: out.width,
      height: out.height,
      type: out.type,
      markers: photoTest.markers(out.bytes),
      left: await photoTest.colourAt(out.bytes, Math.round(out.width / 4), Math.round(out.height / 2)),
      right: await photoTest.colourAt(out.bytes, Math.round((out.width * 3) / 4), Math.round(out.height / 2)),
    }
  }, [width, height, orientation])
}

describe.skipIf(!hasBrowser)('compressing a photo in Chromium', () => {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await launchChromium()
    page = await openPhotoPage(browser)
  })
  afterAll(() => browser?.close())

  test('a 12-megapixel JPEG turned by its EXIF orientation comes out upright, 1200 × 1600, under 500 KB, without EXIF or GPS', async () => {
    const out = await compressIn(page, 4000, 3000, 6)
    // The test's photo really carries its APP1 (EXIF with the GPS IFD) before compression.
    expect(out.inputMarkers.slice(0, 2)).toEqual([0xe1, 0xe0])
    expect(out.type).toBe('image/jpeg')
    expect([out.width, out.height]).toEqual([1200, 1600])
    expect(out.bytes).toBeLessThan(500 * 1024)
    expect(out.markers).not.toContain(0xe1)
    // Stored top half red, bottom blue; orientation 6 turns it a quarter clockwise: red on the right.
    expect([out.left, out.right]).toEqual(['b', 'r'])
  })

  test('orientation 1 keeps the photo as stored, the long side scaled to 1,600', async () => {
    const out = await compressIn(page, 3000, 4000, 1)
    expect([out.width, out.height]).toEqual([1200, 1600])
    expect(out.markers).not.toContain(0xe1)
  })

  test('a photo already smaller than 1,600 px keeps its size and still loses its EXIF', async () => {
    const out = await compressIn(page, 1000, 800, 3)
    expect([out.width, out.height]).toEqual([1000, 800])
    expect(out.markers).not.toContain(0xe1)
  })
})
