import { checkRows, tableRepository, type Checked, type RepositoryContext } from './table'
import type { RowOf } from '@/domain/syncTables'

/**
 * What the 活动 screens read besides events and attendance: the organisations on this device (an
 * admin on no roster learns his organisation here), the organisation's own events, and a branch's
 * party groups (who a 党小组会 is for).
 */
export function activityRepositories(ctx: RepositoryContext) {
  const groups = tableRepository(ctx, 'party_groups')
  return {
    activities: {
      /** The organisations this device holds (its login's). */
      organisations: async (): Promise<Checked<RowOf<'orgs'>>> => checkRows('orgs', await ctx.db.data('orgs').toArray()),
      /** Events of the whole organisation (branch_id null), by start time. */
      async orgWide(orgId: string): Promise<Checked<RowOf<'events'>>> {
        const stored = await ctx.db.data('events').where('org_id').equals(orgId).filter((row) => row.branch_id == null).toArray()
        return checkRows('events', stored)
      },
      /** The party groups of a branch, in their order. */
      async groupsOf(branchId: string): Promise<Checked<RowOf<'party_groups'>>> {
        const checked = await groups.where('branch_id', branchId)
        return { rows: [...checked.rows].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)), invalid: checked.invalid }
      },
    },
  }
}
