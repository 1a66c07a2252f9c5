import { afterEach, describe, expect, test, vi } from 'vitest'
import { AUTH_STORAGE_KEY, onStoredUserChange } from '@/data/storedSession'

const store = (userId: string | null) => {
  if (userId) localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify({ access_token: `t-${Math.random()}`, user: { id: userId } }))
  else localStorage.removeItem(AUTH_STORAGE_KEY)
  window.dispatchEvent(new StorageEvent('storage', { key: AUTH_STORAGE_KEY }))
}

afterEach(() => localStorage.clear())

describe('a sign-in or sign-out in another tab', () => {
  test('restarts the page when another login takes over or the session ends', () => {
    store('user-a')
    const onSwitch = vi.fn()
    const stop = onStoredUserChange(() => 'user-a', onSwitch)
    store('user-b')
    expect(onSwitch).toHaveBeenCalledTimes(1)
    store(null)
    expect(onSwitch).toHaveBeenCalledTimes(2)
    stop()
  })

  test('ignores a token refresh for the same user, other keys, and a page nobody is signed in on', () => {
    store('user-a')
    const onSwitch = vi.fn()
    const stopA = onStoredUserChange(() => 'user-a', onSwitch)
    store('user-a')
    window.dispatchEvent(new StorageEvent('storage', { key: 'zhibu-profile' }))
    stopA()
    const stopNobody = onStoredUserChange(() => null, onSwitch)
    store('user-b')
    stopNobody()
    expect(onSwitch).not.toHaveBeenCalled()
  })
})
