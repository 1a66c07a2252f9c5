import { describe, expect, test } from 'vitest'
import { hasAnyRole, tabsForRoles } from '@/domain/tabs'
import type { Role } from '@/domain/profile'

const keys = (roles: Role[]) => tabsForRoles(roles).map((tab) => tab.key)

describe('tabsForRoles', () => {
  test('a member sees 首页, 活动, 签到 and 我的', () => {
    expect(keys(['member'])).toEqual(['home', 'activities', 'checkin', 'me'])
  })

  test('an organizer also sees the branch tab', () => {
    expect(keys(['member', 'organizer'])).toEqual(['home', 'activities', 'checkin', 'branch', 'me'])
  })

  test('a secretary also sees the branch tab', () => {
    expect(keys(['member', 'secretary'])).toEqual(['home', 'activities', 'checkin', 'branch', 'me'])
  })

  test('a leader sees the review tab but not the branch tab', () => {
    expect(keys(['member', 'leader'])).toEqual(['home', 'activities', 'checkin', 'review', 'me'])
  })

  test('an admin sees both the branch and the review tab', () => {
    expect(keys(['admin'])).toEqual(['home', 'activities', 'checkin', 'branch', 'review', 'me'])
  })

  test('a secretary who is also a leader sees both, once each and in order', () => {
    expect(keys(['leader', 'secretary', 'organizer'])).toEqual([
      'home',
      'activities',
      'checkin',
      'branch',
      'review',
      'me',
    ])
  })

  test('someone with no role at all still gets the member tabs', () => {
    expect(keys([])).toEqual(['home', 'activities', 'checkin', 'me'])
  })

  test('every tab points at its own path', () => {
    const paths = tabsForRoles(['admin']).map((tab) => tab.path)
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths[0]).toBe('/')
  })
})

describe('hasAnyRole', () => {
  test('passes when nothing is required', () => {
    expect(hasAnyRole([], undefined)).toBe(true)
    expect(hasAnyRole([], [])).toBe(true)
  })

  test('needs one of the required roles', () => {
    expect(hasAnyRole(['member'], ['leader', 'admin'])).toBe(false)
    expect(hasAnyRole(['member', 'leader'], ['leader', 'admin'])).toBe(true)
  })
})
