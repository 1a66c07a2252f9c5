import { computed, type ComputedRef } from 'vue'
import { useRoute } from 'vue-router'
import { ADMIN_ROLES, hasAnyRole } from '@/domain/tabs'
import { useSessionStore } from '@/stores/session'

/** Whose roster a screen shows, and what the signed-in user may do with it. */
export interface RosterScope {
  branchId: string
  /** The signed-in user's own roster row (a secretary never changes his own status here). */
  ownMemberId: string | null
  /** Secretary of this branch, or an admin: adds, edits, imports, changes status, transfers. */
  canEdit: boolean
  /** The committee (organizer, secretary) or an admin: reads the roster and personal details. */
  canView: boolean
}

/**
 * The scope for a grant list: the branch asked for (admins: `?branch=`, any branch), else the
 * user's own. Anyone else asking for another branch gets none: `?branch=` never widens a scope.
 */
export function rosterScopeOf(options: {
  ownBranchId: string | null
  ownMemberId: string | null
  grants: readonly { role: string; branch_id?: string | null }[]
  askedBranchId: string | null
}): RosterScope | null {
  const isAdmin = options.grants.some((g) => g.role === 'admin')
  if (!isAdmin && options.askedBranchId && options.askedBranchId !== options.ownBranchId) return null
  const branchId = (isAdmin && options.askedBranchId) || options.ownBranchId
  if (!branchId) return null
  const holds = (roles: string[]) => options.grants.some((g) => roles.includes(g.role) && g.branch_id === branchId)
  return {
    branchId,
    ownMemberId: options.ownBranchId === branchId ? options.ownMemberId : null,
    canEdit: isAdmin || holds(['secretary']),
    canView: isAdmin || holds(['organizer', 'secretary']),
  }
}

/** The roster scope of the signed-in user on the current route. */
export function useRosterScope(): ComputedRef<RosterScope | null> {
  const session = useSessionStore()
  const route = useRoute()
  return computed(() => {
    const asked = route.query.branch
    return rosterScopeOf({
      ownBranchId: session.member?.branch_id ?? null,
      ownMemberId: session.member?.id ?? null,
      grants: session.profile?.roles ?? [],
      askedBranchId: typeof asked === 'string' && asked ? asked : null,
    })
  })
}

/** The words (i18n key) for why a roster screen shows nobody: an admin has yet to pick a branch, another branch is not the user's, or he has none. */
export function useRosterNone(): ComputedRef<'roster.branch.pickBranch' | 'roster.branch.notYours' | 'roster.noBranch'> {
  const session = useSessionStore()
  const route = useRoute()
  return computed(() => {
    if (hasAnyRole(session.roles, ADMIN_ROLES)) return 'roster.branch.pickBranch'
    return typeof route.query.branch === 'string' && route.query.branch ? 'roster.branch.notYours' : 'roster.noBranch'
  })
}

/** The query the roster's links carry: an admin's chosen branch (`?branch=`), nothing for the committee. */
export function useRosterQuery(): ComputedRef<Record<string, string>> {
  const route = useRoute()
  return computed((): Record<string, string> => (typeof route.query.branch === 'string' && route.query.branch ? { branch: route.query.branch } : {}))
}
