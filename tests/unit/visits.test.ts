import { afterEach, describe, expect, test } from 'vitest'
import { defineComponent } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import VisitFormView from '@/features/visits/VisitFormView.vue'
import VisitsView from '@/features/visits/VisitsView.vue'
import type { Role } from '@/domain/profile'
import { parseGoodsQuantity, visitSchema, visitTotals, visitsOf, type VisitKind } from '@/domain/visits'
import { WANG, branchDevice, mountBranchView } from './branch-support'
import { BRANCH, ORG, until } from './member-support'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

const Blank = defineComponent({ render: () => null })
const V1 = '1e000000-0000-4000-8000-000000000101'
const V2 = '1e000000-0000-4000-8000-000000000102'
const V3 = '1e000000-0000-4000-8000-000000000103'
const visit = (id: string, kind: VisitKind, visited_on: string, extra: Record<string, unknown> = {}) => ({
  id, org_id: ORG, branch_id: BRANCH, kind, visited_on, households: 1, persons: 1, funds_fen: 50000, participant_ids: [], _ver: 1, ...extra,
})

describe('goods quantities and the visit schema', () => {
  test('reads whole numbers and one decimal exactly, and refuses the rest by code', () => {
    expect(parseGoodsQuantity('2')).toEqual({ ok: true, value: 2 })
    expect(parseGoodsQuantity('２.５')).toEqual({ ok: true, value: 2.5 })
    expect(parseGoodsQuantity('2.50')).toEqual({ ok: true, value: 2.5 })
    expect(parseGoodsQuantity('100000')).toEqual({ ok: true, value: 100000 })
    expect(parseGoodsQuantity('1.25')).toMatchObject({ ok: false, code: 'visit.goodsDecimals' })
    expect(parseGoodsQuantity('0')).toMatchObject({ ok: false, code: 'number.tooSmall' })
    expect(parseGoodsQuantity('100000.1')).toMatchObject({ ok: false, code: 'number.tooLarge' })
    expect(parseGoodsQuantity('-1')).toMatchObject({ ok: false, code: 'number.negative' })
    expect(parseGoodsQuantity('')).toMatchObject({ ok: false, code: 'number.empty' })
  })

  test('refuses a 51st item, a blank item name and a kind it does not know', () => {
    const base = { ...visit(V1, 'poverty', '2026-03-01'), participant_ids: [], visited_member_ids: [], place: '', notes: '' }
    const items = Array.from({ length: 51 }, () => ({ name: '大米', quantity: 1, unit: '袋' }))
    const issues = (row: Record<string, unknown>) => visitSchema('2026-03-10').safeParse(row).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(issues({ ...base, goods_items: items })).toEqual(['goods_items:visit.goodsTooMany'])
    expect(issues({ ...base, goods_items: [{ name: ' ', quantity: 1, unit: '袋' }] })).toEqual(['goods_items.0.name:visit.goodsNameRequired'])
    expect(issues({ ...base, kind: 'party', goods_items: [] })).toEqual(['kind:visit.kindRequired'])
    expect(issues({ ...base, visited_on: '2026-03-11', goods_items: [] })).toEqual(['visited_on:date.future'])
  })

  test('lists one year and kind, latest first, with its totals', () => {
    const rows = [visit(V1, 'poverty', '2026-01-25', { households: 6, persons: 21 }), visit(V2, 'retired_member', '2026-02-03'), visit(V3, 'poverty', '2025-12-24')]
    expect(visitsOf(rows, 2026, null).map((v) => v.id)).toEqual([V2, V1])
    expect(visitsOf(rows, 2026, 'poverty').map((v) => v.id)).toEqual([V1])
    expect(visitTotals(visitsOf(rows, 2026, null))).toEqual({ visits: 2, households: 7, persons: 22, fundsFen: 100000 })
  })
})

async function openForm(roles: Role[]) {
  const db = await branchDevice()
  const view = await mountBranchView(VisitFormView, {
    db, roles, pattern: '/branch/visits/new', path: '/branch/visits/new', extraRoutes: [{ path: '/branch/visits/:id', component: Blank }],
  })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="visit-form"]').exists()).toBe(true))
  return { ...view, db }
}

