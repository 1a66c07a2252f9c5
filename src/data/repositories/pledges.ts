import { tableRepository, type RepositoryContext } from './table'

/** Integrity pledges (廉洁承诺): the yearly templates and the signatures (insert-only on the server). */
export function pledgeRepositories(ctx: RepositoryContext) {
  const templates = tableRepository(ctx, 'pledge_templates')
  const signatures = tableRepository(ctx, 'pledge_signatures')
  return {
    pledgeTemplates: { byId: templates.byId, put: templates.put, ofOrg: (orgId: string) => templates.where('org_id', orgId) },
    pledgeSignatures: {
      byId: signatures.byId,
      put: signatures.put,
      ofMember: (memberId: string) => signatures.where('member_id', memberId),
      ofBranch: (branchId: string) => signatures.where('branch_id', branchId),
      ofUnit: (unitId: string) => signatures.where('unit_id', unitId),
    },
  }
}
