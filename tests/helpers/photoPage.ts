import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'

/**
 * A Chromium page with the app's own compressPhoto (src/data/photos/compressPhoto.ts, bundled as
 * it is) as `window.zhibuPhotos`, and a maker of test JPEGs: a photo drawn on a canvas, encoded by
 * the browser, with an EXIF APP1 segment (orientation and a GPS position) built here byte by byte.
 */
export async function openPhotoPage(browser: Browser): Promise<Page> {
  const src = fileURLToPath(new URL('../../src', import.meta.url))
  const bundle = await build({
    stdin: {
      contents: `import { compressPhoto, jpegInfo } from '@/data/photos/compressPhoto'; globalThis.zhibuPhotos = { compressPhoto, jpegInfo }`,
      resolveDir: src,
      loader: 'ts',
    },
    alias: { '@': src },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  })
  const page = await browser.newPage()
  await page.setContent('<!doctype html><title>photos</title>')
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text })
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addScriptTag({ content: `var __name = (f) => f;\n(${pageHelpers.toString()})()` })
  return page
}

/** Runs in the page: `window.photoTest.jpeg(width, height, orientation)` and the checks of an output. */
function pageHelpers() {
  /** EXIF APP1: IFD0 with Orientation (0x0112) and a GPS IFD pointer (0x8825); the GPS IFD with latitude. */
  function exifSegment(orientation: number): Uint8Array {
    const tiff: number[] = []
    const u16 = (v: number) => tiff.push((v >> 8) & 255, v & 255)
    const u32 = (v: number) => tiff.push((v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255)
    tiff.push(0x4d, 0x4d); u16(42); u32(8) // big-endian TIFF header, IFD0 at 8
    u16(2) // IFD0: 2 entries
    u16(0x0112); u16(3); u32(1); u16(orientation); u16(0)
    u16(0x8825); u16(4); u32(1); u32(8 + 2 + 24 + 4) // GPS IFD right after IFD0
    u32(0) // no next IFD
    u16(1) // GPS IFD: 1 entry, GPSLatitudeRef 'N'
    u16(0x0001); u16(2); u32(2); tiff.push(0x4e, 0, 0, 0)
    u32(0)
    const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]
    return new Uint8Array([0xff, 0xe1, ((body.length + 2) >> 8) & 255, (body.length + 2) & 255, ...body])
  }

  /** A stored width × height photo: top half red, bottom half blue, with EXIF `orientation`. */
  async function jpeg(width: number, height: number, orientation: number): Promise<Blob> {
    const canvas = new OffscreenCanvas(width, height)
    const g = canvas.getContext('2d')!
    g.fillStyle = '#e00000'
    g.fillRect(0, 0, width, height / 2)
    g.fillStyle = '#0000e0'
    g.fillRect(0, height / 2, width, height / 2)
    // Some detail, as a photo has, so the encoder has work to do (in the left tenth, away from where
    // the tests read the colours).
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`
      g.fillRect((i * 97) % (width / 10), (i * 53) % height, 20, 20)
    }
    const plain = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer())
    const exif = exifSegment(orientation)
    const out = new Uint8Array(plain.length + exif.length)
    out.set(plain.subarray(0, 2))
    out.set(exif, 2)
    out.set(plain.subarray(2), 2 + exif.length)
    return new Blob([out], { type: 'image/jpeg' })
  }

  /** The markers of a JPEG's header segments, up to the image data. */
  function markers(bytes: Uint8Array): number[] {
    const found: number[] = []
    let at = 2
    while (at + 4 <= bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!
      found.push(marker)
      if (marker === 0xda) break
      at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)
    }
    return found
  }

  /** The colour at (x, y) of encoded bytes, as the browser decodes them ('r', 'b' or '?'). */
  async function colourAt(bytes: Uint8Array, x: number, y: number): Promise<string> {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const g = canvas.getContext('2d')!
    g.drawImage(bitmap, 0, 0)
    const [r, , b] = g.getImageData(x, y, 1, 1).data
    return r! > 150 && b! < 80 ? 'r' : b! > 150 && r! < 80 ? 'b' : '?'
  }

  ;(globalThis as unknown as { photoTest: unknown }).photoTest = { jpeg, markers, colourAt }
}
