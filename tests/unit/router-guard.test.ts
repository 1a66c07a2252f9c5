import { describe, expect, test, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter, type GuardSession } from '@/router'
import type { Role } from '@/domain/profile'

function session(state: Partial<GuardSession> = {}): GuardSession {
  return {
    status: 'signed-in',
    roles: ['member'],
    member: { name: '王小红' },
    restore: async () => {},
    ...state,
  }
}

async function land(path: string, state: Partial<GuardSession> = {}) {
  const router = createAppRouter(session(state), createMemoryHistory())
  await router.push(path)
  return router.currentRoute.value
}

const withRoles = (...roles: Role[]) => ({ roles })

describe('route guard', () => {
  test('sends a signed-out user to login, remembering where they were going', async () => {
    const route = await land('/me', { status: 'signed-out', member: null, roles: [] })
    expect(route.name).toBe('login')
    expect(route.query.redirect).toBe('/me')
  })

  test('does not add a redirect for the home page', async () => {
    const route = await land('/', { status: 'signed-out', member: null, roles: [] })
    expect(route.fullPath).toBe('/login')
  })

  test('lets a signed-out user see the login page', async () => {
    expect((await land('/login', { status: 'signed-out', member: null })).name).toBe('login')
  })

  test('sends a signed-in user without a roster link to join', async () => {
    expect((await land('/activities', { member: null })).name).toBe('join')
    expect((await land('/login', { member: null })).name).toBe('join')
  })

  test('lets a leader or admin who is on no roster use the app without joining', async () => {
    expect((await land('/review', { member: null, roles: ['admin'] })).name).toBe('review')
    expect((await land('/', { member: null, roles: ['leader'] })).name).toBe('home')
    expect((await land('/join', { member: null, roles: ['leader'] })).name).toBe('join')
  })

  test('sends a member away from the join page', async () => {
    expect((await land('/join')).name).toBe('home')
  })

  test('follows the redirect after login for a signed-in member', async () => {
    expect((await land('/login?redirect=/me')).name).toBe('me')
  })

  test('never follows a redirect to another site', async () => {
    expect((await land('/login?redirect=//evil.example/x')).name).toBe('home')
  })

  test('sends a member without the role back to 首页', async () => {
    expect((await land('/branch')).name).toBe('home')
    expect((await land('/review')).name).toBe('home')
    expect((await land('/admin')).name).toBe('home')
  })

  test('lets the branch committee into 支部 and leaders into 统计', async () => {
    expect((await land('/branch', withRoles('member', 'organizer'))).name).toBe('branch')
    expect((await land('/branch', withRoles('member', 'secretary'))).name).toBe('branch')
    expect((await land('/review', withRoles('leader'))).name).toBe('review')
    expect((await land('/branch', withRoles('leader'))).name).toBe('home')
  })

  test('lets an admin into 支部, 统计 and 管理', async () => {
    for (const path of ['/branch', '/review', '/admin']) {
      expect((await land(path, withRoles('admin'))).path).toBe(path)
    }
  })

  test('waits for the session to be restored before deciding', async () => {
    let finish: (() => void) | undefined
    const state = session({ status: 'loading', member: null, roles: [] })
    const restored = new Promise<void>((resolve) => {
      finish = () => {
        state.status = 'signed-out'
        resolve()
      }
    })
    let asked = 0
    state.restore = () => {
      asked++
      return restored
    }
    const router = createAppRouter(state, createMemoryHistory())
    const navigation = router.push('/me')
    await vi.waitFor(() => expect(asked).toBe(1))
    expect(router.currentRoute.value.name).not.toBe('me')
    finish!()
    await navigation
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/me')
  })

  test('unknown paths go to 首页', async () => {
    expect((await land('/no/such/page')).name).toBe('home')
  })
})
