import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '@/domain/profile'
import { ADMIN_ROLES } from '@/domain/tabs'

/** The branch secretary's own entries (邀请码, 组织委员), reached from 支部. */
const SECRETARY: readonly Role[] = ['secretary']
/** 党小组: the secretary's branch, and an admin's branches on his device. */
const GROUP_KEEPERS: readonly Role[] = ['secretary', 'admin']

/** 管理 (admins, from 我的) and the secretary's invite and organizer screens, children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'admin', name: 'admin', component: () => import('./AdminView.vue'), meta: { title: 'me.admin', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/roles', name: 'admin-roles', component: () => import('./AdminRolesView.vue'), meta: { title: 'admin.roles.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/audit', name: 'admin-audit', component: () => import('./AdminAuditView.vue'), meta: { title: 'admin.audit.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/invites', name: 'admin-invites', component: () => import('./AdminInvitesView.vue'), meta: { title: 'admin.invites.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/org', name: 'admin-org', component: () => import('./AdminOrgView.vue'), meta: { title: 'admin.org.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'branch/invite', name: 'branch-invite', component: () => import('./AdminInvitesView.vue'), meta: { title: 'admin.invites.branchTitle', tab: 'branch', roles: SECRETARY } },
  { path: 'branch/groups', name: 'branch-groups', component: () => import('./AdminGroupsView.vue'), meta: { title: 'admin.groups.title', tab: 'branch', roles: GROUP_KEEPERS } },
  { path: 'branch/organizers', name: 'branch-organizers', component: () => import('./AdminRolesView.vue'), meta: { title: 'admin.roles.branchTitle', tab: 'branch', roles: SECRETARY } },
]
