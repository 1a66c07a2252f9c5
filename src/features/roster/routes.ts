import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** 党员名册 below 支部 (the committee; admins pick a branch with `?branch=`), children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'branch/roster', name: 'roster', component: () => import('./RosterListView.vue'), meta: { title: 'roster.title', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/roster/new', name: 'roster-new', component: () => import('./RosterFormView.vue'), meta: { title: 'roster.form.newTitle', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/roster/import', name: 'roster-import', component: () => import('./RosterImportView.vue'), meta: { title: 'roster.importer.title', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/roster/:memberId', name: 'roster-member', component: () => import('./RosterMemberView.vue'), meta: { title: 'roster.title', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/roster/:memberId/edit', name: 'roster-edit', component: () => import('./RosterFormView.vue'), meta: { title: 'roster.form.editTitle', tab: 'branch', roles: BRANCH_ROLES } },
]
