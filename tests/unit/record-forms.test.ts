import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import StudyLogForm from '@/features/records/StudyLogForm.vue'
import DonationForm from '@/features/records/DonationForm.vue'
import BloodDonationForm from '@/features/records/BloodDonationForm.vue'
import VisitParticipationForm from '@/features/records/VisitParticipationForm.vue'
import LeaveRequestForm from '@/features/checkin/LeaveRequestForm.vue'
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
const LATER_EVENT = '17000000-0000-4000-8000-000000000007'

async function mountForm(...args: Parameters<typeof mountMemberView>) {
  const view = await mountMemberView(...args)
  mounted = view.wrapper
  return view
}

/** The error message shown under the field whose input matches `selector` ('' when none). */
function fieldError(wrapper: VueWrapper, selector: string): string {
  const cell = wrapper.get(selector).element.closest('.van-field')
  return cell?.querySelector('.van-field__error-message')?.textContent?.trim() ?? ''
}

const valueOf = (wrapper: VueWrapper, selector: string) => (wrapper.get(selector).element as HTMLInputElement | HTMLTextAreaElement).value

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
    expect(wrapper.text()).toContain('请选择捐款活动')
    expect((wrapper.get('#donation-amount').element as HTMLInputElement).value).toBe('12.345')
    expect(await db.data('donations').count()).toBe(0)
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
    await until(() => expect(fieldError(wrapper, '#blood-volume')).toBe('献血量不能超过 800 毫升'))
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
    await until(() => expect(wrapper.text()).toContain('请选择走访活动'))
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

