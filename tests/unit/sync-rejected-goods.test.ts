import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import SyncRejectedView from '@/features/sync/SyncRejectedView.vue'
import type { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { SyncEngine } from '@/data/sync/engine'
import type { SyncTransport } from '@/data/sync/transport'
import type { Locale } from '@/i18n'
import { BRANCH, ORG, freshDb, mountMemberView, until } from './member-support'

const NOW = new Date('2026-03-10T07:05:00Z')
const VISIT = '01900000-0000-7000-8000-0000000000c1'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

/** A server that refuses every pushed change as sync_push does (and cannot be reached for the pull). */
async function refuseQueued(db: ZhibuDb) {
  const transport: SyncTransport = {
    async rpc<T>(fn: string, args: Record<string, unknown>) {
      if (fn !== 'sync_push') return { ok: false as const, error: { status: 0, message: 'offline' } }
      const txs = args.p_txs as { tx_id: string }[]
      const refusal = { code: 'invalid_value', message: '数据不符合要求：字段“goods_items”的值不被接受' }
      return { ok: true as const, data: { results: txs.map((tx) => ({ tx_id: tx.tx_id, status: 'rejected', op_index: 0, ...refusal })) } as T }
    },
  }
  await new SyncEngine({ db, transport, now: () => NOW }).sync()
  expect(await db._outbox.count()).toBe(0)
}

/** A 走访慰问 the server refused, with the goods as the form stores them (preset units in Chinese, one typed). */
async function refusedVisit(goods: { name: string; quantity: number; unit: string }[]) {
  const db = freshDb()
  await createRepositories({ db, now: () => NOW }).visits.put({
    id: VISIT, org_id: ORG, branch_id: BRANCH, kind: 'poverty', visited_on: '2026-03-09', place: '石门村',
    households: 3, persons: 8, funds_fen: 150000, goods_items: goods, participant_ids: [], visited_member_ids: [], notes: '',
  })
  await refuseQueued(db)
  return db
}

async function goodsShown(db: ZhibuDb, locale: Locale = 'zh-CN') {
  const view = await mountMemberView(SyncRejectedView, { db, now: NOW, locale, roles: ['organizer'] })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.findAll('[data-testid="sync-rejected-item"]')).toHaveLength(1))
  const item = view.wrapper.get('[data-testid="sync-rejected-item"]')
  const fields = item.get('[data-testid="sync-rejected-fields"]').findAll('div').map((d) => [d.get('dt').text(), d.get('dd').text()])
  return { item, goods: fields.filter(([label]) => label === '慰问物品' || label === 'Goods') }
}

const GOODS = [{ name: '电视机', quantity: 2, unit: '台' }, { name: '床上用品', quantity: 1, unit: '批' }, { name: '大米', quantity: 2.5, unit: '吨' }]

describe('需处理: a refused visit words its goods', () => {
  test('should list each item with its quantity and unit, never the raw list', async () => {
    const { item, goods } = await goodsShown(await refusedVisit(GOODS))
    expect(goods).toEqual([['慰问物品', '电视机 2 台、床上用品 1 批、大米 2.5 吨']])
    expect(item.get('[data-testid="sync-rejected-reason"]').text()).toBe('“慰问物品”的内容不符合要求')
    expect(item.text()).not.toMatch(/goods_items|quantity|\[\{/)
  })

  test('should word preset units in English and keep names and typed units as stored', async () => {
    const { goods } = await goodsShown(await refusedVisit(GOODS), 'en')
    expect(goods).toEqual([['Goods', '电视机 2 sets, 床上用品 1 lots, 大米 2.5 吨']])
  })

  test('should say there were none when the list is empty', async () => {
    expect((await goodsShown(await refusedVisit([]))).goods).toEqual([['慰问物品', '没有慰问物品']])
    expect((await goodsShown(await refusedVisit([]), 'en')).goods).toEqual([['Goods', 'No goods']])
  })
})
