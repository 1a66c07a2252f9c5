import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import MeetingPrintView from '@/features/meetings/MeetingPrintView.vue'
import MeetingSigninPrintView from '@/features/meetings/MeetingSigninPrintView.vue'
import type { ZhibuDb } from '@/data/db'
import { BRANCH, ORG, freshDb, mountMemberView, until } from './member-support'

const EVENT = '17000000-0000-4000-8000-0000000000f1'
const MEETINGS = resolve(process.cwd(), 'src/features/meetings')
const NOW = new Date('2026-03-10T08:00:00Z')
let mounted: VueWrapper | null = null

afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const member = (n: number, extra: Record<string, unknown> = {}) => ({ id: `m${n}`, org_id: ORG, branch_id: BRANCH, name: `党员${n}`, member_type: 'full', status: 'active', _ver: 1, ...extra })
const row = (memberId: string, extra: Record<string, unknown>) => ({ id: `a-${memberId}`, org_id: ORG, branch_id: BRANCH, event_id: EVENT, member_id: memberId, _ver: 1, ...extra })

/** A 支部党员大会: 党员1 present, 党员2 late, 党员3 on leave, 党员4 marked absent, 党员5 (预备) without a record, 党员6 transferred away. */
async function heldMeeting(): Promise<ZhibuDb> {
  const db = freshDb()
  await db.data('branches').put({ id: BRANCH, org_id: ORG, name: '机关第一党支部', _ver: 1 })
  await db.data('events').put({
    id: EVENT, org_id: ORG, branch_id: BRANCH, audience: 'branch', kind: 'general_meeting', title: '第一季度支部党员大会',
    starts_at: '2026-03-10T06:00:00Z', ends_at: '2026-03-10T07:30:00Z', place: '三楼会议室', host: '党员1', recorder: '党员2',
    agenda: '一、学习全会精神\n二、讨论发展对象', minutes: '会议由党员1主持。\n与会党员逐一发言。', guest_list: [{ name: '张明', title: '机关党委委员' }], _ver: 4,
  })
  await db.data('members').bulkPut([member(1), member(2), member(3), member(4), member(5, { member_type: 'probationary' }), member(6, { status: 'transferred' })])
  await db.data('attendance').bulkPut([
    row('m1', { status: 'present', method: 'qr' }),
    row('m2', { status: 'late', method: 'code' }),
    row('m3', { status: 'leave', leave_status: 'approved', leave_reason: '外出公务' }),
    row('m4', { status: 'absent', method: 'manual', mark_reason: '身体不适' }),
  ])
  await db.data('event_resolutions').bulkPut([
    { id: 'r2', org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 1, text: '推荐党员2为优秀党员', votes_for: 1, votes_against: 0, votes_abstain: 1, passed: false, quorum_note: '人数不足，下次会议复议', _ver: 1 },
    { id: 'r1', org_id: ORG, branch_id: BRANCH, event_id: EVENT, sort_order: 0, text: '同意确定张明为发展对象', votes_for: 2, votes_against: 0, votes_abstain: 0, passed: false, _ver: 1 },
  ])
  return db
}

async function open(component: typeof MeetingPrintView, db: ZhibuDb) {
  const view = await mountMemberView(component, { db, roles: ['member', 'secretary'], path: `/view/${EVENT}`, now: NOW })
  mounted = view.wrapper
  return view
}

