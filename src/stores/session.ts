import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, inject, ref, shallowRef, type InjectionKey } from 'vue'
import type { LoginIdentifier } from '@/domain/auth'
import { roleNames, type Profile } from '@/domain/profile'
import type { AuthService, RestoreResult } from '@/data/auth'
import type { ChangeCounts } from '@/data/repositories/changes'

/** What would wait on this device after signing out: changes not yet synced and photos not yet uploaded. */
export type PendingWork = Pick<ChangeCounts, 'pending' | 'photos'>

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in'

/** What the session store needs from the outside world; main.ts provides the real ones. */
export interface SessionDependencies {
  auth: Pick<AuthService, 'restore' | 'signIn' | 'signOut' | 'join'> & Partial<Pick<AuthService, 'cachedSession'>>
  /** Local changes not yet pushed to the server and photos not yet uploaded. */
  pendingWork: () => Promise<PendingWork>
  /** Asks whether to sign out although `work` is not synced; true means go ahead. */
  confirmSignOut: (work: PendingWork) => Promise<boolean>
}

export const SESSION_DEPENDENCIES: InjectionKey<SessionDependencies> = Symbol('session-dependencies')

/** Resolves when the browser is idle after drawing (soon, where it has no idle callback). */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(() => resolve(), { timeout: 1000 })
    else setTimeout(resolve, 0)
  })
}

export const useSessionStore = defineStore('session', () => {
  const deps = inject(SESSION_DEPENDENCIES, null)
  if (!deps) throw new Error('useSessionStore: provide SESSION_DEPENDENCIES on the app first')

  const status = ref<SessionStatus>('loading')
  const profile = shallowRef<Profile | null>(null)
  /** Running on the profile saved on this device because the server could not be reached. */
  const isOffline = ref(false)
  /** The server said the session is no longer valid (shown once on the login screen). */
  const expired = ref(false)
  /** A session is stored but neither the server nor a saved profile is available. */
  const unreachable = ref(false)

  const roles = computed(() => roleNames(profile.value?.roles ?? []))
  const member = computed(() => profile.value?.member ?? null)
  /** How the app names the user: the roster name, else the login's own name, email or phone. */
  const displayName = computed(() => {
    const p = profile.value
    return p ? (p.member?.name ?? p.display_name ?? p.email ?? p.phone ?? '') : ''
  })

  function signedIn(next: Profile, offline = false) {
    profile.value = next
    status.value = 'signed-in'
    isOffline.value = offline
    expired.value = false
    unreachable.value = false
  }

  function signedOut(wasExpired = false) {
    profile.value = null
    status.value = 'signed-out'
    isOffline.value = false
    expired.value = wasExpired
  }

  let restoring: Promise<void> | null = null

  /** Settles when the server has confirmed (or refused) the session restored from this device. */
  let confirmed: Promise<void> = Promise.resolve()

  function confirmWithServer(): Promise<void> {
    return deps!.auth
      .restore()
      .catch((): RestoreResult => ({ status: 'unreachable' }))
      .then((result) => {
        if (result.status === 'signed-in') signedIn(result.profile, result.offline)
        else if (result.status === 'signed-out') signedOut(result.expired)
        else if (status.value === 'signed-in') isOffline.value = true
        else unreachable.value = true
      })
  }

  /**
   * Finds out who is signed in; safe to call repeatedly (the router guard awaits it). With a
   * profile saved for the stored session, the app opens on it at once and the server's answer
   * follows in the background (see `confirmed`).
   */
  function restore(): Promise<void> {
    if (!restoring) {
      const cached = deps!.auth.cachedSession?.()
      if (cached) {
        signedIn(cached)
        // supabase-js loads only after the first screen is drawn.
        confirmed = afterFirstPaint().then(confirmWithServer)
        restoring = Promise.resolve()
      } else {
        confirmed = confirmWithServer()
        restoring = confirmed
      }
    }
    return restoring
  }

  /** Asks the server again, e.g. when the device comes back online or after "重试". */
  function revalidate(): Promise<void> {
    restoring = null
    return restore()
  }

  async function signIn(identifier: LoginIdentifier, password: string): Promise<void> {
    signedIn(await deps!.auth.signIn(identifier, password))
  }

  async function join(inviteCode: string, phone: string): Promise<void> {
    signedIn(await deps!.auth.join(inviteCode, phone))
  }

  /** Signs out after a warning when unsynced changes or photos exist; resolves false when the user keeps the session. */
  async function signOut(): Promise<boolean> {
    const work = await deps!.pendingWork()
    if (work.pending + work.photos > 0 && !(await deps!.confirmSignOut(work))) return false
    await deps!.auth.signOut()
    restoring = Promise.resolve()
    signedOut()
    return true
  }

  return {
    status, profile, roles, member, displayName, isOffline, expired, unreachable,
    restore, revalidate, signIn, join, signOut, confirmed: () => confirmed,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
