import type { RouteRecordRaw } from 'vue-router'
import { ADMIN_ROLES, BRANCH_ROLES } from '@/domain/tabs'

/** 年度工作 (the year's setup), children of the app layout; reached from 管理 at /admin/year. */
export const routes: RouteRecordRaw[] = [
  { path: 'admin/year', name: 'setup-year', component: () => import('./SetupYearView.vue'), meta: { title: 'yearSetup.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/year/template/:kind', name: 'setup-template', component: () => import('./SetupTemplateView.vue'), meta: { title: 'yearSetup.templates', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/year/heads', name: 'setup-heads', component: () => import('./SetupUnitHeadsView.vue'), meta: { title: 'yearSetup.unitHeads', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/year/campaigns', name: 'setup-campaigns', component: () => import('./SetupCampaignsView.vue'), meta: { title: 'yearSetup.campaigns', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/year/campaign/:id?', name: 'setup-campaign', component: () => import('./SetupCampaignForm.vue'), meta: { title: 'yearSetup.campaign.title', tab: 'me', roles: ADMIN_ROLES } },
  { path: 'admin/year/blood/:eventId', name: 'setup-blood', component: () => import('./SetupBloodDriveView.vue'), meta: { title: 'yearSetup.bloodDrives', tab: 'me', roles: ADMIN_ROLES } },
  // 学习强国: admins for every branch, a branch's secretary and organizer (from 支部) for theirs.
  { path: 'admin/year/xuexi', name: 'setup-xuexi', component: () => import('./SetupXuexiView.vue'), meta: { title: 'yearSetup.xuexi', tab: 'me', roles: BRANCH_ROLES } },
  { path: 'branch/xuexi', name: 'branch-xuexi', component: () => import('./SetupXuexiView.vue'), meta: { title: 'yearSetup.xuexi', tab: 'branch', roles: BRANCH_ROLES } },
]
