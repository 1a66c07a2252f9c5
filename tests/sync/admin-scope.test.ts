/**
 * Admins' phones hold the whole organisation's roster, party groups and visits
 * (20261201008000_admin_roster_scope.sql, `scopes.wide_tables`): pulled for every branch of the
 * organisation and none of another, edited offline for a branch the admin does not belong to, dropped
 * when the admin role is revoked (queued edits of his own branch stay) and back when it is granted.
 * Everyone else's phone still holds only their branch.
 */
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import type { LocalBackendServer } from '../../supabase/local/serve'
import type { PullResponse } from '@/domain/syncProtocol'
import type { SyncScopes } from '@/data/db'
import { resendRejected } from '@/data/sync/rejected'
import {
  ADMIN_WIDE_TABLES, BRANCH1, BRANCH2, MEMBER_ROWS, ORG, RpcGate, USERS, adminSql, device, localView, newId, startBackend, truthView,
  type Device,
} from './harness'

const BRANCH3 = '12000000-0000-4000-8000-000000000003'
const MEMBER2_ROW = '15000000-0000-4000-8000-000000000020' // 吴佳怡, 机关第二党支部
const OTHER = {
  org: '10000000-0000-4000-8000-0000000000f1',
  branch: '12000000-0000-4000-8000-0000000000f1',
  group: '14000000-0000-4000-8000-0000000000f1',
  member: '15000000-0000-4000-8000-0000000000f1',
  visit: '1a000000-0000-4000-8000-0000000000f1',
  participant: '1b000000-0000-4000-8000-0000000000f1',
}

let server: LocalBackendServer
beforeAll(async () => {
  server = await startBackend()
  // Another organisation with one row of each table an admin pulls organisation-wide.
  await adminSql(server, `
    with o as (insert into public.orgs (id, org_id, name) values ($1, $1, '市档案馆') returning id),
         b as (insert into public.branches (id, org_id, name) select $2, id, '市档案馆机关党支部' from o returning id, org_id),
         g as (insert into public.party_groups (id, org_id, branch_id, name) select $3, org_id, id, '第一党小组' from b returning id)
    select 1`, [OTHER.org, OTHER.branch, OTHER.group])
  await adminSql(server, `insert into public.members (id, org_id, branch_id, name) values ($1, $2, $3, '档案员')`, [OTHER.member, OTHER.org, OTHER.branch])
  await adminSql(server, `insert into public.member_details (id, org_id, branch_id, phone) values ($1, $2, $3, '13700000001')`, [OTHER.member, OTHER.org, OTHER.branch])
  await adminSql(server, `insert into public.visits (id, org_id, branch_id, kind, visited_on, persons) values ($1, $2, $3, 'retired_member', '2026-10-09', 1)`, [OTHER.visit, OTHER.org, OTHER.branch])
  await adminSql(server, `insert into public.visit_participants (id, org_id, branch_id, visit_id, member_id) values ($1, $2, $3, $4, $5)`,
    [OTHER.participant, OTHER.org, OTHER.branch, OTHER.visit, OTHER.member])
})
afterAll(async () => {
  await server?.close()
})

/** Live rows of `table` on the server, per branch, counted as the superuser. */
async function serverCounts(table: string, where: string, params: unknown[]): Promise<Record<string, number>> {
  const rows = await adminSql<{ branch_id: string; n: number }>(server,
    `select branch_id::text, count(*)::int as n from public."${table}" where not _deleted and ${where} group by 1`, params)
  return Object.fromEntries(rows.map((r) => [r.branch_id, r.n]))
}

/** What the device holds of `table`, per branch. */
async function deviceCounts(d: Device, table: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const row of await d.db.data(table as 'members').toArray()) out[row.branch_id as string] = (out[row.branch_id as string] ?? 0) + 1
  return out
}

/** sync_pull's own answer for `tables` from the beginning (one page), as the device asks for it. */
async function pullRaw(d: Device, tables: readonly string[]): Promise<PullResponse> {
  const cursors = Object.fromEntries(tables.map((t) => [t, { xid: '0', id: null }]))
  const { data, error } = await d.supabase.rpc('sync_pull', { p_cursors: cursors, p_schema: 1, p_limit: 10000 })
  if (error) throw error
  return data as PullResponse
}

