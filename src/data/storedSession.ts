// Reads what supabase-js stored, without loading supabase-js (or the app's server settings).

/** Where supabase-js keeps the session in localStorage. */
export const AUTH_STORAGE_KEY = 'zhibu-auth'

/** The user id of the session supabase-js stored, read without loading supabase-js; null when none. */
export function storedSessionUserId(storage: Storage = globalThis.localStorage): string | null {
  try {
    const id = (JSON.parse(storage.getItem(AUTH_STORAGE_KEY) ?? 'null') as { user?: { id?: unknown } } | null)?.user?.id
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/**
 * Calls `onSwitch` when another tab signs in as someone else or signs out (the stored session's
 * user changes under this page). Token refreshes for the same user are ignored. Returns a stop function.
 */
export function onStoredUserChange(
  currentUserId: () => string | null,
  onSwitch: () => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
  storage: Storage = globalThis.localStorage,
): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key !== AUTH_STORAGE_KEY && event.key !== null) return
    const current = currentUserId()
    if (current !== null && storedSessionUserId(storage) !== current) onSwitch()
  }
  target.addEventListener('storage', listener as EventListener)
  return () => target.removeEventListener('storage', listener as EventListener)
}
