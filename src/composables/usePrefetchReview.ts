import { onScopeDispose, watch } from 'vue'
import { useRouter } from 'vue-router'
import { hasAnyRole, REVIEW_ROLES } from '@/domain/tabs'
import type { Role } from '@/domain/profile'
import { useSessionStore } from '@/stores/session'

/** What the scheduler reads of the browser; tests hand in their own. */
export interface PrefetchWindow {
  navigator: { onLine: boolean; connection?: { saveData?: boolean; effectiveType?: string } }
  document: { readyState: DocumentReadyState }
  addEventListener(type: 'load' | 'online', listener: () => void): void
  removeEventListener(type: 'load' | 'online', listener: () => void): void
  requestIdleCallback?: (callback: () => void) => number
  cancelIdleCallback?: (handle: number) => void
  setTimeout(callback: () => void, ms: number): number
  clearTimeout(handle: number): void
}

/** Where Safari has no idle callback: this long after the page's `load`. */
export const IDLE_FALLBACK_MS = 2000

/**
 * Whether 统计's code may be fetched ahead for a user holding `roles`: only for those whose tab bar
 * shows 统计 (REVIEW_ROLES), online, and not when the connection asks to save data or is 2G (the web
 * tells no metered connection apart; saveData is how a user says so).
 */
export function mayPrefetchReview(roles: readonly Role[], win: PrefetchWindow): boolean {
  if (roles.length === 0 || !hasAnyRole(roles, REVIEW_ROLES)) return false
  const connection = win.navigator.connection
  if (connection?.saveData) return false
  if (connection?.effectiveType === 'slow-2g' || connection?.effectiveType === '2g') return false
  return win.navigator.onLine
}

export interface PrefetchReviewOptions {
  /** The signed-in user's roles (they arrive after the saved session is read). */
  roles: () => readonly Role[]
  /** Fetches and compiles 统计's code; called at most once. */
  load: () => Promise<unknown>
  win?: PrefetchWindow
}

/**
 * Once the page has loaded and the browser is idle, loads 统计's code for a user who may open it, so
 * that a first tap on 统计 does not wait for it. Waits for roles and for the network; stops with the
 * calling scope. `check` is called again when the roles change; `cancel` stops what is still waiting.
 */
export function schedulePrefetchReview(options: PrefetchReviewOptions): { check: () => void; cancel: () => void } {
  const win = options.win ?? (window as unknown as PrefetchWindow)
  let done = false
  let cancelWait: (() => void) | null = null

  const attempt = () => {
    cancelWait = null
    if (done || !mayPrefetchReview(options.roles(), win)) return
    done = true
    options.load().catch(() => undefined) // a failed fetch costs nothing: the tap loads it again
  }
  const whenIdle = () => {
    if (win.requestIdleCallback) {
      const handle = win.requestIdleCallback(attempt)
      cancelWait = () => win.cancelIdleCallback?.(handle)
    } else {
      const handle = win.setTimeout(attempt, IDLE_FALLBACK_MS)
      cancelWait = () => win.clearTimeout(handle)
    }
  }
  const afterLoad = () => {
    if (win.document.readyState === 'complete') return whenIdle()
    const onLoad = () => whenIdle()
    win.addEventListener('load', onLoad)
    cancelWait = () => win.removeEventListener('load', onLoad)
  }
  /** Called when roles or the network change: waits anew unless already waiting or done. */
  const check = () => {
    if (done || cancelWait || !mayPrefetchReview(options.roles(), win)) return
    afterLoad()
  }
  const onOnline = () => check()
  win.addEventListener('online', onOnline)
  check()
  return {
    check,
    cancel() {
      cancelWait?.()
      cancelWait = null
      done = true
      win.removeEventListener('online', onOnline)
    },
  }
}

/** Starts the prefetch of 统计's code (the route's `meta.prefetch`) for the signed-in user. */
export function usePrefetchReview(win?: PrefetchWindow) {
  const session = useSessionStore()
  const roles = () => session.roles
  const load = useRouter()?.getRoutes().find((r) => r.name === 'review')?.meta.prefetch
  if (!load) return
  const prefetch = schedulePrefetchReview({ roles, load, win })
  const stop = watch(roles, () => prefetch.check())
  onScopeDispose(() => {
    stop()
    prefetch.cancel()
  })
}