const storedScopes = async (d: Device) => (await d.db._meta.get('scopes'))?.value as SyncScopes

async function setRole(id: string, live: boolean) {
  await adminSql(server, `update public.user_roles set _deleted = $2 where id = $1`, [id, !live])
}

async function grantRole(user: string, role: string, branch: string | null): Promise<string> {
  const id = newId()
  await adminSql(server, `insert into public.user_roles (id, org_id, branch_id, user_id, role) values ($1, $2, $3, $4, $5)`, [id, ORG, branch, user, role])
  return id
}

describe('an admin\'s phone', () => {
  test('pulls the roster, personal details, party groups and visits of every branch of its organisation, none of another', async () => {
    const d = await device(server, 'admin')
    expect((await d.engine.sync()).ok).toBe(true)
    expect((await storedScopes(d)).wide_tables).toEqual([...ADMIN_WIDE_TABLES])
    for (const table of ADMIN_WIDE_TABLES) {
      expect(await deviceCounts(d, table), table).toEqual(await serverCounts(table, 'org_id = $1', [ORG]))
    }
    for (const table of ['members', 'member_details', 'party_groups', 'visits']) {
      expect(Object.keys(await deviceCounts(d, table)).sort(), table).toEqual([BRANCH1, BRANCH2, BRANCH3])
    }
    expect(Object.keys(await serverCounts('members', 'branch_id = $1', [BRANCH3]))).toEqual([BRANCH3])
    for (const [table, id] of [['members', OTHER.member], ['member_details', OTHER.member], ['party_groups', OTHER.group],
      ['visits', OTHER.visit], ['visit_participants', OTHER.participant]] as const) {
      expect(await d.db.data(table).get(id), table).toBeUndefined()
    }
    // Other tables keep their scope: the admin holds no branch, so no branch's events or study logs.
    expect(await d.db.data('events').filter((e) => e.branch_id !== null).count()).toBe(0)
    expect(await d.db.data('study_logs').count()).toBe(0)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('that synced before servers sent the list starts over once and receives every branch\'s older rows', async () => {
    const d = await device(server, 'admin')
    expect((await d.engine.sync()).ok).toBe(true)
    // What an older server left on the phone: no list, no branch's roster, cursors up to date.
    const { wide_tables: _w, ...before } = await storedScopes(d)
    await d.db._meta.put({ key: 'scopes', value: before })
    for (const table of ADMIN_WIDE_TABLES) await d.db.data(table).clear()
    expect((await d.engine.sync()).ok).toBe(true)
    for (const table of ADMIN_WIDE_TABLES) {
      expect(await deviceCounts(d, table), table).toEqual(await serverCounts(table, 'org_id = $1', [ORG]))
    }
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('edits a member of a branch he does not belong to, offline, and the edit lands when he syncs', async () => {
    const d = await device(server, 'admin')
    expect((await d.engine.sync()).ok).toBe(true)
    const person = (await d.db.data('members').get(MEMBER2_ROW))!
    const details = (await d.db.data('member_details').get(MEMBER2_ROW))!
    expect(person.branch_id).toBe(BRANCH2)
    d.faults.offline = true
    await d.repo.put('members', { ...person, committee_title: '宣传委员', is_committee: true })
    await d.repo.put('member_details', { ...details, note: '管理员离线核对' })
    expect((await d.engine.sync()).ok).toBe(false)
    d.faults.offline = false
    expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 2, rejected: 0 })
    expect(await adminSql(server, `select committee_title, is_committee from public.members where id = $1`, [MEMBER2_ROW]))
      .toEqual([{ committee_title: '宣传委员', is_committee: true }])
    expect(await adminSql(server, `select note from public.member_details where id = $1`, [MEMBER2_ROW])).toEqual([{ note: '管理员离线核对' }])
    expect(await d.db._outbox.count()).toBe(0)
    expect(await d.db._base.count()).toBe(0)
    expect(await localView(d)).toEqual(await truthView(server, d))
  })

  test('keeps a queued edit of another branch\'s member when another role changes: he still holds that table organisation-wide', async () => {
    const gate = new RpcGate()
    const d = await device(server, 'admin', { transport: (t) => gate.wrap(t) })
    gate.open = true
    expect((await d.engine.sync()).ok).toBe(true)
    gate.open = false
    const run = d.engine.sync()
    await gate.start(run)
    const person = (await d.db.data('members').get(MEMBER_ROWS.member))!
    await d.repo.put('members', { ...person, committee_title: '组织委员' })
    const leader = await grantRole(USERS.admin, 'leader', null)
    try {
      await gate.finish(run)
      expect((await run).ok).toBe(true)
      expect(await d.db._rejected.count()).toBe(0)
      expect(await d.db._outbox.count()).toBe(1)
      expect(await d.db.data('members').get(MEMBER_ROWS.member)).toMatchObject({ committee_title: '组织委员' })
      gate.open = true
      expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    } finally {
      await setRole(leader, false)
    }
  })
})

describe('the admin role revoked and granted again', () => {
  test('drops the other branches\' rows and their pending bases, keeps its own branch and its queued edit there; brings them back', async () => {
    // 吴佳怡's login: a member of 机关第二党支部, made an admin of the organisation.
    const admin = await grantRole(USERS.member2, 'admin', null)
    onTestFinished(() => setRole(admin, false))
    const gate = new RpcGate()
    const d = await device(server, 'member2', { transport: (t) => gate.wrap(t) })
    gate.open = true
    expect((await d.engine.sync()).ok).toBe(true)
    gate.open = false
    expect(Object.keys(await deviceCounts(d, 'members')).sort()).toEqual([BRANCH1, BRANCH2, BRANCH3])

    // A sync waits on the network while the admin edits a person of each branch; the role goes meanwhile.
    const run = d.engine.sync()
    await gate.start(run)
    const own = (await d.db.data('members').get(MEMBER2_ROW))!
    const other = (await d.db.data('members').get(MEMBER_ROWS.organizer))!
    await d.repo.put('members', { ...own, committee_title: '青年委员' })
    await d.repo.put('members', { ...other, committee_title: '纪检委员' })
    expect(await d.db._base.count()).toBe(2)
    await setRole(admin, false)
    await gate.finish(run)
    expect((await run).ok).toBe(true)

    expect((await storedScopes(d)).wide_tables).toEqual([])
    expect(Object.keys(await deviceCounts(d, 'members'))).toEqual([BRANCH2])
    expect(await deviceCounts(d, 'members')).toEqual(await serverCounts('members', 'branch_id = $1', [BRANCH2]))
    expect(await d.db.data('party_groups').filter((g) => g.branch_id !== BRANCH2).count()).toBe(0)
    expect(await d.db.data('member_details').toArray()).toEqual([expect.objectContaining({ id: MEMBER2_ROW })])
    expect(await d.db.data('members').get(MEMBER2_ROW)).toMatchObject({ committee_title: '青年委员' })
    expect(await d.db.data('members').get(MEMBER_ROWS.organizer)).toBeUndefined()
    expect((await d.db._base.toArray()).map((b) => b.key)).toEqual([`members:${MEMBER2_ROW}`])
    expect((await d.db._outbox.toArray()).map((e) => e.ops.map((o) => o.id))).toEqual([[MEMBER2_ROW]])
    expect((await d.db._rejected.toArray()).map((r) => [r.code, r.ops.map((o) => o.id)])).toEqual([['out_of_scope', [MEMBER_ROWS.organizer]]])

    gate.open = true
    // Pushed as a member of his branch: the roster is the secretary's to edit, so the server refuses it.
    expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 0, rejected: 1 })
    expect((await d.db._rejected.toArray()).map((r) => r.code)).toEqual(['out_of_scope', 'not_found_or_forbidden'])
    expect(await localView(d)).toEqual(await truthView(server, d))

    await setRole(admin, true)
    expect((await d.engine.sync()).ok).toBe(true)
    expect((await storedScopes(d)).wide_tables).toEqual([...ADMIN_WIDE_TABLES])
    for (const table of ADMIN_WIDE_TABLES) {
      expect(await deviceCounts(d, table), table).toEqual(await serverCounts(table, 'org_id = $1', [ORG]))
    }
    expect(await localView(d)).toEqual(await truthView(server, d))
    // An admin again, he sends the edit of 第一支部 that waited in 需处理, and it lands.
    const waiting = (await d.db._rejected.toArray()).find((r) => r.code === 'out_of_scope')!
    await resendRejected(d.db, waiting.id!)
    expect(await d.engine.sync()).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    expect(await adminSql(server, 'select committee_title from public.members where id = $1', [MEMBER_ROWS.organizer]))
      .toEqual([{ committee_title: '纪检委员' }])
    expect(await localView(d)).toEqual(await truthView(server, d))
  })
})

