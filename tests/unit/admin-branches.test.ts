import { afterEach, describe, expect, test } from 'vitest'
import { defineComponent, type Component } from 'vue'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { RouteRecordRaw } from 'vue-router'
import type { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { CLOCK } from '@/composables/useClock'
import { REPOSITORIES } from '@/composables/useRepositories'
import { rosterPersonOf } from '@/domain/roster'
import { planRosterImport } from '@/domain/rosterImport'
import type { RoleGrant } from '@/domain/profile'
import AdminGroupsView from '@/features/admin/AdminGroupsView.vue'
import RosterImportView from '@/features/roster/RosterImportView.vue'
import RosterListView from '@/features/roster/RosterListView.vue'
import RosterMemberView from '@/features/roster/RosterMemberView.vue'
import { rosterSheet } from '@/features/roster/rosterExport'
import VisitFormView from '@/features/visits/VisitFormView.vue'
import VisitsView from '@/features/visits/VisitsView.vue'
import { visitScopeOf } from '@/features/visits/useVisitScope'
import { BRANCH as B1, ORG, freshDb, until } from './member-support'
import { makeProfile, mountView, signedInDependencies } from './support'

const B2 = '12000000-0000-4000-8000-000000000002'
const B3 = '12000000-0000-4000-8000-000000000003'
const G2 = '14000000-0000-4000-8000-000000000002'
const LI = '15000000-0000-4000-8000-000000000003'
const ZHOU = '15000000-0000-4000-8000-000000000021'
const WU = '15000000-0000-4000-8000-000000000022'
const ZHANG = '15000000-0000-4000-8000-000000000031'
const GONE = '15000000-0000-4000-8000-000000000032'
const NOW = new Date('2026-03-10T07:00:00Z')
const Blank = defineComponent({ render: () => null })

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

/**
 * An admin's phone after a sync that pulled the roster tables organisation-wide: three branches, the
 * second's people with their details and group, the 离退休党支部's retired member and one who died.
 */
async function adminDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('orgs').put({ id: ORG, name: '市直机关事务局', _ver: 1 })
  await db.data('branches').bulkPut([
    { id: B1, org_id: ORG, name: '机关第一党支部', sort_order: 1, _ver: 1 },
    { id: B2, org_id: ORG, name: '机关第二党支部', sort_order: 2, _ver: 1 },
    { id: B3, org_id: ORG, name: '离退休党支部', sort_order: 3, _ver: 1 },
  ])
  await db.data('party_groups').put({ id: G2, org_id: ORG, branch_id: B2, name: '第二党小组', _ver: 1 })
  await db.data('members').bulkPut([
    { id: LI, org_id: ORG, branch_id: B1, name: '李晓梅', member_type: 'full', status: 'active', _ver: 1 },
    { id: ZHOU, org_id: ORG, branch_id: B2, group_id: G2, name: '周海波', is_committee: true, committee_title: '支部书记', member_type: 'full', status: 'active', _ver: 1 },
    { id: WU, org_id: ORG, branch_id: B2, name: '吴静', member_type: 'masses', status: 'active', _ver: 1 },
    { id: ZHANG, org_id: ORG, branch_id: B3, name: '张德明', member_type: 'full', status: 'retired', _ver: 1 },
    { id: GONE, org_id: ORG, branch_id: B3, name: '钱守义', member_type: 'full', status: 'deceased', _ver: 1 },
  ])
  await db.data('member_details').bulkPut([
    { id: ZHOU, org_id: ORG, branch_id: B2, phone: '13900000021', birth_date: '1975-06-01', _ver: 1 },
    { id: WU, org_id: ORG, branch_id: B2, phone: '13900000022', id_number: '11010519491231002X', _ver: 1 },
  ])
  return db
}

const ADMIN = makeProfile({ member: null, display_name: '孙丽华', roles: [{ role: 'admin', branch_id: null }] })
const SECRETARY = makeProfile({
  member: { id: LI, name: '李晓梅', branch_id: B1, branch_name: '机关第一党支部', org_id: ORG, org_name: '市直机关事务局' },
  roles: [{ role: 'secretary', branch_id: B1 }],
})
const ORGANIZER = makeProfile({
  member: { id: LI, name: '李晓梅', branch_id: B1, branch_name: '机关第一党支部', org_id: ORG, org_name: '市直机关事务局' },
  roles: [{ role: 'organizer', branch_id: B1 }],
})

