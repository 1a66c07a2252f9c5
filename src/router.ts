import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import AppLayout from '@/components/AppLayout.vue'
import { hasAnyRole, BRANCH_ROLES, type TabKey } from '@/domain/tabs'
import { ORG_WIDE_ROLES, type Role } from '@/domain/profile'
import { safeRedirect } from '@/domain/navigation'
import { routes as activityRoutes } from '@/features/activities/routes'
import { routes as checkinRoutes } from '@/features/checkin/routes'
import { routes as recordRoutes } from '@/features/records/routes'
import { routes as pledgeRoutes } from '@/features/pledges/routes'
import { routes as myRecordRoutes } from '@/features/me/routes'
import { routes as syncRoutes } from '@/features/sync/routes'
import { routes as attendanceRoutes } from '@/features/attendance/routes'
import { routes as meetingRoutes } from '@/features/meetings/routes'
import { routes as branchRoutes } from '@/features/branch/routes'
import { routes as visitRoutes } from '@/features/visits/routes'
import { routes as setupRoutes } from '@/features/setup/routes'
import { routes as reviewRoutes } from '@/features/review/routes'
import { routes as reportRoutes } from '@/features/report/routes'
import { routes as adminRoutes } from '@/features/admin/routes'
import { routes as rosterRoutes } from '@/features/roster/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the login screen). */
    public?: boolean
    /** Only for users holding one of these roles; others go back to 首页. */
    roles?: readonly Role[]
    /** i18n key of the page title shown in the header. */
    title?: string
    tab?: TabKey
    /** Fetches and compiles the page's code ahead of a first visit (see usePrefetchReview). */
    prefetch?: () => Promise<unknown>
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/auth/LoginView.vue'), meta: { public: true } },
  { path: '/join', name: 'join', component: () => import('@/features/auth/JoinView.vue') },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/features/home/HomeView.vue'), meta: { title: 'tabs.home', tab: 'home' } },
      ...activityRoutes,
      { path: 'checkin', redirect: { name: 'checkin-scan' } },
      { path: 'branch', name: 'branch', component: () => import('@/features/branch/BranchView.vue'), meta: { title: 'tabs.branch', tab: 'branch', roles: BRANCH_ROLES } },
      ...reviewRoutes,
      { path: 'me', name: 'me', component: () => import('@/features/me/MeView.vue'), meta: { title: 'tabs.me', tab: 'me' } },
      ...adminRoutes,
      ...rosterRoutes,
      ...checkinRoutes,
      ...recordRoutes,
      ...pledgeRoutes,
      ...myRecordRoutes,
      ...syncRoutes,
      ...attendanceRoutes,
      ...meetingRoutes,
      ...branchRoutes,
      ...visitRoutes,
      ...setupRoutes,
      ...reportRoutes,
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** The part of the session store the guard reads. */
export interface GuardSession {
  status: 'loading' | 'signed-out' | 'signed-in'
  roles: readonly Role[]
  member: unknown
  restore(): Promise<void>
}

/** Where a navigation to `to` should end up for this session: true to go ahead. */
export function routeDecision(to: RouteLocationNormalized, session: GuardSession): true | RouteLocationRaw {
  // Still unknown (server unreachable, nothing saved): the app shows its retry screen.
  if (session.status === 'loading') return true
  if (session.status === 'signed-out') {
    if (to.meta.public) return true
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } }
  }
  if (!session.member && !hasAnyRole(session.roles, ORG_WIDE_ROLES)) return to.name === 'join' ? true : { name: 'join' }
  if (!session.member && to.name === 'join') return true
  if (to.meta.public || to.name === 'join') return safeRedirect(to.query.redirect)
  if (!hasAnyRole(session.roles, to.meta.roles)) return { name: 'home' }
  return true
}

export function createAppRouter(session: GuardSession, history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) })
  router.beforeEach(async (to) => {
    await session.restore()
    return routeDecision(to, session)
  })
  return router
}
