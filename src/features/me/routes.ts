import type { RouteRecordRaw } from 'vue-router'

/** 我的记录, as a child of the app layout (path relative to '/'). */
export const routes: RouteRecordRaw[] = [
  { path: 'me/record', name: 'my-record', component: () => import('./MyRecordView.vue'), meta: { title: 'me.myRecord', tab: 'me' } },
]