describe('everyone else\'s phone holds only its branch', () => {
  for (const [login, branch] of [['secretary', BRANCH1], ['member', BRANCH1], ['leader', BRANCH2]] as const) {
    test(`${login}: the roster and party groups of ${login === 'leader' ? '机关第二党支部' : '机关第一党支部'} only`, async () => {
      const d = await device(server, login)
      expect((await d.engine.sync()).ok).toBe(true)
      expect((await storedScopes(d)).wide_tables).toEqual([])
      expect(await deviceCounts(d, 'members')).toEqual(await serverCounts('members', 'branch_id = $1', [branch]))
      expect(await deviceCounts(d, 'party_groups')).toEqual(await serverCounts('party_groups', 'branch_id = $1', [branch]))
      const details = await d.db.data('member_details').count()
      if (login === 'secretary') expect(details).toBe(20)
      else expect(details).toBe(1)
      expect(Object.keys(await deviceCounts(d, 'visits')).filter((b) => b !== branch)).toEqual([])
      // What the server sends, not only what the device keeps: no other branch's row at all.
      const sent = await pullRaw(d, ADMIN_WIDE_TABLES)
      expect(sent.scopes.wide_tables).toEqual([])
      for (const table of ADMIN_WIDE_TABLES) {
        expect(sent.tables[table]!.rows.filter((r) => r.branch_id !== branch), table).toEqual([])
      }
      expect(await localView(d)).toEqual(await truthView(server, d))
    })
  }
})

