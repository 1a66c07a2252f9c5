import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import StudyLogForm from '@/features/records/StudyLogForm.vue'
import DonationForm from '@/features/records/DonationForm.vue'
import BloodDonationForm from '@/features/records/BloodDonationForm.vue'
import VisitParticipationForm from '@/features/records/VisitParticipationForm.vue'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const CAMPAIGN = '19000000-0000-4000-8000-000000000001'
const VISIT = '1e000000-0000-4000-8000-000000000001'

async function mountForm(...args: Parameters<typeof mountMemberView>) {
  const view = await mountMemberView(...args)
  mounted = view.wrapper
  return view
}

describe('StudyLogForm', () => {
  test('explains missing minutes and topic in Chinese and saves nothing', async () => {
    const { wrapper, db } = await mountForm(StudyLogForm)
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请输入学习时长（分钟）'))
    expect(wrapper.text()).toContain('请填写学习内容')
    expect(await db._outbox.count()).toBe(0)
    expect(await db.data('study_logs').count()).toBe(0)
  })

  test('refuses a date after today', async () => {
    const { wrapper, db } = await mountForm(StudyLogForm)
    await wrapper.get('#study-date').setValue('2026-03-11')
    await wrapper.get('#study-minutes').setValue('30')
    await wrapper.get('#study-topic').setValue('党章')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('日期不能晚于今天'))
    expect(await db._outbox.count()).toBe(0)
  })

  test('saves a log on the device with its outbox entry, offline, and returns to 我的记录', async () => {
    const { wrapper, db, router } = await mountForm(StudyLogForm)
    await wrapper.get('#study-minutes').setValue('45')
    await wrapper.get('#study-topic').setValue(' 学习全会精神 ')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('my-record'))
    const rows = await db.data('study_logs').toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ member_id: ME, branch_id: BRANCH, org_id: ORG, minutes: 45, topic: '学习全会精神', source: '学习强国', studied_on: '2026-03-10' })
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'study_logs', op: 'upsert', id: rows[0]!.id })])
  })

  test('edits an existing log: only the changed column is sent, on the version it was made on', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000aa'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 20, topic: '党史', source: null, note: null, _ver: 3 })
    const { wrapper } = await mountForm(StudyLogForm, { db, path: `/view/${id}` })
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('20'))
    await wrapper.get('#study-minutes').setValue('25')
    await wrapper.get('form').trigger('submit')
    const [entry] = await until(async () => {
      const entries = await db._outbox.toArray()
      expect(entries).toHaveLength(1)
      return entries
    })
    expect(entry!.ops).toEqual([expect.objectContaining({ op: 'update', row: { minutes: 25 }, base_ver: 3 })])
  })

  test('refuses to save over another member\'s log', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000ab'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: 'someone-else', studied_on: '2026-03-01', minutes: 20, topic: '党史', _ver: 3 })
    const { wrapper } = await mountForm(StudyLogForm, { db, path: `/view/${id}` })
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('20'))
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="record-form-error"]').text()).toBe('只能修改自己的记录'))
    expect(await db._outbox.count()).toBe(0)
  })

  test('keeps a stored log that does not match its schema and says so, instead of dropping it', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000ac'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 'twenty', topic: '党史', _ver: 3 })
    const { wrapper } = await mountForm(StudyLogForm, { db, path: `/view/${id}` })
    await until(() => expect(wrapper.get('[data-testid="data-problem-invalid"]').text()).toBe('本机有 1 条记录格式不符，已保留在本机，暂未显示'))
    expect(wrapper.get('[data-testid="data-problem"]').text()).toContain(`学习记录 ${id}：minutes`)
    expect(wrapper.text()).not.toContain('这条记录不存在或已删除')
    expect(await db.data('study_logs').get(id)).toMatchObject({ minutes: 'twenty' })
  })

  test('a failure after the log is stored (leaving the page) is not reported as a failed save', async () => {
    const { wrapper, db, router } = await mountForm(StudyLogForm)
    vi.spyOn(router, 'replace').mockRejectedValue(new TypeError('Failed to fetch dynamically imported module: MyRecordView.js'))
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await wrapper.get('#study-minutes').setValue('30')
    await wrapper.get('#study-topic').setValue('党章')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.replace).toHaveBeenCalledTimes(1))
    await until(() => expect(wrapper.get('[data-testid="record-save"]').classes()).not.toContain('van-button--loading'))
    expect(wrapper.find('[data-testid="record-form-error"]').exists()).toBe(false)
    // Saving again changes the same log; it never makes a second one.
    await wrapper.get('#study-minutes').setValue('35')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.replace).toHaveBeenCalledTimes(2))
    const rows = await db.data('study_logs').toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ minutes: 35 })
  })
})

