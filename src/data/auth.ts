import type { SupabaseClient } from '@supabase/supabase-js'
import type { LoginIdentifier } from '@/domain/auth'
import { profileSchema, type Profile } from '@/domain/profile'
import { storageProfileCache, type ProfileCache } from './profileCache'
import { getSupabase } from './supabase'
import { AUTH_STORAGE_KEY, storedSessionUserId } from './storedSession'

/** The part of supabase-js this module uses, so tests can hand in a fake server. */
export interface AuthClient {
  getSession(): Promise<{ session: { user: { id: string } } | null; error: unknown }>
  refreshSession(): Promise<{ error: unknown }>
  signInWithPassword(credentials: { email: string; password: string } | { phone: string; password: string }): Promise<{ error: unknown }>
  signOut(scope: 'global' | 'local'): Promise<{ error: unknown }>
  rpc(fn: string, args?: Record<string, unknown>): Promise<{ data: unknown; error: unknown; status: number }>
}

export type AuthFailureKind = 'invalid-credentials' | 'network' | 'rejected' | 'unknown'

/** A failed sign-in or join; `message` is the server's own (Chinese) text when it sent one. */
export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message = '',
  ) {
    super(message)
    this.name = 'AuthFailure'
  }
}

export type RestoreResult =
  | { status: 'signed-in'; profile: Profile; offline: boolean }
  | { status: 'signed-out'; expired: boolean }
  /** A session is stored but the server cannot be reached and no profile was cached yet. */
  | { status: 'unreachable' }

type ErrorLike = { name?: string; status?: number; code?: string; message?: string } | null | undefined

/** The request never got an answer: offline, DNS, a dropped connection, a gateway down. */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as ErrorLike
  if (!e) return false
  return (
    e.name === 'AuthRetryableFetchError' ||
    e.name === 'TypeError' ||
    e.status === 0 ||
    /failed to fetch|networkerror|fetch failed|load failed|network request failed|dynamically imported module/i.test(
      e.message ?? '',
    )
  )
}

/** The auth server answered that this session is no longer valid (refresh token gone or revoked). */
export function isDefiniteAuthFailure(error: unknown): boolean {
  const e = error as ErrorLike
  return e?.name === 'AuthApiError' && (e.status === 400 || e.status === 401 || e.status === 403)
}

function loginFailure(error: unknown): AuthFailure {
  const e = error as ErrorLike
  if (isNetworkFailure(error)) return new AuthFailure('network')
  if (e?.code === 'invalid_credentials' || e?.message === 'Invalid login credentials') {
    return new AuthFailure('invalid-credentials')
  }
  return new AuthFailure('unknown', e?.message ?? '')
}

export interface AuthServiceOptions {
  client: () => Promise<AuthClient>
  cache: ProfileCache
  /** Whether a session is stored on this device, whatever its token's age. */
  hasStoredSession: () => boolean
  /** The user id of the stored session, read without loading supabase-js; null when there is none. */
  storedUserId?: () => string | null
  /** Forgets the stored session without asking the server (the last resort of an offline logout). */
  forgetStoredSession: () => void
}

