import type { Role } from './profile'

export type TabKey = 'home' | 'activities' | 'checkin' | 'branch' | 'review' | 'me'
export type TabIcon = 'home' | 'calendar' | 'scan' | 'branch' | 'chart' | 'user'

export interface TabDefinition {
  key: TabKey
  path: string
  icon: TabIcon
  /** Shown to everyone when absent; otherwise to anyone holding at least one of these roles. */
  roles?: readonly Role[]
}

/** Who may open the branch workspace (支部): the branch committee, and admins. */
export const BRANCH_ROLES: readonly Role[] = ['organizer', 'secretary', 'admin']
/** Who may open the organisation-wide review (统计). */
export const REVIEW_ROLES: readonly Role[] = ['leader', 'admin']
/** Who may open administration (管理, reached from 我的). */
export const ADMIN_ROLES: readonly Role[] = ['admin']

export const TABS: readonly TabDefinition[] = [
  { key: 'home', path: '/', icon: 'home' },
  { key: 'activities', path: '/activities', icon: 'calendar' },
  { key: 'checkin', path: '/checkin', icon: 'scan' },
  { key: 'branch', path: '/branch', icon: 'branch', roles: BRANCH_ROLES },
  { key: 'review', path: '/review', icon: 'chart', roles: REVIEW_ROLES },
  { key: 'me', path: '/me', icon: 'user' },
]

/** True when no role is required, or when `roles` holds at least one of `required`. */
export function hasAnyRole(roles: readonly Role[], required?: readonly Role[]): boolean {
  return !required || required.length === 0 || required.some((r) => roles.includes(r))
}

/** The bottom tab bar for a user holding `roles`, in display order. */
export function tabsForRoles(roles: readonly Role[]): TabDefinition[] {
  return TABS.filter((tab) => hasAnyRole(roles, tab.roles))
}
