import { inject, onScopeDispose, type InjectionKey } from 'vue'

/** Opens a fast poll of the sync scheduler and returns the function that closes it. */
export type FastPoll = (ms: number) => () => void

/** Tests provide a scheduler of their own under this key. */
export const FAST_POLL: InjectionKey<FastPoll> = Symbol('fast-poll')

/** How often the open list pulls: a check-in that reached the server shows within this and one sync (budget 5 s). */
export const ATTENDANCE_POLL_MS = 2500

/** The app's scheduler, loaded with the sync engine when the first live screen opens. */
const appFastPoll: FastPoll = (ms) => {
  let stop: (() => void) | null = null
  let closed = false
  import('@/data/sync/app')
    .then((m) => {
      if (!closed) stop = m.fastPoll(ms)
    })
    // Without the engine (an old cached page) the list still updates with the scheduler's own timer.
    .catch(() => undefined)
  return () => {
    closed = true
    stop?.()
  }
}

/**
 * While the calling screen is open, the device pulls every few seconds, so a member's check-in that
 * reached the server shows on it within 5 s; closing the screen stops it. A Supabase project could
 * push the same through Realtime instead.
 */
export function useAttendancePoll(ms = ATTENDANCE_POLL_MS) {
  const stop = (inject(FAST_POLL, null) ?? appFastPoll)(ms)
  onScopeDispose(stop)
}
