import { backoffDelay, type FailureKind } from '@/domain/syncProtocol'
import type { SyncEngine, SyncFailure, SyncRunResult } from './engine'

export interface SyncSchedulerState {
  syncing: boolean
  offline: boolean
  lastSyncedAt: string | null
  lastError: SyncFailure | null
  /** When the next retry after a failure is due (ms since epoch), or null. */
  nextRetryAt: number | null
}

interface EventTargetLike {
  addEventListener(type: string, fn: () => void): void
  removeEventListener(type: string, fn: () => void): void
}

export interface SyncSchedulerOptions {
  engine: Pick<SyncEngine, 'sync'>
  onState?: (state: SyncSchedulerState) => void
  /** Periodic sync while the page is visible. */
  intervalMs?: number
  /** Delay after a local write before syncing (writes in a burst go together). */
  writeDelayMs?: number
  random?: () => number
  now?: () => number
  window?: EventTargetLike | null
  document?: (EventTargetLike & { visibilityState?: string }) | null
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout }
}

const RETRYABLE: FailureKind[] = ['network', 'auth', 'transient']

/**
 * When to sync: on start, when the browser comes online, when the page becomes visible, on a timer
 * while visible, and shortly after a local write; after a failure, again with exponential backoff
 * and jitter (network errors, 401, 408, 429, 5xx; anything else waits the longest delay). A screen
 * that shows what others change (the secretary's attendance list) opens a fast poll for as long as
 * it is shown.
 */
export function createSyncScheduler(options: SyncSchedulerOptions) {
  const win = options.window === undefined ? (globalThis as unknown as { window?: EventTargetLike }).window ?? null : options.window
  const doc = options.document === undefined
    ? (globalThis as unknown as { document?: EventTargetLike & { visibilityState?: string } }).document ?? null
    : options.document
  const timers = options.timers ?? { setTimeout: globalThis.setTimeout.bind(globalThis), clearTimeout: globalThis.clearTimeout.bind(globalThis) }
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const intervalMs = options.intervalMs ?? 60_000
  const writeDelayMs = options.writeDelayMs ?? 1500
  const state: SyncSchedulerState = { syncing: false, offline: false, lastSyncedAt: null, lastError: null, nextRetryAt: null }
  let failures = 0
  let running: Promise<SyncRunResult | undefined> | null = null
  let again = false
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let writeTimer: ReturnType<typeof setTimeout> | null = null
  let intervalTimer: ReturnType<typeof setTimeout> | null = null
  let stopped = true
  /** Open fast polls (a screen showing live data asks for one), each with its period. */
  const fastPolls = new Set<{ ms: number }>()
  let fastTimer: ReturnType<typeof setTimeout> | null = null
  let lastRunEnded = Number.NEGATIVE_INFINITY

  const emit = () => options.onState?.({ ...state })
  const visible = () => !doc || doc.visibilityState !== 'hidden'

  function clear(t: ReturnType<typeof setTimeout> | null) {
    if (t) timers.clearTimeout(t)
  }

  function scheduleInterval() {
    clear(intervalTimer)
    intervalTimer = null
    if (stopped || !visible()) return
    intervalTimer = timers.setTimeout(() => {
      void syncNow()
      scheduleInterval()
    }, intervalMs)
  }

  /**
   * While a fast poll is open, the page visible and no retry waiting after a failure (a screen does
   * not undo the backoff), sync every `ms` of the shortest open poll.
   */
  function scheduleFastPoll() {
    clear(fastTimer)
    fastTimer = null
    if (stopped || fastPolls.size === 0 || !visible()) return
    const ms = Math.min(...[...fastPolls].map((p) => p.ms))
    fastTimer = timers.setTimeout(() => {
      fastTimer = null
      // A run in progress, or one that ended within half a period, brings what the poll would.
      if (!retryTimer && !running && now() - lastRunEnded >= ms / 2) void syncNow()
      scheduleFastPoll()
    }, ms)
  }

  /** Sync every `ms` until the returned function is called (a live screen's short poll). */
  function fastPoll(ms: number): () => void {
    const poll = { ms: Math.max(ms, 500) }
    fastPolls.add(poll)
    scheduleFastPoll()
    return () => {
      if (!fastPolls.delete(poll)) return
      scheduleFastPoll()
    }
  }

  async function runOnce(): Promise<SyncRunResult | undefined> {
    state.syncing = true
    emit()
    let result: SyncRunResult | undefined
    try {
      result = await options.engine.sync()
    } catch (error) {
      result = { ok: false, ran: true, applied: 0, rejected: 0, pulled: 0, requests: 0,
        failure: { kind: 'client', status: 0, message: error instanceof Error ? error.message : String(error) } }
    }
    state.syncing = false
    lastRunEnded = now()
    if (result.ok) {
      failures = 0
      if (result.ran) state.lastSyncedAt = new Date(now()).toISOString()
      state.lastError = null
      state.offline = false
      state.nextRetryAt = null
    } else {
      failures += 1
      state.lastError = result.failure ?? null
      state.offline = result.failure?.kind === 'network'
      const retryable = RETRYABLE.includes(result.failure?.kind ?? 'client')
      const delay = backoffDelay(retryable ? failures : 30, random)
      state.nextRetryAt = now() + delay
      clear(retryTimer)
      if (!stopped) retryTimer = timers.setTimeout(() => void syncNow(), delay)
    }
    emit()
    return result
  }

  /** Sync now (or right after the run in progress). */
  function syncNow(): Promise<SyncRunResult | undefined> {
    if (running) {
      again = true
      return running
    }
    clear(retryTimer)
    retryTimer = null
    running = (async () => {
      let r = await runOnce()
      while (again && r?.ok) {
        again = false
        r = await runOnce()
      }
      again = false
      running = null
      return r
    })()
    return running
  }

  function notifyWrite() {
    clear(writeTimer)
    writeTimer = timers.setTimeout(() => void syncNow(), writeDelayMs)
  }

  const onOnline = () => {
    failures = 0
    void syncNow()
  }
  const onOffline = () => {
    state.offline = true
    emit()
  }
  const onVisibility = () => {
    if (visible()) void syncNow()
    scheduleInterval()
    scheduleFastPoll()
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      win?.addEventListener('online', onOnline)
      win?.addEventListener('offline', onOffline)
      doc?.addEventListener('visibilitychange', onVisibility)
      scheduleInterval()
      scheduleFastPoll()
      void syncNow()
    },
    stop() {
      stopped = true
      win?.removeEventListener('online', onOnline)
      win?.removeEventListener('offline', onOffline)
      doc?.removeEventListener('visibilitychange', onVisibility)
      clear(retryTimer)
      clear(writeTimer)
      clear(intervalTimer)
      clear(fastTimer)
      fastTimer = null
    },
    syncNow,
    notifyWrite,
    fastPoll,
    state: () => ({ ...state }),
  }
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>
