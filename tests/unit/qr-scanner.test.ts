import { effectScope, ref } from 'vue'
import { describe, expect, test, vi } from 'vitest'
import { useQrScanner } from '@/composables/useQrScanner'

function fakeWindow(overrides: { getUserMedia?: () => Promise<unknown>; detect?: () => Promise<{ rawValue: string }[]> } = {}) {
  const track = { stop: vi.fn() }
  const win = {
    document,
    navigator: {
      mediaDevices: overrides.getUserMedia === undefined
        ? { getUserMedia: async () => ({ getTracks: () => [track] }) }
        : { getUserMedia: overrides.getUserMedia },
    },
    BarcodeDetector: class {
      detect = overrides.detect ?? (async () => [{ rawValue: 'zhibu:ci:1:x' }])
    },
  }
  return { win: win as unknown as Window, track }
}

function start(win: Window, onText: (t: string) => void) {
  // A stand-in for the <video> element: happy-dom has no camera streams.
  const video = ref({ srcObject: null as unknown, setAttribute: () => {}, play: () => Promise.resolve() } as unknown as HTMLVideoElement)
  const scope = effectScope()
  const scanner = scope.run(() => useQrScanner({ video, onText, window: win, intervalMs: 1 }))!
  return { scanner, scope }
}

describe('useQrScanner', () => {
  test('reads a QR code with the browser\'s BarcodeDetector and turns the camera off', async () => {
    const { win, track } = fakeWindow()
    const onText = vi.fn()
    const { scanner, scope } = start(win, onText)
    await scanner.start()
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('zhibu:ci:1:x'))
    expect(track.stop).toHaveBeenCalled()
    expect(scanner.active.value).toBe(false)
    scope.stop()
  })

  test('keeps looking until a frame holds a code', async () => {
    let calls = 0
    const { win } = fakeWindow({ detect: async () => (++calls < 3 ? [] : [{ rawValue: 'ABC234' }]) })
    const onText = vi.fn()
    const { scanner, scope } = start(win, onText)
    await scanner.start()
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('ABC234'))
    expect(calls).toBe(3)
    scope.stop()
  })

  test('reports a refused camera permission as denied', async () => {
    const { win } = fakeWindow({ getUserMedia: async () => Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' })) })
    const { scanner, scope } = start(win, vi.fn())
    await scanner.start()
    expect(scanner.error.value).toBe('denied')
    scope.stop()
  })

  test('asks for the code when there is no camera at all', async () => {
    const win = { document, navigator: {} } as unknown as Window
    const { scanner, scope } = start(win, vi.fn())
    await scanner.start()
    expect(scanner.error.value).toBe('unsupported')
    scope.stop()
  })

  test('stops the camera when the screen goes away', async () => {
    const { win, track } = fakeWindow({ detect: async () => [] })
    const { scanner, scope } = start(win, vi.fn())
    await scanner.start()
    expect(scanner.active.value).toBe(true)
    scope.stop()
    expect(track.stop).toHaveBeenCalled()
  })
})
