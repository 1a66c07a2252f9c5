import { onScopeDispose, ref, shallowRef, type Ref } from 'vue'

/** Why the camera cannot be used (words: `checkin.camera.<problem>`). */
export type ScannerProblem = 'unsupported' | 'denied' | 'failed'

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike

export interface QrScannerOptions {
  video: Ref<HTMLVideoElement | null>
  onText: (text: string) => void
  /** Injected for tests; the browser's by default. */
  window?: Window & { BarcodeDetector?: BarcodeDetectorCtor }
  /** Milliseconds between two looks at the camera picture. */
  intervalMs?: number
}

/**
 * The camera as a QR reader: the browser's BarcodeDetector where present, otherwise a JavaScript
 * decoder loaded only when the camera is opened. Stops the camera when the scope ends.
 */
export function useQrScanner(options: QrScannerOptions) {
  const win: Window & { BarcodeDetector?: BarcodeDetectorCtor } = options.window ?? window
  const active = ref(false)
  const error = ref<ScannerProblem | null>(null)
  const stream = shallowRef<MediaStream | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let canvas: HTMLCanvasElement | null = null

  async function makeReader(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
    const Detector = win.BarcodeDetector
    if (Detector) {
      const detector = new Detector({ formats: ['qr_code'] })
      return async (video) => (await detector.detect(video))[0]?.rawValue ?? null
    }
    const { default: jsQR } = await import('jsqr')
    return async (video) => {
      const w = video.videoWidth
      const h = video.videoHeight
      if (!w || !h) return null
      canvas ??= win.document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d', { willReadFrequently: true })
      if (!ctx) return null
      ctx.drawImage(video, 0, 0, w, h)
      return jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null
    }
  }

  async function start() {
    error.value = null
    const media = win.navigator.mediaDevices
    if (!media?.getUserMedia) {
      error.value = 'unsupported'
      return
    }
    try {
      stream.value = await media.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    } catch (e) {
      error.value = (e as DOMException).name === 'NotAllowedError' ? 'denied' : 'failed'
      return
    }
    const video = options.video.value
    if (!video) return stop()
    video.srcObject = stream.value
    video.setAttribute('playsinline', 'true')
    await Promise.resolve(video.play()).catch(() => undefined)
    active.value = true
    const read = await makeReader()
    const look = async () => {
      if (!active.value) return
      try {
        const text = await read(video)
        if (text) {
          stop()
          options.onText(text)
          return
        }
      } catch {
        // A frame that cannot be read yet (the camera is still starting): try the next one.
      }
      timer = setTimeout(look, options.intervalMs ?? 250)
    }
    void look()
  }

  function stop() {
    active.value = false
    if (timer) clearTimeout(timer)
    timer = null
    stream.value?.getTracks().forEach((t) => t.stop())
    stream.value = null
    if (options.video.value) options.video.value.srcObject = null
  }

  onScopeDispose(stop)
  return { active, error, start, stop }
}
