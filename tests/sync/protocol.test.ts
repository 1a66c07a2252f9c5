import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import {
  BRANCH1, MEMBER_ROWS, ORG, adminSql, device, localView, newId, startBackend, truthView,
} from './harness'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

const studyLog = (id: string, topic = '学习党章') => ({
  id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-20', minutes: 45, topic,
})

const event = (id: string, title = '支委会', branch = BRANCH1) => ({
  id, org_id: ORG, branch_id: branch, kind: 'committee_meeting', title, starts_at: '2026-11-20T02:00:00Z',
})

async function appliedRecords(clientId: string) {
  return adminSql<{ tx_id: string; status: string }>(
    server, `select tx_id::text, result->>'status' as status from public.sync_applied where client_id = $1`, [clientId])
}

describe('push', () => {
  test('a response lost after the server committed: the retry has exactly one effect', async () => {
    const d = await device(server, 'member')
    const id = newId()
    const { tx_id } = await d.repo.put('study_logs', studyLog(id, '响应丢失'))
    d.faults.dropResponse = 1
    const first = await d.engine.sync()
    expect(first.ok).toBe(false)
    expect(first.failure?.kind).toBe('network')
    expect(await d.db._outbox.count()).toBe(1)
    expect(await adminSql(server, 'select 1 from public.study_logs where id = $1', [id])).toHaveLength(1)

    d.faults.dropResponse = 0
    const second = await d.engine.sync()
    expect(second.ok).toBe(true)
    expect(second.applied).toBe(1)
    expect(await d.db._outbox.count()).toBe(0)
    const rows = await adminSql<{ _ver: string }>(server, 'select _ver from public.study_logs where id = $1', [id])
    expect(rows.map((r) => Number(r._ver))).toEqual([1])
    expect(await appliedRecords(await d.engine.clientId())).toEqual([{ tx_id, status: 'applied' }])
  })

  test('a double submit (two tabs pushing the same outbox at once, and a duplicated request) applies once', async () => {
    const d = await device(server, 'organizer')
    d.faults.duplicate = 1
    const id = newId()
    await d.repo.put('events', event(id, '双重提交'))
    await d.repo.put('events', { ...event(id, '双重提交'), place: '三楼会议室' })
    d.restart()
    const engine2 = d.engine
    d.restart()
    const [a, b] = await Promise.all([d.engine.sync(), engine2.sync()])
    expect(a.ok && b.ok).toBe(true)
    expect(a.applied + b.applied).toBe(2)
    const rows = await adminSql<{ _ver: string; place: string }>(server, 'select _ver, place from public.events where id = $1', [id])
    expect(rows).toHaveLength(1)
    expect(Number(rows[0]!._ver)).toBe(2)
    expect(rows[0]!.place).toBe('三楼会议室')
    expect(await d.db._outbox.count()).toBe(0)
    expect(await d.db._rejected.count()).toBe(0)
  })

  test('a batch where one transaction violates RLS: the others apply, that one lands in _rejected with a reason', async () => {
    const d = await device(server, 'member')
    const ok1 = newId()
    const bad = newId()
    const ok2 = newId()
    await d.repo.put('study_logs', studyLog(ok1, '第一条'))
    await d.repo.put('events', event(bad, '党员不能建会议'))
    await d.repo.put('study_logs', studyLog(ok2, '第三条'))
    const r = await d.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 2, rejected: 1 })
    expect(await d.db._outbox.count()).toBe(0)
    const rejected = await d.db._rejected.toArray()
    expect(rejected).toHaveLength(1)
    expect(rejected[0]).toMatchObject({ code: 'forbidden', ops: [{ table: 'events', id: bad }] })
    expect(rejected[0]!.message).toMatch(/没有权限/)
    expect(await d.db.data('events').get(bad)).toBeUndefined()
    expect(await adminSql(server, 'select id from public.study_logs where id in ($1, $2)', [ok1, ok2])).toHaveLength(2)
    expect(await adminSql(server, 'select id from public.events where id = $1', [bad])).toHaveLength(0)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('an update of a row hidden by RLS is rejected, never applied', async () => {
    const sec = await device(server, 'secretary')
    const id = newId()
    await sec.repo.put('events', event(id, '一支部的会'))
    expect((await sec.engine.sync()).ok).toBe(true)
    const other = await device(server, 'secretary2')
    await other.engine.sync()
    // The other branch's secretary somehow holds an old copy of the row and edits it.
    const stolen = await sec.db.data('events').get(id)
    await other.db.data('events').put(stolen!)
    await other.repo.put('events', { ...stolen!, title: '改别的支部的会' })
    const r = await other.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 0, rejected: 1 })
    const [rej] = await other.db._rejected.toArray()
    expect(rej).toMatchObject({ code: 'not_found_or_forbidden', ops: [{ op: 'update' }] })
    expect(rej!.message).toBe('记录不存在、已被删除，或你无权修改')
    const rows = await adminSql<{ title: string }>(server, 'select title from public.events where id = $1', [id])
    expect(rows[0]!.title).toBe('一支部的会')
  })

  test('an update of a row deleted meanwhile is rejected and says so', async () => {
    const a = await device(server, 'organizer')
    const b = await device(server, 'secretary')
    const id = newId()
    await a.repo.put('events', event(id, '将被删除'))
    await a.engine.sync()
    await b.engine.sync()
    await b.repo.remove('events', id)
    await b.engine.sync()
    await a.repo.put('events', { ...(await a.db.data('events').get(id))!, place: '会议室' })
    const r = await a.engine.sync()
    expect(r.rejected).toBe(1)
    const [rej] = await a.db._rejected.toArray()
    expect(rej!.code).toBe('already_deleted')
    expect(await a.db.data('events').get(id)).toBeUndefined()
  })

  test('a value a CHECK constraint refuses is rejected with the field named in Chinese text', async () => {
    const d = await device(server, 'member')
    await d.repo.put('study_logs', { ...studyLog(newId()), minutes: 5000 })
    await d.engine.sync()
    const [rej] = await d.db._rejected.toArray()
    expect(rej).toMatchObject({ code: 'invalid_value' })
    expect(rej!.message).toContain('minutes')
    expect(rej!.message).toMatch(/数据不符合要求/)
  })

  test('an anonymous caller gets a transient error and the outbox is kept', async () => {
    const d = await device(server, 'member', { signIn: false })
    await d.repo.put('study_logs', studyLog(newId()))
    const r = await d.engine.sync()
    expect(r.ok).toBe(false)
    expect(r.failure?.kind).toBe('auth')
    expect(await d.db._outbox.count()).toBe(1)
    expect(await d.db._rejected.count()).toBe(0)
  })
})

