import type { RouteRecordRaw } from 'vue-router'

const meta = { title: 'tabs.me', tab: 'me' as const }

/** The member's own records, as children of the app layout (paths relative to '/'); `:id` edits. */
export const routes: RouteRecordRaw[] = [
  { path: 'records/study/:id?', name: 'record-study', component: () => import('./StudyLogForm.vue'), meta },
  { path: 'records/donation/:id?', name: 'record-donation', component: () => import('./DonationForm.vue'), meta },
  { path: 'records/blood/:id?', name: 'record-blood', component: () => import('./BloodDonationForm.vue'), meta },
  { path: 'records/visit/:id?', name: 'record-visit', component: () => import('./VisitParticipationForm.vue'), meta },
]
