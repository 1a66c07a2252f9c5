import { describe, expect, test } from 'vitest'
import { createRepositories } from '@/data/repositories'
import { PEOPLE_PER_WRITE } from '@/data/repositories/roster'
import { rosterPersonOf } from '@/domain/roster'
import { guessMapping, importWrites, planRosterImport, type SheetCell } from '@/domain/rosterImport'
import { BRANCH, ORG, freshDb } from './member-support'

const HEADERS = ['姓名', '性别', '手机号码', '出生日期', '政治面貌', '备注']
const rowsOf = (n: number): SheetCell[][] => Array.from({ length: n }, (_, i) => [`党员${i}`, i % 2 ? '女' : '男', `139${String(i).padStart(8, '0')}`, '1980-01-01', i % 3 ? '中共党员' : '群众', ''])

async function rosterOf(repos: ReturnType<typeof createRepositories>) {
  const read = await repos.roster.ofBranch(BRANCH)
  const details = new Map(read.details.rows.map((d) => [d.id, d]))
  return read.members.rows.map((m) => rosterPersonOf(m, details.get(m.id)))
}

describe('the roster repository', () => {
  test('should apply 2,000 imported people in transactions of at most 100 operations, then find the same file unchanged', async () => {
    const db = freshDb()
    let wakes = 0
    const repos = createRepositories({ db, onWrite: () => wakes++ })
    const table = { headers: HEADERS, rows: rowsOf(2000), headerRow: 1 }
    const ctx = { people: [], groups: [], units: [] }
    const plan = planRosterImport(table, guessMapping(HEADERS), ctx)
    let n = 0
    const writes = importWrites(plan, { orgId: ORG, branchId: BRANCH, newId: () => `15000000-0000-4000-8000-${String(++n).padStart(12, '0')}` })
    const seen: number[] = []
    const result = await repos.roster.saveMany(writes, (done) => seen.push(done))
    expect(result.done).toBe(2000)
    expect(PEOPLE_PER_WRITE).toBe(50)
    expect(seen).toHaveLength(40)
    expect(seen.at(-1)).toBe(2000)
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(40)
    expect(outbox.every((e) => e.ops.length === 100)).toBe(true)
    expect(wakes).toBe(40)
    expect(await db.data('members').count()).toBe(2000)
    expect(await db.data('member_details').count()).toBe(2000)
    expect(outbox[0]!.ops.slice(0, 2).map((o) => [o.table, o.op, o.id])).toEqual([['members', 'upsert', writes[0]!.member.id], ['member_details', 'upsert', writes[0]!.member.id]])
    expect(outbox[0]!.ops[0]!.row).toMatchObject({ name: '党员0', gender: 'male', member_type: 'masses', status: 'active', branch_id: BRANCH, org_id: ORG })
    expect(outbox[0]!.ops[0]!.row).not.toHaveProperty('phone')
    expect(outbox[0]!.ops[1]!.row).toMatchObject({ phone: '13900000000', birth_date: '1980-01-01' })

    const again = planRosterImport(table, guessMapping(HEADERS), { ...ctx, people: await rosterOf(repos) })
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 2000 })
    expect(importWrites(again, { orgId: ORG, branchId: BRANCH, newId: () => 'never' })).toEqual([])
  }, 120_000)

  test('should send only the changed columns of a person the server already holds', async () => {
    const db = freshDb()
    const repos = createRepositories({ db })
    const id = '15000000-0000-4000-8000-000000000901'
    await db.data('members').put({ id, org_id: ORG, branch_id: BRANCH, name: '王强', member_type: 'full', status: 'active', _ver: 3 })
    await db.data('member_details').put({ id, org_id: ORG, branch_id: BRANCH, phone: '13900000901', birth_date: '1980-01-01', _ver: 2 })
    const table = { headers: HEADERS, rows: [['王强', '男', '13900000901', '1980-01-01', '中共党员', '老同志']] as SheetCell[][], headerRow: 1 }
    const plan = planRosterImport(table, guessMapping(HEADERS), { people: await rosterOf(repos), groups: [], units: [] })
    expect(plan.rows.map((r) => [r.action, r.changes])).toEqual([['update', ['gender', 'note']]])
    await repos.roster.saveMany(importWrites(plan, { orgId: ORG, branchId: BRANCH, newId: () => 'never' }))
    const [entry] = await db._outbox.toArray()
    expect(entry!.ops.map((o) => [o.table, o.op, o.row, o.base_ver])).toEqual([
      ['members', 'update', { gender: 'male' }, 3],
      ['member_details', 'update', { note: '老同志' }, 2],
    ])
  })

  test('should report the transfer refusals of the server by code, and the new row id when it succeeds', async () => {
    const answers = [
      { ok: false as const, status: 0, message: 'Failed to fetch' },
      { ok: false as const, status: 403, code: '42501', message: '只有原支部书记或管理员可以办理转出' },
      { ok: false as const, status: 400, code: 'P0001', message: '转入支部的名册中已有相同手机号的记录' },
      { ok: false as const, status: 400, code: 'P0001', message: '转入支部已停用' },
      { ok: true as const, data: 'new-row' },
    ]
    const calls: unknown[] = []
    const repos = createRepositories({ db: freshDb(), rosterRpc: async (fn, args) => { calls.push([fn, args]); return answers.shift()! } })
    const results = []
    for (let i = 0; i < 5; i++) results.push(await repos.roster.transfer('m1', 'b2'))
    expect(results).toEqual([
      { ok: false, problem: 'offline' }, { ok: false, problem: 'forbidden' }, { ok: false, problem: 'phoneTaken' },
      { ok: false, problem: 'inactive' }, { ok: true, newMemberId: 'new-row' },
    ])
    expect(calls[0]).toEqual(['transfer_member', { p_member_id: 'm1', p_to_branch_id: 'b2' }])
  })
})
