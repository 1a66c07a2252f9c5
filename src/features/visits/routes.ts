import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** 走访慰问 below 支部: the branch's visits, the committee's form and a visit's page. */
const meta = { tab: 'branch', roles: BRANCH_ROLES } as const
export const routes: RouteRecordRaw[] = [
  { path: 'branch/visits', name: 'visits', component: () => import('./VisitsView.vue'), meta: { ...meta, title: 'visits.title' } },
  { path: 'branch/visits/new', name: 'visit-new', component: () => import('./VisitFormView.vue'), meta: { ...meta, title: 'visits.newTitle' } },
  { path: 'branch/visits/:id', name: 'visit', component: () => import('./VisitDetailView.vue'), meta: { ...meta, title: 'visits.detailTitle' } },
  { path: 'branch/visits/:id/edit', name: 'visit-edit', component: () => import('./VisitFormView.vue'), meta: { ...meta, title: 'visits.editTitle' } },
]