describe('deleting a record', () => {
  const confirmDelete = async (wrapper: VueWrapper) => {
    await until(() => expect(wrapper.find('[data-testid="record-delete"]').exists()).toBe(true))
    await wrapper.get('[data-testid="record-delete"]').trigger('click')
    const confirm = await until(() => {
      const button = document.body.querySelector('.van-dialog__confirm') as HTMLButtonElement | null
      expect(button).not.toBeNull()
      return button!
    })
    confirm.click()
  }

  test('tombstones a log the server already has', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000bb'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 20, topic: '党史', _ver: 2 })
    const { wrapper } = await mountForm(StudyLogForm, { db, path: `/view/${id}` })
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('20'))
    await confirmDelete(wrapper)
    await until(async () => expect(await db.data('study_logs').get(id)).toBeUndefined())
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops)).toEqual([[expect.objectContaining({ table: 'study_logs', op: 'delete', id })]])
  })

  test('drops a log that never left the phone, with nothing to send', async () => {
    const { wrapper: form, db } = await mountForm(StudyLogForm)
    await form.get('#study-minutes').setValue('15')
    await form.get('#study-topic').setValue('党章')
    await form.get('form').trigger('submit')
    const [row] = await until(async () => {
      const rows = await db.data('study_logs').toArray()
      expect(rows).toHaveLength(1)
      return rows
    })
    form.unmount()
    const { wrapper } = await mountForm(StudyLogForm, { db, path: `/view/${row!.id}` })
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('15'))
    await confirmDelete(wrapper)
    await until(async () => expect(await db.data('study_logs').count()).toBe(0))
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('DonationForm', () => {
  const withCampaign = async () => {
    const db = freshDb()
    await db.data('donation_campaigns').put({ id: CAMPAIGN, org_id: ORG, name: '2026年“博爱一日捐”', year: 2026, _ver: 1 })
    return db
  }

  test('refuses more than two decimals and an unchosen campaign', async () => {
    const { wrapper, db } = await mountForm(DonationForm, { db: await withCampaign() })
    await wrapper.get('#donation-amount').setValue('12.345')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('金额最多精确到分（小数点后两位）'))
    expect(wrapper.text()).toContain('缺少捐款活动')
    expect(await db._outbox.count()).toBe(0)
  })

  test('stores the amount as integer fen, with its outbox entry', async () => {
    const db = await withCampaign()
    const { wrapper } = await mountForm(DonationForm, { db })
    await until(() => expect(wrapper.get('#donation-campaign').text()).toContain('博爱一日捐'))
    await wrapper.get('#donation-campaign').setValue(CAMPAIGN)
    await wrapper.get('#donation-amount').setValue('¥100.5')
    await wrapper.get('form').trigger('submit')
    const [row] = await until(async () => {
      const rows = await db.data('donations').toArray()
      expect(rows).toHaveLength(1)
      return rows
    })
    expect(row).toMatchObject({ campaign_id: CAMPAIGN, amount_fen: 10050, member_id: ME })
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['donations', 'upsert', row!.id]]])
  })
})

describe('BloodDonationForm', () => {
  test('offers the usual volumes and refuses more than 800 ml', async () => {
    const { wrapper, db } = await mountForm(BloodDonationForm)
    await wrapper.get('#blood-volume').setValue('900')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('献血量不能超过800毫升'))
    expect(await db._outbox.count()).toBe(0)
    const chip = wrapper.findAll('.van-tag').find((t) => t.text() === '300 毫升')!
    await chip.trigger('click')
    await wrapper.get('form').trigger('submit')
    const rows = await until(async () => {
      const list = await db.data('blood_donations').toArray()
      expect(list).toHaveLength(1)
      return list
    })
    expect(rows[0]).toMatchObject({ volume_ml: 300, event_id: null })
    expect(await db._outbox.count()).toBe(1)
  })
})

describe('VisitParticipationForm', () => {
  test('asks which visit, then records taking part in it: the row and its outbox entry are on the device', async () => {
    const db = freshDb()
    await db.data('visits').put({ id: VISIT, org_id: ORG, branch_id: BRANCH, kind: 'poverty', visited_on: '2026-01-25', place: '柳树村', funds_fen: 600000, _ver: 1 })
    const { wrapper, router } = await mountForm(VisitParticipationForm, { db })
    await until(() => expect(wrapper.get('#visit-select').text()).toContain('2026-01-25 帮扶 · 柳树村 · ¥6,000.00'))
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('缺少走访活动'))
    await wrapper.get('#visit-select').setValue(VISIT)
    await wrapper.get('#visit-note').setValue('负责入户')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('my-record'))
    expect(wrapper.find('[data-testid="record-form-error"]').exists()).toBe(false)
    const rows = await db.data('visit_participants').toArray()
    expect(rows).toEqual([expect.objectContaining({ visit_id: VISIT, member_id: ME, branch_id: BRANCH, org_id: ORG, note: '负责入户' })])
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['visit_participants', 'upsert', rows[0]!.id]]])
  })

  test('edits a participation recorded earlier', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000cc'
    await db.data('visits').put({ id: VISIT, org_id: ORG, branch_id: BRANCH, kind: 'poverty', visited_on: '2026-01-25', place: '柳树村', _ver: 1 })
    await db.data('visit_participants').put({ id, org_id: ORG, branch_id: BRANCH, visit_id: VISIT, member_id: ME, note: '负责入户', _ver: 5 })
    const { wrapper } = await mountForm(VisitParticipationForm, { db, path: `/view/${id}` })
    await until(() => expect((wrapper.get('#visit-note').element as HTMLInputElement).value).toBe('负责入户'))
    await wrapper.get('#visit-note').setValue('负责登记')
    await wrapper.get('form').trigger('submit')
    const entries = await until(async () => {
      const list = await db._outbox.toArray()
      expect(list).toHaveLength(1)
      return list
    })
    expect(entries[0]!.ops).toEqual([expect.objectContaining({ table: 'visit_participants', op: 'update', row: { note: '负责登记' }, base_ver: 5 })])
  })
})
