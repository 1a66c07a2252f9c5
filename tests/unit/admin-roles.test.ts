import { describe, expect, it } from 'vitest'
import { createRepositories } from '@/data/repositories'
import type { AdminReply, AdminRpc } from '@/data/repositories/admin'
import { ZhibuDb } from '@/data/db'
import { canHold, grantableRoles, groupBranchIds, holdsRole, offeredInPicker, type Directory } from '@/domain/admin'

const directory: Directory = {
  admin: true,
  branches: [{ id: 'b1', name: '机关第一党支部', unit_id: null, active: true, invite_code: 'ZB1001', groups: [] }],
  people: [
    { user_id: 'u1', member_id: 'm1', name: '杨帆', branch_id: 'b1' },
    { user_id: 'u2', member_id: null, name: '赵立新', branch_id: null },
  ],
  roles: [
    { user_id: 'u1', role: 'organizer', branch_id: 'b1' },
    { user_id: 'u2', role: 'leader', branch_id: null },
  ],
}

describe('who may grant what (the server rule, on the phone)', () => {
  it('should offer an admin secretary, organizer and leader, and a secretary only organizer', () => {
    expect(grantableRoles(true)).toEqual(['secretary', 'organizer', 'leader'])
    expect(grantableRoles(false)).toEqual(['organizer'])
  })

  it('should see a branch role in the person’s own branch and a leader role without one', () => {
    const [yang, zhao] = directory.people as [Directory['people'][number], Directory['people'][number]]
    expect(holdsRole(directory, yang, 'organizer')).toBe(true)
    expect(holdsRole(directory, yang, 'secretary')).toBe(false)
    expect(holdsRole(directory, zhao, 'leader')).toBe(true)
    expect(canHold('organizer', zhao)).toBe(false)
    expect(canHold('leader', zhao)).toBe(true)
  })
})

describe('pickers and the branches whose groups a login manages', () => {
  it('should offer active groups and units only, keeping the one already chosen even when deactivated', () => {
    const rows = [
      { id: 'g1', name: '第一党小组', active: true },
      { id: 'g2', name: '第二党小组', active: false },
      { id: 'g3', name: '第三党小组' },
    ]
    expect(offeredInPicker(rows).map((r) => r.id)).toEqual(['g1', 'g3'])
    expect(offeredInPicker(rows, 'g2').map((r) => r.id)).toEqual(['g1', 'g2', 'g3'])
    expect(offeredInPicker(rows, '').map((r) => r.id)).toEqual(['g1', 'g3'])
  })

  it('should give a secretary his branches and an admin every branch he holds a role in, once each', () => {
    expect(groupBranchIds([{ role: 'member', branch_id: 'b1' }, { role: 'secretary', branch_id: 'b1' }, { role: 'organizer', branch_id: 'b2' }])).toEqual(['b1'])
    expect(groupBranchIds([{ role: 'admin', branch_id: null }, { role: 'member', branch_id: 'b1' }, { role: 'organizer', branch_id: 'b2' }])).toEqual(['b1', 'b2'])
    expect(groupBranchIds([{ role: 'leader', branch_id: null }, { role: 'member', branch_id: 'b1' }])).toEqual([])
  })
})

describe('the admin repository', () => {
  const repositoriesAnswering = (reply: AdminReply, calls: unknown[] = []) => {
    const rpc: AdminRpc = async (fn, args) => {
      calls.push([fn, args])
      return reply
    }
    return createRepositories({ db: new ZhibuDb(`admin-${Math.random()}`), adminRpc: rpc })
  }

  it('should check the directory’s answer and refuse one of the wrong shape', async () => {
    expect(await repositoriesAnswering({ ok: true, data: directory }).admin.directory()).toEqual({ ok: true, value: directory })
    expect(await repositoriesAnswering({ ok: true, data: { branches: 'x' } }).admin.directory()).toEqual({ ok: false, problem: { code: 'invalidAnswer' } })
  })

  it('should pass the server’s reason for a refusal on, and call no answer offline', async () => {
    const calls: unknown[] = []
    const refused = await repositoriesAnswering({ ok: false, status: 403, code: '42501', message: '无权分配该角色' }, calls).admin.grant('u1', 'secretary', 'b1')
    expect(refused).toEqual({ ok: false, problem: { code: 'forbidden', message: '无权分配该角色' } })
    expect(calls).toEqual([['assign_role', { p_user_id: 'u1', p_role: 'secretary', p_branch_id: 'b1' }]])
    const rule = await repositoriesAnswering({ ok: false, status: 400, code: 'P0001', message: '该账号未绑定本支部名册' }).admin.grant('u1', 'organizer', 'b1')
    expect(rule).toEqual({ ok: false, problem: { code: 'refused', message: '该账号未绑定本支部名册' } })
    expect(await repositoriesAnswering({ ok: false, status: 0, message: 'Failed to fetch' }).admin.rotateInvite('b1')).toEqual({ ok: false, problem: { code: 'offline' } })
    expect(await repositoriesAnswering({ ok: true, data: 'K7M2P9QX' }).admin.rotateInvite('b1')).toEqual({ ok: true, value: 'K7M2P9QX' })
  })
})
