import { describe, expect, test } from 'vitest'
import { defineComponent } from 'vue'
import { flushPromises } from '@vue/test-utils'
import type { RouteRecordRaw } from 'vue-router'
import type { ZhibuDb } from '@/data/db'
import type { Role } from '@/domain/profile'
import RosterListView from '@/features/roster/RosterListView.vue'
import RosterFormView from '@/features/roster/RosterFormView.vue'
import RosterImportView from '@/features/roster/RosterImportView.vue'
import RosterMemberView from '@/features/roster/RosterMemberView.vue'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const Blank = defineComponent({ render: () => null })
const GROUP = '14000000-0000-4000-8000-000000000001'
const WANG = '15000000-0000-4000-8000-000000000011'
const ZHAO = '15000000-0000-4000-8000-000000000012'
const SUN = '15000000-0000-4000-8000-000000000013'
const NOW = new Date('2026-03-10T07:00:00Z')

async function rosterDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('branches').bulkPut([
    { id: BRANCH, org_id: ORG, name: '机关第一党支部', _ver: 1 },
    { id: '12000000-0000-4000-8000-000000000002', org_id: ORG, name: '机关第二党支部', _ver: 1 },
  ])
  await db.data('party_groups').put({ id: GROUP, org_id: ORG, branch_id: BRANCH, name: '第一党小组', _ver: 1 })
  await db.data('units').put({ id: 'u1', org_id: ORG, name: '办公室', kind: 'department', _ver: 1 })
  await db.data('members').bulkPut([
    { id: ME, org_id: ORG, branch_id: BRANCH, name: '李晓梅', is_committee: true, committee_title: '支部书记', member_type: 'full', status: 'active', _ver: 1 },
    { id: WANG, org_id: ORG, branch_id: BRANCH, group_id: GROUP, name: '王强', member_type: 'probationary', status: 'active', _ver: 1 },
    { id: ZHAO, org_id: ORG, branch_id: BRANCH, name: '赵敏', member_type: 'masses', status: 'active', _ver: 1 },
    { id: SUN, org_id: ORG, branch_id: BRANCH, name: '孙立', member_type: 'full', status: 'transferred', _ver: 1 },
  ])
  await db.data('member_details').bulkPut([
    { id: WANG, org_id: ORG, branch_id: BRANCH, phone: '13900000011', birth_date: '1990-05-04', _ver: 1 },
  ])
  await db.data('events').put({ id: 'e1', org_id: ORG, branch_id: BRANCH, kind: 'theme_day', audience: 'branch', title: '1月主题党日', starts_at: '2026-01-20T06:00:00Z', _ver: 1 })
  await db.data('attendance').put({ id: 'a1', org_id: ORG, branch_id: BRANCH, event_id: 'e1', member_id: WANG, status: 'present', _ver: 1 })
  await db.data('study_logs').put({ id: 's1', org_id: ORG, branch_id: BRANCH, member_id: WANG, studied_on: '2026-02-01', minutes: 45, topic: '党章', _ver: 1 })
  return db
}

const routes = (pattern: string, component: unknown): RouteRecordRaw[] => [
  { path: pattern, component: component as never },
  { path: '/', name: 'home', component: Blank },
  { path: '/branch/roster', component: Blank },
  { path: '/branch/roster/:memberId', component: Blank },
  { path: '/branch/roster/:memberId/edit', component: Blank },
]
const mount = async (component: unknown, pattern: string, path: string, roles: Role[], db?: ZhibuDb, locale?: 'en') =>
  mountMemberView(component as never, { db: db ?? (await rosterDevice()), roles, now: NOW, routes: routes(pattern, component), path, locale })

/** Names, groups and branch names as stored: shown as written in every language. */
const DATA = ['李晓梅', '王强', '赵敏', '孙立', '第一党小组', '机关第一党支部', '机关第二党支部', '支部书记', '办公室']
const cjkOutsideData = (text: string) => DATA.reduce((t, word) => t.split(word).join(''), text).match(/[\u4e00-\u9fff]+/g)

describe('the roster in English', () => {
  test('should word the list, a person and the import without Chinese outside the data', async () => {
    for (const [component, pattern, path, ready] of [
      [RosterListView, '/r', '/r', 'roster-count'],
      [RosterMemberView, '/r/:memberId', `/r/${WANG}`, 'roster-glance'],
      [RosterImportView, '/i', '/i', 'roster-import-file'],
    ] as const) {
      const { wrapper } = await mount(component, pattern, path, ['secretary'], undefined, 'en')
      await until(() => expect(wrapper.find(`[data-testid="${ready}"]`).exists()).toBe(true))
      expect(cjkOutsideData(wrapper.text())).toBeNull()
      wrapper.unmount()
    }
  }, 30_000)
})