export function createAuthService(options: AuthServiceOptions) {
  const { cache } = options

  async function client(): Promise<AuthClient> {
    try {
      return await options.client()
    } catch (error) {
      throw isNetworkFailure(error) ? new AuthFailure('network') : error
    }
  }

  async function fetchProfile(c: AuthClient, fn: string, args?: Record<string, unknown>): Promise<Profile> {
    const { data, error, status } = await c.rpc(fn, args)
    if (error) {
      const e = error as ErrorLike
      if (status === 0 || isNetworkFailure(error)) throw new AuthFailure('network')
      throw new AuthFailure(status === 401 ? 'unknown' : 'rejected', e?.message ?? '')
    }
    const parsed = profileSchema.safeParse(data)
    if (!parsed.success) throw new AuthFailure('unknown')
    cache.write(parsed.data)
    return parsed.data
  }

  /** Who is signed in, tolerating a missing network: only the server's explicit "no" signs out. */
  async function restore(): Promise<RestoreResult> {
    const fromCache = (userId?: string): RestoreResult => {
      const cached = cache.read()
      if (cached && (!userId || cached.user_id === userId)) return { status: 'signed-in', profile: cached, offline: true }
      return { status: 'unreachable' }
    }
    if (!options.hasStoredSession()) return { status: 'signed-out', expired: false }
    let c: AuthClient
    try {
      c = await client()
    } catch {
      return fromCache()
    }
    let stored: Awaited<ReturnType<AuthClient['getSession']>>
    try {
      stored = await c.getSession()
    } catch {
      return fromCache()
    }
    const { session, error } = stored
    if (error) return isDefiniteAuthFailure(error) ? { status: 'signed-out', expired: true } : fromCache()
    if (!session) return { status: 'signed-out', expired: false }
    try {
      return { status: 'signed-in', profile: await fetchProfile(c, 'me'), offline: false }
    } catch (failure) {
      if (!(failure instanceof AuthFailure) || failure.kind !== 'unknown') return fromCache(session.user.id)
      // The server refused the access token: a refresh tells a revoked session from a passing glitch.
      const refreshed = await c.refreshSession().catch((e: unknown) => ({ error: e ?? new Error('refresh failed') }))
      if (isDefiniteAuthFailure(refreshed.error)) return { status: 'signed-out', expired: true }
      if (refreshed.error) return fromCache(session.user.id)
      return fetchProfile(c, 'me')
        .then((profile): RestoreResult => ({ status: 'signed-in', profile, offline: false }))
        .catch(() => fromCache(session.user.id))
    }
  }

  async function signIn(identifier: LoginIdentifier, password: string): Promise<Profile> {
    const c = await client()
    const credentials =
      identifier.kind === 'phone' ? { phone: identifier.phone, password } : { email: identifier.email, password }
    const { error } = await c.signInWithPassword(credentials)
    if (error) throw loginFailure(error)
    return fetchProfile(c, 'me')
  }

  async function join(inviteCode: string, phone: string): Promise<Profile> {
    return fetchProfile(await client(), 'join_branch', { p_invite_code: inviteCode, p_phone: phone })
  }

  /** Ends the session everywhere when the server can be reached, and on this device in any case. */
  async function signOut(): Promise<void> {
    cache.clear()
    try {
      const c = await client()
      if (!(await c.signOut('global')).error) return
      if (!(await c.signOut('local')).error) return
    } catch {
      // fall through: the device must forget the session even when supabase-js cannot load
    }
    options.forgetStoredSession()
  }

  /**
   * The profile saved for the stored session's user, so the first screen can be drawn before
   * supabase-js has loaded; restore() then confirms it with the server.
   */
  function cachedSession(): Profile | null {
    const userId = options.storedUserId?.()
    const cached = userId ? cache.read() : null
    return cached && cached.user_id === userId ? cached : null
  }

  return { restore, signIn, join, signOut, cachedSession }
}

export type AuthService = ReturnType<typeof createAuthService>

/** Adapts a supabase-js client to the small interface above. */
export function supabaseAuthClient(client: SupabaseClient): AuthClient {
  return {
    getSession: async () => {
      const { data, error } = await client.auth.getSession()
      return { session: data.session, error }
    },
    refreshSession: () => client.auth.refreshSession(),
    signInWithPassword: (credentials) => client.auth.signInWithPassword(credentials),
    signOut: (scope) => client.auth.signOut({ scope }),
    rpc: async (fn, args) => {
      const { data, error, status } = await client.rpc(fn, args)
      return { data, error, status }
    },
  }
}

export function defaultAuthService(storage: Storage = globalThis.localStorage): AuthService {
  return createAuthService({
    client: async () => supabaseAuthClient(await getSupabase()),
    cache: storageProfileCache(storage),
    hasStoredSession: () => storage.getItem(AUTH_STORAGE_KEY) !== null,
    storedUserId: () => storedSessionUserId(storage),
    forgetStoredSession: () => {
      for (const suffix of ['', '-user', '-code-verifier']) storage.removeItem(AUTH_STORAGE_KEY + suffix)
    },
  })
}
