import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import SyncRejectedItem from '@/features/sync/SyncRejectedItem.vue'
import SyncRejectedView from '@/features/sync/SyncRejectedView.vue'
import { freshDb, mountMemberView, until } from './member-support'
import type { RejectedEntry } from '@/data/db'

const entry = (over: Partial<RejectedEntry> = {}): RejectedEntry => ({
  id: 7,
  tx_id: 'tx-1',
  created_at: '2026-11-24T01:00:00Z',
  rejected_at: '2026-11-24T01:01:00Z',
  code: 'invalid_value',
  message: '数据不符合要求：字段“minutes”的值不被接受',
  op_index: 0,
  ops: [{ table: 'study_logs', op: 'upsert', id: 'r1', row: { id: 'r1', org_id: 'o', member_id: 'm', topic: '党章', minutes: 5000 } }],
  ...over,
})

describe('需处理 item', () => {
  test("should show what the change was and the server's reason", () => {
    const w = mount(SyncRejectedItem, { props: { entry: entry() } })
    expect(w.text()).toContain('新建或修改 学习记录：党章')
    expect(w.find('[role="alert"]').text()).toBe('数据不符合要求：字段“minutes”的值不被接受')
    expect(w.find('[data-testid="sync-force"]').exists()).toBe(false)
  })

  test('should resend the corrected value with its original type', async () => {
    const w = mount(SyncRejectedItem, { props: { entry: entry() } })
    await w.find('button').trigger('click')
    await w.find('input[name="minutes"]').setValue('45')
    await w.find('[data-testid="sync-resend"]').trigger('click')
    const [[ops, force]] = w.emitted('resend') as [[RejectedEntry['ops'], boolean]]
    expect(force).toBe(false)
    expect(ops[0]!.row).toMatchObject({ minutes: 45, topic: '党章', member_id: 'm' })
  })

  test('should offer a deliberate override only for a conflict', async () => {
    const w = mount(SyncRejectedItem, { props: { entry: entry({ code: 'conflict_checked_in', message: '该党员已签到' }) } })
    await w.find('[data-testid="sync-force"]').trigger('click')
    expect((w.emitted('resend') as [[unknown, boolean]])[0]![1]).toBe(true)
  })

  test('should ask the page to discard only when the user chooses to', async () => {
    const w = mount(SyncRejectedItem, { props: { entry: entry() } })
    expect(w.emitted('discard')).toBeUndefined()
    await w.find('[data-testid="sync-discard"]').trigger('click')
    expect(w.emitted('discard')).toHaveLength(1)
  })
})

describe('需处理 page, on the device database', () => {
  const mountPage = async () => {
    const db = freshDb()
    const id = await db._rejected.add({ ...entry(), id: undefined })
    const view = await mountMemberView(SyncRejectedView, { db })
    await until(() => expect(view.wrapper.text()).toContain('新建或修改 学习记录：党章'))
    return { ...view, id }
  }

  test('should resend a corrected change as a new outbox entry', async () => {
    const { wrapper, db } = await mountPage()
    await wrapper.find('.sync-rejected__list button').trigger('click')
    await wrapper.find('input[name="minutes"]').setValue('45')
    await wrapper.find('[data-testid="sync-resend"]').trigger('click')
    await until(async () => expect(await db._rejected.count()).toBe(0))
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.ops[0]!.row).toMatchObject({ minutes: 45, topic: '党章' })
    expect(outbox[0]!.tx_id).not.toBe('tx-1')
    await until(() => expect(wrapper.get('[data-testid="sync-rejected-empty"]').text()).toBe('没有需要处理的修改'))
    wrapper.unmount()
  })

  test('should discard only after the person confirms', async () => {
    const { wrapper, db } = await mountPage()
    await wrapper.find('[data-testid="sync-discard"]').trigger('click')
    const confirm = await until(() => {
      const button = document.body.querySelector('.van-dialog__confirm') as HTMLButtonElement | null
      expect(button).not.toBeNull()
      return button!
    })
    expect(await db._rejected.count()).toBe(1)
    confirm.click()
    await until(async () => expect(await db._rejected.count()).toBe(0))
    expect(await db._outbox.count()).toBe(0)
    wrapper.unmount()
    document.body.innerHTML = ''
  })
})
