/**
 * Where the app's server is. By default it is the embedded local backend, served by the Vite dev
 * and preview servers on the app's own origin (so the service worker and CORS need nothing
 * special). Set VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY to use a real Supabase project.
 */

/**
 * The local backend's anon key: `{ iss: 'zhibu-local', role: 'anon', iat, exp }` signed with its
 * development secret (supabase/local/keys.ts). Public by nature, like every anon key; a test
 * checks that it still verifies against that secret.
 */
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ6aGlidS1sb2NhbCIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjIzOTgzNzc2MDB9.dGS2KgkSe2HZqCyV9qMgt4enipRWBKZcD_yKO9In2sU'

const configuredUrl: string = (import.meta.env.VITE_SUPABASE_URL ?? '').trim()
const configuredAnonKey: string = (import.meta.env.VITE_SUPABASE_ANON_KEY ?? '').trim()

/** True when the app talks to the embedded local backend rather than a real Supabase project. */
export const usingLocalBackend: boolean = configuredUrl === ''

export const supabaseUrl: string = usingLocalBackend ? globalThis.location?.origin ?? 'http://127.0.0.1' : configuredUrl

export const supabaseAnonKey: string = configuredAnonKey !== '' ? configuredAnonKey : LOCAL_ANON_KEY
