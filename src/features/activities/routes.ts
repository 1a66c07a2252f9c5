import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

const meta = { title: 'tabs.activities', tab: 'activities' as const }
/** Planning is for the branch committee (organizer, secretary) and, for the whole organisation, admins. */
const planners = { ...meta, roles: BRANCH_ROLES }

/** 活动: the events list, one event, and the committee's form, as children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'activities', name: 'activities', component: () => import('./ActivitiesView.vue'), meta },
  { path: 'activities/new', name: 'activity-new', component: () => import('./ActivityFormView.vue'), meta: planners },
  { path: 'activities/:id', name: 'activity', component: () => import('./ActivityDetailView.vue'), meta },
  { path: 'activities/:id/edit', name: 'activity-edit', component: () => import('./ActivityFormView.vue'), meta: planners },
]
