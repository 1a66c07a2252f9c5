import { afterEach, describe, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { defineComponent } from 'vue'
import SyncRejectedView from '@/features/sync/SyncRejectedView.vue'
import StudyLogForm from '@/features/records/StudyLogForm.vue'
import LeaveRequestForm from '@/features/checkin/LeaveRequestForm.vue'
import type { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { SyncEngine } from '@/data/sync/engine'
import type { SyncTransport } from '@/data/sync/transport'
import { attendanceRowId } from '@/domain/syncIds'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const NOW = new Date('2026-03-10T07:05:00Z')
const LOG = '01900000-0000-7000-8000-0000000000b1'
const EVENT = '17000000-0000-4000-8000-000000000001'
const LATER = '17000000-0000-4000-8000-000000000007'
const Blank = defineComponent({ render: () => null })

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
})

interface Refusal {
  code: string
  message: string
  detail?: string
}

/**
 * Syncs the device against a server that refuses every change with `refusal` (as sync_push answers)
 * and is unreachable for the pull: the device is left exactly as the sync engine leaves it.
 */
async function refuseQueued(db: ZhibuDb, refusal: Refusal) {
  const transport: SyncTransport = {
    async rpc<T>(fn: string, args: Record<string, unknown>) {
      if (fn !== 'sync_push') return { ok: false as const, error: { status: 0, message: 'offline' } }
      const txs = args.p_txs as { tx_id: string }[]
      return { ok: true as const, data: { results: txs.map((tx) => ({ tx_id: tx.tx_id, status: 'rejected', op_index: 0, ...refusal })) } as T }
    },
  }
  await new SyncEngine({ db, transport, now: () => NOW }).sync()
  expect(await db._outbox.count()).toBe(0)
}

async function deviceWithRefusedStudyLog() {
  const db = freshDb()
  const repositories = createRepositories({ db, now: () => NOW })
  await repositories.studyLogs.put({ id: LOG, org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-09', minutes: 5000, topic: '党章', source: '学习强国', note: '' })
  await refuseQueued(db, { code: 'invalid_value', message: '数据不符合要求：字段“minutes”的值不被接受', detail: 'new row for relation "study_logs" violates check constraint' })
  return db
}

async function deviceWithRefusedCheckin() {
  const db = freshDb()
  const repositories = createRepositories({ db, now: () => NOW })
  await repositories.attendance.put({
    id: attendanceRowId(EVENT, ME), org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: ME,
    status: 'present', method: 'qr', checked_in_at: '2026-03-10T07:05:00Z', checkin_token: 'K7Q2XMAB',
  })
  await refuseQueued(db, { code: 'refused_p0001', message: '签到码已过期，请扫描签到屏幕上的最新二维码' })
  return db
}

async function mountPage(db: ZhibuDb) {
  const view = await mountMemberView(SyncRejectedView, {
    db,
    now: NOW,
    path: '/view',
    routes: [
      { path: '/', name: 'home', component: Blank },
      { path: '/view', name: 'view', component: SyncRejectedView },
      { path: '/me/record', name: 'my-record', component: Blank },
      { path: '/records/study/:id?', name: 'record-study', component: StudyLogForm },
      { path: '/checkin/leave/:eventId', name: 'checkin-leave', component: LeaveRequestForm },
    ],
  })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.findAll('[data-testid="sync-rejected-item"]')).toHaveLength(1))
  return view
}

