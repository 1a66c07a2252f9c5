import { afterAll, beforeAll, expect, test } from 'vitest'
import { BRANCH1, MEMBER_ROWS, ORG, device, newId, localView, startBackend, truthView } from './harness'
import type { LocalBackendServer } from '../../supabase/local/serve'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

test('a member writes offline-first and another device sees it after sync', async () => {
  const a = await device(server, 'member')
  const b = await device(server, 'secretary')
  const id = newId()
  await a.repo.put('study_logs', { id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-20', minutes: 30, topic: '学习强国' })
  expect(await a.engine.sync()).toMatchObject({ ok: true, applied: 1, rejected: 0 })
  expect((await b.engine.sync()).ok).toBe(true)
  expect((await b.db.data('study_logs').get(id))?.topic).toBe('学习强国')
  expect(await localView(a)).toEqual(await truthView(server, a))
  expect(await localView(b)).toEqual(await truthView(server, b))
})
