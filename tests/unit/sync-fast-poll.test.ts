import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createSyncScheduler } from '@/data/sync/scheduler'
import type { SyncRunResult } from '@/data/sync/engine'

const ok: SyncRunResult = { ok: true, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 1 }
const networkDown: SyncRunResult = { ok: false, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 1, failure: { kind: 'network', status: 0, message: 'offline' } }

function fakeDocument(visibilityState = 'visible') {
  const listeners: (() => void)[] = []
  return {
    visibilityState,
    addEventListener: (_t: string, fn: () => void) => void listeners.push(fn),
    removeEventListener: (_t: string, fn: () => void) => void listeners.splice(listeners.indexOf(fn), 1),
    fire: () => listeners.forEach((fn) => fn()),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync scheduler fast poll', () => {
  test('should sync every period while a fast poll is open and go back to the slow timer when it closes', async () => {
    const sync = vi.fn(async () => ok)
    const s = createSyncScheduler({ engine: { sync }, window: null, document: fakeDocument(), intervalMs: 60_000 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(1)
    const stop = s.fastPoll(2500)
    await vi.advanceTimersByTimeAsync(2499)
    expect(sync).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sync).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(7500)
    expect(sync).toHaveBeenCalledTimes(5)
    stop()
    await vi.advanceTimersByTimeAsync(49_999)
    expect(sync).toHaveBeenCalledTimes(5)
    // The slow timer still runs: 60 s after start.
    await vi.advanceTimersByTimeAsync(1)
    expect(sync).toHaveBeenCalledTimes(6)
    s.stop()
  })

  test('should keep polling while another screen still holds a poll, at the shortest period open', async () => {
    const sync = vi.fn(async () => ok)
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, intervalMs: 1e9 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    const slow = s.fastPoll(3000)
    const quick = s.fastPoll(2000)
    await vi.advanceTimersByTimeAsync(6000)
    expect(sync).toHaveBeenCalledTimes(1 + 3)
    quick()
    quick()
    await vi.advanceTimersByTimeAsync(6000)
    expect(sync).toHaveBeenCalledTimes(1 + 3 + 2)
    slow()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sync).toHaveBeenCalledTimes(6)
    s.stop()
  })

  test('should not poll while the page is hidden, and resume when it is shown again', async () => {
    const sync = vi.fn(async () => ok)
    const doc = fakeDocument('hidden')
    const s = createSyncScheduler({ engine: { sync }, window: null, document: doc, intervalMs: 1e9 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    const stop = s.fastPoll(2000)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sync).toHaveBeenCalledTimes(1)
    doc.visibilityState = 'visible'
    doc.fire()
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(4000)
    expect(sync).toHaveBeenCalledTimes(4)
    stop()
    s.stop()
  })

  test('should not poll before the scheduler starts or after it stops', async () => {
    const sync = vi.fn(async () => ok)
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, intervalMs: 1e9 })
    const stop = s.fastPoll(2000)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sync).not.toHaveBeenCalled()
    s.start()
    await vi.advanceTimersByTimeAsync(2000)
    expect(sync).toHaveBeenCalledTimes(2)
    s.stop()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sync).toHaveBeenCalledTimes(2)
    stop()
  })

  test('should leave the backoff after a network failure alone', async () => {
    const results = [networkDown, ok, ok, ok, ok]
    const sync = vi.fn(async () => results.shift() ?? ok)
    const s = createSyncScheduler({ engine: { sync }, window: null, document: null, intervalMs: 1e9, random: () => 1 })
    s.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(sync).toHaveBeenCalledTimes(1)
    // The first retry is due after 1 s (random 1); a 500 ms poll waits for it rather than retrying sooner.
    s.fastPoll(500)
    await vi.advanceTimersByTimeAsync(999)
    expect(sync).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sync).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(sync).toHaveBeenCalledTimes(4)
    s.stop()
  })
})
