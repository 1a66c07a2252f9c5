import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import { BRANCH1, BRANCH2, MEMBER_ROWS, ORG, RpcGate, USERS, adminSql, device, localView, newId, startBackend, truthView } from './harness'

const MEMBER2_ROW = '15000000-0000-4000-8000-000000000020' // 吴佳怡

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
})
afterAll(async () => {
  await server?.close()
})

/** Move the member login to another branch's roster and role, as the secretaries would. */
async function moveMember(to: string) {
  const newRow = to === BRANCH1 ? MEMBER_ROWS.member : '15000000-0000-4000-8000-0000000009a1'
  await adminSql(server, `
    update public.members set user_id = null, status = 'transferred' where user_id = $1;
    `.trim().replace(/;$/, ''), [USERS.member])
  if (to === BRANCH2) {
    await adminSql(server, `
      insert into public.members (id, org_id, branch_id, user_id, name, status)
      values ($1, $2, $3, $4, '李晓梅', 'active')
      on conflict (id) do update set user_id = excluded.user_id, status = 'active'`, [newRow, ORG, BRANCH2, USERS.member])
  } else {
    await adminSql(server, `update public.members set user_id = $2, status = 'active' where id = $1`, [newRow, USERS.member])
  }
  await adminSql(server, `update public.user_roles set branch_id = $2 where user_id = $1 and role = 'member'`, [USERS.member, to])
}