describe('local outbox', () => {
  test('create then delete before any sync sends nothing', async () => {
    const d = await device(server, 'member')
    const id = newId()
    const created = await d.repo.put('study_logs', studyLog(id))
    const removed = await d.repo.remove('study_logs', id)
    expect(removed).toEqual({ tx_id: null, cancelled: [created.tx_id] })
    expect(await d.db._outbox.count()).toBe(0)
    expect(await d.db.data('study_logs').get(id)).toBeUndefined()
    const r = await d.engine.sync()
    expect(r.applied + r.rejected).toBe(0)
    expect(await adminSql(server, 'select 1 from public.study_logs where id = $1', [id])).toHaveLength(0)
  })

  test('create, a push whose answer is lost, then delete: the delete is sent and wins', async () => {
    const d = await device(server, 'member')
    const id = newId()
    await d.repo.put('study_logs', studyLog(id))
    d.faults.dropResponse = 1
    await d.engine.sync()
    d.faults.dropResponse = 0
    const removed = await d.repo.remove('study_logs', id)
    expect(removed.tx_id).not.toBeNull()
    const r = await d.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 2, rejected: 0 })
    const rows = await adminSql<{ _deleted: boolean }>(server, 'select _deleted from public.study_logs where id = $1', [id])
    expect(rows).toEqual([{ _deleted: true }])
    expect(await d.db.data('study_logs').get(id)).toBeUndefined()
  })
})
