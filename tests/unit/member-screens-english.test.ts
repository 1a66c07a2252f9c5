/**
 * The member's screens in English, on the real repositories (fake-indexeddb): every word of the
 * interface is English; only data (names, titles, places, the pledge's text) stays as stored.
 */
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import HomeView from '@/features/home/HomeView.vue'
import CheckinScanView from '@/features/checkin/CheckinScanView.vue'
import CheckinDisplayView from '@/features/checkin/CheckinDisplayView.vue'
import MeView from '@/features/me/MeView.vue'
import MyRecordView from '@/features/me/MyRecordView.vue'
import PledgeSignView from '@/features/pledges/PledgeSignView.vue'
import { checkinToken, checkinWindow } from '@/domain/checkin'
import type { ZhibuDb } from '@/data/db'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const NOW = new Date('2026-03-10T07:05:00Z') // 15:05 in Beijing
const EVENT = '17000000-0000-4000-8000-000000000004'
const LATER = '17000000-0000-4000-8000-000000000007'
const PAST = '17000000-0000-4000-8000-000000000001'
const TEMPLATE = '1c000000-0000-4000-8000-000000000001'
const SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const BODY = '干部职工廉洁从政承诺书\n本人郑重承诺：严守政治纪律和政治规矩。'
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** What the member's branch wrote, and his name: shown as stored in every language. */
const DATA = ['李晓梅', '机关第一党支部', '市直机关事务局', '书记讲党课', '集中研讨', '支部党员大会', '报告厅', '党章', '学习强国', '博爱一日捐', '老党员家中', '负责入户', '干部职工廉洁从政承诺书', BODY]
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/

/** The text people read (content and the attributes screen readers and fields show), data removed. */
function interfaceWords(wrapper: VueWrapper): string {
  const attributes = [...wrapper.element.querySelectorAll('*')].flatMap((el) =>
    ['aria-label', 'placeholder', 'title', 'alt'].map((name) => el.getAttribute(name) ?? ''),
  )
  let text = [wrapper.text(), ...attributes].join('\n')
  for (const d of [...DATA].sort((a, b) => b.length - a.length)) text = text.split(d).join('')
  return text
}

const expectNoChinese = (wrapper: VueWrapper) => expect(interfaceWords(wrapper).match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0] ?? null).toBeNull()

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

async function memberDevice(): Promise<ZhibuDb> {
  const db = freshDb()
  const event = (id: string, title: string, starts_at: string, extra = {}) => ({ id, org_id: ORG, branch_id: BRANCH, kind: 'party_lecture', title, starts_at, ends_at: null, _ver: 1, ...extra })
  await db.data('events').bulkPut([
    event(PAST, '支部党员大会', '2026-02-16T07:00:00Z', { kind: 'general_meeting' }),
    event(EVENT, '书记讲党课', '2026-03-10T07:00:00Z', { place: '报告厅', ends_at: '2026-03-10T08:30:00Z', expected_count: 18 }),
    event(LATER, '集中研讨', '2026-03-19T07:00:00Z', { kind: 'seminar' }),
  ])
  await db.data('attendance').bulkPut([
    { id: 'a1', org_id: ORG, branch_id: BRANCH, event_id: PAST, member_id: ME, status: 'absent', makeup_required: true, makeup_done_at: null, _ver: 1 },
    { id: 'a2', org_id: ORG, branch_id: BRANCH, event_id: LATER, member_id: ME, status: 'leave', leave_status: 'pending', leave_reason: '出差', _ver: 1 },
  ])
  await db.data('study_logs').put({ id: 's1', org_id: ORG, branch_id: BRANCH, member_id: ME, studied_on: '2026-03-01', minutes: 40, topic: '党章', source: '学习强国', _ver: 1 })
  await db.data('donation_campaigns').put({ id: 'c1', org_id: ORG, name: '博爱一日捐', year: 2026, _ver: 1 })
  await db.data('donations').put({ id: 'd1', org_id: ORG, branch_id: BRANCH, member_id: ME, campaign_id: 'c1', amount_fen: 12345, donated_on: '2026-03-02' })
  await db.data('blood_donations').put({ id: 'b1', org_id: ORG, branch_id: BRANCH, member_id: ME, volume_ml: 300, donated_on: '2026-03-03', _ver: 1 })
  await db.data('visits').put({ id: 'v1', org_id: ORG, branch_id: BRANCH, kind: 'retired_member', visited_on: '2026-02-20', place: '老党员家中', participant_ids: [], _ver: 1 })
  await db.data('visit_participants').put({ id: 'vp1', org_id: ORG, branch_id: BRANCH, visit_id: 'v1', member_id: ME, note: '负责入户', _ver: 1 })
  await db.data('pledge_templates').put({ id: TEMPLATE, org_id: ORG, year: 2026, kind: 'personal', title: '干部职工廉洁从政承诺书', body: BODY, body_sha256: sha(BODY), _ver: 1 })
  return db
}

