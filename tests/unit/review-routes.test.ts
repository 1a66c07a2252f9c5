import { describe, expect, test } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter, type GuardSession } from '@/router'
import type { Role } from '@/domain/profile'

async function land(path: string, roles: Role[]) {
  const session: GuardSession = { status: 'signed-in', roles, member: { name: '李晓梅' }, restore: async () => {} }
  const router = createAppRouter(session, createMemoryHistory())
  await router.push(path)
  return router.currentRoute.value
}

const PATHS = ['/review', '/review/branch/b-1?year=2026', '/review/event/e-1']

describe('统计 routes', () => {
  test.each([['member'], ['organizer'], ['secretary']] as const)('sends someone holding only the %s role back to 首页 from every 统计 screen', async (role) => {
    for (const path of PATHS) expect((await land(path, [role])).name, path).toBe('home')
  })

  test('open every 统计 screen to a leader and an admin, keeping the year', async () => {
    for (const role of ['leader', 'admin'] as const) {
      expect((await land(PATHS[0]!, [role])).name).toBe('review')
      const branch = await land(PATHS[1]!, [role])
      expect([branch.name, branch.params.branchId, branch.query.year]).toEqual(['review-branch', 'b-1', '2026'])
      expect((await land(PATHS[2]!, [role])).name).toBe('review-event')
    }
  })
})
