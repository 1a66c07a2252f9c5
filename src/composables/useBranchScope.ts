import { computed, type ComputedRef } from 'vue'
import { useSessionStore } from '@/stores/session'
import type { RoleGrantLike } from '@/domain/leaveDecision'

/** The branch the signed-in committee member works for, and what he may do there. */
export interface BranchScope {
  branchId: string
  orgId: string
  /** His own roster row (a secretary never decides his own leave). */
  memberId: string
  grants: readonly RoleGrantLike[]
  /** 支部书记 of this branch: decides leave, confirms make-up. */
  isSecretary: boolean
  /** 组织委员 or 支部书记 of this branch: records make-up, sees the 待办. */
  isCommittee: boolean
}

/** The scope of a profile's roster row and grants (null without a roster row). */
export function branchScopeOf(member: { id: string; branch_id: string; org_id: string } | null, grants: readonly RoleGrantLike[]): BranchScope | null {
  if (!member) return null
  const holds = (roles: string[]) => grants.some((g) => roles.includes(g.role) && g.branch_id === member.branch_id)
  return {
    branchId: member.branch_id,
    orgId: member.org_id,
    memberId: member.id,
    grants,
    isSecretary: holds(['secretary']),
    isCommittee: holds(['organizer', 'secretary']),
  }
}

/** The signed-in user's branch scope, from the session store. */
export function useBranchScope(): ComputedRef<BranchScope | null> {
  const session = useSessionStore()
  return computed(() => branchScopeOf(session.member, session.profile?.roles ?? []))
}
