import { afterEach, describe, expect, test } from 'vitest'
import StudyLogForm from '@/features/records/StudyLogForm.vue'
import DonationForm from '@/features/records/DonationForm.vue'
import BloodDonationForm from '@/features/records/BloodDonationForm.vue'
import { BRANCH, ME, ORG, freshDb, mountMemberView, settle } from './member-support'

afterEach(() => {
  document.body.innerHTML = ''
})

const CAMPAIGN = '19000000-0000-4000-8000-000000000001'

describe('StudyLogForm', () => {
  test('explains missing minutes and topic in Chinese and saves nothing', async () => {
    const { wrapper, db } = await mountMemberView(StudyLogForm)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('请输入学习时长（分钟）')
    expect(wrapper.text()).toContain('请填写学习内容')
    expect(await db._outbox.count()).toBe(0)
  })

  test('refuses a date after today', async () => {
    const { wrapper } = await mountMemberView(StudyLogForm)
    await wrapper.get('#study-date').setValue('2026-03-11')
    await wrapper.get('#study-minutes').setValue('30')
    await wrapper.get('#study-topic').setValue('党章')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('日期不能晚于今天')
  })

  test('saves a log on the device with its outbox entry, offline', async () => {
    const { wrapper, db, router } = await mountMemberView(StudyLogForm)
    await wrapper.get('#study-minutes').setValue('45')
    await wrapper.get('#study-topic').setValue(' 学习全会精神 ')
    await wrapper.get('form').trigger('submit')
    await settle()
    const rows = await db.data('study_logs').toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ member_id: ME, branch_id: BRANCH, org_id: ORG, minutes: 45, topic: '学习全会精神', source: '学习强国', studied_on: '2026-03-10' })
    expect((await db._outbox.toArray())[0]!.ops[0]).toMatchObject({ table: 'study_logs', op: 'upsert' })
    expect(router.currentRoute.value.name).toBe('my-record')
  })

  test('edits and deletes an existing log (a tombstone once the server knows it)', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000aa'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 20, topic: '党史', source: null, note: null, _ver: 3 })
    const { wrapper } = await mountMemberView(StudyLogForm, { db, path: `/view/${id}` })
    expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('20')
    await wrapper.get('#study-minutes').setValue('25')
    await wrapper.get('form').trigger('submit')
    await settle()
    const update = (await db._outbox.toArray())[0]!.ops[0]!
    expect(update).toMatchObject({ op: 'update', row: { minutes: 25 }, base_ver: 3 })
  })
})

describe('deleting a record', () => {
  const confirmDelete = async (wrapper: Awaited<ReturnType<typeof mountMemberView>>['wrapper']) => {
    await wrapper.get('[data-testid="record-delete"]').trigger('click')
    await settle()
    ;(document.body.querySelector('.van-dialog__confirm') as HTMLButtonElement).click()
    await settle()
  }

  test('tombstones a log the server already has', async () => {
    const db = freshDb()
    const id = '01900000-0000-7000-8000-0000000000bb'
    await db.data('study_logs').put({ id, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 20, topic: '党史', _ver: 2 })
    const { wrapper } = await mountMemberView(StudyLogForm, { db, path: `/view/${id}` })
    await confirmDelete(wrapper)
    expect((await db._outbox.toArray())[0]!.ops[0]).toMatchObject({ table: 'study_logs', op: 'delete', id })
    expect(await db.data('study_logs').get(id)).toBeUndefined()
  })

  test('drops a log that never left the phone, with nothing to send', async () => {
    const { wrapper: form, db } = await mountMemberView(StudyLogForm)
    await form.get('#study-minutes').setValue('15')
    await form.get('#study-topic').setValue('党章')
    await form.get('form').trigger('submit')
    await settle()
    const [row] = await db.data('study_logs').toArray()
    form.unmount()
    const { wrapper } = await mountMemberView(StudyLogForm, { db, path: `/view/${row!.id}` })
    await confirmDelete(wrapper)
    expect(await db._outbox.count()).toBe(0)
    expect(await db.data('study_logs').count()).toBe(0)
  })
})

describe('DonationForm', () => {
  const withCampaign = async () => {
    const db = freshDb()
    await db.data('donation_campaigns').put({ id: CAMPAIGN, org_id: ORG, name: '2026年“博爱一日捐”', year: 2026, _ver: 1 })
    return db
  }

  test('refuses more than two decimals and an unchosen campaign', async () => {
    const { wrapper } = await mountMemberView(DonationForm, { db: await withCampaign() })
    await wrapper.get('#donation-amount').setValue('12.345')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('金额最多精确到分（小数点后两位）')
    expect(wrapper.text()).toContain('缺少捐款活动')
  })

  test('stores the amount as integer fen', async () => {
    const db = await withCampaign()
    const { wrapper } = await mountMemberView(DonationForm, { db })
    await wrapper.get('#donation-campaign').setValue(CAMPAIGN)
    await wrapper.get('#donation-amount').setValue('¥100.5')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect((await db.data('donations').toArray())[0]).toMatchObject({ campaign_id: CAMPAIGN, amount_fen: 10050, member_id: ME })
  })
})

describe('BloodDonationForm', () => {
  test('offers the usual volumes and refuses more than 800 ml', async () => {
    const { wrapper, db } = await mountMemberView(BloodDonationForm)
    await wrapper.get('#blood-volume').setValue('900')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('献血量不能超过800毫升')
    const chip = wrapper.findAll('.van-tag').find((t) => t.text() === '300 毫升')!
    await chip.trigger('click')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect((await db.data('blood_donations').toArray())[0]).toMatchObject({ volume_ml: 300, event_id: null })
  })
})

describe('VisitParticipationForm', () => {
  const VISIT = '1e000000-0000-4000-8000-000000000001'

  test('asks which visit, then records taking part in it', async () => {
    const db = freshDb()
    await db.data('visits').put({ id: VISIT, org_id: ORG, branch_id: BRANCH, kind: 'poverty', visited_on: '2026-01-25', place: '柳树村', funds_fen: 600000, _ver: 1 })
    const { default: VisitParticipationForm } = await import('@/features/records/VisitParticipationForm.vue')
    const { wrapper } = await mountMemberView(VisitParticipationForm, { db })
    expect(wrapper.get('#visit-select').text()).toContain('2026-01-25 帮扶 · 柳树村 · ¥6,000.00')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('缺少走访活动')
    await wrapper.get('#visit-select').setValue(VISIT)
    await wrapper.get('#visit-note').setValue('负责入户')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.find('[data-testid="record-form-error"]').exists()).toBe(false)
    const rows = await db.data('visit_participants').toArray()
    expect(rows).toEqual([expect.objectContaining({ visit_id: VISIT, member_id: ME, branch_id: BRANCH, org_id: ORG, note: '负责入户' })])
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['visit_participants', 'upsert', rows[0]!.id]]])
  })
})
