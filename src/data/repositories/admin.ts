import type { SupabaseClient } from '@supabase/supabase-js'
import type { z } from 'zod'
import { directorySchema, grantHistorySchema, type Directory, type GrantHistoryRow } from '@/domain/admin'
import { getSupabase } from '../supabase'
import { checkRows, tableRepository, type Checked, type RepositoryContext } from './table'

/** The organisation's directory, audit and role functions (20261201005100_roles_org.sql). */
export type AdminFunction = 'org_directory' | 'role_grant_history' | 'assign_role' | 'revoke_role' | 'rotate_branch_invite' | 'transfer_member'
export type AdminReply = { ok: true; data: unknown } | { ok: false; status: number; code?: string; message: string }
export type AdminRpc = (fn: AdminFunction, args: Record<string, unknown>) => Promise<AdminReply>

/**
 * Why a call did not succeed: no answer (`offline`), not allowed (`forbidden`, the server's Chinese
 * reason in `message`), refused by a rule (`refused`, with its message), or an answer of the wrong shape.
 */
export type AdminProblem = { code: 'offline' | 'invalidAnswer' | 'failed' } | { code: 'forbidden' | 'refused'; message: string }
export type AdminResult<T> = { ok: true; value: T } | { ok: false; problem: AdminProblem }

/** A branch's invite code as this device holds it (synced branch_invites, named from branches). */
export interface DeviceInvite {
  id: string
  name: string
  active: boolean
  invite_code: string
}

export function supabaseAdminRpc(getClient: () => Promise<SupabaseClient> = getSupabase): AdminRpc {
  return async (fn, args) => {
    try {
      const client = await getClient()
      const { data, error, status } = await client.rpc(fn, args)
      if (error) return { ok: false, status: status ?? 0, code: error.code, message: error.message }
      return { ok: true, data }
    } catch (e) {
      return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) }
    }
  }
}

/**
 * What 管理 reads and writes: the directory, the audit trail, grants, invite codes and transfers
 * through the server's functions; units, branches and party groups on the device (synced).
 */
export function adminRepositories(ctx: RepositoryContext, rpc: AdminRpc = supabaseAdminRpc()) {
  const units = tableRepository(ctx, 'units')
  const branches = tableRepository(ctx, 'branches')
  const groups = tableRepository(ctx, 'party_groups')

  async function call<T>(fn: AdminFunction, args: Record<string, unknown>, parse: (data: unknown) => T | undefined): Promise<AdminResult<T>> {
    const reply = await rpc(fn, args)
    if (!reply.ok) {
      if (reply.status === 0) return { ok: false, problem: { code: 'offline' } }
      if (reply.code === '42501') return { ok: false, problem: { code: 'forbidden', message: reply.message } }
      if (reply.code === 'P0001' || reply.code === '22023') return { ok: false, problem: { code: 'refused', message: reply.message } }
      return { ok: false, problem: { code: 'failed' } }
    }
    const value = parse(reply.data)
    return value === undefined ? { ok: false, problem: { code: 'invalidAnswer' } } : { ok: true, value }
  }
  const by = <S extends z.ZodType>(schema: S) => (data: unknown) => {
    const parsed = schema.safeParse(data)
    return parsed.success ? (parsed.data as z.output<S>) : undefined
  }
  const text = (data: unknown) => (typeof data === 'string' ? data : undefined)
  const flag = (data: unknown) => (typeof data === 'boolean' ? data : undefined)

  return {
    admin: {
      directory: (): Promise<AdminResult<Directory>> => call('org_directory', {}, by(directorySchema)),
      history: (limit = 200): Promise<AdminResult<GrantHistoryRow[]>> =>
        call('role_grant_history', { p_limit: limit }, (data) => by(grantHistorySchema)(data)?.rows),
      grant: (userId: string, role: string, branchId: string | null) =>
        call('assign_role', { p_user_id: userId, p_role: role, p_branch_id: branchId }, text),
      revoke: (userId: string, role: string, branchId: string | null) =>
        call('revoke_role', { p_user_id: userId, p_role: role, p_branch_id: branchId }, flag),
      rotateInvite: (branchId: string) => call('rotate_branch_invite', { p_branch_id: branchId }, text),
      transfer: (memberId: string, toBranchId: string) =>
        call('transfer_member', { p_member_id: memberId, p_to_branch_id: toBranchId }, text),
      /** The organisations this device holds (an admin's one). */
      orgIds: async (): Promise<string[]> => (await ctx.db.data('orgs').toCollection().primaryKeys()).map(String),
      units: { ofOrg: (orgId: string) => units.where('org_id', orgId), put: units.put },
      branches: { ofOrg: (orgId: string) => branches.where('org_id', orgId), byIds: (ids: readonly string[]) => branches.where('id', ids), put: branches.put },
      groups: { ofBranch: (branchId: string | readonly string[]) => groups.where('branch_id', branchId), put: groups.put },
      /**
       * The invite codes this device holds (a secretary's branch, an admin's own branches), newest
       * per branch, each with its branch's name: what the invite screen shows without a network.
       */
      async invitesOnDevice(): Promise<Checked<DeviceInvite>> {
        const invites = checkRows('branch_invites', await ctx.db.data('branch_invites').toArray())
        const held = await branches.where('id', [...new Set(invites.rows.map((i) => i.branch_id))])
        const newest = [...invites.rows].sort((a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')))
        const rows: DeviceInvite[] = []
        for (const branch of held.rows) {
          const invite = newest.find((i) => i.branch_id === branch.id)
          if (invite) rows.push({ id: branch.id, name: branch.name, active: branch.active !== false, invite_code: invite.code })
        }
        return { rows: rows.sort((a, b) => a.name.localeCompare(b.name, 'zh')), invalid: [...invites.invalid, ...held.invalid] }
      },
    },
  }
}
