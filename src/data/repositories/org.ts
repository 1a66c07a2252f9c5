import { tableRepository, type RepositoryContext } from './table'

/** The organisation, its branches and the roster (members). */
export function orgRepositories(ctx: RepositoryContext) {
  const members = tableRepository(ctx, 'members')
  const branches = tableRepository(ctx, 'branches')
  const orgs = tableRepository(ctx, 'orgs')
  return {
    members: { ...members, ofBranch: (branchId: string) => members.where('branch_id', branchId) },
    branches: { byId: branches.byId, ofOrg: (orgId: string) => branches.where('org_id', orgId) },
    orgs: { byId: orgs.byId },
  }
}
