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
