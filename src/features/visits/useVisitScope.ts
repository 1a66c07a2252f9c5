import { computed, type ComputedRef } from 'vue'
import { useRoute } from 'vue-router'
import { useOrgBranches } from '@/composables/useOrgBranches'
import { useSessionStore } from '@/stores/session'

/** Whose visits a screen shows and for which branches its user may record one. */
export interface VisitScope {
  orgId: string
  /** The branch shown and recorded for: an admin's pick (`?branch=`), else the user's own branch. */
  branchId: string
  isAdmin: boolean
  /** The branches an admin picks from (the organisation's active ones on this device); none for the committee. */
  choices: { id: string; name: string }[]
  /** May record visits for `branchId`: its organizers and secretary, the organisation's admins any branch. */
  canWrite: (branchId: string) => boolean
}

/** The scope for a roster link, grants and the organisation's branches on the device (null: nothing to show). */
export function visitScopeOf(options: {
  member: { branch_id: string; org_id: string } | null
  grants: readonly { role: string; branch_id?: string | null }[]
  branches: readonly { id: string; org_id: string; name: string; active?: boolean | null }[]
  askedBranchId: string | null
}): VisitScope | null {
  const { member, grants, branches } = options
  const isAdmin = grants.some((g) => g.role === 'admin')
  if (!isAdmin) {
    if (!member) return null
    const own = member.branch_id
    const committee = grants.some((g) => (g.role === 'organizer' || g.role === 'secretary') && g.branch_id === own)
    return { orgId: member.org_id, branchId: own, isAdmin, choices: [], canWrite: (b) => committee && b === own }
  }
  const choices = branches.filter((b) => b.active !== false).map((b) => ({ id: b.id, name: b.name }))
  const asked = options.askedBranchId
  const branchId = (asked && branches.some((b) => b.id === asked) ? asked : null) ?? member?.branch_id ?? choices[0]?.id
  const orgId = member?.org_id ?? branches[0]?.org_id
  if (!branchId || !orgId) return null
  return { orgId, branchId, isAdmin, choices, canWrite: (b) => branches.some((x) => x.id === b) }
}

/** The signed-in user's visit scope on the current route. */
export function useVisitScope() {
  const session = useSessionStore()
  const route = useRoute()
  const org = useOrgBranches()
  const scope: ComputedRef<VisitScope | null> = computed(() => {
    const asked = route.query.branch
    return visitScopeOf({
      member: session.member,
      grants: session.profile?.roles ?? [],
      branches: org.branches.value,
      askedBranchId: typeof asked === 'string' && asked ? asked : null,
    })
  })
  return { scope, branches: org.branches, ready: org.ready, branchRead: org.read }
}