describe('pull', () => {
  test('a member made organizer receives the older rows the role shows (check-in secrets), and loses them when it is revoked', async () => {
    const d = await device(server, 'member')
    expect((await d.engine.sync()).ok).toBe(true)
    expect(await d.db.data('event_checkin_secrets').count()).toBe(0)
    const role = newId()
    await adminSql(server, `insert into public.user_roles (id, org_id, branch_id, user_id, role) values ($1, $2, $3, $4, 'organizer')`,
      [role, ORG, BRANCH1, USERS.member])
    try {
      expect((await d.engine.sync()).ok).toBe(true)
      const [{ n }] = await adminSql<{ n: number }>(server,
        `select count(*)::int as n from public.event_checkin_secrets where branch_id = $1 and not _deleted`, [BRANCH1]) as [{ n: number }]
      expect(n).toBeGreaterThan(0)
      expect(await d.db.data('event_checkin_secrets').count()).toBe(n)
      expect(await localView(d)).toEqual(await truthView(server, d))
    } finally {
      await adminSql(server, `update public.user_roles set _deleted = true where id = $1`, [role])
    }
    expect((await d.engine.sync()).ok).toBe(true)
    expect(await d.db.data('event_checkin_secrets').count()).toBe(0)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('a member whose role the branch revoked loses that branch\'s rows on the next pull, queued edits go to 需处理', async () => {
    const d = await device(server, 'member2')
    expect((await d.engine.sync()).ok).toBe(true)
    const branchRows = async () => (await d.db.data('members').toArray()).filter((m) => m.branch_id === BRANCH2).length
    expect(await branchRows()).toBeGreaterThan(0)
    await d.repo.put('study_logs', {
      id: newId(), org_id: ORG, branch_id: BRANCH2, member_id: MEMBER2_ROW, studied_on: '2026-11-20', minutes: 30, topic: '撤销前的学习',
    })
    // The secretary revokes the role (revoke_role tombstones it); the roster link stays.
    await adminSql(server, `update public.user_roles set _deleted = true where user_id = $1`, [USERS.member2])
    try {
      const r = await d.engine.sync()
      expect(r.ok).toBe(true)
      expect(await branchRows()).toBe(0)
      expect(await d.db._outbox.count()).toBe(0)
      expect(await d.db._rejected.count()).toBe(1)
      expect(await localView(d)).toEqual(await truthView(server, d))
    } finally {
      await adminSql(server, `update public.user_roles set _deleted = false where user_id = $1`, [USERS.member2])
    }
  })

  test('a pull never hides a pending edit: another phone changes the row meanwhile, the device still shows its edit, then the server\'s rules decide', async () => {
    const other = await device(server, 'organizer')
    const gate = new RpcGate()
    const d = await device(server, 'secretary', { transport: (t) => gate.wrap(t) })
    const id = newId()
    await other.repo.put('events', { id, org_id: ORG, branch_id: BRANCH1, kind: 'committee_meeting', title: '支委会', starts_at: '2026-11-20T02:00:00Z' })
    expect(await other.engine.sync()).toMatchObject({ ok: true, applied: 1 })
    gate.open = true
    expect((await d.engine.sync()).ok).toBe(true)
    gate.open = false

    // A sync with nothing queued: its pull waits on the network while the secretary edits the minutes.
    const run = d.engine.sync()
    await gate.start(run)
    expect(gate.waiting).toBe(1)
    await d.repo.put('events', { ...(await d.db.data('events').get(id))!, minutes: '书记记录：学习了全会精神。' })
    // Another phone changes the same row on the server before that pull is answered.
    await other.repo.put('events', { ...(await other.db.data('events').get(id))!, title: '支委会（改期）', minutes: '组织委员记录。' })
    expect(await other.engine.sync()).toMatchObject({ ok: true, applied: 1 })
    await gate.finish(run)
    expect(await run).toMatchObject({ ok: true, applied: 0 })
    const shown = await d.db.data('events').get(id)
    expect(shown).toMatchObject({ title: '支委会（改期）', minutes: '书记记录：学习了全会精神。', _ver: 2 })
    expect(await d.db._outbox.count()).toBe(1)

    // Push, then pull: the later edit wins, and the text it replaced is kept for the secretary.
    gate.open = true
    expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    const [onServer] = await adminSql<{ title: string; minutes: string; ver: number }>(server, 'select title, minutes, _ver::int as ver from public.events where id = $1', [id])
    expect(onServer).toEqual({ title: '支委会（改期）', minutes: '书记记录：学习了全会精神。', ver: 3 })
    expect(await d.db.data('events').get(id)).toMatchObject({ title: '支委会（改期）', minutes: '书记记录：学习了全会精神。', _ver: 3 })
    expect((await d.db.data('sync_overwrites').toArray()).filter((o) => o.row_id === id).map((o) => o.overwritten)).toEqual([{ minutes: '组织委员记录。' }])
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('pages through many rows committed in one transaction (ties on _xid) exactly once', async () => {
    const d = await device(server, 'secretary', { engine: { pullLimit: 40 } })
    await d.engine.sync()
    await adminSql(server, `
      insert into public.study_logs (id, org_id, branch_id, member_id, studied_on, minutes, topic)
      select gen_random_uuid(), $1, $2, $3, date '2026-01-01' + (g % 300), 30, '批量 ' || g
      from generate_series(1, 250) g`, [ORG, BRANCH1, MEMBER_ROWS.secretary])
    const r = await d.engine.sync()
    expect(r.ok).toBe(true)
    expect(r.pulled).toBe(250)
    // Nothing to push; 250 rows at 40 a page: six full pages and one of 10.
    expect(r.requests).toBe(7)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('a reload in the middle of applying a pull leaves nothing half-applied, and the next pull completes', async () => {
    const dbName = `reload-${newId()}`
    let cut = true
    const d = await device(server, 'organizer', {
      dbName,
      engine: {
        onApplyProgress: (_t, n) => {
          if (cut && n === 30) throw new Error('page closed while applying')
        },
      },
    })
    await expect(d.engine.sync()).rejects.toThrow('page closed')
    expect(await d.db._cursors.count()).toBe(0)
    expect(await d.db.data('members').count()).toBe(0)
    expect(await d.db.data('units').count()).toBe(0)
    cut = false
    d.restart()
    expect((await d.engine.sync()).ok).toBe(true)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('a cursor older than the tombstone horizon resets the table and drops rows deleted meanwhile', async () => {
    const a = await device(server, 'organizer')
    const b = await device(server, 'secretary')
    const id = newId()
    await a.repo.put('visits', { id, org_id: ORG, branch_id: BRANCH1, kind: 'retired_member', visited_on: '2026-10-01', persons: 1 })
    await a.engine.sync()
    await b.engine.sync()
    expect(await b.db.data('visits').get(id)).toBeDefined()
    await a.repo.remove('visits', id)
    await a.engine.sync()
    // The tombstone ages past the retention period and is purged before b pulls again.
    await adminSql(server, `alter table public.visits disable trigger touch_sync_columns`)
    await adminSql(server, `update public.visits set updated_at = now() - interval '40 days' where id = $1`, [id])
    await adminSql(server, `alter table public.visits enable trigger touch_sync_columns`)
    const [{ purged }] = await adminSql<{ purged: string }>(server, `select app_private.purge_tombstones('30 days') as purged`) as [{ purged: string }]
    expect(Number(purged)).toBe(1)
    const r = await b.engine.sync()
    expect(r.ok).toBe(true)
    expect(await b.db.data('visits').get(id)).toBeUndefined()
    expect(await localView(b)).toEqual(await truthView(server, b))
  })
})

describe('scopes', () => {
  test('a member moved to another branch and back while offline: the pending edit is applied', async () => {
    const d = await device(server, 'member')
    await d.engine.sync()
    d.faults.offline = true
    const id = newId()
    await d.repo.put('study_logs', { id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-21', minutes: 20, topic: '离线学习' })
    await moveMember(BRANCH2)
    await moveMember(BRANCH1)
    d.faults.offline = false
    const r = await d.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('a member moved away with pending edits: rows leave, the edit goes to 需处理 with the reason; moved back, it can be resent', async () => {
    const d = await device(server, 'member')
    await d.engine.sync()
    expect(await d.db.data('events').where('branch_id').equals(BRANCH1).count()).toBeGreaterThan(0)
    d.faults.offline = true
    const id = newId()
    await d.repo.put('study_logs', { id, org_id: ORG, branch_id: BRANCH1, member_id: MEMBER_ROWS.member, studied_on: '2026-11-22', minutes: 25, topic: '调动前的学习' })
    await moveMember(BRANCH2)
    d.faults.offline = false
    const away = await d.engine.sync()
    expect(away.ok).toBe(true)
    expect(await d.db._outbox.count()).toBe(0)
    const [rej] = await d.db._rejected.toArray()
    expect(rej).toBeDefined()
    expect(rej!.message).toMatch(/没有权限|不在该支部/)
    expect(await d.db.data('events').where('branch_id').equals(BRANCH1).count()).toBe(0)
    expect(await d.db.data('study_logs').get(id)).toBeUndefined()
    expect(await localView(d)).toEqual(await truthView(server, d))

    await moveMember(BRANCH1)
    expect((await d.engine.sync()).ok).toBe(true)
    expect(await d.db.data('events').where('branch_id').equals(BRANCH1).count()).toBeGreaterThan(0)
    expect(await localView(d)).toEqual(await truthView(server, d))
    const { resendRejected } = await import('@/data/sync/rejected')
    await resendRejected(d.db, rej!.id!)
    const r = await d.engine.sync()
    expect(r).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    expect(await adminSql(server, 'select 1 from public.study_logs where id = $1', [id])).toHaveLength(1)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })
})