describe('typed numbers are read exactly or refused, never altered', () => {
  const refusals = [
    ['1e12', '请直接写出完整的数字，不要用 1e3 这样的写法'],
    ['−200', '不能为负数'],
    ['1.5', '请输入整数'],
  ] as const

  for (const [typed, message] of refusals) {
    test(`study minutes "${typed}": refused with "${message}", kept as typed, nothing stored`, async () => {
      const { wrapper, db } = await mountForm(StudyLogForm)
      await wrapper.get('#study-minutes').setValue(typed)
      await wrapper.get('#study-topic').setValue('党章')
      await wrapper.get('form').trigger('submit')
      await until(() => expect(fieldError(wrapper, '#study-minutes')).toBe(message))
      expect(valueOf(wrapper, '#study-minutes')).toBe(typed)
      expect(await db.data('study_logs').count()).toBe(0)
      expect(await db._outbox.count()).toBe(0)
    })

    test(`blood volume "${typed}": refused with "${message}", kept as typed, nothing stored`, async () => {
      const { wrapper, db } = await mountForm(BloodDonationForm)
      await wrapper.get('#blood-volume').setValue(typed)
      await wrapper.get('form').trigger('submit')
      await until(() => expect(fieldError(wrapper, '#blood-volume')).toBe(message))
      expect(valueOf(wrapper, '#blood-volume')).toBe(typed)
      expect(await db.data('blood_donations').count()).toBe(0)
      expect(await db._outbox.count()).toBe(0)
    })
  }

  test('full-width study minutes "１２０" are stored as 120', async () => {
    const { wrapper, db, router } = await mountForm(StudyLogForm)
    await wrapper.get('#study-minutes').setValue('１２０')
    await wrapper.get('#study-topic').setValue('党章')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('my-record'))
    expect(await db.data('study_logs').toArray()).toEqual([expect.objectContaining({ minutes: 120, member_id: ME })])
  })

  test('a full-width blood volume "３００" is stored as 300', async () => {
    const { wrapper, db, router } = await mountForm(BloodDonationForm)
    await wrapper.get('#blood-volume').setValue('３００')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('my-record'))
    expect(await db.data('blood_donations').toArray()).toEqual([expect.objectContaining({ volume_ml: 300, member_id: ME })])
  })

  test('a donation of "12.345" is refused with the decimals message and nothing is stored', async () => {
    const db = freshDb()
    await db.data('donation_campaigns').put({ id: CAMPAIGN, org_id: ORG, name: '2026年“博爱一日捐”', year: 2026, _ver: 1 })
    const { wrapper } = await mountForm(DonationForm, { db })
    await until(() => expect(wrapper.get('#donation-campaign').text()).toContain('博爱一日捐'))
    await wrapper.get('#donation-campaign').setValue(CAMPAIGN)
    await wrapper.get('#donation-amount').setValue('12.345')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(fieldError(wrapper, '#donation-amount')).toBe('金额最多精确到分（小数点后两位）'))
    expect(valueOf(wrapper, '#donation-amount')).toBe('12.345')
    expect(await db.data('donations').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('long text is counted and refused, never cut', () => {
  test('a 10,000-character study note stays whole, shows its count, and is not saved', async () => {
    const { wrapper, db } = await mountForm(StudyLogForm)
    const note = '学'.repeat(10_000)
    await wrapper.get('#study-minutes').setValue('30')
    await wrapper.get('#study-topic').setValue('党章')
    await wrapper.get('#study-note').setValue(note)
    expect(valueOf(wrapper, '#study-note')).toBe(note)
    const counter = wrapper.get('#study-note').element.closest('.app-text-counter')!.querySelector('[data-testid="text-counter"]')!
    expect(counter.textContent!.trim()).toBe('10000 / 2000')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.findAll('.van-field__error-message').map((e) => e.text())).toContain('内容过长：最多 2000 个字，现在 10000 个字'))
    expect(valueOf(wrapper, '#study-note')).toBe(note)
    expect(await db.data('study_logs').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })

  test('a 501-character blood donation note is refused and kept; cut to 500 by hand it saves whole', async () => {
    const { wrapper, db } = await mountForm(BloodDonationForm)
    await wrapper.get('#blood-volume').setValue('200')
    const note = wrapper.findAll('input').find((i) => i.element.closest('.app-text-counter'))!
    await note.setValue('献'.repeat(501))
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('内容过长：最多 500 个字，现在 501 个字'))
    expect((note.element as HTMLInputElement).value).toHaveLength(501)
    expect(await db.data('blood_donations').count()).toBe(0)
    await note.setValue('献'.repeat(500))
    await wrapper.get('form').trigger('submit')
    const rows = await until(async () => {
      const list = await db.data('blood_donations').toArray()
      expect(list).toHaveLength(1)
      return list
    })
    expect(rows[0]!.note).toBe('献'.repeat(500))
  })

  test('a leave reason over 500 characters stays whole and is refused with its length', async () => {
    const db = freshDb()
    await db.data('events').put({ id: LATER_EVENT, org_id: ORG, branch_id: BRANCH, kind: 'seminar', title: '集中研讨', starts_at: '2026-03-19T07:00:00Z', ends_at: null, _ver: 1 })
    const { wrapper } = await mountForm(LeaveRequestForm, { db, path: `/view/${LATER_EVENT}`, routes: [{ path: '/view/:eventId', component: LeaveRequestForm }] })
    await until(() => expect(wrapper.find('#leave-reason').exists()).toBe(true))
    const reason = '因'.repeat(10_000)
    await wrapper.get('#leave-reason').setValue(reason)
    expect(wrapper.get('[data-testid="text-counter"]').text()).toBe('10000 / 500')
    await wrapper.get('[data-testid="leave-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('内容过长：最多 500 个字，现在 10000 个字'))
    expect(valueOf(wrapper, '#leave-reason')).toBe(reason)
    expect(await db.data('attendance').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('in English', () => {
  test('the study form speaks English, refuses "1e12" in English, and still stores the source as 学习强国', async () => {
    const { wrapper, db, router, i18n } = await mountForm(StudyLogForm)
    i18n.global.locale.value = 'en'
    await until(() => expect(wrapper.get('h1').text()).toBe('Log personal study'))
    expect(wrapper.get('#study-minutes').element.closest('.van-field')!.querySelector('label')!.textContent).toBe('Minutes')
    expect(valueOf(wrapper, '#study-source')).toBe('Xuexi Qiangguo')
    expect(wrapper.findAll('.van-tag').map((t) => t.text())).toContain('Party newspapers and journals')
    expect(wrapper.text()).not.toMatch(/[\u4e00-\u9fff]/)
    await wrapper.get('#study-minutes').setValue('1e12')
    await wrapper.get('#study-topic').setValue('Party Constitution')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(fieldError(wrapper, '#study-minutes')).toBe('Write the number out in full, not as 1e3'))
    expect(await db.data('study_logs').count()).toBe(0)
    await wrapper.get('#study-minutes').setValue('45')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(router.currentRoute.value.name).toBe('my-record'))
    expect(await db.data('study_logs').toArray()).toEqual([expect.objectContaining({ minutes: 45, source: '学习强国', topic: 'Party Constitution' })])
  })
})
