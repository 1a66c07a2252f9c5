import type { SyncScopes } from '@/domain/syncProtocol'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { RowOf } from '@/domain/syncTables'
import { TRANSFER_REFUSAL_WORDS } from '@/i18n/rosterWords'
import { getSupabase } from '../supabase'
import { PUSH_LIMITS } from '../sync/engine'
import type { RowChange } from './rows'
import { checkRows, tableRepository, type Checked, type RepositoryContext, type RowWrite } from './table'

/** One person to write: the roster row and, when any personal field is set, its details row (same id). */
export interface RosterWrite {
  member: RowWrite<'members'>
  details: RowWrite<'member_details'> | null
}

export interface RosterRead {
  members: Checked<RowOf<'members'>>
  details: Checked<RowOf<'member_details'>>
}

export type RosterRpcReply = { ok: true; data: unknown } | { ok: false; status: number; code?: string; message?: string }
export type RosterRpc = (fn: 'transfer_member', args: Record<string, unknown>) => Promise<RosterRpcReply>

/** Why a transfer did not happen (the server's refusal, recognised by its SQLSTATE and words). */
export type TransferProblem = 'offline' | 'forbidden' | 'sameBranch' | 'inactive' | 'notTransferable' | 'phoneTaken' | 'failed'
export type TransferResult = { ok: true; newMemberId: string } | { ok: false; problem: TransferProblem }

export function supabaseRosterRpc(getClient: () => Promise<SupabaseClient> = getSupabase): RosterRpc {
  return async (fn, args) => {
    try {
      const { data, error, status } = await (await getClient()).rpc(fn, args)
      if (error) return { ok: false, status: status ?? 0, code: error.code, message: error.message }
      return { ok: true, data }
    } catch (e) {
      return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) }
    }
  }
}

/** The server's transfer_member refusals (supabase/migrations/20261201005100_roles_org.sql). */
function transferProblem(reply: Extract<RosterRpcReply, { ok: false }>): TransferProblem {
  const message = reply.message ?? ''
  if (reply.status === 0) return 'offline'
  if (reply.code === '42501') return 'forbidden'
  if (reply.code === '22023') return 'sameBranch'
  if (message.includes(TRANSFER_REFUSAL_WORDS.inactive)) return 'inactive'
  if (message.includes(TRANSFER_REFUSAL_WORDS.phoneTaken)) return 'phoneTaken'
  if (message.includes(TRANSFER_REFUSAL_WORDS.notTransferable)) return 'notTransferable'
  return 'failed'
}

/** People per client transaction: a person is up to two rows, and a transaction holds at most opsPerTx. */
export const PEOPLE_PER_WRITE = Math.floor(PUSH_LIMITS.opsPerTx / 2)

/** Yields to the browser between batches, so a long import keeps the screen responsive. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * The roster of a branch: its members rows with their member_details rows, party groups and the
 * organisation's units; writes of a person (both rows in one client transaction) and of many
 * people (in transactions of at most PEOPLE_PER_WRITE people, so each fits the server's limits).
 */
export function rosterRepository(ctx: RepositoryContext, rpc: RosterRpc = supabaseRosterRpc(), onWrite?: () => void) {
  const members = tableRepository(ctx, 'members')
  const details = tableRepository(ctx, 'member_details')

  const changesOf = (w: RosterWrite): RowChange[] => [
    { kind: 'put', table: 'members', row: w.member },
    ...(w.details ? [{ kind: 'put', table: 'member_details', row: { ...w.details, id: w.member.id } } as RowChange] : []),
  ]

  return {
    /** Everyone on the branch's roster (any status) and the details this device may read. */
    async ofBranch(branchId: string): Promise<RosterRead> {
      const [m, d] = await Promise.all([
        ctx.db.data('members').where('branch_id').equals(branchId).toArray(),
        ctx.db.data('member_details').where('branch_id').equals(branchId).toArray(),
      ])
      return { members: checkRows('members', m), details: checkRows('member_details', d) }
    },
    /**
     * Whether this device has pulled the branch's roster: the sync's scope covers the branch (or the
     * whole organisation's roster, an admin's) and the roster's pull has begun since the device's copy
     * last started over (a new admin's first sync clears the cursors and pulls everything again).
     */
    async pulled(branchId: string): Promise<boolean> {
      const [scopes, cursor] = await Promise.all([ctx.db._meta.get('scopes'), ctx.db._cursors.get('members')])
      const s = scopes?.value as SyncScopes | undefined
      return !!s && !!cursor && (s.branch_ids.includes(branchId) || !!s.wide_tables?.includes('members'))
    },
    /** One person and their details (none when this device holds none). */
    async person(memberId: string): Promise<RosterRead> {
      const [m, d] = await Promise.all([members.byId(memberId), details.byId(memberId)])
      return { members: m, details: d }
    },
    groups: (branchId: string) => tableRepository(ctx, 'party_groups').where('branch_id', branchId),
    units: (orgId: string) => tableRepository(ctx, 'units').where('org_id', orgId),
    /** Saves one person: the roster row and its details in one client transaction. */
    save: (w: RosterWrite) => ctx.rows.write(changesOf(w)),
    /**
     * Saves many people, PEOPLE_PER_WRITE at a time, each batch one local transaction with its
     * outbox entry; `onProgress(done, total)` after each. A failure stops there: the batches
     * before it are saved, and `done` says how many people they held.
     */
    async saveMany(writes: readonly RosterWrite[], onProgress?: (done: number, total: number) => void): Promise<{ done: number }> {
      let done = 0
      for (let i = 0; i < writes.length; i += PEOPLE_PER_WRITE) {
        const batch = writes.slice(i, i + PEOPLE_PER_WRITE)
        await ctx.rows.write(batch.flatMap(changesOf))
        done += batch.length
        onProgress?.(done, writes.length)
        await nextTask()
      }
      return { done }
    },
    /**
     * Moves a person to another branch of the organisation (the server's transfer_member: the old
     * row stays, status 转出, with its history; a new row in the destination). Needs the network.
     */
    async transfer(memberId: string, toBranchId: string): Promise<TransferResult> {
      const reply = await rpc('transfer_member', { p_member_id: memberId, p_to_branch_id: toBranchId })
      if (!reply.ok) return { ok: false, problem: transferProblem(reply) }
      onWrite?.()
      return typeof reply.data === 'string' ? { ok: true, newMemberId: reply.data } : { ok: false, problem: 'failed' }
    },
  }
}