describe('需处理: a refused change shown as its record', () => {
  test('shows a refused study log by its fields and the reason in words, never its column names', async () => {
    const { wrapper } = await mountPage(await deviceWithRefusedStudyLog())
    const item = wrapper.get('[data-testid="sync-rejected-item"]')
    expect(item.text()).toContain('新建或修改 学习记录：党章')
    const fields = item.get('[data-testid="sync-rejected-fields"]').findAll('div').map((d) => [d.get('dt').text(), d.get('dd').text()])
    expect(fields).toEqual([['学习日期', '2026-03-09'], ['学习时长（分钟）', '5000'], ['学习内容', '党章'], ['学习来源', '学习强国'], ['备注', '未填写']])
    expect(item.get('[data-testid="sync-rejected-reason"]').text()).toBe('“学习时长（分钟）”的内容不符合要求')
    expect(item.text()).toContain('请按原因修改后重新提交。')
    expect(item.text()).not.toMatch(/minutes|studied_on|topic|member_id/)
    expect(item.find('[data-testid="sync-force"]').exists()).toBe(false)
  })

  test("修改 opens the study form on the refused values; saving there queues one change and resolves the refusal", async () => {
    const db = await deviceWithRefusedStudyLog()
    const { wrapper, router } = await mountPage(db)
    await wrapper.get('[data-testid="sync-edit"]').trigger('click')
    await until(() => expect(router.currentRoute.value.name).toBe('record-study'))
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('5000'))
    expect((wrapper.get('#study-topic').element as HTMLInputElement).value).toBe('党章')
    expect((wrapper.get('#study-date').element as HTMLInputElement).value).toBe('2026-03-09')
    await wrapper.get('#study-minutes').setValue('45')
    await wrapper.get('form').trigger('submit')
    await until(async () => expect(await db._rejected.count()).toBe(0))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'study_logs', op: 'upsert', id: LOG })])
    expect(outbox[0]!.ops[0]!.row).toMatchObject({ minutes: 45, topic: '党章', studied_on: '2026-03-09', member_id: ME })
    expect(await db.data('study_logs').get(LOG)).toMatchObject({ minutes: 45, topic: '党章' })
    // The form returns where it came from (in the app, 需处理); there nothing is left to decide.
    await router.push('/view')
    await until(() => expect(wrapper.get('[data-testid="sync-rejected-empty"]').text()).toBe('没有需要处理的修改'))
  })

  test('keeps the refusal and what was typed when the study form itself refuses the value', async () => {
    const db = await deviceWithRefusedStudyLog()
    const { wrapper, router } = await mountPage(db)
    await wrapper.get('[data-testid="sync-edit"]').trigger('click')
    await until(() => expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('5000'))
    // 5000 minutes is more than a day: the form refuses it before anything is queued.
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('学习时长不能超过'))
    expect(router.currentRoute.value.name).toBe('record-study')
    expect((wrapper.get('#study-minutes').element as HTMLInputElement).value).toBe('5000')
    expect(await db._rejected.count()).toBe(1)
    expect(await db._outbox.count()).toBe(0)
  })

  test('shows a refused check-in read-only: 状态 已签到, local time, the reason, and never the check-in token', async () => {
    const { wrapper } = await mountPage(await deviceWithRefusedCheckin())
    const item = wrapper.get('[data-testid="sync-rejected-item"]')
    const fields = item.get('[data-testid="sync-rejected-fields"]').findAll('div').map((d) => [d.get('dt').text(), d.get('dd').text()])
    expect(fields.map(([label]) => label)).toEqual(['状态', '签到方式', '签到时间'])
    expect(fields[0]![1]).toBe('已签到')
    expect(fields[1]![1]).toBe('扫码')
    expect(fields[2]![1]).toBe(NOW.toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }))
    expect(fields[2]![1]).toContain('2026年3月10日')
    expect(item.get('[data-testid="sync-rejected-reason"]').text()).toBe('签到码已过期，请扫描签到屏幕上的最新二维码')
    expect(item.text()).not.toMatch(/checkin_token|K7Q2XMAB|present|checked_in_at|status/)
    expect(item.find('[data-testid="sync-edit"]').exists()).toBe(false)
    expect(item.find('[data-testid="sync-resend"]').exists()).toBe(true)
    expect(item.find('[data-testid="sync-discard"]').exists()).toBe(true)
  })

  test('speaks English in English: labels, values and the reason', async () => {
    const db = await deviceWithRefusedStudyLog()
    const repositories = createRepositories({ db, now: () => NOW })
    await repositories.attendance.put({ id: attendanceRowId(EVENT, ME), org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: ME, status: 'present', method: 'qr', checked_in_at: '2026-03-10T07:05:00Z', checkin_token: 'K7Q2XMAB' })
    await refuseQueued(db, { code: 'refused_p0001', message: '签到码已过期，请扫描签到屏幕上的最新二维码' })
    const view = await mountMemberView(SyncRejectedView, { db, now: NOW })
    mounted = view.wrapper
    view.i18n.global.locale.value = 'en'
    await until(() => expect(view.wrapper.findAll('[data-testid="sync-rejected-item"]')).toHaveLength(2))
    const text = view.wrapper.text()
    expect(text).toContain('Changes that need attention')
    expect(text).toContain('Create or edit study log: 党章')
    expect(text).toContain('Time studied (minutes)')
    expect(text).toContain('“Time studied (minutes)” is not accepted')
    expect(text).toContain('Status')
    expect(text).toContain('Checked in')
    expect(text).toContain('This check-in code has expired')
    expect(text).toContain('Send again')
    expect(text).not.toMatch(/学习时长|已签到|状态|签到码已过期|重新提交|studied_on|checked_in_at|checkin_token/)
  })

  test('resends a change as it was, as a new transaction, and forces only a conflict', async () => {
    const db = await deviceWithRefusedCheckin()
    await db._rejected.toCollection().modify({ code: 'conflict_checked_in', message: '该党员已签到，出席记录保留，未改为缺席。如确需改为缺席，请选择“强制覆盖”后重新提交', detail: 'x' })
    const { wrapper } = await mountPage(db)
    expect(wrapper.get('[data-testid="sync-rejected-reason"]').text()).toBe('该党员已签到，出席记录保留，未改为缺席')
    expect(wrapper.text()).toContain('如确需改为缺席，请选择“强制覆盖”。')
    const refusedTx = (await db._rejected.toArray())[0]!.tx_id
    await wrapper.get('[data-testid="sync-force"]').trigger('click')
    await until(async () => expect(await db._rejected.count()).toBe(0))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.tx_id).not.toBe(refusedTx)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'attendance', force: true, row: expect.objectContaining({ status: 'present' }) })])
  })

  test('discards only after the person confirms', async () => {
    const db = await deviceWithRefusedStudyLog()
    const { wrapper } = await mountPage(db)
    await wrapper.get('[data-testid="sync-discard"]').trigger('click')
    const confirm = await until(() => {
      const button = document.body.querySelector('.van-dialog__confirm') as HTMLButtonElement | null
      expect(button).not.toBeNull()
      return button!
    })
    expect(document.body.textContent).toContain('放弃这项修改？')
    expect(await db._rejected.count()).toBe(1)
    confirm.click()
    await until(async () => expect(await db._rejected.count()).toBe(0))
    expect(await db._outbox.count()).toBe(0)
  })

  test("修改 opens a refused leave request in the leave form; saving there queues it again and resolves the refusal", async () => {
    const db = freshDb()
    await db.data('events').put({ id: LATER, org_id: ORG, branch_id: BRANCH, kind: 'seminar', title: '集中研讨', starts_at: '2026-03-19T07:00:00Z', ends_at: null, _ver: 1 })
    const repositories = createRepositories({ db, now: () => NOW })
    const id = attendanceRowId(LATER, ME)
    await repositories.attendance.put({ id, org_id: ORG, branch_id: BRANCH, event_id: LATER, member_id: ME, status: 'leave', leave_status: 'pending', leave_reason: '外出', method: null, checked_in_at: null, checkin_token: null })
    await refuseQueued(db, { code: 'invalid_value', message: '数据不符合要求：字段“leave_reason”的值不被接受', detail: 'check constraint' })
    expect(await db.data('attendance').get(id)).toBeUndefined()
    const { wrapper, router } = await mountPage(db)
    expect(wrapper.get('[data-testid="sync-rejected-reason"]').text()).toBe('“请假事由”的内容不符合要求')
    await wrapper.get('[data-testid="sync-edit"]').trigger('click')
    await until(() => expect(router.currentRoute.value.name).toBe('checkin-leave'))
    await until(() => expect((wrapper.get('#leave-reason').element as HTMLTextAreaElement).value).toBe('外出'))
    await wrapper.get('#leave-reason').setValue('外出参加市里的培训')
    await wrapper.get('[data-testid="leave-form"]').trigger('submit')
    await until(async () => expect(await db._rejected.count()).toBe(0))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops).toEqual([expect.objectContaining({ table: 'attendance', op: 'upsert', id, row: expect.objectContaining({ status: 'leave', leave_reason: '外出参加市里的培训' }) })])
  })
})
