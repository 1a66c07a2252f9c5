import { PHOTO_LIMITS, fitLongSide, type PhotoType } from '@/domain/photos'

/** A photo as the device keeps it: bytes (not a Blob: Safari loses Blobs in IndexedDB), type and size. */
export interface CompressedPhoto {
  bytes: Uint8Array
  type: PhotoType
  width: number
  height: number
}

export interface CompressOptions {
  longSide?: number
  quality?: number
}

/** A JPEG's stored size and EXIF orientation (1-8), read from its header; null when it is not a JPEG. */
export function jpegInfo(bytes: Uint8Array): { width: number; height: number; orientation: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let orientation = 1
  let at = 2
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at += 1
      continue
    }
    const length = view.getUint16(at + 2)
    if (marker === 0xe1) orientation = exifOrientation(view, at + 4, length - 2) ?? orientation
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): height and width follow the precision byte.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return null
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7), orientation }
    }
    if (marker === 0xda) return null
    at += 2 + length
  }
  return null
}

function exifOrientation(view: DataView, start: number, length: number): number | null {
  const end = Math.min(view.byteLength, start + length)
  // "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0.
  if (end - start < 14 || view.getUint32(start) !== 0x45786966) return null
  const tiff = start + 6
  const little = view.getUint16(tiff) === 0x4949
  const ifd = tiff + view.getUint32(tiff + 4, little)
  if (ifd + 2 > end) return null
  const count = view.getUint16(ifd, little)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) return null
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/**
 * Decode the photo upright, already at the size it is drawn at when its header tells the size: a
 * 48-megapixel photo is never decoded whole (phones' canvas and memory limits).
 */
async function decodeUpright(blob: Blob, longSide: number): Promise<ImageBitmap> {
  const info = jpegInfo(new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer()))
  if (info) {
    const turned = info.orientation >= 5
    const target = fitLongSide(turned ? info.height : info.width, turned ? info.width : info.height, longSide)
    // Chromium and Safari apply the orientation before resizing, so the target is the upright size.
    return createImageBitmap(blob, { imageOrientation: 'from-image', resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' })
  }
  return createImageBitmap(blob, { imageOrientation: 'from-image' })
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d')
    if (context) {
      context.drawImage(bitmap, 0, 0, width, height)
      return canvas.convertToBlob({ type: 'image/jpeg', quality })
    }
  }
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('canvas 2d is not available')
  context.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas could not encode'))), 'image/jpeg', quality))
}

/**
 * A photo from the camera or the gallery made fit for evidence: upright (EXIF orientation applied),
 * the long side at most 1,600 px, JPEG at quality 0.8. Re-encoding from pixels leaves every
 * metadata segment behind (EXIF, GPS). Browser APIs only: createImageBitmap and a canvas.
 */
export async function compressPhoto(blob: Blob, options: CompressOptions = {}): Promise<CompressedPhoto> {
  const longSide = options.longSide ?? PHOTO_LIMITS.longSide
  const bitmap = await decodeUpright(blob, longSide)
  try {
    const { width, height } = fitLongSide(bitmap.width, bitmap.height, longSide)
    const out = await encode(bitmap, width, height, options.quality ?? PHOTO_LIMITS.quality)
    return { bytes: new Uint8Array(await out.arrayBuffer()), type: 'image/jpeg', width, height }
  } finally {
    bitmap.close()
  }
}
