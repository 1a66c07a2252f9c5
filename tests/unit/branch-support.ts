import { defineComponent, type Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { ZhibuDb } from '@/data/db'
import type { Role } from '@/domain/profile'
import type { Locale } from '@/i18n'
import { BRANCH, ME, ORG, freshDb, mountMemberView } from './member-support'

/** 10 March 2026, 15:00 in Beijing. */
export const NOW = new Date('2026-03-10T07:00:00Z')
export const GROUP = '13000000-0000-4000-8000-000000000001'
export const WANG = '15000000-0000-4000-8000-000000000011'
export const ZHAO = '15000000-0000-4000-8000-000000000012'
export const SUN = '15000000-0000-4000-8000-000000000013'
/** The secretary's login (李晓梅 is the signed-in roster row, ME). */
export const SECRETARY_USER = 'user-1'

export const EV = {
  janCommittee: '17000000-0000-4000-8000-000000000101',
  febCommittee: '17000000-0000-4000-8000-000000000102',
  janTheme: '17000000-0000-4000-8000-000000000103',
  janGroup: '17000000-0000-4000-8000-000000000104',
  marCommittee: '17000000-0000-4000-8000-000000000105',
  upcoming: '17000000-0000-4000-8000-000000000106',
  volunteer: '17000000-0000-4000-8000-000000000107',
  orgStudy: '17000000-0000-4000-8000-000000000108',
  cancelledTheme: '17000000-0000-4000-8000-000000000109',
} as const

export const AT = {
  wangLeave: '1a000000-0000-4000-8000-000000000001',
  zhaoLeave: '1a000000-0000-4000-8000-000000000002',
  myLeave: '1a000000-0000-4000-8000-000000000003',
  wangAbsent: '1a000000-0000-4000-8000-000000000004',
  zhaoLeaveHeld: '1a000000-0000-4000-8000-000000000005',
  sunPresent: '1a000000-0000-4000-8000-000000000006',
  sunRecorded: '1a000000-0000-4000-8000-000000000007',
  zhaoConfirmed: '1a000000-0000-4000-8000-000000000008',
  wangVolunteer: '1a000000-0000-4000-8000-000000000009',
  pending1: '1a000000-0000-4000-8000-000000000010',
  pending2: '1a000000-0000-4000-8000-000000000011',
  wangOrg: '1a000000-0000-4000-8000-000000000012',
} as const

/** Data as stored (names, titles, places, reasons, notes): shown as written in every language. */
export const DATA = ['李晓梅', '王强', '赵敏', '孙立', '第一党小组', '1月支委会', '2月支委会', '3月支委会', '1月主题党日', '1月党小组会', '支部党员大会', '志愿服务', '全局专题学习', '取消的主题党日', '三楼会议室', '家中有事', '出差', '参加补课会并发言', '已学习会议记录']

const event = (id: string, kind: string, title: string, starts_at: string, extra: Record<string, unknown> = {}) => ({
  id, org_id: ORG, branch_id: BRANCH, audience: 'branch', kind, title, starts_at, ends_at: null, _ver: 1, ...extra,
})
const attendance = (id: string, event_id: string, member_id: string, extra: Record<string, unknown>) => ({
  id, org_id: ORG, branch_id: BRANCH, event_id, member_id, _ver: 1, ...extra,
})

/**
 * The secretary's phone on 10 March 2026: a year of 支部 life so far (done, missed and due
 * obligations), two leave requests to decide, two check-ins 待核实, make-ups owed, recorded and
 * confirmed, and rows that owe nothing (present, volunteer service, an organisation-wide event).
 */
export async function branchDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('members').bulkPut([
    { id: ME, org_id: ORG, branch_id: BRANCH, name: '李晓梅', user_id: SECRETARY_USER, is_committee: true, _ver: 1 },
    { id: WANG, org_id: ORG, branch_id: BRANCH, group_id: GROUP, name: '王强', _ver: 1 },
    { id: ZHAO, org_id: ORG, branch_id: BRANCH, group_id: GROUP, name: '赵敏', _ver: 1 },
    { id: SUN, org_id: ORG, branch_id: BRANCH, name: '孙立', _ver: 1 },
  ])
  await db.data('party_groups').put({ id: GROUP, org_id: ORG, branch_id: BRANCH, name: '第一党小组', _ver: 1 })
  await db.data('events').bulkPut([
    event(EV.janCommittee, 'committee_meeting', '1月支委会', '2026-01-12T06:00:00Z', { ends_at: '2026-01-12T08:00:00Z', minutes: '研究发展党员工作' }),
    event(EV.febCommittee, 'committee_meeting', '2月支委会', '2026-02-09T06:00:00Z', { ends_at: '2026-02-09T08:00:00Z', minutes: null }),
    event(EV.janTheme, 'theme_day', '1月主题党日', '2026-01-20T06:00:00Z', { checklist_done: ['有主题', '有记录'] }),
    event(EV.janGroup, 'group_meeting', '1月党小组会', '2026-01-22T06:00:00Z', { audience: 'group', group_id: GROUP, minutes: '学习' }),
    event(EV.cancelledTheme, 'theme_day', '取消的主题党日', '2026-02-20T06:00:00Z', { checklist_done: ['有主题'], cancelled_at: '2026-02-18T00:00:00Z', cancel_reason: '改期' }),
    event(EV.marCommittee, 'committee_meeting', '3月支委会', '2026-03-03T06:00:00Z', { ends_at: '2026-03-03T08:00:00Z' }),
    event(EV.upcoming, 'general_meeting', '支部党员大会', '2026-03-20T06:00:00Z', { place: '三楼会议室' }),
    event(EV.volunteer, 'volunteer', '志愿服务', '2026-02-15T01:00:00Z'),
    { ...event(EV.orgStudy, 'party_lecture', '全局专题学习', '2026-02-25T06:00:00Z', { audience: 'org' }), branch_id: null },
  ])
  await db.data('attendance').bulkPut([
    attendance(AT.wangLeave, EV.upcoming, WANG, { status: 'leave', leave_status: 'pending', leave_reason: '家中有事' }),
    attendance(AT.zhaoLeave, EV.upcoming, ZHAO, { status: 'leave', leave_status: 'pending', leave_reason: '出差' }),
    attendance(AT.myLeave, EV.upcoming, ME, { status: 'leave', leave_status: 'pending', leave_reason: '出差' }),
    attendance(AT.wangAbsent, EV.marCommittee, WANG, { status: 'absent', method: 'manual' }),
    attendance(AT.zhaoLeaveHeld, EV.marCommittee, ZHAO, { status: 'leave', leave_status: 'approved', decided_at: '2026-03-02T00:00:00Z' }),
    attendance(AT.sunPresent, EV.marCommittee, SUN, { status: 'present', method: 'qr' }),
    attendance(AT.sunRecorded, EV.febCommittee, SUN, { status: 'absent', method: 'manual', makeup_required: true, makeup_method: 'session', makeup_done_at: '2026-02-27T16:00:00Z', makeup_note: '参加补课会并发言' }),
    attendance(AT.zhaoConfirmed, EV.janCommittee, ZHAO, {
      status: 'absent', makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-01-19T16:00:00Z', makeup_note: '已学习会议记录',
      makeup_confirmed_at: '2026-01-21T02:00:00Z', makeup_confirmed_by: SECRETARY_USER,
    }),
    attendance(AT.wangVolunteer, EV.volunteer, WANG, { status: 'absent' }),
    attendance(AT.wangOrg, EV.orgStudy, WANG, { status: 'absent' }),
    attendance(AT.pending1, EV.marCommittee, ME, { status: 'present', method: 'code', verification: 'pending' }),
    attendance(AT.pending2, EV.janCommittee, SUN, { status: 'late', method: 'code', verification: 'pending' }),
  ])
  return db
}

const Blank = defineComponent({ render: () => null })

/** Mounts a 支部 screen at `path` (its route pattern `pattern`, params as props with `props`) on a device, as 李晓梅 with `roles`. */
export async function mountBranchView(component: Component, options: { db: ZhibuDb; roles: Role[]; pattern: string; path: string; locale?: Locale; extraRoutes?: RouteRecordRaw[]; props?: boolean }) {
  const routes: RouteRecordRaw[] = [
    { path: options.pattern, component, props: options.props ?? false },
    { path: '/', name: 'home', component: Blank },
    { path: '/branch', component: Blank },
    { path: '/branch/makeups', component: Blank },
    { path: '/branch/leave/:id', component: Blank },
    { path: '/branch/makeups/:id', component: Blank },
    { path: '/activities/new', component: Blank },
    { path: '/activities/:id', component: Blank },
    { path: '/activities/:id/attendance', component: Blank },
    ...(options.extraRoutes ?? []),
  ]
  return mountMemberView(component, { db: options.db, roles: options.roles, now: NOW, routes, path: options.path, locale: options.locale })
}
