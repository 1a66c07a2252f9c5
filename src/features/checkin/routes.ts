import type { RouteRecordRaw } from 'vue-router'
import { BRANCH_ROLES } from '@/domain/tabs'

/** Check-in screens (the member's scan and own code, the committee's QR display), as children of the app layout (paths relative to '/'). */
export const routes: RouteRecordRaw[] = [
  { path: 'checkin/scan', name: 'checkin-scan', component: () => import('./CheckinScanView.vue'), meta: { title: 'tabs.checkin', tab: 'checkin' } },
  {
    path: 'checkin/display/:eventId',
    name: 'checkin-display',
    component: () => import('./CheckinDisplayView.vue'),
    meta: { title: 'tabs.checkin', tab: 'checkin', roles: BRANCH_ROLES },
  },
  {
    path: 'me/checkin-code',
    name: 'my-checkin-code',
    component: () => import('./MemberCheckinCodeView.vue'),
    meta: { title: 'myCheckinCode.title', tab: 'me' },
  },
  { path: 'checkin/leave/:eventId', name: 'checkin-leave', component: () => import('./LeaveRequestForm.vue'), meta: { title: 'tabs.checkin', tab: 'checkin' } },
]
