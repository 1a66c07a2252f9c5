import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { closeDialog } from 'vant'
import MeetingRecordView from '@/features/meetings/MeetingRecordView.vue'
import type { ZhibuDb } from '@/data/db'
import { BRANCH, ORG, freshDb, mountMemberView, until } from './member-support'

const EVENT = '17000000-0000-4000-8000-0000000000e1'
const NOW = new Date('2026-03-10T08:00:00Z')
let mounted: VueWrapper | null = null

afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  // Vant keeps one dialog for the page: close it rather than detaching it with the rest of the body.
  closeDialog()
})

const member = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `m${n}`, org_id: ORG, branch_id: BRANCH, name: `党员${n}`, member_type: 'full', status: 'active', user_id: `u${n}`, _ver: 1, ...extra,
})
const present = (memberId: string, status = 'present') => ({
  id: `a-${memberId}`, org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: memberId, status, method: 'qr', _ver: 1,
})

/** A 支部党员大会 of four full members (m1–m4) and one probationary member (m5), with those present. */
async function meeting(presentIds: string[], event: Record<string, unknown> = {}): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('events').put({
    id: EVENT, org_id: ORG, branch_id: BRANCH, audience: 'branch', kind: 'general_meeting', title: '第一季度支部党员大会',
    starts_at: '2026-03-10T06:00:00Z', ends_at: '2026-03-10T07:30:00Z', place: '三楼会议室', host: '党员1', recorder: '党员2', _ver: 3, ...event,
  })
  await db.data('members').bulkPut([member(1), member(2), member(3), member(4), member(5, { member_type: 'probationary' })])
  await db.data('attendance').bulkPut(presentIds.map((id) => present(id)))
  return db
}

async function open(db: ZhibuDb, roles: ('member' | 'organizer' | 'secretary')[] = ['member', 'secretary']) {
  const view = await mountMemberView(MeetingRecordView, { db, roles, path: `/view/${EVENT}`, now: NOW })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="meeting-quorum"]').exists()).toBe(true))
  return view
}

