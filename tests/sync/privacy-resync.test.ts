/**
 * After a privacy change a phone keeps nothing it may no longer read: 20261201005000_roster_privacy.sql
 * moves the tombstone horizon past itself, so a phone that synced before it starts every table
 * again. Here the phone's store holds what an older server sent (a colleague's roster row with his
 * phone and birth date, a colleague's donation) and the horizon moves as the migration moves it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { BRANCH1, MEMBER_ROWS, ORG, adminSql, device, localView, newId, startBackend, truthView } from './harness'

const YANG_FAN = '15000000-0000-4000-8000-000000000006'
const CAMPAIGN = '19000000-0000-4000-8000-000000000001'

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

describe('a phone that synced before the roster privacy change', () => {
  test('drops a colleague\'s phone, birth date and donation, and keeps its own unsent record', async () => {
    const d = await device(server, 'member')
    expect((await d.engine.sync()).ok).toBe(true)
    const colleague = await d.db.data('members').get(YANG_FAN)
    expect(colleague).toMatchObject({ name: '杨帆' })
    // What the server sent before the change.
    await d.db.data('members').put({ ...colleague!, phone: '13900000008', birth_date: '1990-07-09', note: '家中有老人需照顾' })
    const theirs = newId()
    await d.db.data('donations').put({ id: theirs, org_id: ORG, branch_id: BRANCH1, campaign_id: CAMPAIGN, member_id: YANG_FAN, amount_fen: 20000, donated_on: '2026-05-08', _ver: 1 })
    const mine = newId()
    d.faults.offline = true
    await d.repo.put('study_logs', { id: mine, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-22', minutes: 25, topic: '离线学习' })
    d.faults.offline = false

    // The migration's statement, word for word.
    await adminSql(server, `update app_private.sync_state
      set horizon = greatest(horizon, (pg_catalog.pg_current_xact_id()::text::numeric + 1)::text::xid8)`)
    const r = await d.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 1, rejected: 0 })

    const after = await d.db.data('members').get(YANG_FAN)
    expect(after).toMatchObject({ name: '杨帆' })
    expect(Object.keys(after!).filter((k) => ['phone', 'birth_date', 'note'].includes(k))).toEqual([])
    expect(await d.db.data('donations').get(theirs)).toBeUndefined()
    expect(await d.db.data('member_details').toArray()).toEqual([expect.objectContaining({ id: MEMBER_ROWS.member })])
    expect(await d.db.data('study_logs').get(mine)).toMatchObject({ topic: '离线学习' })
    expect(await localView(d)).toEqual(await truthView(server, d))
  })
})
