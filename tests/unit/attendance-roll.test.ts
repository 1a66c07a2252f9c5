import { describe, expect, test } from 'vitest'
import {
  attendanceRoll,
  decidesAttendance,
  handMark,
  marksAttendance,
  rollStatus,
  seesAttendance,
  type RollEvent,
  type RollMember,
} from '@/domain/attendanceRoll'
import { expectsMember } from '@/domain/eventAudience'
import type { AttendanceRow } from '@/domain/rows'
import { attendanceRowId } from '@/domain/syncIds'

const ORG = 'org'
const BRANCH = 'b1'
const OTHER = 'b2'
const NOW = new Date('2026-03-10T07:05:00Z')

const event = (extra: Partial<RollEvent> = {}): RollEvent => ({
  id: 'e1', org_id: ORG, branch_id: BRANCH, group_id: null, audience: 'branch', kind: 'general_meeting',
  starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:30:00Z', ...extra,
})
const member = (id: string, extra: Partial<RollMember> = {}): RollMember => ({ id, name: id, branch_id: BRANCH, status: 'active', ...extra })
const isExpected = (m: RollMember, e: RollEvent) => expectsMember(e, m)
const row = (memberId: string, extra: Partial<AttendanceRow> = {}): AttendanceRow =>
  ({ id: attendanceRowId('e1', memberId), org_id: ORG, branch_id: BRANCH, event_id: 'e1', member_id: memberId, status: 'present', ...extra }) as AttendanceRow

describe('who is expected', () => {
  test('should expect the branch for a branch event, not members who moved or died', () => {
    const e = event()
    expect(isExpected(member('a'), e)).toBe(true)
    expect(isExpected(member('r', { status: 'retired' }), e)).toBe(true)
    expect(isExpected(member('t', { status: 'transferred' }), e)).toBe(false)
    expect(isExpected(member('d', { status: 'deceased' }), e)).toBe(false)
    expect(isExpected(member('o', { branch_id: OTHER }), e)).toBe(false)
  })

  test('should expect only the group for a 党小组会 and only the committee for a 支委会', () => {
    const group = event({ audience: 'group', group_id: 'g1', kind: 'group_meeting' })
    expect(isExpected(member('in', { group_id: 'g1' }), group)).toBe(true)
    expect(isExpected(member('out', { group_id: 'g2' }), group)).toBe(false)
    const committee = event({ audience: 'branch', kind: 'committee_meeting' })
    expect(isExpected(member('c', { is_committee: true }), committee)).toBe(true)
    expect(isExpected(member('m', { is_committee: false }), committee)).toBe(false)
    expect(isExpected(member('m'), event({ audience: 'committee', kind: 'seminar' }))).toBe(false)
  })

  test('should expect every branch on the device at an organisation-wide event', () => {
    const org = event({ branch_id: null, audience: 'org', kind: 'group_study' })
    expect(isExpected(member('a'), org)).toBe(true)
    expect(isExpected(member('b', { branch_id: OTHER }), org)).toBe(true)
    expect(isExpected(member('b', { branch_id: OTHER }), event({ branch_id: null, audience: 'committee' }))).toBe(false)
  })
})

describe('list status', () => {
  test('should tell 待核实, leave asked, approved, refused or withdrawn, absent and not yet apart', () => {
    expect(rollStatus(null)).toBe('notYet')
    expect(rollStatus(row('a', { verification: 'verified' }))).toBe('present')
    expect(rollStatus(row('a', { status: 'late', verification: 'pending' }))).toBe('pending')
    expect(rollStatus(row('a', { status: 'leave', leave_status: 'pending' }))).toBe('leavePending')
    expect(rollStatus(row('a', { status: 'leave', leave_status: 'approved' }))).toBe('leave')
    expect(rollStatus(row('a', { status: 'leave', leave_status: 'rejected' }))).toBe('notYet')
    expect(rollStatus(row('a', { status: 'leave', leave_status: 'withdrawn' }))).toBe('notYet')
    expect(rollStatus(row('a', { status: 'absent', verification: 'refused' }))).toBe('absent')
    expect(rollStatus(row('a', { _deleted: true }))).toBe('notYet')
  })
})

describe('attendanceRoll', () => {
  test('should list each person once, the expected and others with a row, with counts that add up', () => {
    const members = [member('张三'), member('李四'), member('王五', { status: 'transferred' }), member('赵六'), member('钱七', { status: 'transferred' })]
    const attendance = [
      row('张三', { verification: 'verified' }),
      row('李四', { status: 'late', verification: 'pending' }),
      row('王五', { status: 'absent', method: 'manual' }),
      row('外来', { status: 'present', method: 'manual', branch_id: OTHER }),
      row('赵六', { event_id: 'other-event' }),
    ]
    const { entries, counts } = attendanceRoll({ event: event(), members: [...members, members[0]!], attendance })
    expect(entries.map((e) => [e.memberId, e.status, e.expected])).toEqual([
      ['李四', 'pending', true],
      ['赵六', 'notYet', true],
      ['张三', 'present', true],
      ['外来', 'present', false],
      ['王五', 'absent', false],
    ])
    expect(entries.find((e) => e.memberId === '外来')).toMatchObject({ name: null, branchId: OTHER })
    expect(counts).toEqual({ expected: 3, total: 5, pending: 1, notYet: 1, leavePending: 0, present: 2, late: 0, leave: 0, absent: 1 })
  })

  test('should count nobody for an event nobody is expected at', () => {
    const { entries, counts } = attendanceRoll({ event: event({ audience: 'committee' }), members: [member('a')], attendance: [] })
    expect(entries).toEqual([])
    expect(counts.expected).toBe(0)
    expect(counts.total).toBe(0)
  })
})

