import { tableRepository, type RepositoryContext } from './table'

/** Blood donations (献血). */
export function bloodDonationRepository(ctx: RepositoryContext) {
  const blood = tableRepository(ctx, 'blood_donations')
  return { ...blood, ofBranch: (branchId: string) => blood.where('branch_id', branchId) }
}