async function fill(w: VueWrapper, quantity: string) {
  await w.get('[data-testid="visit-kind"] [data-value="poverty"]').trigger('click')
  await w.get('[data-testid="visit-date"] input').setValue('2026-03-08')
  await w.get('#visit-place').setValue('青山镇柳树村')
  await w.get('[data-testid="visit-households"] input').setValue('2')
  await w.get('[data-testid="visit-persons"] input').setValue('6')
  await w.get('[data-testid="visit-funds"] input').setValue('1,000.5')
  await w.get('[data-testid="visit-goods-add"]').trigger('click')
  await w.get('[data-testid="visit-goods-name"] input').setValue('电视机')
  await w.get('[data-testid="visit-goods-quantity"] input').setValue(quantity)
  await w.get('[data-testid="visit-goods-item"] [data-unit="tai"]').trigger('click')
  await w.get('[data-testid="visit-participants"]').trigger('click')
  await until(() => expect(document.querySelector(`[data-testid="visit-participants-option"][data-name="王强"]`)).not.toBeNull())
  ;(document.querySelector(`[data-testid="visit-participants-option"][data-name="王强"]`) as HTMLElement).click()
}

describe('走访慰问 form (VisitFormView) on the real repositories', () => {
  test('the committee records a visit with goods and a participant: the row and its outbox entry are on the device', async () => {
    const { wrapper, db, router } = await openForm(['organizer'])
    await fill(wrapper, '2')
    await wrapper.get('[data-testid="visit-form"]').trigger('submit')
    await until(async () => expect(await db.data('visits').where('branch_id').equals(BRANCH).count()).toBe(1))
    const [row] = await db.data('visits').toArray()
    expect(row).toMatchObject({
      org_id: ORG, branch_id: BRANCH, kind: 'poverty', visited_on: '2026-03-08', place: '青山镇柳树村', households: 2, persons: 6,
      funds_fen: 100050, goods_items: [{ name: '电视机', quantity: 2, unit: '台' }], participant_ids: [WANG], visited_member_ids: [], notes: null,
    })
    const ops = (await db._outbox.toArray()).flatMap((e) => e.ops)
    expect(ops.map((o) => [o.table, o.op, o.id])).toEqual([['visits', 'upsert', row!.id]])
    await until(() => expect(router.currentRoute.value.path).toBe(`/branch/visits/${row!.id}`))
  })

  test('a quantity with two decimals is refused by its field, nothing is stored and what was typed stays', async () => {
    const { wrapper, db } = await openForm(['organizer'])
    await fill(wrapper, '1.25')
    await wrapper.get('[data-testid="visit-form"]').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="visit-goods-quantity"]').text()).toContain('数量最多保留 1 位小数'))
    expect(await db.data('visits').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
    expect((wrapper.get('[data-testid="visit-goods-quantity"] input').element as HTMLInputElement).value).toBe('1.25')
    expect((wrapper.get('[data-testid="visit-funds"] input').element as HTMLInputElement).value).toBe('1,000.5')
  })

  test('a member of the branch cannot record one', async () => {
    const { wrapper, db } = await openForm(['member'])
    await fill(wrapper, '2')
    await wrapper.get('[data-testid="visit-form"]').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="visit-form-error"]').text()).toBe('只有本支部的组织委员和支部书记可以记录走访慰问'))
    expect(await db.data('visits').count()).toBe(0)
  })
})

describe('走访慰问 list (VisitsView)', () => {
  test('shows this year\'s visits by kind with their totals and goods', async () => {
    const db = await branchDevice()
    await db.data('visits').bulkPut([
      visit(V1, 'poverty', '2026-01-25', { households: 6, persons: 21, funds_fen: 600000, place: '柳树村', goods_items: [{ name: '电视机', quantity: 6, unit: '台' }] }),
      visit(V2, 'staff_hardship', '2026-02-03', { persons: 2, funds_fen: 200000, goods: '米、油' }),
      visit(V3, 'poverty', '2025-12-24'),
    ])
    const view = await mountBranchView(VisitsView, { db, roles: ['organizer'], pattern: '/branch/visits', path: '/branch/visits' })
    mounted = view.wrapper
    const w = view.wrapper
    await until(() => expect(w.findAll('[data-testid="visits-item"]')).toHaveLength(2))
    expect(w.get('[data-testid="visits-totals"]').text()).toBe('2次 · 7户 · 23人 · 慰问金 ¥8,000.00')
    expect(w.findAll('[data-testid="visits-item"]').map((i) => i.attributes('href'))).toEqual([`/branch/visits/${V2}`, `/branch/visits/${V1}`])
    expect(w.findAll('[data-testid="visits-item"]')[1]!.text()).toContain('电视机 6 台')
    await w.get('[data-testid="visits-kind"] [data-value="poverty"]').trigger('click')
    expect(w.findAll('[data-testid="visits-item"]')).toHaveLength(1)
    await w.get('[data-testid="visits-year"] [data-value="2025"]').trigger('click')
    expect(w.get('[data-testid="visits-totals"]').text()).toBe('1次 · 1户 · 1人 · 慰问金 ¥500.00')
  })
})
