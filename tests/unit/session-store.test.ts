import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js'
import { createAuthService, type AuthClient } from '@/data/auth'
import { memoryProfileCache } from '@/data/profileCache'
import { ZhibuDb, type PhotoEntry } from '@/data/db'
import { changeRepository } from '@/data/repositories/changes'
import { signOutWarning } from '@/features/me/confirmSignOut'
import { useSessionStore, type SessionDependencies } from '@/stores/session'
import { createAppI18n } from '../helpers/i18n'
import { fakeAuthClient, installPinia, makeDependencies, makeProfile, networkRpcFailure } from './support'

let db: ZhibuDb

beforeEach(() => {
  db = new ZhibuDb(`session-test-${Math.random()}`)
})

afterEach(async () => {
  await db.delete()
})

/** The session store over the real auth service, talking to a fake server. */
function sessionWith(client: AuthClient, options: { cached?: boolean; stored?: boolean; storedUserId?: string } = {}) {
  const cache = memoryProfileCache(options.cached === false ? null : makeProfile())
  const forgetStoredSession = vi.fn()
  const auth = createAuthService({
    client: async () => client,
    cache,
    hasStoredSession: () => options.stored !== false,
    ...(options.storedUserId ? { storedUserId: () => options.storedUserId ?? null } : {}),
    forgetStoredSession,
  })
  const confirmSignOut = vi.fn(async () => true)
  const deps: SessionDependencies = {
    auth,
    pendingWork: () => changeRepository(db).counts(),
    confirmSignOut,
  }
  installPinia(deps)
  return { store: useSessionStore(), cache, confirmSignOut, forgetStoredSession }
}

async function savePhoto(id: string, state: PhotoEntry['state']) {
  await db._photos.put({
    id, path: `p/${id}.jpg`, record_key: 'events:e-1', state, bytes: new Uint8Array(4), type: 'image/jpeg',
    width: 1, height: 1, saved_at: '2026-11-24T08:00:00Z', attempts: 0, next_at: null, sent: false, used_at: '2026-11-24T08:00:00Z',
  })
}

async function queueChange() {
  await db._outbox.add({
    tx_id: 'tx-1',
    created_at: '2026-11-24T08:00:00Z',
    ops: [{ table: 'study_logs', op: 'upsert', id: 'row-1', row: { minutes: 30 } }],
  })
}

describe('restoring the session', () => {
  test('loads the profile from the server when online', async () => {
    const { store, cache } = sessionWith(fakeAuthClient(), { cached: false })
    await store.restore()
    expect(store.status).toBe('signed-in')
    expect(store.isOffline).toBe(false)
    expect(store.member?.name).toBe('王小红')
    expect(cache.read()?.user_id).toBe('user-1')
  })

  test('stays signed in on the cached profile when the profile request fails offline', async () => {
    const { store } = sessionWith(fakeAuthClient({ rpc: async () => networkRpcFailure }))
    await store.restore()
    expect(store.status).toBe('signed-in')
    expect(store.isOffline).toBe(true)
    expect(store.member?.branch_name).toBe('第一党支部')
  })

  test('stays signed in when refreshing an expired token fails for lack of network', async () => {
    const { store } = sessionWith(
      fakeAuthClient({
        getSession: async () => ({ session: null, error: new AuthRetryableFetchError('Failed to fetch', 0) }),
      }),
    )
    await store.restore()
    expect(store.status).toBe('signed-in')
    expect(store.isOffline).toBe(true)
  })

  test('does not use a cached profile that belongs to another login', async () => {
    const { store } = sessionWith(
      fakeAuthClient({
        getSession: async () => ({ session: { user: { id: 'someone-else' } }, error: null }),
        rpc: async () => networkRpcFailure,
      }),
    )
    await store.restore()
    expect(store.status).toBe('loading')
    expect(store.unreachable).toBe(true)
  })

  test('a revoked session signs out but keeps the unsynced changes', async () => {
    await queueChange()
    const { store } = sessionWith(
      fakeAuthClient({
        getSession: async () => ({
          session: null,
          error: new AuthApiError('Invalid Refresh Token: Refresh Token Not Found', 400, 'refresh_token_not_found'),
        }),
      }),
    )
    await store.restore()
    expect(store.status).toBe('signed-out')
    expect(store.expired).toBe(true)
    expect(await db._outbox.count()).toBe(1)
  })

  test('signs out without asking the server when no session is stored', async () => {
    const getSession = vi.fn()
    const { store } = sessionWith(fakeAuthClient({ getSession }), { stored: false })
    await store.restore()
    expect(store.status).toBe('signed-out')
    expect(store.expired).toBe(false)
    expect(getSession).not.toHaveBeenCalled()
  })

  test('asks the server only once however often restore is awaited', async () => {
    const rpc = vi.fn(async () => ({ data: makeProfile(), error: null, status: 200 }))
    const { store } = sessionWith(fakeAuthClient({ rpc }))
    await Promise.all([store.restore(), store.restore()])
    await store.restore()
    expect(rpc).toHaveBeenCalledTimes(1)
  })
})