describe('首页 in English', () => {
  test('greets, lists events with my state and what I owe, all in English', async () => {
    const db = await memberDevice()
    const { wrapper } = await mountMemberView(HomeView, { db, now: NOW, locale: 'en' })
    mounted = wrapper
    const events = await until(() => {
      const list = wrapper.findAll('[data-testid="home-event"]')
      expect(list).toHaveLength(2)
      return list
    })
    expect(wrapper.get('[data-testid="home-greeting"] p').text()).toMatch(/^Good (morning|afternoon|evening), 李晓梅$/)
    expect(events.map((e) => e.text())).toEqual([
      'Today书记讲党课Mar 10, 3:00 PM · 报告厅Check in',
      '集中研讨Mar 19, 3:00 PM · Leave awaiting approvalAsk for leave',
    ])
    await until(() =>
      expect(wrapper.findAll('[data-testid="home-owed-item"]').map((i) => i.text())).toEqual([
        'Sign the 2026 干部职工廉洁从政承诺书',
        'Make up for: 支部党员大会',
        'Leave awaiting approval: 集中研讨',
      ]),
    )
    expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('All records are synced')
    await db._outbox.add({ tx_id: 't', created_at: NOW.toISOString(), ops: [], rows: [] })
    await until(() => expect(wrapper.get('[data-testid="home-sync-state"]').text()).toBe('Changes waiting to sync: 1. They are sent when you are back online'))
    expect(wrapper.text()).toContain('To do')
    expectNoChinese(wrapper)
  })
})