async function open(component: Component, profile: typeof ADMIN, pattern: string, path: string, db?: ZhibuDb, locale?: 'en') {
  const device = db ?? (await adminDevice())
  const routes: RouteRecordRaw[] = [
    { path: pattern, component },
    { path: '/', name: 'home', component: Blank },
    { path: '/branch/visits/:id', component: Blank },
    { path: '/branch/roster/:memberId', component: Blank },
  ]
  const repositories = createRepositories({ db: device, now: () => NOW })
  const view = await mountView(component, {
    deps: signedInDependencies(profile),
    restored: true,
    locale,
    path,
    routes,
    provide: { [REPOSITORIES as symbol]: repositories, [CLOCK as symbol]: () => NOW },
  })
  await flushPromises()
  mounted = view.wrapper
  return { ...view, db: device }
}

const names = (w: VueWrapper) => w.findAll('.roster-person__name').map((n) => n.text())

describe('党员名册 of any branch for an admin', () => {
  test('an admin not on any roster lists the branch he asks for, with its name chosen, and switches to another', async () => {
    const { wrapper, router } = await open(RosterListView, ADMIN, '/branch/roster', `/branch/roster?branch=${B2}`)
    await until(() => expect(wrapper.find('[data-testid="roster-count"]').text()).toBe('共 2 人'))
    expect(names(wrapper)).toEqual(['周海波', '吴静'])
    const pick = wrapper.get('[data-testid="roster-branch"]').element as HTMLSelectElement
    await until(() => expect(pick.value).toBe(B2))
    expect([...pick.options].map((o) => o.text)).toEqual(['请选择支部', '机关第一党支部', '机关第二党支部', '离退休党支部'])
    expect(wrapper.find('[data-testid="roster-add"]').exists()).toBe(true)
    await wrapper.get('[data-testid="roster-branch"]').setValue(B3)
    await until(() => expect(router.currentRoute.value.query.branch).toBe(B3))
    await until(() => expect(names(wrapper)).toEqual(['钱守义', '张德明']))
  })

  test('an admin who has picked no branch is asked to pick one, and sees nobody', async () => {
    const { wrapper } = await open(RosterListView, ADMIN, '/branch/roster', '/branch/roster')
    await until(() => expect(wrapper.get('[data-testid="roster-none"]').text()).toBe('请在上方选择要查看的支部'))
    expect((wrapper.get('[data-testid="roster-branch"]').element as HTMLSelectElement).value).toBe('')
    expect(names(wrapper)).toEqual([])
  })

  test('a secretary asking for another branch sees none of it, though the rows are on his device', async () => {
    const { wrapper } = await open(RosterListView, SECRETARY, '/branch/roster', `/branch/roster?branch=${B2}`)
    await until(() => expect(wrapper.get('[data-testid="roster-none"]').text()).toBe('只能查看本支部的名册'))
    expect(wrapper.text()).not.toContain('周海波')
    expect(wrapper.find('[data-testid="roster-branch"]').exists()).toBe(false)
    mounted!.unmount()
    const person = await open(RosterMemberView, SECRETARY, '/branch/roster/:memberId', `/branch/roster/${ZHOU}?branch=${B2}`)
    await until(() => expect(person.wrapper.get('[data-testid="roster-none"]').text()).toBe('只能查看本支部的名册'))
    expect(person.wrapper.text()).not.toContain('13900000021')
  })

  test('the secretary\'s own roster carries his branch\'s name above it', async () => {
    const { wrapper } = await open(RosterListView, SECRETARY, '/branch/roster', '/branch/roster')
    await until(() => expect(wrapper.get('[data-testid="roster-branch-name"]').text()).toBe('机关第一党支部'))
    expect(names(wrapper)).toEqual(['李晓梅'])
  })

  test('an admin opens a person of another branch with the details only the committee and admins read', async () => {
    const { wrapper } = await open(RosterMemberView, ADMIN, '/branch/roster/:memberId', `/branch/roster/${ZHOU}?branch=${B2}`)
    await until(() => expect(wrapper.text()).toContain('13900000021'))
    expect(wrapper.text()).toContain('周海波')
    expect(wrapper.text()).toContain('第二党小组')
  })
})

