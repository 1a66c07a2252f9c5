import type { RouteRecordRaw } from 'vue-router'

/** 廉洁承诺, as a child of the app layout (path relative to '/'). */
export const routes: RouteRecordRaw[] = [
  { path: 'pledge', name: 'pledge', component: () => import('./PledgeSignView.vue'), meta: { title: 'me.pledge', tab: 'me' } },
  // A unit head signs his unit's 党风廉政建设责任书 (the server refuses anyone else).
  { path: 'pledge/unit/:unitId', name: 'pledge-unit', component: () => import('./PledgeSignView.vue'), meta: { title: 'pledges.unitTitle', tab: 'me' } },
]