describe('签到 in English', () => {
  const typeCode = async (wrapper: VueWrapper, code: string) => {
    await wrapper.get('#checkin-code-input').setValue(code)
    await wrapper.get('[data-testid="checkin-code-form"]').trigger('submit')
  }
  const outcome = (wrapper: VueWrapper) => wrapper.get('[data-testid="checkin-outcome"]').text()

  test('records a code, refuses a duplicate and a malformed code, and words a server refusal', async () => {
    const db = await memberDevice()
    await db._rejected.add({
      tx_id: 't1', created_at: NOW.toISOString(), rejected_at: NOW.toISOString(), code: 'server_error',
      message: '服务器无法处理这项修改（错误 ZBKIN）', detail: '签到码无效',
      ops: [{ table: 'attendance', op: 'upsert', id: 'r1', row: { event_id: EVENT, member_id: ME, status: 'present', method: 'code' } }],
    })
    const { wrapper } = await mountMemberView(CheckinScanView, { db, now: NOW, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="checkin-code-event"]').text()).toBe('Checking in to: 书记讲党课'))
    expect(wrapper.get('[data-testid="checkin-refusals"] p').text()).toBe('Check-in refused (书记讲党课): Invalid check-in code')
    expect(wrapper.get('#checkin-code-input').attributes('placeholder')).toBe('6 characters, e.g. 7KQ4MZ')
    expect(wrapper.get('[data-testid="checkin-open-events"]').text()).toBe('Open for check-in书记讲党课3:00 PM · Not checked in')
    expectNoChinese(wrapper)

    await typeCode(wrapper, 'O0I1AB')
    await until(() => expect(outcome(wrapper)).toBe('A check-in code has 6 letters or digits, without 0, O, 1 or I'))
    const token = await checkinToken(SECRET, EVENT, checkinWindow(NOW))
    await typeCode(wrapper, token.code)
    await until(() => expect(outcome(wrapper)).toBe('书记讲党课: Recorded, to be verified'))
    await typeCode(wrapper, token.code)
    await until(() => expect(outcome(wrapper)).toBe('书记讲党课: Recorded before (Recorded, to be verified)'))
    await until(() => expect(wrapper.get('[data-testid="checkin-open-events"]').text()).toContain('3:00 PM · Recorded, to be verified'))
    expect(await db.data('attendance').count()).toBe(3)
    expectNoChinese(wrapper)
  })

  test('names an event this phone does not know and an old QR code in English', async () => {
    const { wrapper } = await mountMemberView(CheckinScanView, { db: freshDb(), now: NOW, locale: 'en' })
    mounted = wrapper
    const unknown = await checkinToken(SECRET, '17000000-0000-4000-8000-0000000000ff', checkinWindow(NOW))
    await typeCode(wrapper, unknown.qr)
    await until(() => expect(outcome(wrapper)).toBe('Event (to be verified by the server): Recorded, to be verified'))
    const old = await checkinToken(SECRET, EVENT, checkinWindow(NOW) - 20)
    await typeCode(wrapper, old.qr)
    await until(() => expect(outcome(wrapper)).toBe('This check-in code has expired. Scan the latest QR code on the check-in screen'))
    await typeCode(wrapper, 'ABC234')
    await until(() => expect(outcome(wrapper)).toBe('No event is open for check-in now'))
    expectNoChinese(wrapper)
  })

  test('shows the secretary the code, its countdown and the counts in English', async () => {
    const db = await memberDevice()
    await db.data('event_checkin_secrets').put({ id: EVENT, event_id: EVENT, org_id: ORG, branch_id: BRANCH, secret: SECRET, _ver: 1 })
    const routes = [{ path: '/view/:eventId', component: CheckinDisplayView }]
    const { wrapper } = await mountMemberView(CheckinDisplayView, { db, roles: ['secretary'], path: `/view/${EVENT}`, routes, now: NOW, locale: 'en' })
    mounted = wrapper
    const code = (await checkinToken(SECRET, EVENT, checkinWindow(NOW))).code
    await until(() => expect(wrapper.get('[data-testid="checkin-code"]').text()).toBe(code))
    await until(() => expect(wrapper.get('[data-testid="checkin-qr"]').attributes('aria-label')).toBe('Check-in QR code, renewed every 30 seconds'))
    expect(wrapper.get('[data-testid="checkin-countdown"]').text()).toBe('New code in 30 s')
    expect(wrapper.get('[data-testid="checkin-counts"]').findAll('li').map((li) => li.text())).toEqual(['18Expected', '0Checked in', '0On leave', '18Not here'])
    expectNoChinese(wrapper)
  })

  test('tells a plain member, in English, that only the committee opens the screen', async () => {
    const routes = [{ path: '/view/:eventId', component: CheckinDisplayView }]
    const { wrapper } = await mountMemberView(CheckinDisplayView, { db: await memberDevice(), path: `/view/${EVENT}`, routes, now: NOW, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="checkin-display-problem"]').text()).toBe('Only the branch’s organising committee members and secretary can open the check-in screen'))
    expectNoChinese(wrapper)
  })
})

describe('我的 and 我的记录 in English', () => {
  test('shows the person and the menu in English', async () => {
    const { wrapper } = await mountMemberView(MeView, { now: NOW, locale: 'en' })
    mounted = wrapper
    expect(wrapper.get('[data-testid="me-roles"]').text()).toBe('RolesParty member')
    expect(wrapper.get('[data-testid="me-record"]').text()).toBe('My record')
    // The language switch names each language in itself.
    expect(wrapper.get('[data-testid="language-zh-CN"]').text()).toBe('中文')
    wrapper.get('[data-testid="language-zh-CN"]').element.remove()
    expectNoChinese(wrapper)
  })

  test('shows rate, totals, months, items and filters in English, and exports an English CSV', async () => {
    const { wrapper } = await mountMemberView(MyRecordView, { db: await memberDevice(), now: NOW, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="my-record-item"]')).toHaveLength(6))
    await until(() => expect(wrapper.get('[data-testid="my-attendance-rate"]').text()).toBe('0%Attendance (0/2)'))
    expect(wrapper.get('[data-testid="my-study-minutes"]').text()).toBe('40Study in 2026 (minutes)')
    expect(wrapper.findAll('[data-testid="my-record-month"]').map((m) => m.get('h2').text())).toEqual(['March 2026', 'February 2026'])
    expect(wrapper.findAll('[data-testid="my-record-item"]').map((i) => i.text())).toEqual([
      'Leave集中研讨Mar 19, 2026 · Leave · awaiting approval',
      'BloodVoluntary blood donationMar 3, 2026 · 300 ml',
      'Donation博爱一日捐Mar 2, 2026 · ¥123.45 · Not yet synced',
      'Study党章Mar 1, 2026 · 40 min · 学习强国',
      'VisitVisit to a retired Party member · 老党员家中Feb 20, 2026 · 负责入户',
      'Check-in支部党员大会Feb 16, 2026 · Absent',
    ])
    expectNoChinese(wrapper)

    await wrapper.get('[data-testid="my-kind-blood"]').trigger('click')
    expect(wrapper.findAll('[data-testid="my-record-item"]').map((i) => i.text())).toEqual(['BloodVoluntary blood donationMar 3, 2026 · 300 ml'])

    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:x'))
    const names: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    await wrapper.get('[data-testid="my-record-export"]').trigger('click')
    expect(names).toEqual(['my-party-record-2026-03-10.csv'])
    const lines = (await blobs[0]!.text()).split('\r\n')
    expect(lines.slice(0, 2)).toEqual(['\uFEFFDate,Kind,Item,Details,Status', '2026-03-19,Leave,集中研讨,Leave · awaiting approval,Synced'])
    expect(lines).toContain('2026-02-16,Check-in,支部党员大会,Absent,Synced')
    expect(lines).toContain('2026-03-02,Donation,博爱一日捐,¥123.45,Not yet synced')
    let words = lines.join('\n')
    for (const d of DATA) words = words.split(d).join('')
    expect(words).not.toMatch(CJK)
  })
})

describe('廉洁承诺 in English', () => {
  test('words the pad, a refusal and the signed pledge in English, and keeps the pledge text as published', async () => {
    const { wrapper, db } = await mountMemberView(PledgeSignView, { db: await memberDevice(), now: NOW, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="pledge-body"]').text()).toBe(BODY))
    expect(wrapper.get('[data-testid="pledge-pad"]').attributes('aria-label')).toBe('Signature pad')
    await wrapper.get('[data-testid="pledge-submit"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="pledge-error"]').text()).toBe('Sign by hand inside the box'))
    expectNoChinese(wrapper)

    const canvas = wrapper.get('[data-testid="pledge-pad"]').element
    const fire = (type: string, x: number, y: number) =>
      canvas.dispatchEvent(Object.assign(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true }), { pointerId: 1 }))
    fire('pointerdown', 30, 50)
    for (let i = 1; i < 12; i++) fire('pointermove', 30 + i * 10, 50)
    fire('pointerup', 140, 50)
    await wrapper.get('[data-testid="pledge-submit"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="pledge-signed"]').exists()).toBe(true))
    expect(await db.data('pledge_signatures').count()).toBe(1)
    const signed = wrapper.get('[data-testid="pledge-signed"]')
    expect(signed.findAll('p').map((p) => p.text())).toEqual([
      'Signed by 李晓梅 on Mar 10, 2026, 3:05 PM',
      `Text checksum ${sha(BODY).slice(0, 16)}…`,
      'You have already signed this year’s pledge',
    ])
    expect(signed.get('[data-testid="pledge-signature-image"]').attributes('aria-label')).toBe('Signature of 李晓梅')
    expect(wrapper.get('[data-testid="pledge-body"]').text()).toBe(BODY)
    expectNoChinese(wrapper)
  })

  test('says in English that this year\'s pledge is not published', async () => {
    const { wrapper } = await mountMemberView(PledgeSignView, { db: freshDb(), now: NOW, locale: 'en' })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="pledge-missing"]').text()).toBe('The 2026 pledge has not been published yet. Sync when you are online or contact the administrator'))
    expectNoChinese(wrapper)
  })
})