describe('signing out', () => {
  test('asks first when changes are waiting, and stays signed in on cancel', async () => {
    await queueChange()
    const signOut = vi.fn(async () => ({ error: null }))
    const { store, confirmSignOut } = sessionWith(fakeAuthClient({ signOut }))
    await store.restore()
    confirmSignOut.mockResolvedValueOnce(false)
    expect(await store.signOut()).toBe(false)
    expect(confirmSignOut).toHaveBeenCalledWith(expect.objectContaining({ pending: 1, photos: 0 }))
    expect(signOut).not.toHaveBeenCalled()
    expect(store.status).toBe('signed-in')
  })

  test('signs out after the user confirms, leaving the changes in place', async () => {
    await queueChange()
    const { store, confirmSignOut, cache } = sessionWith(fakeAuthClient())
    await store.restore()
    expect(await store.signOut()).toBe(true)
    expect(confirmSignOut).toHaveBeenCalledOnce()
    expect(store.status).toBe('signed-out')
    expect(cache.read()).toBeNull()
    expect(await db._outbox.count()).toBe(1)
  })

  test('asks when only photos wait to upload, counting the pending ones and no uploaded one', async () => {
    await savePhoto('a', 'pending')
    await savePhoto('b', 'pending')
    await savePhoto('c', 'uploaded')
    const { store, confirmSignOut } = sessionWith(fakeAuthClient())
    await store.restore()
    confirmSignOut.mockResolvedValueOnce(false)
    expect(await store.signOut()).toBe(false)
    expect(confirmSignOut).toHaveBeenCalledWith(expect.objectContaining({ pending: 0, photos: 2 }))
    expect(store.status).toBe('signed-in')
  })

  test('the warning names waiting records and photos in Chinese and English', () => {
    const zh = createAppI18n('zh-CN').global.t
    const en = createAppI18n('en').global.t
    expect(signOutWarning({ pending: 0, photos: 2 }, zh)).toMatch(/^本机还有 2 张照片未上传。/)
    expect(signOutWarning({ pending: 3, photos: 2 }, zh)).toMatch(/^本机还有 3 条记录尚未同步，2 张照片未上传。/)
    expect(signOutWarning({ pending: 1, photos: 0 }, en)).toMatch(/^This device still has 1 record\(s\) not synced\. /)
    expect(signOutWarning({ pending: 3, photos: 2 }, en)).toMatch(/^This device still has 3 record\(s\) not synced and 2 photo\(s\) not uploaded\. /)
  })

  test('does not ask when nothing is pending', async () => {
    const { store, confirmSignOut } = sessionWith(fakeAuthClient())
    await store.restore()
    await store.signOut()
    expect(confirmSignOut).not.toHaveBeenCalled()
  })

  test('offline, falls back to a local sign-out and then forgets the stored session', async () => {
    const signOut = vi.fn(async () => ({ error: new AuthRetryableFetchError('Failed to fetch', 0) }))
    const { store, forgetStoredSession } = sessionWith(fakeAuthClient({ signOut }))
    await store.restore()
    await store.signOut()
    expect(signOut.mock.calls).toEqual([['global'], ['local']])
    expect(forgetStoredSession).toHaveBeenCalledOnce()
    expect(store.status).toBe('signed-out')
  })
})

describe('signing in', () => {
  test('keeps the profile and its roles', async () => {
    const profile = makeProfile({ roles: [{ role: 'secretary', branch_id: 'b' }, { role: 'member', branch_id: 'b' }] })
    installPinia(makeDependencies({ auth: { ...makeDependencies().auth, signIn: async () => profile } }))
    const store = useSessionStore()
    await store.signIn({ kind: 'phone', phone: '13900000003' }, 'secret')
    expect(store.status).toBe('signed-in')
    expect(store.roles).toEqual(['member', 'secretary'])
  })
})

describe('opening on the saved profile', () => {
  test('draws the saved profile at once and takes the server\'s newer answer when it comes', async () => {
    let answer!: (value: Awaited<ReturnType<AuthClient['rpc']>>) => void
    const rpc = () => new Promise<Awaited<ReturnType<AuthClient['rpc']>>>((resolve) => (answer = resolve))
    const { store } = sessionWith(fakeAuthClient({ rpc }), { storedUserId: 'user-1' })
    await store.restore()
    expect(store.status).toBe('signed-in')
    expect(store.displayName).toBe('王小红')
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'))
    answer({ data: makeProfile({ member: { ...makeProfile().member!, name: '王晓红' } }), error: null, status: 200 })
    await store.confirmed()
    expect(store.displayName).toBe('王晓红')
    expect(store.isOffline).toBe(false)
  })

  test('signs out when the server then says the session has ended', async () => {
    const client = fakeAuthClient({
      getSession: async () => ({
        session: null,
        error: new AuthApiError('Invalid Refresh Token: Refresh Token Not Found', 400, 'refresh_token_not_found'),
      }),
    })
    const { store } = sessionWith(client, { storedUserId: 'user-1' })
    await store.restore()
    expect(store.status).toBe('signed-in')
    await store.confirmed()
    expect(store.status).toBe('signed-out')
    expect(store.expired).toBe(true)
  })

  test('marks itself offline, still signed in, when the server cannot be reached', async () => {
    const { store } = sessionWith(fakeAuthClient({ rpc: async () => networkRpcFailure }), { storedUserId: 'user-1' })
    await store.restore()
    await store.confirmed()
    expect(store.status).toBe('signed-in')
    expect(store.isOffline).toBe(true)
  })

  test('stays signed in on the saved profile when supabase-js itself throws while restoring', async () => {
    const client = fakeAuthClient({
      getSession: async () => {
        throw new Error('Acquiring an exclusive Navigator LockManager lock timed out')
      },
    })
    const { store } = sessionWith(client, { storedUserId: 'user-1' })
    await store.restore()
    await store.confirmed()
    expect(store.status).toBe('signed-in')
    expect(store.isOffline).toBe(true)
  })

  test('never opens on a profile saved for another user', async () => {
    const client = fakeAuthClient({
      getSession: async () => ({ session: { user: { id: 'user-2' } }, error: null }),
      rpc: async () => networkRpcFailure,
    })
    const { store } = sessionWith(client, { storedUserId: 'user-2' })
    const restoring = store.restore()
    expect(store.status).toBe('loading')
    await restoring
    expect(store.status).toBe('loading')
    expect(store.unreachable).toBe(true)
  })
})
