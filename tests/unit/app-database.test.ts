import { afterEach, describe, expect, test } from 'vitest'
import { appDatabase, databaseNameFor } from '@/data/db'
import { AUTH_STORAGE_KEY } from '@/data/storedSession'

function signInAs(userId: string | null) {
  if (userId) localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify({ access_token: 'x', user: { id: userId } }))
  else localStorage.removeItem(AUTH_STORAGE_KEY)
}

afterEach(async () => {
  for (const user of ['user-a', 'user-b']) {
    signInAs(user)
    await appDatabase().delete()
  }
  signInAs(null)
})

describe('the device database of each login', () => {
  test('names the database after the signed-in login', () => {
    signInAs('user-a')
    expect(appDatabase().name).toBe('zhibu-user-a')
    expect(appDatabase()).toBe(appDatabase())
    signInAs(null)
    expect(appDatabase().name).toBe(databaseNameFor(null))
  })

  test('keeps one person\'s unsent changes away from the next person who signs in on the phone', async () => {
    signInAs('user-a')
    await appDatabase()._outbox.add({ tx_id: 'tx-a', created_at: '2026-11-24T08:00:00Z', ops: [] })
    expect(await appDatabase()._outbox.count()).toBe(1)

    signInAs('user-b')
    expect(appDatabase().name).toBe('zhibu-user-b')
    expect(await appDatabase()._outbox.count()).toBe(0)

    signInAs('user-a')
    expect(await appDatabase()._outbox.count()).toBe(1)
  })
})