const text = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="${id}"]`).text()

describe('quorum, from the roster and attendance on the device', () => {
  test('exactly half of the full members present is not a quorum; the probationary member does not count', async () => {
    const db = await meeting(['m1', 'm2', 'm5'])
    // Those on leave or marked absent are expected and not present.
    await db.data('attendance').bulkPut([
      { ...present('m3', 'leave'), method: null, leave_status: 'approved', leave_reason: '出差' },
      { ...present('m4', 'absent'), method: 'manual' },
    ])
    const { wrapper } = await open(db)
    await until(() => expect(text(wrapper, 'meeting-quorum-summary')).toBe('应到 4 人，实到 2 人，至少需到 3 人'))
    expect(text(wrapper, 'meeting-quorum-state')).toBe('到会人数未超过应到会人数的一半，会议不足法定人数')
  })

  test('just over half is a quorum, and the summary follows a check-in arriving while open', async () => {
    const db = await meeting(['m1', 'm2'])
    const { wrapper } = await open(db)
    await until(() => expect(text(wrapper, 'meeting-quorum-state')).toContain('不足法定人数'))
    await db.data('attendance').put(present('m3', 'late'))
    await until(() => expect(text(wrapper, 'meeting-quorum-summary')).toBe('应到 4 人，实到 3 人，至少需到 3 人'))
    expect(text(wrapper, 'meeting-quorum-state')).toBe('已达到法定人数')
  })

  test('a 支委会 counts only the committee', async () => {
    const db = await meeting(['m1', 'm2', 'm3'], { kind: 'committee_meeting', audience: 'committee' })
    await db.data('members').bulkPut([member(1, { is_committee: true }), member(4, { is_committee: true }), member(6, { is_committee: true })])
    const { wrapper } = await open(db)
    await until(() => expect(text(wrapper, 'meeting-quorum-summary')).toBe('应到 3 人，实到 1 人，至少需到 2 人'))
  })
})

describe('minutes', () => {
  test('are saved on the device as an edit of the event, with its outbox entry', async () => {
    const db = await meeting(['m1', 'm2', 'm3'], { minutes: '旧纪要' })
    const { wrapper } = await open(db)
    await until(() => expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('旧纪要'))
    await wrapper.get('#meeting-minutes').setValue('一、传达学习全会精神。\n二、讨论发展党员工作。')
    expect(wrapper.text()).toContain('有未保存的修改')
    await wrapper.get('[data-testid="meeting-minutes"] form').trigger('submit')
    await until(async () => expect((await db.data('events').get(EVENT))?.minutes).toBe('一、传达学习全会精神。\n二、讨论发展党员工作。'))
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops)).toEqual([[expect.objectContaining({ table: 'events', op: 'update', id: EVENT, row: { minutes: '一、传达学习全会精神。\n二、讨论发展党员工作。' }, base_ver: 3 })]])
    await until(() => expect(wrapper.text()).not.toContain('有未保存的修改'))
  })

  test('a change of the event arriving while typing keeps every draft on screen and says the minutes changed', async () => {
    const db = await meeting(['m1', 'm2', 'm3'], { minutes: '旧纪要' })
    const { wrapper } = await open(db)
    await until(() => expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('旧纪要'))
    await wrapper.get('#meeting-minutes').setValue('我正在写的纪要')
    await fillResolution(wrapper, ['3', '0', '0'], '正在填写的决议')
    // Another committee member's edit comes in with a pull.
    await db.data('events').put({ ...(await db.data('events').get(EVENT))!, minutes: '别的委员写的纪要', _ver: 4 })
    await until(() => expect(text(wrapper, 'meeting-minutes-changed')).toContain('其他委员刚修改了纪要'))
    expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('我正在写的纪要')
    expect((wrapper.get('#resolution-text').element as HTMLTextAreaElement).value).toBe('正在填写的决议')
    expect(await db._outbox.count()).toBe(0)
  })

  test('follow the stored text while nobody is typing', async () => {
    const db = await meeting(['m1'], { minutes: '旧纪要' })
    const { wrapper } = await open(db)
    await until(() => expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('旧纪要'))
    await db.data('events').put({ ...(await db.data('events').get(EVENT))!, minutes: '同步来的纪要', _ver: 4 })
    await until(() => expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('同步来的纪要'))
    expect(wrapper.find('[data-testid="meeting-minutes-changed"]').exists()).toBe(false)
  })

  test('leaving the page with typed minutes asks first; staying keeps the text', async () => {
    const db = await meeting(['m1'])
    const { wrapper, router } = await open(db)
    await wrapper.get('#meeting-minutes').setValue('还没保存的纪要')
    const leaving = router.push('/')
    const stay = await until(() => {
      const button = document.body.querySelector('.van-dialog__cancel') as HTMLButtonElement | null
      expect(button?.closest('.van-dialog')?.textContent).toContain('离开后，刚才输入的纪要不会保存。')
      return button!
    })
    stay.click()
    await leaving
    expect(router.currentRoute.value.path).toBe(`/view/${EVENT}`)
    expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('还没保存的纪要')
    await wrapper.get('[data-testid="meeting-minutes"] form').trigger('submit')
    await until(async () => expect((await db.data('events').get(EVENT))?.minutes).toBe('还没保存的纪要'))
    await until(() => expect(wrapper.text()).not.toContain('有未保存的修改'))
    await router.push('/')
    expect(router.currentRoute.value.path).toBe('/')
  })

  test('over the limit are refused with their length, kept in the field, and nothing is saved', async () => {
    const db = await meeting(['m1'])
    const { wrapper } = await open(db)
    const long = '记'.repeat(50_001)
    await wrapper.get('#meeting-minutes').setValue(long)
    await wrapper.get('[data-testid="meeting-minutes"] form').trigger('submit')
    await until(() => expect(text(wrapper, 'meeting-minutes-error')).toBe('内容过长：最多 50000 个字，现在 50001 个字'))
    expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe(long)
    expect(await db._outbox.count()).toBe(0)
  })

  test('a member without a committee role reads them and gets no form', async () => {
    const db = await meeting(['m1'], { minutes: '会议纪要正文' })
    const { wrapper } = await open(db, ['member'])
    await until(() => expect(text(wrapper, 'meeting-minutes-text')).toBe('会议纪要正文'))
    expect(wrapper.find('#meeting-minutes').exists()).toBe(false)
    expect(wrapper.find('[data-testid="resolution-add"]').exists()).toBe(false)
    expect(text(wrapper, 'meeting-read-only')).toBe('只有本支部的组织委员和支部书记可以修改会议记录')
  })
})

async function fillResolution(wrapper: VueWrapper, votes: [string, string, string], body = '同意接收党员3为正式党员') {
  await wrapper.get('[data-testid="resolution-add"]').trigger('click')
  await until(() => expect(wrapper.find('#resolution-text').exists()).toBe(true))
  await wrapper.get('#resolution-text').setValue(body)
  await wrapper.get('#resolution-for').setValue(votes[0])
  await wrapper.get('#resolution-against').setValue(votes[1])
  await wrapper.get('#resolution-abstain').setValue(votes[2])
}

describe('resolutions', () => {
  test('a resolution with its votes is saved as its own row, passed by the rule, with its outbox entry', async () => {
    const db = await meeting(['m1', 'm2', 'm3'])
    const { wrapper } = await open(db)
    await fillResolution(wrapper, ['3', '0', '０'])
    await until(() => expect(text(wrapper, 'resolution-outcome')).toBe('通过（赞成 3 票，超过应到 4 人的半数）'))
    expect(wrapper.find('#resolution-note').exists()).toBe(false)
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    const [row] = await until(async () => {
      const rows = await db.data('event_resolutions').toArray()
      expect(rows).toHaveLength(1)
      return rows
    })
    expect(row).toMatchObject({ org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 0, text: '同意接收党员3为正式党员', votes_for: 3, votes_against: 0, votes_abstain: 0, passed: true, quorum_note: null })
    const outbox = await db._outbox.toArray()
    expect(outbox.map((e) => e.ops.map((o) => [o.table, o.op, o.id]))).toEqual([[['event_resolutions', 'upsert', row!.id]]])
    await until(() => expect(text(wrapper, 'resolution-item')).toContain('赞成 3 票，反对 0 票，弃权 0 票'))
    expect(text(wrapper, 'resolution-item')).toContain('通过')
  })

  test('two votes for out of four expected do not pass, however few voted against', async () => {
    const db = await meeting(['m1', 'm2', 'm3'])
    const { wrapper } = await open(db)
    await fillResolution(wrapper, ['2', '0', '1'])
    await until(() => expect(text(wrapper, 'resolution-outcome')).toBe('未通过（赞成 2 票，至少需 3 票）'))
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(async () => expect(await db.data('event_resolutions').count()).toBe(1))
    expect((await db.data('event_resolutions').toArray())[0]).toMatchObject({ votes_for: 2, passed: false })
  })

  test('without quorum, saving warns and needs a note; with the note it is saved', async () => {
    const db = await meeting(['m1', 'm2'])
    const { wrapper } = await open(db)
    await fillResolution(wrapper, ['2', '0', '0'])
    expect(text(wrapper, 'resolution-quorum-warning')).toBe('到会人数未超过应到会人数的一半，会议不足法定人数')
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('未达到法定人数，保存决议前请填写说明'))
    expect(await db.data('event_resolutions').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
    await wrapper.get('#resolution-note').setValue('  ')
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('未达到法定人数，保存决议前请填写说明'))
    expect(await db.data('event_resolutions').count()).toBe(0)
    await wrapper.get('#resolution-note').setValue('经上级党委同意先行表决，下次会议补充确认')
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(async () => expect(await db.data('event_resolutions').count()).toBe(1))
    expect((await db.data('event_resolutions').toArray())[0]).toMatchObject({ passed: false, quorum_note: '经上级党委同意先行表决，下次会议补充确认' })
  })

  test('votes are read exactly: more votes than members present and a fraction are refused', async () => {
    const db = await meeting(['m1', 'm2', 'm3'])
    const { wrapper } = await open(db)
    await fillResolution(wrapper, ['3', '1', '0'])
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(() => expect(text(wrapper, 'resolution-votes-error')).toBe('赞成、反对、弃权票数之和不能超过实到人数'))
    await wrapper.get('#resolution-against').setValue('0.5')
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请输入整数'))
    expect(await db.data('event_resolutions').count()).toBe(0)
    expect((wrapper.get('#resolution-against').element as HTMLInputElement).value).toBe('0.5')
  })

  test('editing a resolution changes the same row', async () => {
    const db = await meeting(['m1', 'm2', 'm3'])
    await db.data('event_resolutions').put({ id: 'r1', org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 0, text: '原决议', votes_for: 3, votes_against: 0, votes_abstain: 0, passed: true, _ver: 2 })
    const { wrapper } = await open(db)
    await until(() => expect(wrapper.find('[data-testid="resolution-edit-r1"]').exists()).toBe(true))
    await wrapper.get('[data-testid="resolution-edit-r1"]').trigger('click')
    await until(() => expect((wrapper.get('#resolution-text').element as HTMLTextAreaElement).value).toBe('原决议'))
    await wrapper.get('#resolution-text').setValue('修改后的决议')
    await wrapper.get('[data-testid="resolution-form"]').trigger('submit')
    await until(async () => expect((await db.data('event_resolutions').get('r1'))?.text).toBe('修改后的决议'))
    expect(await db.data('event_resolutions').count()).toBe(1)
    // Only what changed is sent (quorum_note: absent on the stored row, now an explicit null).
    expect((await db._outbox.toArray()).flatMap((e) => e.ops)).toEqual([expect.objectContaining({ op: 'update', id: 'r1', row: { text: '修改后的决议', quorum_note: null }, base_ver: 2 })])
  })
})

describe('guests and the 主题党日 checklist', () => {
  test('a guest is added to and removed from the event\'s guest list on the device', async () => {
    const db = await meeting(['m1'])
    const { wrapper } = await open(db)
    await wrapper.get('[data-testid="guest-form"]').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请填写列席人员姓名'))
    expect(await db._outbox.count()).toBe(0)
    await wrapper.get('#guest-name').setValue(' 张明 ')
    await wrapper.get('#guest-title').setValue('机关党委委员')
    await wrapper.get('[data-testid="guest-form"]').trigger('submit')
    await until(async () => expect((await db.data('events').get(EVENT))?.guest_list).toEqual([{ name: '张明', title: '机关党委委员' }]))
    await until(() => expect(text(wrapper, 'guest-item')).toContain('张明（机关党委委员）'))
    await wrapper.get('[data-testid="guest-remove-0"]').trigger('click')
    await until(async () => expect((await db.data('events').get(EVENT))?.guest_list).toEqual([]))
    expect((await db._outbox.toArray()).flatMap((e) => e.ops.map((o) => o.row))).toEqual([
      { guest_list: [{ name: '张明', title: '机关党委委员' }] },
      { guest_list: [] },
    ])
  })

  test('the organisation\'s own checklist is ticked on a 主题党日, keeping items it has dropped', async () => {
    const db = await meeting(['m1'], { kind: 'theme_day', checklist_done: ['旧项目'] })
    await db.data('orgs').put({ id: ORG, org_id: ORG, name: '市直机关事务局', theme_day_checklist: ['有主题', '有影像'], _ver: 1 })
    const { wrapper } = await open(db)
    await until(() => expect(wrapper.get('[data-testid="meeting-checklist"]').text()).toContain('已完成 0/2 项'))
    expect(wrapper.get('[data-testid="meeting-checklist"]').text()).not.toContain('有计划')
    await wrapper.get('[data-testid="checklist-item-1"]').trigger('click')
    await until(async () => expect((await db.data('events').get(EVENT))?.checklist_done).toEqual(['旧项目', '有影像']))
    await until(() => expect(wrapper.get('[data-testid="meeting-checklist"]').text()).toContain('已完成 1/2 项'))
  })

  test('a meeting of another kind shows no checklist', async () => {
    const { wrapper } = await open(await meeting(['m1']))
    expect(wrapper.find('[data-testid="meeting-checklist"]').exists()).toBe(false)
  })
})

describe('minutes two committee members edited offline', () => {
  const overwrite = (extra: Record<string, unknown> = {}) => ({
    id: 'o1', org_id: ORG, branch_id: BRANCH, table_name: 'events', row_id: EVENT, overwritten: { minutes: '党员2记的纪要' },
    overwritten_ver: 2, overwritten_by: 'u2', replaced_by: 'u1', updated_at: '2026-03-10T07:40:00Z', _ver: 1, ...extra,
  })

  test('show both versions, and restoring writes the overwritten text back as an ordinary edit', async () => {
    const db = await meeting(['m1'], { minutes: '党员1记的纪要' })
    await db.data('sync_overwrites').put(overwrite())
    const { wrapper } = await open(db)
    await until(() => expect(wrapper.find('[data-testid="overwrite-item"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="overwrite-item"] h3').text()).toBe('会议纪要：党员2写的内容被党员1的修改覆盖（2026年3月10日 15:40）')
    expect(text(wrapper, 'overwrite-old')).toBe('党员2记的纪要')
    expect(text(wrapper, 'overwrite-current')).toBe('党员1记的纪要')
    await wrapper.get('[data-testid="overwrite-restore"]').trigger('click')
    const confirm = await until(() => {
      const button = document.body.querySelector('.van-dialog__confirm') as HTMLButtonElement | null
      expect(button).not.toBeNull()
      return button!
    })
    confirm.click()
    await until(async () => expect((await db.data('events').get(EVENT))?.minutes).toBe('党员2记的纪要'))
    expect((await db._outbox.toArray()).map((e) => e.ops)).toEqual([[expect.objectContaining({ table: 'events', op: 'update', id: EVENT, row: { minutes: '党员2记的纪要' }, base_ver: 3 })]])
    await until(() => expect(text(wrapper, 'overwrite-same')).toBe('现在的内容与这个版本相同'))
    await until(() => expect((wrapper.get('#meeting-minutes').element as HTMLTextAreaElement).value).toBe('党员2记的纪要'))
    expect(wrapper.find('[data-testid="overwrite-restore"]').exists()).toBe(false)
  })

  test('cancelling the confirmation restores nothing', async () => {
    const db = await meeting(['m1'], { minutes: '党员1记的纪要' })
    await db.data('sync_overwrites').put(overwrite())
    const { wrapper } = await open(db)
    await until(() => expect(wrapper.find('[data-testid="overwrite-restore"]').exists()).toBe(true))
    await wrapper.get('[data-testid="overwrite-restore"]').trigger('click')
    const cancel = await until(() => {
      const button = document.body.querySelector('.van-dialog__cancel') as HTMLButtonElement | null
      expect(button).not.toBeNull()
      return button!
    })
    cancel.click()
    await flushPromises()
    // A later save lands after anything the cancelled dialog could have queued: it is the only change.
    await wrapper.get('#meeting-minutes').setValue('党员1记的纪要（补充）')
    await wrapper.get('[data-testid="meeting-minutes"] form').trigger('submit')
    await until(async () => expect(await db._outbox.count()).toBe(1))
    expect((await db._outbox.toArray())[0]!.ops).toEqual([expect.objectContaining({ table: 'events', row: { minutes: '党员1记的纪要（补充）' } })])
  })

  test('a resolution\'s overwritten text is offered back too; other rows\' overwrites are not shown', async () => {
    const db = await meeting(['m1'])
    await db.data('event_resolutions').put({ id: 'r1', org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 0, text: '新的决议', votes_for: 1, votes_against: 0, votes_abstain: 0, passed: false, _ver: 4 })
    await db.data('sync_overwrites').bulkPut([
      overwrite({ id: 'o2', table_name: 'event_resolutions', row_id: 'r1', overwritten: { text: '原来的决议' } }),
      overwrite({ id: 'o3', row_id: 'another-event', overwritten: { minutes: '别的会议' } }),
    ])
    const { wrapper } = await open(db)
    await until(() => expect(wrapper.findAll('[data-testid="overwrite-item"]')).toHaveLength(1))
    expect(wrapper.get('[data-testid="overwrite-item"] h3').text()).toContain('决议：')
    expect(text(wrapper, 'overwrite-old')).toBe('原来的决议')
    expect(text(wrapper, 'overwrite-current')).toBe('新的决议')
    expect(wrapper.text()).not.toContain('别的会议')
  })
})

test('an older record\'s guests and resolutions text is shown as written, beside the new rows', async () => {
  const db = await meeting(['m1'], { guests: '局办公室副主任', resolutions: '通过年度计划', vote_result: '赞成15票' })
  const { wrapper } = await open(db)
  await until(() => expect(text(wrapper, 'resolution-legacy')).toBe('原有记录：通过年度计划；赞成15票'))
  expect(text(wrapper, 'guest-legacy')).toBe('原有记录：局办公室副主任')
})

test('an event missing from the device says so', async () => {
  const db = freshDb()
  const view = await mountMemberView(MeetingRecordView, { db, roles: ['secretary'], path: '/view/nope', now: NOW })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.get('[data-testid="meeting-not-found"]').text()).toBe('找不到这个活动，请联网同步后再试'))
})
