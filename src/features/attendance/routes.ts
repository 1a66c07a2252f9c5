import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** The committee's live attendance list of an event, as a child of the app layout (path relative to '/'). */
export const routes: RouteRecordRaw[] = [
  {
    path: 'activities/:id/attendance',
    name: 'activity-attendance',
    component: () => import('./AttendanceView.vue'),
    meta: { title: 'attendance.title', tab: 'activities', roles: BRANCH_ROLES },
  },
]