describe('党员名册', () => {
  test('should list everyone on the roster but the transferred, committee first, and filter them', async () => {
    const { wrapper } = await mount(RosterListView, '/r', '/r', ['secretary'])
    await until(() => expect(wrapper.find('[data-testid="roster-count"]').text()).toBe('共 3 人'))
    const names = () => wrapper.findAll('.roster-person__name').map((n) => n.text())
    expect(names()[0]).toBe('李晓梅')
    expect(wrapper.find('[data-testid="roster-add"]').exists()).toBe(true)
    await wrapper.find('[data-testid="roster-filter-type"]').setValue('party')
    await until(() => expect(names().sort()).toEqual(['李晓梅', '王强'].sort()))
    await wrapper.find('[data-testid="roster-filter-status"]').setValue('transferred')
    await until(() => expect(names()).toEqual(['孙立']))
    await wrapper.find('[data-testid="roster-filter-type"]').setValue('masses')
    await until(() => expect(names()).toEqual([]))
    expect(wrapper.find('[data-testid="roster-empty"]').text()).toBe('没有符合条件的人员')
  })

  test('should let the organizer read the roster and not change it', async () => {
    const { wrapper } = await mount(RosterListView, '/r', '/r', ['organizer'])
    await until(() => expect(wrapper.find('[data-testid="roster-count"]').text()).toBe('共 3 人'))
    expect(wrapper.find('[data-testid="roster-add"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="roster-import"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('组织委员可以查看名册')
  })

  test('should tell a new admin the roster is syncing, not empty, until the organisation roster arrives', async () => {
    const OTHER = '12000000-0000-4000-8000-000000000002'
    const devices = [
      // Synced as a secretary: the scope holds his own branch only.
      { scopes: { org_id: ORG, branch_ids: [BRANCH], wide_tables: [] }, cursor: true },
      // The first page as admin: the scope widened and the copy started over (cursors cleared).
      { scopes: { org_id: ORG, branch_ids: [BRANCH], wide_tables: ['members', 'party_groups'] }, cursor: false },
    ]
    for (const device of devices) {
      const db = await rosterDevice()
      await db._meta.put({ key: 'scopes', value: device.scopes })
      if (device.cursor) await db._cursors.put({ table: 'members', xid: '1', id: null })
      const { wrapper } = await mount(RosterListView, '/r', `/r?branch=${OTHER}`, ['admin'], db)
      await until(() => expect(wrapper.find('[data-testid="roster-syncing"]').text()).toBe('正在同步名册…'))
      expect(wrapper.find('[data-testid="roster-empty"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="roster-add"]').exists()).toBe(false)
      if (device.cursor) {
        wrapper.unmount()
        continue
      }
      // The roster's pull has come back: an empty branch is now truly empty.
      await db._cursors.put({ table: 'members', xid: '2', id: null })
      await until(() => expect(wrapper.find('[data-testid="roster-empty"]').text()).toBe('名册中还没有人员，可以添加或从 Excel 导入'))
      expect(wrapper.find('[data-testid="roster-syncing"]').exists()).toBe(false)
      wrapper.unmount()
    }
  })

  test('should show a member their roster is not theirs to see', async () => {
    const { wrapper } = await mount(RosterListView, '/r', '/r', ['member'])
    await until(() => expect(wrapper.find('[data-testid="roster-none"]').exists()).toBe(true))
    expect(wrapper.find('.roster-person__name').exists()).toBe(false)
  })
})

describe('a person on the roster', () => {
  test('should show their details and year at a glance, and change their status after a confirmation', async () => {
    const { wrapper, db } = await mount(RosterMemberView, '/r/:memberId', `/r/${WANG}`, ['secretary'])
    await until(() => expect(wrapper.find('[data-testid="roster-fact-phone"]').text()).toBe('13900000011'))
    expect(wrapper.find('[data-testid="roster-fact-member_type"]').text()).toBe('中共预备党员')
    expect(wrapper.find('[data-testid="roster-glance-attendance"]').text()).toContain('1 / 1 次')
    expect(wrapper.find('[data-testid="roster-glance-study"]').text()).toContain('45 分钟')
    await wrapper.find('[data-testid="roster-status-retired"]').trigger('click')
    await until(() => expect(document.querySelector('.van-dialog__confirm')).not.toBeNull())
    ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
    await until(async () => expect((await db.data('members').get(WANG))?.status).toBe('retired'))
    const ops = (await db._outbox.toArray()).flatMap((e) => e.ops)
    expect(ops.map((o) => [o.table, o.op, o.row])).toEqual([['members', 'update', { status: 'retired' }]])
  })
})

describe('adding a person', () => {
  test('should show every problem at once and save nothing, then save the person and their details in one change', async () => {
    const { wrapper, db, router } = await mount(RosterFormView, '/new', '/new', ['secretary'])
    await until(() => expect(wrapper.find('[data-testid="roster-form"]').exists()).toBe(true))
    await wrapper.find('[data-testid="roster-field-phone"] input').setValue('13900000011')
    await wrapper.find('[data-testid="roster-field-id_number"] input').setValue('110105194912310021')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('姓名不能为空')
    expect(wrapper.text()).toContain('手机号已属于名册中的王强')
    expect(wrapper.text()).toContain('校验位不正确')
    expect(await db._outbox.count()).toBe(0)
    await wrapper.find('[data-testid="roster-field-name"] input').setValue('钱七')
    await wrapper.find('[data-testid="roster-field-phone"] input').setValue('13900000099')
    await wrapper.find('[data-testid="roster-field-id_number"] input').setValue('11010519491231002x')
    await wrapper.find('[data-testid="roster-field-member_type"]').setValue('league')
    await wrapper.find('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.path).toMatch(/^\/branch\/roster\/.+/))
    const [entry] = await db._outbox.toArray()
    expect(entry!.ops.map((o) => o.table)).toEqual(['members', 'member_details'])
    expect(entry!.ops[0]!.row).toMatchObject({ name: '钱七', member_type: 'league', status: 'active' })
    expect(entry!.ops[1]!.row).toMatchObject({ phone: '13900000099', id_number: '11010519491231002X' })
  })
})

describe('importing a roster', () => {
  const csv = (text: string) => new File([new TextEncoder().encode(text)], '名册.csv', { type: 'text/csv' })
  const FILE = '姓名,手机号码,政治面貌,党小组\n王强,13900000011,中共预备党员,第一党小组\n周杰,13900000031,共青团员,\n吴芳,13900000031,群众,\n郑和,139000000,群众,第九党小组\n'

  async function choose(wrapper: Awaited<ReturnType<typeof mount>>['wrapper'], file: File) {
    const input = wrapper.find('[data-testid="roster-import-file"]')
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await until(() => expect(wrapper.find('[data-testid="roster-import-preview"]').exists()).toBe(true))
    await wrapper.find('[data-testid="roster-import-preview"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="roster-import-summary"]').exists()).toBe(true))
  }

  test('should preview the problems by row, person and column, apply only valid rows, and find the same file unchanged again', async () => {
    const db = await rosterDevice()
    const first = await mount(RosterImportView, '/i', '/i', ['secretary'], db)
    await until(() => expect(first.wrapper.find('[data-testid="roster-import-file"]').exists()).toBe(true))
    await choose(first.wrapper, csv(FILE))
    expect(first.wrapper.find('[data-testid="roster-import-summary"]').text()).toBe('新增 0 人，更新 0 人，无变化 1 人')
    expect(first.wrapper.findAll('[data-testid="roster-import-problems"] li').map((li) => li.text())).toEqual([
      '第 3 行（周杰）· 手机号码：手机号 13900000031 与第 4 行重复',
      '第 4 行（吴芳）· 手机号码：手机号 13900000031 与第 3 行重复',
      '第 5 行（郑和）· 手机号码：“139000000”不是 11 位手机号',
      '第 5 行（郑和）· 党小组：本支部没有名为“第九党小组”的党小组',
    ])
    expect(await db._outbox.count()).toBe(0)

    const fixed = FILE.replace('吴芳,13900000031', '吴芳,13900000032').replace('郑和,139000000,群众,第九党小组', '郑和,13900000033,群众,第一党小组')
    await first.wrapper.find('.roster-preview__actions button:nth-child(2)').trigger('click')
    await choose(first.wrapper, csv(fixed))
    expect(first.wrapper.find('[data-testid="roster-import-summary"]').text()).toBe('新增 3 人，更新 0 人，无变化 1 人')
    await first.wrapper.find('[data-testid="roster-import-apply"]').trigger('click')
    await until(() => expect(first.wrapper.find('[data-testid="roster-import-done"]').text()).toContain('新增 3 人'))
    expect(await db.data('members').count()).toBe(7)
    expect((await db._outbox.toArray()).flatMap((e) => e.ops)).toHaveLength(6)

    first.wrapper.unmount()
    const second = await mount(RosterImportView, '/i', '/i', ['secretary'], db)
    await until(() => expect(second.wrapper.find('[data-testid="roster-import-file"]').exists()).toBe(true))
    await choose(second.wrapper, csv(fixed))
    expect(second.wrapper.find('[data-testid="roster-import-summary"]').text()).toBe('新增 0 人，更新 0 人，无变化 4 人')
    expect(second.wrapper.find('[data-testid="roster-import-apply"]').attributes('disabled')).toBeDefined()
  })

  test('should say why a file cannot be read, and keep the wizard on the file step', async () => {
    const { wrapper } = await mount(RosterImportView, '/i', '/i', ['secretary'])
    await until(() => expect(wrapper.find('[data-testid="roster-import-file"]').exists()).toBe(true))
    const input = wrapper.find('[data-testid="roster-import-file"]')
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([1, 2])], '名册.xls')], configurable: true })
    await input.trigger('change')
    await until(() => expect(wrapper.find('[data-testid="roster-import-file-problem"]').text()).toContain('另存为 .xlsx'))
  })
})
