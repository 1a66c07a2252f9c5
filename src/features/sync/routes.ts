import type { RouteRecordRaw } from 'vue-router'

/** 需处理 (changes the server refused), as a child of the app layout (path relative to '/'). */
export const routes: RouteRecordRaw[] = [
  { path: 'sync/rejected', name: 'sync-rejected', component: () => import('./SyncRejectedView.vue'), meta: { title: 'sync.rejectedTitle', tab: 'me' } },
]
