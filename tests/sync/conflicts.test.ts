import { afterAll, beforeAll, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { attendanceRowId } from '@/domain/syncIds'
import { resendRejected } from '@/data/sync/rejected'
import { BRANCH1, MEMBER_ROWS, ORG, adminSql, device, localView, newId, startBackend, truthView } from './harness'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

async function newEvent() {
  const org = await device(server, 'organizer')
  const id = newId()
  const startsAt = new Date(Date.now() - 10 * 60_000).toISOString()
  await org.repo.put('events', { id, org_id: ORG, branch_id: BRANCH1, kind: 'theme_day', title: '主题党日', starts_at: startsAt })
  expect((await org.engine.sync()).applied).toBe(1)
  await adminSql(server, `insert into public.event_checkin_secrets (id, org_id, branch_id, event_id, secret)
    values ($1, $2, $3, $1, encode(extensions.gen_random_bytes(32), 'hex'))`, [id, ORG, BRANCH1])
  return id
}

/** The member's own check-in with the code shown on the secretary's screen right now. */
async function checkIn(eventId: string) {
  const [{ code }] = (await adminSql<{ code: string }>(server, `
    select app_private.checkin_code(app_private.checkin_mac(s.secret, s.event_id, floor(extract(epoch from now()) / 30)::bigint)) as code
    from public.event_checkin_secrets s where s.event_id = $1`, [eventId])) as [{ code: string }]
  return { status: 'present', method: 'code', checkin_token: code, checked_in_at: new Date().toISOString() }
}

test("a member's own check-in and the secretary's absent mark made offline: present wins, the secretary is told and may override", async () => {
  const eventId = await newEvent()
  const member = await device(server, 'member')
  const secretary = await device(server, 'secretary')
  await Promise.all([member.engine.sync(), secretary.engine.sync()])
  const rowId = attendanceRowId(eventId, MEMBER_ROWS.member)
  const base = { id: rowId, org_id: ORG, branch_id: BRANCH1, event_id: eventId, member_id: MEMBER_ROWS.member }
  await member.repo.put('attendance', { ...base, ...(await checkIn(eventId)) })
  await secretary.repo.put('attendance', { ...base, status: 'absent', method: 'manual' })
  expect((await member.engine.sync()).applied).toBe(1)
  const sec = await secretary.engine.sync()
  expect(sec).toMatchObject({ applied: 0, rejected: 1 })
  const [rej] = await secretary.db._rejected.toArray()
  expect(rej!.code).toBe('conflict_checked_in')
  expect(rej!.message).toMatch(/已签到/)
  expect((await secretary.db.data('attendance').get(rowId))?.status).toBe('present')

  // The secretary decides deliberately: override.
  await resendRejected(secretary.db, rej!.id!, { force: true })
  expect(await secretary.engine.sync()).toMatchObject({ applied: 1, rejected: 0 })
  const rows = await adminSql<{ status: string }>(server, 'select status from public.attendance where id = $1', [rowId])
  expect(rows).toEqual([{ status: 'absent' }])
  expect(await localView(secretary)).toEqual(await truthView(server, secretary))
})

test('an absent mark first, then the check-in: the check-in (present) wins without a conflict', async () => {
  const eventId = await newEvent()
  const member = await device(server, 'member')
  const secretary = await device(server, 'secretary')
  const rowId = attendanceRowId(eventId, MEMBER_ROWS.member)
  const base = { id: rowId, org_id: ORG, branch_id: BRANCH1, event_id: eventId, member_id: MEMBER_ROWS.member }
  await secretary.repo.put('attendance', { ...base, status: 'absent', method: 'manual' })
  expect((await secretary.engine.sync()).applied).toBe(1)
  await member.repo.put('attendance', { ...base, ...(await checkIn(eventId)) })
  const mr = await member.engine.sync()
  expect(mr).toMatchObject({ applied: 1, rejected: 0 })
  expect(await adminSql(server, 'select status from public.attendance where id = $1', [rowId])).toEqual([{ status: 'present' }])
})

test('two phones edit the same minutes: the later edit wins and the overwritten text is kept for the secretary', async () => {
  const eventId = await newEvent()
  const a = await device(server, 'organizer')
  const b = await device(server, 'secretary')
  await Promise.all([a.engine.sync(), b.engine.sync()])
  const rowA = (await a.db.data('events').get(eventId))!
  const rowB = (await b.db.data('events').get(eventId))!
  await a.repo.put('events', { ...rowA, minutes: '组织委员记录：讨论了发展党员工作。' })
  await b.repo.put('events', { ...rowB, minutes: '书记记录：学习了二十届四中全会精神。' })
  expect((await a.engine.sync()).applied).toBe(1)
  expect((await b.engine.sync()).applied).toBe(1)
  await a.engine.sync()
  expect((await a.db.data('events').get(eventId))?.minutes).toBe('书记记录：学习了二十届四中全会精神。')
  const kept = (await b.db.data('sync_overwrites').toArray()).filter((o) => o.row_id === eventId)
  expect(kept).toHaveLength(1)
  expect(kept[0]).toMatchObject({ table_name: 'events', overwritten: { minutes: '组织委员记录：讨论了发展党员工作。' } })
  expect(await localView(b)).toEqual(await truthView(server, b))
})

test('a member cannot read what was overwritten, and cannot forge an entry', async () => {
  const m = await device(server, 'member')
  await m.engine.sync()
  expect(await m.db.data('sync_overwrites').count()).toBe(0)
  await m.repo.put('sync_overwrites', { id: newId(), org_id: ORG, branch_id: BRANCH1, table_name: 'events', row_id: newId(), overwritten: { minutes: 'x' }, overwritten_ver: 1, replaced_by: newId() })
  expect(await m.engine.sync()).toMatchObject({ applied: 0, rejected: 1 })
})
