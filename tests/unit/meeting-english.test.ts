/**
 * The meeting record and its printable pages in English: every word of the interface is English;
 * only data (names, titles, places, minutes, the organisation's checklist) stays as stored.
 */
import { afterEach, expect, test } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { closeDialog } from 'vant'
import MeetingRecordView from '@/features/meetings/MeetingRecordView.vue'
import MeetingPrintView from '@/features/meetings/MeetingPrintView.vue'
import MeetingSigninPrintView from '@/features/meetings/MeetingSigninPrintView.vue'
import type { ZhibuDb } from '@/data/db'
import { BRANCH, ORG, freshDb, mountMemberView, until } from './member-support'

const EVENT = '17000000-0000-4000-8000-0000000000a1'
const NOW = new Date('2026-03-10T08:00:00Z')
const DATA = ['机关第一党支部', '三月主题党日', '三楼会议室', '党员一', '党员二', '党员三', '张明', '机关党委委员', '有主题', '有影像', '会议纪要正文', '旧的纪要', '同意推荐', '出差', '人数不足']
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  closeDialog()
})

function interfaceWords(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''))
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text
}
const chinese = (wrapper: VueWrapper) => interfaceWords(wrapper).match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null

async function device(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('orgs').put({ id: ORG, org_id: ORG, name: '市直机关事务局', theme_day_checklist: ['有主题', '有影像'], _ver: 1 })
  await db.data('branches').put({ id: BRANCH, org_id: ORG, name: '机关第一党支部', _ver: 1 })
  await db.data('events').put({
    id: EVENT, org_id: ORG, branch_id: BRANCH, audience: 'branch', kind: 'theme_day', title: '三月主题党日', starts_at: '2026-03-10T06:00:00Z',
    place: '三楼会议室', host: '党员一', recorder: '党员二', minutes: '会议纪要正文', guest_list: [{ name: '张明', title: '机关党委委员' }], checklist_done: ['有主题'], _ver: 3,
  })
  const member = (id: string, name: string, extra = {}) => ({ id, org_id: ORG, branch_id: BRANCH, name, member_type: 'full', status: 'active', user_id: `u-${id}`, _ver: 1, ...extra })
  await db.data('members').bulkPut([member('m1', '党员一'), member('m2', '党员二'), member('m3', '党员三', { member_type: 'probationary' })])
  const row = (memberId: string, extra = {}) => ({ id: `a-${memberId}`, org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: memberId, _ver: 1, ...extra })
  await db.data('attendance').bulkPut([row('m1', { status: 'present', method: 'qr' }), row('m2', { status: 'leave', leave_status: 'approved', leave_reason: '出差' })])
  await db.data('event_resolutions').put({ id: 'r1', org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 0, text: '同意推荐', votes_for: 1, votes_against: 0, votes_abstain: 0, passed: false, quorum_note: '人数不足', _ver: 1 })
  await db.data('sync_overwrites').put({ id: 'o1', org_id: ORG, branch_id: BRANCH, table_name: 'events', row_id: EVENT, overwritten: { minutes: '旧的纪要' }, overwritten_ver: 2, overwritten_by: 'u-m2', replaced_by: 'u-m1', updated_at: '2026-03-10T07:40:00Z', _ver: 1 })
  return db
}

test('the meeting record speaks English, with the resolution form and its quorum warning open', async () => {
  const view = await mountMemberView(MeetingRecordView, { db: await device(), roles: ['secretary'], path: `/view/${EVENT}`, now: NOW, locale: 'en' })
  mounted = view.wrapper
  await until(() => expect(view.wrapper.find('[data-testid="overwrite-item"]').exists()).toBe(true))
  await until(() => expect(view.wrapper.text()).toContain('1 of 2 done'))
  await view.wrapper.get('[data-testid="resolution-add"]').trigger('click')
  await until(() => expect(view.wrapper.find('[data-testid="resolution-quorum-warning"]').exists()).toBe(true))
  expect(view.wrapper.text()).toContain('Overwritten version')
  expect(chinese(view.wrapper)).toBeNull()
})

test('the printable record and sign-in sheet speak English', async () => {
  for (const component of [MeetingPrintView, MeetingSigninPrintView]) {
    const view = await mountMemberView(component, { db: await device(), roles: ['secretary'], path: `/view/${EVENT}`, now: NOW, locale: 'en' })
    mounted = view.wrapper
    await until(() => expect(view.wrapper.find('article').exists()).toBe(true))
    expect(chinese(view.wrapper)).toBeNull()
    view.wrapper.unmount()
    mounted = null
  }
})
