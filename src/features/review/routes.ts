import type { RouteRecordRaw } from 'vue-router'
import { REVIEW_ROLES } from '@/domain/tabs'

/** 统计 and its drill-down (a branch, an event's attendance), children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'review', name: 'review', component: () => import('./ReviewView.vue'), meta: { title: 'tabs.review', tab: 'review', roles: REVIEW_ROLES } },
  { path: 'review/branch/:branchId', name: 'review-branch', component: () => import('./ReviewBranchView.vue'), meta: { title: 'review.branch.title', tab: 'review', roles: REVIEW_ROLES } },
  { path: 'review/event/:eventId', name: 'review-event', component: () => import('./ReviewEventView.vue'), meta: { title: 'review.event.title', tab: 'review', roles: REVIEW_ROLES } },
]
