import type { RouteRecordRaw } from 'vue-router'
import { REVIEW_ROLES } from '@/domain/tabs'
// The chart worker's built file (the same one useTrendPainter's `new Worker(new URL(...))` starts).
import trendWorkerUrl from './trendWorker.ts?worker&url'

const loadReviewView = () => import('./ReviewView.vue')

/**
 * 统计's page compiled and its chart worker's script in the browser's cache, before a first tap:
 * the worker script only as a low-priority `prefetch`, so that it never competes with the page.
 */
function prefetchReview() {
  const link = document.createElement('link')
  link.rel = 'prefetch'
  link.href = trendWorkerUrl
  document.head.appendChild(link)
  return loadReviewView()
}

/** 统计 and its drill-down (a branch, an event's attendance), children of the app layout. */
export const routes: RouteRecordRaw[] = [
  { path: 'review', name: 'review', component: loadReviewView, meta: { title: 'tabs.review', tab: 'review', roles: REVIEW_ROLES, prefetch: prefetchReview } },
  { path: 'review/branch/:branchId', name: 'review-branch', component: () => import('./ReviewBranchView.vue'), meta: { title: 'review.branch.title', tab: 'review', roles: REVIEW_ROLES } },
  { path: 'review/event/:eventId', name: 'review-event', component: () => import('./ReviewEventView.vue'), meta: { title: 'review.event.title', tab: 'review', roles: REVIEW_ROLES } },
]