describe('importing into an existing branch as an admin', () => {
  const csvOf = (rows: string[][]) => new File([new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'))], '名册.csv', { type: 'text/csv' })

  test('matches the branch\'s people on the device: its own export imports back 无变化', async () => {
    const db = await adminDevice()
    const repositories = createRepositories({ db, now: () => NOW })
    const read = await repositories.roster.ofBranch(B2)
    const details = new Map(read.details.rows.map((d) => [d.id, d]))
    const people = read.members.rows.map((m) => rosterPersonOf(m, details.get(m.id)))
    const sheet = rosterSheet(people, { group: new Map([[G2, '第二党小组']]), unit: new Map() })
    const { wrapper } = await open(RosterImportView, ADMIN, '/branch/roster/import', `/branch/roster/import?branch=${B2}`, db)
    await until(() => expect(wrapper.find('[data-testid="roster-import-file"]').exists()).toBe(true))
    const input = wrapper.get('[data-testid="roster-import-file"]')
    Object.defineProperty(input.element, 'files', { value: [csvOf(sheet)], configurable: true })
    await input.trigger('change')
    await until(() => expect(wrapper.find('[data-testid="roster-import-preview"]').exists()).toBe(true))
    await wrapper.get('[data-testid="roster-import-preview"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="roster-import-summary"]').text()).toBe('新增 0 人，更新 0 人，无变化 2 人'))
    expect(wrapper.get('[data-testid="roster-import-apply"]').attributes('disabled')).toBeDefined()
    expect(await db._outbox.count()).toBe(0)
  })

  test('the import rules match by phone, then ID number, only against the people they are given', () => {
    const zhou = rosterPersonOf({ id: ZHOU, org_id: ORG, branch_id: B2, name: '周海波', member_type: 'full', status: 'active' }, { id: ZHOU, org_id: ORG, branch_id: B2, phone: '13900000021' })
    const wu = rosterPersonOf({ id: WU, org_id: ORG, branch_id: B2, name: '吴静', member_type: 'masses', status: 'active' }, { id: WU, org_id: ORG, branch_id: B2, id_number: '11010519491231002X' })
    const table = { headers: ['姓名', '手机号码', '身份证号'], rows: [['周海波', '13900000021', ''], ['吴静', '', '11010519491231002X']], headerRow: 1 }
    const mapping = ['name', 'phone', 'id_number'] as const
    expect(planRosterImport(table, [...mapping], { people: [zhou, wu], groups: [], units: [] }).counts).toMatchObject({ create: 0, update: 0, unchanged: 2 })
    expect(planRosterImport(table, [...mapping], { people: [], groups: [], units: [] }).counts).toMatchObject({ create: 2, update: 0, unchanged: 0 })
  })
})

