import { beforeEach, describe, expect, test } from 'vitest'
import { storageProfileCache } from '@/data/profileCache'
import { profileSchema } from '@/domain/profile'
import { makeProfile } from './support'

beforeEach(() => {
  localStorage.clear()
})

describe('the cached profile', () => {
  test('survives a reload of the page', () => {
    storageProfileCache(localStorage).write(makeProfile())
    expect(storageProfileCache(localStorage).read()?.member?.name).toBe('王小红')
  })

  test('ignores a stored value that is not a profile', () => {
    localStorage.setItem('zhibu-profile', JSON.stringify({ user_id: 42 }))
    expect(storageProfileCache(localStorage).read()).toBeNull()
    localStorage.setItem('zhibu-profile', '{not json')
    expect(storageProfileCache(localStorage).read()).toBeNull()
  })

  test('is gone after clear', () => {
    const cache = storageProfileCache(localStorage)
    cache.write(makeProfile())
    cache.clear()
    expect(cache.read()).toBeNull()
  })
})

describe('profileSchema', () => {
  test('drops roles this version does not know instead of rejecting the profile', () => {
    const parsed = profileSchema.parse({
      ...makeProfile(),
      roles: [
        { role: 'member', branch_id: 'b' },
        { role: 'auditor', branch_id: null },
      ],
    })
    expect(parsed.roles).toEqual([{ role: 'member', branch_id: 'b' }])
  })

  test('accepts a login that is not on a roster yet', () => {
    expect(profileSchema.parse({ user_id: 'u', email: null, phone: null, member: null, roles: [] }).member).toBeNull()
  })
})
