import { tableRepository, type RepositoryContext } from './table'

/** Visits (走访慰问), recorded by the branch committee, and each member's participation in them. */
export function visitRepositories(ctx: RepositoryContext) {
  const visits = tableRepository(ctx, 'visits')
  const participants = tableRepository(ctx, 'visit_participants')
  return {
    visits: { ...visits, ofBranch: (branchId: string) => visits.where('branch_id', branchId) },
    visitParticipants: {
      ...participants,
      ofBranch: (branchId: string) => participants.where('branch_id', branchId),
      ofVisit: (visitId: string) => participants.where('visit_id', visitId),
    },
  }
}