const text = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="${id}"]`).text()

describe('会议记录 (printable)', () => {
  test('shows the meeting\'s facts, everyone expected as present or absent with the reason, the minutes and the resolutions with their votes', async () => {
    const { wrapper } = await open(MeetingPrintView, await heldMeeting())
    await until(() => expect(wrapper.find('[data-testid="meeting-print-sheet"]').exists()).toBe(true))
    const sheet = text(wrapper, 'meeting-print-sheet')
    for (const fact of ['机关第一党支部', '第一季度支部党员大会', '支部党员大会', '2026年3月10日 14:00至15:30', '三楼会议室', '主持人', '记录人']) expect(sheet).toContain(fact)
    expect(text(wrapper, 'print-counts')).toBe('应到 5 人，实到 2 人，缺席 3 人')
    expect(text(wrapper, 'print-present')).toBe('党员1、党员2')
    expect(text(wrapper, 'print-absent')).toBe('党员3（请假：外出公务）；党员4（缺席：身体不适）；党员5（未签到）')
    expect(sheet).not.toContain('党员6')
    expect(text(wrapper, 'print-guests')).toBe('张明（机关党委委员）')
    expect(text(wrapper, 'print-minutes')).toBe('会议由党员1主持。\n与会党员逐一发言。')
    expect(text(wrapper, 'print-quorum')).toBe('有表决权的党员应到 4 人，实到 2 人，至少需到 3 人。到会人数未超过应到会人数的一半，会议不足法定人数')
    const resolutions = wrapper.findAll('[data-testid="print-resolution"]').map((r) => r.findAll('td').map((td) => td.text()))
    expect(resolutions).toEqual([
      ['1', '同意确定张明为发展对象', '2', '0', '0', '未通过'],
      ['2', '推荐党员2为优秀党员说明：人数不足，下次会议复议', '1', '0', '1', '未通过'],
    ])
    expect(wrapper.findAll('[data-testid="print-resolutions"] thead th').map((th) => th.text())).toEqual(['序号', '决议内容', '赞成', '反对', '弃权', '表决结果'])
    expect(sheet).toContain('主持人（签字）：')
    expect(sheet).toContain('记录人（签字）：')
  })

  test('打印 opens the browser\'s print dialog', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const { wrapper } = await open(MeetingPrintView, await heldMeeting())
    await until(() => expect(wrapper.find('[data-testid="meeting-print-sheet"]').exists()).toBe(true))
    await wrapper.get('[data-testid="meeting-print-button"]').trigger('click')
    expect(print).toHaveBeenCalledTimes(1)
    vi.unstubAllGlobals()
  })

  test('a record with nothing written says 无 rather than leaving blanks', async () => {
    const db = freshDb()
    await db.data('events').put({ id: EVENT, org_id: ORG, branch_id: BRANCH, audience: 'committee', kind: 'committee_meeting', title: '三月支委会', starts_at: '2026-03-10T06:00:00Z', _ver: 1 })
    const { wrapper } = await open(MeetingPrintView, db)
    await until(() => expect(wrapper.find('[data-testid="meeting-print-sheet"]').exists()).toBe(true))
    expect(text(wrapper, 'print-minutes')).toBe('无')
    expect(text(wrapper, 'print-present')).toBe('无')
    expect(text(wrapper, 'print-absent')).toBe('无')
    expect(text(wrapper, 'print-guests')).toBe('无')
    expect(wrapper.find('[data-testid="print-resolutions"]').exists()).toBe(false)
  })
})

test('a record kept before guests and resolutions had fields of their own prints their earlier text', async () => {
  const db = freshDb()
  await db.data('events').put({
    id: EVENT, org_id: ORG, branch_id: BRANCH, kind: 'general_meeting', title: '一月大会', starts_at: '2026-01-16T07:00:00Z',
    guests: '局办公室副主任（入党积极分子）', resolutions: '通过年度工作计划', vote_result: '赞成15票，反对0票，弃权0票', _ver: 1,
  })
  const { wrapper } = await open(MeetingPrintView, db)
  await until(() => expect(wrapper.find('[data-testid="meeting-print-sheet"]').exists()).toBe(true))
  expect(text(wrapper, 'print-guests')).toBe('局办公室副主任（入党积极分子）')
  expect(text(wrapper, 'print-legacy-resolutions')).toBe('原有记录：通过年度工作计划；赞成15票，反对0票，弃权0票')
  expect(wrapper.find('[data-testid="print-resolutions"]').exists()).toBe(false)
})

describe('签到表 (printable)', () => {
  test('lists everyone expected, then the guests, each with a signature cell, under a repeated heading', async () => {
    const { wrapper } = await open(MeetingSigninPrintView, await heldMeeting())
    await until(() => expect(wrapper.find('[data-testid="meeting-signin-sheet"]').exists()).toBe(true))
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['序号', '姓名', '身份', '签名', '备注'])
    const rows = wrapper.findAll('[data-testid="signin-row"]').map((r) => r.findAll('td').map((td) => td.text()))
    expect(rows).toEqual([
      ['1', '党员1', '正式党员', '', ''],
      ['2', '党员2', '正式党员', '', ''],
      ['3', '党员3', '正式党员', '', '请假'],
      ['4', '党员4', '正式党员', '', ''],
      ['5', '党员5', '预备党员', '', ''],
      ['6', '张明', '机关党委委员', '', '列席'],
    ])
    expect(text(wrapper, 'meeting-signin-sheet')).toContain('应到 5 人，列席 1 人')
  })
})

describe('print CSS', () => {
  const css = readFileSync(resolve(MEETINGS, 'meetingPrint.css'), 'utf8')
  /** The body of the first `@media print { ... }` block, braces matched. */
  const printBlock = (() => {
    const start = css.indexOf('@media print')
    let depth = 0
    for (let i = css.indexOf('{', start); i < css.length; i++) {
      if (css[i] === '{') depth++
      if (css[i] === '}' && --depth === 0) return css.slice(css.indexOf('{', start) + 1, i)
    }
    return ''
  })()
  const squash = (s: string) => s.replace(/\s+/g, ' ')

  test('prints on A4 and repeats a table\'s header on every page', () => {
    expect(squash(css)).toMatch(/@page \{ size: A4;/)
    expect(squash(printBlock)).toContain('thead { display: table-header-group; }')
  })

  test('leaves the app\'s header, tab bar and the page\'s own buttons off the paper', () => {
    const hidden = /([^{}]+)\{\s*display: none !important;\s*\}/.exec(printBlock.replace(/\/\*.*?\*\//gs, ''))?.[1] ?? ''
    const selectors = hidden.split(',').map((s) => s.trim())
    expect(selectors).toEqual(expect.arrayContaining(['.app-layout__header', '.van-tabbar', '.van-tabbar__placeholder', '.meeting-print__actions']))
  })

  test('both printable pages load it, through the page they share', () => {
    expect(readFileSync(resolve(MEETINGS, 'MeetingPrintPage.vue'), 'utf8')).toContain("import './meetingPrint.css'")
    for (const view of ['MeetingPrintView.vue', 'MeetingSigninPrintView.vue']) {
      const source = readFileSync(resolve(MEETINGS, view), 'utf8')
      expect(source).toContain("import MeetingPrintPage from './MeetingPrintPage.vue'")
      expect(source).toContain('<MeetingPrintPage')
    }
  })
})
