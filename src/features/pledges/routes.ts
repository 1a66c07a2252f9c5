import type { RouteRecordRaw } from 'vue-router'

/** 廉洁承诺, as a child of the app layout (path relative to '/'). */
export const routes: RouteRecordRaw[] = [
  { path: 'pledge', name: 'pledge', component: () => import('./PledgeSignView.vue'), meta: { title: 'me.pledge', tab: 'me' } },
]