describe('sync_pull\'s removals of an organisation-wide table', () => {
  test('a row moved to another branch is not gone for an admin (it comes with its new branch); a row that left the organisation is', async () => {
    const admin = await grantRole(USERS.member2, 'admin', null)
    const stays = newId()
    const leaves = newId()
    await adminSql(server, `insert into public.party_groups (id, org_id, branch_id, name) values ($1, $3, $4, '搬迁小组'), ($2, $3, $4, '离开小组')`,
      [stays, leaves, ORG, BRANCH2])
    try {
      const asAdmin = await device(server, 'member2')
      const asSecretary = await device(server, 'secretary2')
      const pull = async (d: Device, cursor: { xid: string; id: null }) => {
        const { data, error } = await d.supabase.rpc('sync_pull', { p_cursors: { party_groups: cursor }, p_schema: 1, p_limit: 1000 })
        if (error) throw error
        return data as PullResponse
      }
      const first = await pull(asAdmin, { xid: '0', id: null })
      const cursor = { xid: first.tables.party_groups!.cursor.xid, id: null }
      expect(first.tables.party_groups!.rows.map((r) => r.id)).toEqual(expect.arrayContaining([stays, leaves]))
      // Moves only trusted writers can make (a client cannot change a row's branch or organisation).
      await adminSql(server, `update public.party_groups set branch_id = $2 where id = $1`, [stays, BRANCH1])
      await adminSql(server, `update public.party_groups set org_id = $2, branch_id = $3 where id = $1`, [leaves, OTHER.org, OTHER.branch])

      const wide = (await pull(asAdmin, cursor)).tables.party_groups!
      expect(wide.gone).toEqual([leaves])
      expect(wide.rows.map((r) => [r.id, r.branch_id])).toEqual([[stays, BRANCH1]])
      // For a branch-scoped phone both left 机关第二党支部.
      const branch = (await pull(asSecretary, cursor)).tables.party_groups!
      expect([...branch.gone].sort()).toEqual([stays, leaves].sort())
      expect(branch.rows).toEqual([])
    } finally {
      await setRole(admin, false)
    }
  })
})
