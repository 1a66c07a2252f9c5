import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createSyncScheduler } from '@/data/sync/scheduler'
import type { SyncRunResult } from '@/data/sync/engine'

const ok: SyncRunResult = { ok: true, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 2 }
const fail = (kind: 'network' | 'auth' | 'transient' | 'client', status = 0): SyncRunResult =>
  ({ ok: false, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 1, failure: { kind, status, message: kind } })

function fakeTarget(visibilityState = 'visible') {
  const listeners: Record<string, (() => void)[]> = {}
  return {
    visibilityState,
    addEventListener: (t: string, fn: () => void) => void (listeners[t] ??= []).push(fn),
    removeEventListener: (t: string, fn: () => void) => void (listeners[t] = (listeners[t] ?? []).filter((f) => f !== fn)),
    fire: (t: string) => (listeners[t] ?? []).forEach((fn) => fn()),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync scheduler', () => {
  test('should sync on start, on online, when the page becomes visible, and on the timer while visible', async () => {
    const sync = vi.fn(async () => ok)
    const win = fakeTarget()
    const doc = fakeTarget()
    const s = createSyncScheduler({ engine: { sync }, window: win, document: doc, intervalMs: 10_000 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(1)
    win.fire('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(2)
    doc.fire('visibilitychange')
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sync).toHaveBeenCalledTimes(4)
    s.stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sync).toHaveBeenCalledTimes(4)
  })

  test('should not run the timer while the page is hidden', async () => {
    const sync = vi.fn(async () => ok)
    const s = createSyncScheduler({ engine: { sync }, window: fakeTarget(), document: fakeTarget('hidden'), intervalMs: 1000 })
    s.start()
    await vi.advanceTimersByTimeAsync(5000)
    expect(sync).toHaveBeenCalledTimes(1)
    s.stop()
  })

  test('should sync shortly after a local write, once for a burst', async () => {
    const sync = vi.fn(async () => ok)
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, writeDelayMs: 1500, intervalMs: 1e9 })
    s.notifyWrite()
    s.notifyWrite()
    await vi.advanceTimersByTimeAsync(1000)
    s.notifyWrite()
    await vi.advanceTimersByTimeAsync(1499)
    expect(sync).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(sync).toHaveBeenCalledTimes(1)
  })

  test('should retry with growing, jittered delays after network errors and report offline', async () => {
    const results = [fail('network'), fail('network'), fail('transient', 503), ok]
    const sync = vi.fn(async () => results.shift()!)
    const states: boolean[] = []
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, random: () => 1, intervalMs: 1e9, onState: (st) => states.push(st.offline) })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(s.state().offline).toBe(true)
    await vi.advanceTimersByTimeAsync(999)
    expect(sync).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sync).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(sync).toHaveBeenCalledTimes(3)
    expect(s.state().offline).toBe(false)
    await vi.advanceTimersByTimeAsync(4000)
    expect(sync).toHaveBeenCalledTimes(4)
    expect(s.state()).toMatchObject({ offline: false, lastError: null, nextRetryAt: null })
    expect(s.state().lastSyncedAt).not.toBeNull()
    s.stop()
  })

  test('should wait the longest delay after an error that retrying soon cannot fix', async () => {
    const sync = vi.fn(async () => fail('client', 400))
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, random: () => 0, intervalMs: 1e9 })
    s.start()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sync).toHaveBeenCalledTimes(1)
    expect(s.state().lastError?.status).toBe(400)
    s.stop()
  })
})
