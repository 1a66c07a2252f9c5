import { describe, expect, test, vi } from 'vitest'
import { IDLE_FALLBACK_MS, mayPrefetchReview, schedulePrefetchReview, type PrefetchWindow } from '@/composables/usePrefetchReview'
import type { Role } from '@/domain/profile'

/** A browser whose load, idle, network and connection the test moves by hand. */
function fakeWindow(init: { online?: boolean; loaded?: boolean; idle?: boolean; saveData?: boolean; effectiveType?: string } = {}) {
  const listeners = new Map<string, Set<() => void>>()
  const idle: (() => void)[] = []
  const win: PrefetchWindow & { navigator: { onLine: boolean } } = {
    navigator: { onLine: init.online ?? true, connection: { saveData: init.saveData ?? false, effectiveType: init.effectiveType ?? '4g' } },
    document: { readyState: init.loaded === false ? 'interactive' : 'complete' },
    addEventListener: (type, fn) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(fn),
    removeEventListener: (type, fn) => void listeners.get(type)?.delete(fn),
    requestIdleCallback: init.idle === false ? undefined : (fn) => idle.push(fn),
    cancelIdleCallback: (handle) => void (idle[handle - 1] = () => undefined),
    setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (handle) => clearTimeout(handle),
  }
  return {
    win,
    fire: (type: string) => [...(listeners.get(type) ?? [])].forEach((fn) => fn()),
    runIdle: () => idle.splice(0).forEach((fn) => fn()),
    idleWaiting: () => idle.length,
    listening: (type: string) => listeners.get(type)?.size ?? 0,
  }
}

describe('mayPrefetchReview', () => {
  const { win } = fakeWindow()
  test.each<[Role[], boolean]>([
    [['leader'], true],
    [['admin'], true],
    [['member', 'leader'], true],
    [['member'], false],
    [['secretary'], false],
    [['organizer', 'member'], false],
    [[], false],
  ])('roles %j may prefetch: %s (as the tab bar shows 统计)', (roles, expected) => {
    expect(mayPrefetchReview(roles, win)).toBe(expected)
  })
  test('should not prefetch offline, on saveData or on 2G', () => {
    expect(mayPrefetchReview(['leader'], fakeWindow({ online: false }).win)).toBe(false)
    expect(mayPrefetchReview(['leader'], fakeWindow({ saveData: true }).win)).toBe(false)
    expect(mayPrefetchReview(['leader'], fakeWindow({ effectiveType: '2g' }).win)).toBe(false)
    expect(mayPrefetchReview(['leader'], fakeWindow({ effectiveType: 'slow-2g' }).win)).toBe(false)
    expect(mayPrefetchReview(['leader'], fakeWindow({ effectiveType: '3g' }).win)).toBe(true)
  })
})

describe('schedulePrefetchReview', () => {
  test('should load once, only when the browser is idle after the page has loaded', () => {
    const b = fakeWindow({ loaded: false })
    const load = vi.fn(() => Promise.resolve())
    const p = schedulePrefetchReview({ roles: () => ['leader'], load, win: b.win })
    expect(b.idleWaiting()).toBe(0)
    b.fire('load')
    expect(load).not.toHaveBeenCalled()
    expect(b.idleWaiting()).toBe(1)
    b.runIdle()
    expect(load).toHaveBeenCalledTimes(1)
    p.check()
    b.fire('online')
    b.runIdle()
    expect(load).toHaveBeenCalledTimes(1)
  })

  test('should never load for a member, even when idle', () => {
    const b = fakeWindow()
    const load = vi.fn(() => Promise.resolve())
    schedulePrefetchReview({ roles: () => ['member', 'secretary'], load, win: b.win })
    b.runIdle()
    expect(b.idleWaiting()).toBe(0)
    expect(load).not.toHaveBeenCalled()
  })

  test('should wait for the roles of the saved session, then wait for one idle moment and load', () => {
    const b = fakeWindow()
    let roles: Role[] = []
    const load = vi.fn(() => Promise.resolve())
    const p = schedulePrefetchReview({ roles: () => roles, load, win: b.win })
    expect(b.idleWaiting()).toBe(0)
    roles = ['admin']
    p.check()
    p.check()
    expect(b.idleWaiting()).toBe(1)
    b.runIdle()
    expect(load).toHaveBeenCalledTimes(1)
  })

  test('should not load while offline at the idle moment, and load once back online', () => {
    const b = fakeWindow()
    const load = vi.fn(() => Promise.resolve())
    schedulePrefetchReview({ roles: () => ['leader'], load, win: b.win })
    b.win.navigator.onLine = false
    b.runIdle()
    expect(load).not.toHaveBeenCalled()
    b.win.navigator.onLine = true
    b.fire('online')
    expect(load).not.toHaveBeenCalled()
    b.runIdle()
    expect(load).toHaveBeenCalledTimes(1)
  })

  test('should not load on a saveData connection', () => {
    const b = fakeWindow({ saveData: true })
    const load = vi.fn(() => Promise.resolve())
    schedulePrefetchReview({ roles: () => ['leader'], load, win: b.win })
    b.runIdle()
    b.fire('online')
    b.runIdle()
    expect(load).not.toHaveBeenCalled()
  })

  test('should load after a pause where the browser has no idle callback (Safari)', () => {
    vi.useFakeTimers()
    try {
      const b = fakeWindow({ idle: false })
      const load = vi.fn(() => Promise.resolve())
      schedulePrefetchReview({ roles: () => ['leader'], load, win: b.win })
      vi.advanceTimersByTime(IDLE_FALLBACK_MS - 1)
      expect(load).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1)
      expect(load).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  test('should stop waiting when cancelled, and swallow a failed load', async () => {
    const b = fakeWindow({ loaded: false })
    const load = vi.fn(() => Promise.reject(new Error('offline')))
    const p = schedulePrefetchReview({ roles: () => ['leader'], load, win: b.win })
    p.cancel()
    expect(b.listening('load')).toBe(0)
    expect(b.listening('online')).toBe(0)
    b.fire('load')
    b.runIdle()
    expect(load).not.toHaveBeenCalled()
    const again = fakeWindow()
    schedulePrefetchReview({ roles: () => ['leader'], load, win: again.win })
    again.runIdle()
    expect(load).toHaveBeenCalledTimes(1)
    await expect(load.mock.results[0]!.value).rejects.toThrow('offline')
  })
})