describe('rights', () => {
  const secretary = [{ role: 'secretary', branch_id: BRANCH }]
  const organizer = [{ role: 'organizer', branch_id: BRANCH }]
  const admin = [{ role: 'admin', branch_id: null }]
  test('should let the branch committee mark and only its secretary decide; admins at organisation-wide events', () => {
    expect(marksAttendance(organizer, event(), BRANCH)).toBe(true)
    expect(decidesAttendance(organizer, event(), BRANCH)).toBe(false)
    expect(decidesAttendance(secretary, event(), BRANCH)).toBe(true)
    expect(marksAttendance(secretary, event(), OTHER)).toBe(false)
    expect(marksAttendance(admin, event(), BRANCH)).toBe(false)
    const org = event({ branch_id: null, audience: 'org' })
    expect(decidesAttendance(admin, org, OTHER)).toBe(true)
    expect(decidesAttendance(secretary, org, BRANCH)).toBe(true)
    expect(decidesAttendance(secretary, org, OTHER)).toBe(false)
    expect(seesAttendance(organizer, event())).toBe(true)
    expect(seesAttendance([{ role: 'member', branch_id: BRANCH }], event())).toBe(false)
    expect(seesAttendance(admin, event())).toBe(false)
    expect(seesAttendance(admin, org)).toBe(true)
  })
})

describe('handMark', () => {
  const entry = (status: 'notYet' | 'present' | 'pending' | 'leavePending', r: AttendanceRow | null = null) => ({ memberId: 'm1', branchId: BRANCH, status, row: r })
  const mark = (over: Partial<Parameters<typeof handMark>[0]>) =>
    handMark({ event: event(), entry: entry('notYet'), status: 'present', reason: '现场确认', now: NOW, decider: true, me: 'me', ...over })

  test('should require a reason and refuse one over 500 characters without cutting it', () => {
    expect(mark({ reason: '  ' })).toEqual({ ok: false, problem: { code: 'attendance.reasonRequired' } })
    expect(mark({ reason: '字'.repeat(501) })).toEqual({ ok: false, problem: { code: 'text.tooLong', params: { max: 500, length: 501, over: 1 } } })
    expect(mark({ reason: '字'.repeat(500) }).ok).toBe(true)
  })

  test('should write a manual check-in with the time and reason, never forced', () => {
    const result = mark({})
    expect(result).toEqual({ ok: true, value: { force: false, row: {
      id: attendanceRowId('e1', 'm1'), org_id: ORG, branch_id: BRANCH, event_id: 'e1', member_id: 'm1', status: 'present', method: 'manual',
      checked_in_at: NOW.toISOString(), checkin_token: null, verification: null, mark_reason: '现场确认', leave_status: null,
    } } })
  })

  test('should force an absent mark only over a check-in the device shows', () => {
    const over = mark({ status: 'absent', entry: entry('present', row('m1', { method: 'manual' })) })
    expect(over.ok && over.value.force).toBe(true)
    const fresh = mark({ status: 'absent' })
    expect(fresh.ok && fresh.value.force).toBe(false)
    expect(fresh.ok && fresh.value.row).toMatchObject({ status: 'absent', method: null, checked_in_at: null })
  })

  test('should leave a verified check-in to the secretary', () => {
    const verified = entry('present', row('m1', { method: 'qr', verification: 'verified' }))
    expect(mark({ status: 'absent', entry: verified, decider: false })).toEqual({ ok: false, problem: { code: 'attendance.protected' } })
    expect(mark({ status: 'absent', entry: verified, decider: true }).ok).toBe(true)
  })

  test('should approve a leave the secretary records, and leave an organizer\'s or his own for the secretary', () => {
    const bySecretary = mark({ status: 'leave' })
    expect(bySecretary.ok && bySecretary.value.row).toMatchObject({ status: 'leave', leave_status: 'approved', leave_reason: '现场确认', decision_note: '现场确认', method: null })
    const byOrganizer = mark({ status: 'leave', decider: false })
    expect(byOrganizer.ok && byOrganizer.value.row).toMatchObject({ leave_status: 'pending' })
    expect(byOrganizer.ok && 'decision_note' in byOrganizer.value.row).toBe(false)
    const own = mark({ status: 'leave', me: 'm1' })
    expect(own.ok && own.value.row.leave_status).toBe('pending')
    const asked = mark({ status: 'leave', entry: entry('leavePending', row('m1', { status: 'leave', leave_status: 'pending', leave_reason: '出差' })) })
    expect(asked.ok && asked.value.row).toMatchObject({ leave_status: 'approved', leave_reason: '出差', decision_note: '现场确认' })
    expect(mark({ status: 'leave', decider: false, entry: entry('leavePending', row('m1', { status: 'leave', leave_status: 'pending' })) }))
      .toEqual({ ok: false, problem: { code: 'attendance.sameStatus' } })
  })
})
