import type { DataRow } from '../db'
import { checkRows, tableRepository, type RepositoryContext } from './table'

/**
 * What the branch's 待办 and its make-up list read: attendance rows are filtered before they are
 * checked against their schema, so a branch-year of attendance is not validated on every change.
 */
export function branchDeskRepositories(ctx: RepositoryContext) {
  const groups = tableRepository(ctx, 'party_groups')
  const attendanceOf = (branchId: string, test: (row: DataRow) => boolean) =>
    ctx.db.data('attendance').where('branch_id').equals(branchId).filter((row) => !row._deleted && test(row)).toArray()

  return {
    partyGroups: { ofBranch: (branchId: string) => groups.where('branch_id', branchId) },
    branchDesk: {
      /** Leave requests of the branch's members still waiting for a decision. */
      pendingLeaves: async (branchId: string) =>
        checkRows('attendance', await attendanceOf(branchId, (r) => r.status === 'leave' && r.leave_status === 'pending')),
      /** Check-ins of the branch's members waiting for the secretary (待核实). */
      pendingCheckins: async (branchId: string) => checkRows('attendance', await attendanceOf(branchId, (r) => r.verification === 'pending')),
      /** Rows that may owe a make-up: absent, on leave, or flagged or recorded for one. */
      makeupCandidates: async (branchId: string) =>
        checkRows('attendance', await attendanceOf(branchId, (r) => r.status === 'absent' || r.status === 'leave' || r.makeup_required === true)),
    },
  }
}
