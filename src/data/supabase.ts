import type { SupabaseClient } from '@supabase/supabase-js'
import { supabaseAnonKey, supabaseUrl } from './config'
import { AUTH_STORAGE_KEY } from './storedSession'

let clientPromise: Promise<SupabaseClient> | null = null

/**
 * The supabase-js client, created on first use. supabase-js is loaded on demand so it stays out
 * of the first screen's JavaScript.
 */
export function getSupabase(): Promise<SupabaseClient> {
  clientPromise ??= import('@supabase/supabase-js')
    .then(({ createClient }) =>
      createClient(supabaseUrl, supabaseAnonKey, {
        auth: {
          persistSession: true,
          autoRefreshToken: true,
          detectSessionInUrl: false,
          storageKey: AUTH_STORAGE_KEY,
        },
      }),
    )
    .catch((error: unknown) => {
      // Loading the chunk failed (offline without a cached copy): let the next call try again.
      clientPromise = null
      throw error
    })
  return clientPromise
}
