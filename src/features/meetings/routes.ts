import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** A meeting's record and its printable pages, as children of the app layout (paths relative to '/'). */
export const routes: RouteRecordRaw[] = [
  {
    path: 'activities/:id/record',
    name: 'meeting-record',
    component: () => import('./MeetingRecordView.vue'),
    meta: { title: 'meetings.titles.record', tab: 'activities', roles: BRANCH_ROLES },
  },
  {
    path: 'activities/:id/print',
    name: 'meeting-print',
    component: () => import('./MeetingPrintView.vue'),
    meta: { title: 'meetings.titles.print', tab: 'activities', roles: BRANCH_ROLES },
  },
  {
    path: 'activities/:id/print-signin',
    name: 'meeting-print-signin',
    component: () => import('./MeetingSigninPrintView.vue'),
    meta: { title: 'meetings.titles.signin', tab: 'activities', roles: BRANCH_ROLES },
  },
]
