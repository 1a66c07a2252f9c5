import { describe, expect, it } from 'vitest'
import { attendanceRate, dayOf, historyByMonth, historyOf, monthOf, toCsv, totalsOf, type MyRows } from '@/domain/myRecord'

const ME = 'm-1'
const rows = (): MyRows => ({
  events: [
    { id: 'e1', branch_id: 'b1', kind: 'general_meeting', title: '支部党员大会', starts_at: '2026-01-16T07:00:00Z' },
    { id: 'e2', branch_id: 'b1', kind: 'theme_day', title: '主题党日', starts_at: '2026-02-10T07:00:00Z' },
    { id: 'e3', branch_id: 'b1', kind: 'party_lecture', title: '党课', starts_at: '2026-03-05T07:00:00Z' },
    { id: 'e4', branch_id: 'b1', kind: 'seminar', title: '将来的会', starts_at: '2026-12-05T07:00:00Z' },
    { id: 'e5', branch_id: 'b1', kind: 'committee_meeting', title: '支委会', starts_at: '2026-03-06T07:00:00Z' },
  ],
  attendance: [
    { id: 'a1', event_id: 'e1', member_id: ME, status: 'present', checked_in_at: '2026-01-16T06:58:00Z', _ver: 1 },
    { id: 'a2', event_id: 'e2', member_id: ME, status: 'leave', leave_status: 'approved', _ver: 2 },
    { id: 'a3', event_id: 'e3', member_id: 'm-2', status: 'present', _ver: 1 },
  ],
  study_logs: [
    { id: 's1', member_id: ME, studied_on: '2026-01-20', minutes: 30, topic: '党章', source: '学习强国', _ver: 1 },
    { id: 's2', member_id: ME, studied_on: '2026-03-01', minutes: 45, topic: '全会精神' },
    { id: 's3', member_id: ME, studied_on: '2025-12-30', minutes: 60, topic: '旧', _ver: 1 },
    { id: 's4', member_id: ME, studied_on: '2026-03-02', minutes: 99, topic: '删了', _deleted: true },
  ],
  donations: [{ id: 'd1', member_id: ME, campaign_id: 'c1', amount_fen: 10050, donated_on: '2026-03-03' }],
  blood_donations: [{ id: 'b1', member_id: ME, volume_ml: 300, donated_on: '2026-03-04', _ver: 1 }],
  pledge_signatures: [{ id: 'p1', member_id: ME, template_id: 't1', signed_at: '2026-02-01T02:00:00Z', _ver: 1 }],
  campaigns: [{ id: 'c1', name: '博爱一日捐' }],
  visits: [
    { id: 'v1', kind: 'poverty', place: '柳树村', visited_on: '2026-01-25', participant_ids: [ME], _ver: 1 },
    { id: 'v2', kind: 'retired_member', place: '老党员家中', visited_on: '2026-02-20', participant_ids: [], _ver: 1 },
  ],
  visit_participants: [{ id: 'vp1', member_id: ME, visit_id: 'v2', note: '负责入户' }],
})

describe('my history', () => {
  it('should list only my live records, newest first, marking unsynced ones', () => {
    const items = historyOf(rows(), ME)
    expect(items.map((i) => i.id)).toEqual(['b1', 'd1', 's2', 'vp1', 'a2', 'p1', 'v1', 's1', 'a1', 's3'])
    expect(items.find((i) => i.id === 'vp1')).toEqual({ kind: 'visit', id: 'vp1', table: 'visit_participants', at: '2026-02-20', name: '老党员家中', visitKind: 'retired_member', note: '负责入户', pending: true })
    expect(items.find((i) => i.id === 'v1')).toMatchObject({ kind: 'visit', table: 'visits', name: '柳树村', visitKind: 'poverty', note: '' })
    expect(items.find((i) => i.id === 'd1')).toMatchObject({ kind: 'donation', name: '博爱一日捐', fen: 10050, pending: true })
    expect(items.find((i) => i.id === 'a2')).toMatchObject({ kind: 'leave', name: '主题党日', leaveStatus: 'approved' })
    expect(items.find((i) => i.id === 'a1')).toMatchObject({ kind: 'attendance', status: 'present', at: '2026-01-16T06:58:00Z' })
    expect(items.find((i) => i.id === 's1')).toMatchObject({ kind: 'study', name: '党章', minutes: 30, source: '学习强国' })
    expect(items.find((i) => i.id === 'b1')).toMatchObject({ kind: 'blood', name: '', ml: 300 })
    expect(items.find((i) => i.id === 'p1')).toMatchObject({ kind: 'pledge', name: '' })
  })

  it('should group by month and filter by kind', () => {
    const groups = historyByMonth(historyOf(rows(), ME))
    expect(groups.map((g) => g.month)).toEqual(['2026-03', '2026-02', '2026-01', '2025-12'])
    expect(historyByMonth(historyOf(rows(), ME), 'study').flatMap((g) => g.items.map((i) => i.id))).toEqual(['s2', 's1', 's3'])
  })

  it('should put a late-evening check-in into the China-time day and month', () => {
    expect(monthOf('2026-01-31T17:00:00Z')).toBe('2026-02')
    expect(dayOf('2026-01-31T17:00:00Z')).toBe('2026-02-01')
    expect(dayOf('2026-01-31')).toBe('2026-01-31')
    expect([dayOf('someday'), monthOf('')]).toEqual(['', ''])
  })
})

describe('attendance rate', () => {
  it('should count started events, skip approved leave, and ignore the future', () => {
    expect(attendanceRate(rows(), ME, 'b1', new Date('2026-03-10T00:00:00Z'))).toEqual({ attended: 1, counted: 2, rate: 0.5 })
  })

  it('should count a 支委会 only for those who were expected at it (have a row)', () => {
    const withCommittee = { ...rows(), attendance: [...rows().attendance, { id: 'a9', event_id: 'e5', member_id: ME, status: 'late' }] }
    expect(attendanceRate(withCommittee, ME, 'b1', new Date('2026-03-10T00:00:00Z'))).toEqual({ attended: 2, counted: 3, rate: 2 / 3 })
  })

  it('should count branch life for a staff member who is not a party member only where he has a row', () => {
    expect(attendanceRate(rows(), ME, 'b1', new Date('2026-03-10T00:00:00Z'), false)).toEqual({ attended: 1, counted: 1, rate: 1 })
    expect(attendanceRate({ ...rows(), attendance: [] }, ME, 'b1', new Date('2026-03-10T00:00:00Z'), false).rate).toBeNull()
  })

  it('should have no rate before any event', () => {
    expect(attendanceRate(rows(), ME, 'b1', new Date('2026-01-01T00:00:00Z')).rate).toBeNull()
  })
})

describe('totals and export', () => {
  it('should add study minutes, donations and blood, optionally for one year', () => {
    expect(totalsOf(rows(), ME)).toEqual({ studyMinutes: 135, donationFen: 10050, bloodMl: 300, visits: 2, pledges: 1 })
    expect(totalsOf(rows(), ME, 2026).studyMinutes).toBe(75)
  })

  it('should write CSV with a BOM, CRLF lines and quoted cells', () => {
    const csv = toCsv([['Date', 'Item'], ['2026-01-01', '学习, "讨论"'], ['2026-01-02', '=1+1'], ['2026-01-03', 'two\nlines']])
    expect(csv).toBe('\uFEFFDate,Item\r\n2026-01-01,"学习, ""讨论"""\r\n2026-01-02,"=1+1"\r\n2026-01-03,"two\nlines"\r\n')
  })
})
