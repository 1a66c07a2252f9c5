import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** The branch's screens below 支部 (the tab itself is in router.ts), children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'branch/leave/:attendanceId', name: 'branch-leave', component: () => import('./BranchLeaveView.vue'), meta: { title: 'branch.leave.title', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/makeups', name: 'branch-makeups', component: () => import('./BranchMakeupsView.vue'), meta: { title: 'branch.makeups.title', tab: 'branch', roles: BRANCH_ROLES } },
  { path: 'branch/makeups/:attendanceId', name: 'branch-makeup', component: () => import('./BranchMakeupForm.vue'), meta: { title: 'branch.makeupForm.title', tab: 'branch', roles: BRANCH_ROLES } },
]