describe('走访慰问 for an admin', () => {
  const pick = async (testid: string, name: string) => {
    await until(() => expect(document.querySelector(`[data-testid="${testid}-option"][data-name="${name}"]`)).not.toBeNull())
    ;(document.querySelector(`[data-testid="${testid}-option"][data-name="${name}"]`) as HTMLElement).click()
  }
  const offered = (testid: string) => [...document.querySelectorAll(`[data-testid="${testid}-option"]`)].map((o) => `${o.getAttribute('data-branch')} ${o.getAttribute('data-name')}`)

  async function fillBasics(w: VueWrapper) {
    await w.get('[data-testid="visit-kind"] [data-value="retired_member"]').trigger('click')
    await w.get('#visit-place').setValue('张德明家中')
    await w.get('[data-testid="visit-households"] input').setValue('1')
    await w.get('[data-testid="visit-persons"] input').setValue('1')
    await w.get('[data-testid="visit-funds"] input').setValue('500')
  }

  test('records a visit for the branch he picked, naming a retired member of 离退休党支部 and who went from that branch', async () => {
    const { wrapper, db, router } = await open(VisitFormView, ADMIN, '/branch/visits/new', `/branch/visits/new?branch=${B2}`)
    await until(() => expect(wrapper.get('[data-testid="visit-branch"] [aria-checked="true"]').text()).toBe('机关第二党支部'))
    await fillBasics(wrapper)
    await wrapper.get('[data-testid="visit-visited"]').trigger('click')
    await pick('visit-visited', '张德明')
    expect(offered('visit-visited')).toEqual(['机关第一党支部 李晓梅', '机关第二党支部 吴静', '机关第二党支部 周海波', '离退休党支部 张德明'])
    expect([...document.querySelectorAll('[data-testid="visit-visited-branch"]')].map((h) => h.textContent?.trim())).toEqual(['机关第一党支部', '机关第二党支部', '离退休党支部'])
    await wrapper.get('[data-testid="visit-participants"]').trigger('click')
    await pick('visit-participants', '周海波')
    expect(document.querySelector('[data-testid="visit-participants-search"]')).toBeNull()
    expect(offered('visit-participants')).toEqual(['机关第二党支部 吴静', '机关第二党支部 周海波'])
    await wrapper.get('[data-testid="visit-form"]').trigger('submit')
    await until(async () => expect(await db.data('visits').count()).toBe(1))
    const [row] = await db.data('visits').toArray()
    expect(row).toMatchObject({ org_id: ORG, branch_id: B2, kind: 'retired_member', visited_member_ids: [ZHANG], participant_ids: [ZHOU], funds_fen: 50000 })
    expect((await db._outbox.toArray()).flatMap((e) => e.ops).map((o) => [o.table, o.op])).toEqual([['visits', 'upsert']])
    await until(() => expect(router.currentRoute.value.path).toBe(`/branch/visits/${row!.id}`))
  })

  test('refuses who went from another branch after the branch was changed, keeping every pick', async () => {
    const { wrapper, db } = await open(VisitFormView, ADMIN, '/branch/visits/new', `/branch/visits/new?branch=${B2}`)
    await until(() => expect(wrapper.find('[data-testid="visit-branch"] [aria-checked="true"]').exists()).toBe(true))
    await fillBasics(wrapper)
    await wrapper.get('[data-testid="visit-participants"]').trigger('click')
    await pick('visit-participants', '吴静')
    await wrapper.get(`[data-testid="visit-branch"] [data-value="${B3}"]`).trigger('click')
    await wrapper.get('[data-testid="visit-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('参加人员须是所选支部的人员，请重新选择'))
    expect(await db.data('visits').count()).toBe(0)
    expect(wrapper.get('[data-testid="visit-participants"]').text()).toContain('已选 1 人')
  })

  test('lists the picked branch\'s visits and links a new one to it', async () => {
    const db = await adminDevice()
    await db.data('visits').bulkPut([
      { id: '1e000000-0000-4000-8000-000000000201', org_id: ORG, branch_id: B2, kind: 'poverty', visited_on: '2026-02-01', households: 2, persons: 5, funds_fen: 100000, participant_ids: [], _ver: 1 },
      { id: '1e000000-0000-4000-8000-000000000202', org_id: ORG, branch_id: B3, kind: 'retired_member', visited_on: '2026-01-10', households: 1, persons: 1, funds_fen: 50000, participant_ids: [], _ver: 1 },
    ])
    const { wrapper, router } = await open(VisitsView, ADMIN, '/branch/visits', `/branch/visits?branch=${B3}`, db)
    await until(() => expect(wrapper.findAll('[data-testid="visits-item"]')).toHaveLength(1))
    expect(wrapper.get('[data-testid="visits-totals"]').text()).toBe('1次 · 1户 · 1人 · 慰问金 ¥500.00')
    await wrapper.get(`[data-testid="visits-branch"] [data-value="${B2}"]`).trigger('click')
    await until(() => expect(router.currentRoute.value.query.branch).toBe(B2))
    await until(() => expect(wrapper.get('[data-testid="visits-totals"]').text()).toBe('1次 · 2户 · 5人 · 慰问金 ¥1,000.00'))
    await wrapper.get('[data-testid="visits-add"]').trigger('click')
    await until(() => expect(router.currentRoute.value.fullPath).toBe(`/branch/visits/new?branch=${B2}`))
  })

  test('a committee member records for his own branch only: no branch to pick, who went from his branch', async () => {
    const { wrapper } = await open(VisitFormView, ORGANIZER, '/branch/visits/new', `/branch/visits/new?branch=${B2}`)
    await until(() => expect(wrapper.find('[data-testid="visit-form"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="visit-branch"]').exists()).toBe(false)
    await wrapper.get('[data-testid="visit-participants"]').trigger('click')
    await until(() => expect(offered('visit-participants')).toEqual(['机关第一党支部 李晓梅']))
  })
})

describe('visitScopeOf', () => {
  const branches = [
    { id: B1, org_id: ORG, name: '机关第一党支部' },
    { id: B2, org_id: ORG, name: '机关第二党支部' },
    { id: B3, org_id: ORG, name: '离退休党支部', active: false },
  ]
  const admin: RoleGrant[] = [{ role: 'admin', branch_id: null }]
  const member = { branch_id: B1, org_id: ORG }

  test('an admin writes any branch of the organisation and picks among the active ones, his ask first', () => {
    const s = visitScopeOf({ member: null, grants: admin, branches, askedBranchId: B2 })!
    expect([s.branchId, s.orgId, s.choices.map((c) => c.id)]).toEqual([B2, ORG, [B1, B2]])
    expect([s.canWrite(B1), s.canWrite(B3), s.canWrite('elsewhere')]).toEqual([true, true, false])
    expect(visitScopeOf({ member: null, grants: admin, branches, askedBranchId: 'elsewhere' })!.branchId).toBe(B1)
    expect(visitScopeOf({ member: null, grants: admin, branches: [], askedBranchId: null })).toBeNull()
  })

  test('the committee writes his own branch only, whatever he asks; a member writes none', () => {
    const organizer = visitScopeOf({ member, grants: [{ role: 'organizer', branch_id: B1 }], branches, askedBranchId: B2 })!
    expect([organizer.branchId, organizer.choices, organizer.canWrite(B1), organizer.canWrite(B2)]).toEqual([B1, [], true, false])
    const plain = visitScopeOf({ member, grants: [{ role: 'member', branch_id: B1 }], branches, askedBranchId: null })!
    expect(plain.canWrite(B1)).toBe(false)
    expect(visitScopeOf({ member: null, grants: [{ role: 'leader', branch_id: null }], branches, askedBranchId: null })).toBeNull()
  })
})

describe('党小组 for an admin', () => {
  test('lists every branch of the organisation with its groups, not only those he holds a role in', async () => {
    const { wrapper } = await open(AdminGroupsView, ADMIN, '/branch/groups', '/branch/groups')
    await until(() => expect(wrapper.findAll('[data-testid="admin-groups-branch"]')).toHaveLength(3))
    const second = wrapper.findAll('[data-testid="admin-groups-branch"]').find((b) => b.text().includes('机关第二党支部'))!
    expect(second.text()).toContain('第二党小组')
  })
})

describe('the people picker', () => {
  test('runs people by branch in their order and searches names and branches', async () => {
    const { peopleByBranch } = await import('@/features/visits/useVisitPeople')
    const people = [
      { id: '1', name: '李晓梅', branch: '机关第一党支部' },
      { id: '2', name: '周海波', branch: '机关第二党支部' },
      { id: '3', name: '郑守仁', branch: '离退休党支部' },
      { id: '4', name: '钱秀英', branch: '离退休党支部' },
    ]
    expect(peopleByBranch(people).map((g) => [g.branch, g.people.map((p) => p.id)])).toEqual([['机关第一党支部', ['1']], ['机关第二党支部', ['2']], ['离退休党支部', ['3', '4']]])
    expect(peopleByBranch(people, ' 郑 ').map((g) => [g.branch, g.people.map((p) => p.id)])).toEqual([['离退休党支部', ['3']]])
    expect(peopleByBranch(people, '离退休').flatMap((g) => g.people.map((p) => p.id))).toEqual(['3', '4'])
    expect(peopleByBranch(people, '王')).toEqual([])
  })
})

describe('an admin\'s screens in English', () => {
  /** Names of people, groups and branches as stored: shown as written in every language. */
  const DATA = ['李晓梅', '周海波', '吴静', '张德明', '钱守义', '第二党小组', '机关第一党支部', '机关第二党支部', '离退休党支部', '支部书记']
  const cjkOutsideData = (text: string) => DATA.reduce((t, word) => t.split(word).join(''), text).match(/[\u4e00-\u9fff]+/g)

  test('words the roster of another branch and the visit form with its people by branch without Chinese outside the data', async () => {
    const roster = await open(RosterListView, ADMIN, '/branch/roster', `/branch/roster?branch=${B2}`, undefined, 'en')
    await until(() => expect(roster.wrapper.get('[data-testid="roster-count"]').text()).toBe('2 people'))
    expect(cjkOutsideData(roster.wrapper.text())).toBeNull()
    roster.wrapper.unmount()
    const form = await open(VisitFormView, ADMIN, '/branch/visits/new', `/branch/visits/new?branch=${B2}`, undefined, 'en')
    await until(() => expect(form.wrapper.find('[data-testid="visit-branch"] [aria-checked="true"]').exists()).toBe(true))
    await form.wrapper.get('[data-testid="visit-visited"]').trigger('click')
    await until(() => expect(document.querySelectorAll('[data-testid="visit-visited-branch"]')).toHaveLength(3))
    expect(cjkOutsideData(document.body.textContent ?? '')).toBeNull()
  })
})
