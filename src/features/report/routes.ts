import type { RouteRecordRaw } from 'vue-router'
import { REVIEW_ROLES } from '@/domain/tabs'

/** 年度报告 and the records behind one of its figures, children of the app layout under 统计. */
export const routes: RouteRecordRaw[] = [
  {
    path: 'review/report',
    name: 'review-report',
    component: () => import('./ReportView.vue'),
    meta: { title: 'report.title', tab: 'review', roles: REVIEW_ROLES },
  },
  {
    path: 'review/figure/:figure',
    name: 'review-figure',
    component: () => import('./ReportFigureView.vue'),
    meta: { title: 'report.recordsTitle', tab: 'review', roles: REVIEW_ROLES },
  },
]
