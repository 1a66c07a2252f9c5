import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import PledgeSignView from '@/features/pledges/PledgeSignView.vue'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const TEMPLATE = '1c000000-0000-4000-8000-000000000001'
const BODY = '干部职工廉洁从政承诺书\n本人郑重承诺：严守政治纪律和政治规矩。'
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
let mounted: VueWrapper | null = null

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 300, height: 100, right: 300, bottom: 100, x: 0, y: 0, toJSON: () => ({}) })
})
afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function deviceWithTemplate() {
  const db = freshDb()
  await db.data('pledge_templates').put({ id: TEMPLATE, org_id: ORG, year: 2026, kind: 'personal', title: '干部职工廉洁从政承诺书', body: BODY, body_sha256: sha(BODY), _ver: 1 })
  return db
}

function draw(canvas: Element, points: [number, number][]) {
  const fire = (type: string, [x, y]: [number, number]) =>
    canvas.dispatchEvent(Object.assign(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true }), { pointerId: 1 }))
  fire('pointerdown', points[0]!)
  for (const p of points.slice(1)) fire('pointermove', p)
  fire('pointerup', points[points.length - 1]!)
}

describe('PledgeSignView', () => {
  test('refuses an empty signature with a Chinese message', async () => {
    const { wrapper, db } = await mountMemberView(PledgeSignView, { db: await deviceWithTemplate() })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="pledge-body"]').text()).toContain('严守政治纪律'))
    await wrapper.get('[data-testid="pledge-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="pledge-error"]').text()).toBe('请在方框内手写签名'))
    expect(await db.data('pledge_signatures').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })

  test('stores the finger strokes as normalised vectors with the text hash, then shows the signed pledge', async () => {
    const { wrapper, db, now } = await mountMemberView(PledgeSignView, { db: await deviceWithTemplate() })
    mounted = wrapper
    const canvas = await until(() => wrapper.get('[data-testid="pledge-pad"]').element)
    draw(canvas, Array.from({ length: 8 }, (_, i) => [30 + i * 10, 50] as [number, number]))
    draw(canvas, Array.from({ length: 6 }, (_, i) => [150, 20 + i * 10] as [number, number]))
    await wrapper.get('[data-testid="pledge-submit"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="pledge-signed"]').exists()).toBe(true))
    const rows = await db.data('pledge_signatures').toArray()
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['pledge_signatures', 'upsert', row!.id]]])
    expect(row).toMatchObject({ branch_id: BRANCH, member_id: ME, template_id: TEMPLATE, signer_name: '李晓梅', signed_text_sha256: sha(BODY), signed_at: now.toISOString(), unit_id: null })
    const strokes = row!.strokes as { x: number; y: number; t: number }[][]
    expect(strokes).toHaveLength(2)
    expect(strokes[0]![0]).toMatchObject({ x: 0.1, y: 0.5 })
    expect(strokes[1]![5]).toMatchObject({ x: 0.5, y: 0.7 })
    expect(wrapper.get('[data-testid="pledge-signed"]').text()).toContain('你已签署本年度承诺书，不能重复签署')
    expect(wrapper.find('[data-testid="pledge-pad"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="pledge-signature-image"] path')).toHaveLength(2)
  })

  test('says so when this year\'s pledge has not been published', async () => {
    const { wrapper } = await mountMemberView(PledgeSignView, { db: freshDb() })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="pledge-missing"]').text()).toContain('2026年度承诺书尚未发布'))
  })
})
