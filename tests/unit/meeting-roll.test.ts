import { describe, expect, test } from 'vitest'
import { expectedMembers, meetingQuorum, meetingRoll } from '@/features/meetings/meetingRoll'
import type { RowOf } from '@/domain/syncTables'

const BRANCH = 'b1'
const event = (extra: Partial<RowOf<'events'>> = {}): RowOf<'events'> =>
  ({ id: 'e1', org_id: 'o1', branch_id: BRANCH, audience: 'branch', kind: 'general_meeting', title: '大会', starts_at: '2026-03-10T06:00:00Z', ...extra }) as RowOf<'events'>
const member = (id: string, extra: Partial<RowOf<'members'>> = {}): RowOf<'members'> =>
  ({ id, org_id: 'o1', branch_id: BRANCH, name: id, member_type: 'full', status: 'active', ...extra }) as RowOf<'members'>
const mark = (memberId: string, extra: Partial<RowOf<'attendance'>>): RowOf<'attendance'> =>
  ({ id: `a-${memberId}`, org_id: 'o1', branch_id: BRANCH, event_id: 'e1', member_id: memberId, status: 'present', ...extra }) as RowOf<'attendance'>

const ids = (list: readonly { id: string }[]) => list.map((m) => m.id)

describe('expected members', () => {
  const roster = [
    member('a', { group_id: 'g1', is_committee: true }),
    member('b', { group_id: 'g2' }),
    member('c', { group_id: 'g1', status: 'retired' }),
    member('d', { status: 'transferred', is_committee: true }),
    member('e', { status: 'deceased' }),
    member('f', { branch_id: 'b2' }),
  ]

  test('should expect the branch, without members who moved away or died, nor another branch\'s', () => {
    expect(ids(expectedMembers(event(), roster))).toEqual(['a', 'b', 'c'])
  })

  test('should expect only the party group at its 党小组会, and the group of an event without an audience column', () => {
    expect(ids(expectedMembers(event({ kind: 'group_meeting', audience: 'group', group_id: 'g1' }), roster))).toEqual(['a', 'c'])
    expect(ids(expectedMembers(event({ audience: null, group_id: 'g2' }), roster))).toEqual(['b'])
  })

  test('should expect only the committee at a 支委会, whatever its audience says', () => {
    expect(ids(expectedMembers(event({ kind: 'committee_meeting', audience: 'branch' }), roster))).toEqual(['a'])
    expect(ids(expectedMembers(event({ audience: 'committee' }), roster))).toEqual(['a'])
  })

  test('should expect every member this device holds at an organisation-wide event', () => {
    expect(ids(expectedMembers(event({ branch_id: null, audience: 'org' }), roster))).toEqual(['a', 'b', 'c', 'f'])
  })
})

describe('the roll', () => {
  test('should sort everyone expected into present and absent with the reason written for it', () => {
    const roster = ['p', 'l', 'q', 'r', 'w', 'x', 'n', 'v'].map((id) => member(id))
    const roll = meetingRoll(event(), roster, [
      mark('p', { status: 'present' }),
      mark('l', { status: 'late' }),
      mark('q', { status: 'leave', leave_status: 'approved', leave_reason: '出差' }),
      mark('r', { status: 'leave', leave_status: 'rejected', leave_reason: '私事' }),
      mark('w', { status: 'leave', leave_status: 'withdrawn', leave_reason: null }),
      mark('x', { status: 'absent', mark_reason: '未到' }),
      mark('v', { status: 'present', verification: 'refused' }),
      mark('zz', { status: 'present' }),
    ])
    expect(roll.present.map((e) => [e.member.id, e.status])).toEqual([['l', 'late'], ['p', 'present']])
    expect(roll.absent.map((e) => [e.member.id, e.status, e.reason])).toEqual([
      ['n', 'none', null],
      ['q', 'leave', '出差'],
      ['r', 'leaveRejected', '私事'],
      ['v', 'none', null],
      ['w', 'none', null],
      ['x', 'absent', '未到'],
    ])
    expect(roll.others).toEqual([])
  })

  test('should list someone present who was not expected apart, and never count them', () => {
    const roster = [member('a', { group_id: 'g1' }), member('b', { group_id: 'g2' })]
    const meeting = event({ kind: 'group_meeting', audience: 'group', group_id: 'g1' })
    const attendance = [mark('a', {}), mark('b', {})]
    const roll = meetingRoll(meeting, roster, attendance)
    expect(ids(roll.present.map((e) => e.member))).toEqual(['a'])
    expect(ids(roll.others.map((e) => e.member))).toEqual(['b'])
    expect(meetingQuorum(meeting, roster, attendance)).toMatchObject({ expected: 1, present: 1, met: true })
  })

  test('should count a check-in 待核实 only once the secretary confirmed it', () => {
    const roster = [member('a'), member('b')]
    const waiting = [mark('a', {}), mark('b', { method: 'code', verification: 'pending' })]
    expect(meetingRoll(event(), roster, waiting).absent.map((e) => [e.member.id, e.status])).toEqual([['b', 'pending']])
    expect(meetingQuorum(event(), roster, waiting)).toMatchObject({ expected: 2, present: 1, met: false })
    const confirmed = [mark('a', {}), mark('b', { method: 'code', verification: 'verified' })]
    expect(meetingQuorum(event(), roster, confirmed)).toMatchObject({ expected: 2, present: 2, met: true })
  })

  test('should ignore another event\'s attendance rows and deleted ones', () => {
    const roll = meetingRoll(event(), [member('a'), member('b')], [mark('a', { event_id: 'e2' }), mark('b', { _deleted: true })])
    expect(roll.present).toEqual([])
  })
})

describe('the quorum of a meeting', () => {
  test('should count present full members only: a probationary member present adds nothing', () => {
    const roster = [member('a'), member('b'), member('c'), member('d'), member('p', { member_type: 'probationary' })]
    const onLeave = mark('c', { status: 'leave', leave_status: 'approved' })
    const half = meetingQuorum(event(), roster, [mark('a', {}), mark('b', {}), mark('p', {}), onLeave, mark('d', { status: 'absent' })])
    expect(half).toMatchObject({ expected: 4, present: 2, needed: 3, met: false, warning: 'quorum.notMet' })
    const over = meetingQuorum(event(), roster, [mark('a', {}), mark('b', {}), mark('c', { status: 'late' })])
    expect(over).toMatchObject({ expected: 4, present: 3, needed: 3, met: true, warning: null })
  })

  test('should need more than four fifths at an election', () => {
    const roster = ['a', 'b', 'c', 'd', 'e'].map((id) => member(id))
    const four = ['a', 'b', 'c', 'd'].map((id) => mark(id, {}))
    expect(meetingQuorum(event({ is_election: true }), roster, four)).toMatchObject({ expected: 5, present: 4, met: false, warning: 'quorum.electionNotMet' })
    expect(meetingQuorum(event({ is_election: true }), roster, [...four, mark('e', {})])).toMatchObject({ present: 5, met: true })
  })
})
