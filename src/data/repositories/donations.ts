import { tableRepository, type RepositoryContext } from './table'

/** Donations (捐款) and the campaigns they belong to (written by admins, read here). */
export function donationRepositories(ctx: RepositoryContext) {
  const donations = tableRepository(ctx, 'donations')
  const campaigns = tableRepository(ctx, 'donation_campaigns')
  return {
    donations: { ...donations, ofBranch: (branchId: string) => donations.where('branch_id', branchId) },
    campaigns: { byId: campaigns.byId, ofOrg: (orgId: string) => campaigns.where('org_id', orgId) },
  }
}
