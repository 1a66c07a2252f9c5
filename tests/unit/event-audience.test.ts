import { describe, expect, test } from 'vitest'
import { attendanceRoll, rollStatus } from '@/domain/attendanceRoll'
import { attendanceState, audienceOf, expectsMember, isPresent, type AttendanceState, type AudienceEvent } from '@/domain/eventAudience'
import { myEventStatus } from '@/domain/events'
import { hasVote } from '@/domain/quorum'
import type { AttendanceRow } from '@/domain/rows'

const BRANCH = 'b1'
const OTHER_BRANCH = 'b2'
const GROUP = 'g1'

const event = (over: Partial<AudienceEvent> = {}): AudienceEvent => ({ branch_id: BRANCH, group_id: null, audience: 'branch', kind: 'general_meeting', ...over })

/** Who a roster row is, apart from his status and type. */
const PEOPLE = {
  /** A member of the branch in another party group, not on the committee. */
  plain: { branch_id: BRANCH, group_id: 'g2', is_committee: false, committee_title: null },
  /** In the event's party group. */
  inGroup: { branch_id: BRANCH, group_id: GROUP, is_committee: false, committee_title: null },
  /** On the committee, with his post. */
  committee: { branch_id: BRANCH, group_id: 'g2', is_committee: true, committee_title: '组织委员' },
  /** On the committee without a post written. */
  committeeNoTitle: { branch_id: BRANCH, group_id: null, is_committee: true, committee_title: null },
  /** A post left on his row, but not on the committee. */
  titleOnly: { branch_id: BRANCH, group_id: GROUP, is_committee: false, committee_title: '原宣传委员' },
  /** Another branch's committee member. */
  otherBranch: { branch_id: OTHER_BRANCH, group_id: null, is_committee: true, committee_title: '书记' },
} as const
type Who = keyof typeof PEOPLE

/** Who each kind of event expects, when everyone is active: the rule written out as a table. */
const AUDIENCES: { name: string; event: AudienceEvent; expects: readonly Who[] }[] = [
  { name: '支部党员大会 (the branch)', event: event(), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly'] },
  { name: '党小组会 (its party group)', event: event({ kind: 'group_meeting', audience: 'group', group_id: GROUP }), expects: ['inGroup', 'titleOnly'] },
  { name: 'a party group\'s event without its group', event: event({ kind: 'group_meeting', audience: 'group', group_id: null }), expects: [] },
  { name: '支委会 (the committee)', event: event({ kind: 'committee_meeting', audience: 'committee' }), expects: ['committee', 'committeeNoTitle'] },
  { name: '支委会 of a row older than the audience (audience branch)', event: event({ kind: 'committee_meeting', audience: 'branch' }), expects: ['committee', 'committeeNoTitle'] },
  { name: 'a seminar for the committee', event: event({ kind: 'seminar', audience: 'committee' }), expects: ['committee', 'committeeNoTitle'] },
  { name: 'an event without an audience, with a group', event: event({ kind: 'theme_day', audience: null, group_id: GROUP }), expects: ['inGroup', 'titleOnly'] },
  { name: 'the organisation\'s study (everyone)', event: event({ kind: 'group_study', branch_id: null, audience: 'org' }), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly', 'otherBranch'] },
  { name: 'the organisation\'s event for every committee', event: event({ kind: 'group_study', branch_id: null, audience: 'committee' }), expects: ['committee', 'committeeNoTitle', 'otherBranch'] },
  // The campaigns, open to all staff whatever their political status.
  { name: 'the branch\'s blood drive (all staff)', event: event({ kind: 'blood_drive' }), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly'] },
  { name: 'the branch\'s volunteer service for a party group', event: event({ kind: 'volunteer', audience: 'group', group_id: GROUP }), expects: ['inGroup', 'titleOnly'] },
  { name: 'the organisation\'s training (everyone)', event: event({ kind: 'training', branch_id: null, audience: 'org' }), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly', 'otherBranch'] },
  { name: 'the organisation\'s donation drive', event: event({ kind: 'donation_drive', branch_id: null, audience: 'org' }), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly', 'otherBranch'] },
  { name: 'the branch\'s visit', event: event({ kind: 'visit' }), expects: ['plain', 'inGroup', 'committee', 'committeeNoTitle', 'titleOnly'] },
]
/** Kinds open to staff who are not party members; every other kind is branch life. */
const STAFF_KINDS: readonly string[] = ['volunteer', 'blood_drive', 'donation_drive', 'visit', 'training']

/** Statuses of the roster: expected or not at all; with a vote or not (a 正式党员 with the status). */
const STATUSES = [
  { status: 'active', expected: true, votes: true },
  { status: 'retired', expected: true, votes: true },
  { status: 'suspended', expected: true, votes: false },
  { status: 'transferred', expected: false, votes: false },
  { status: 'deceased', expected: false, votes: false },
  { status: 'left', expected: false, votes: false },
] as const
/** Political status: party members (正式党员 votes, 预备党员 not) and staff who are not party members. */
const TYPES = [
  { member_type: 'full', party: true, votes: true },
  { member_type: 'probationary', party: true, votes: false },
  { member_type: null, party: true, votes: true },
  { member_type: 'league', party: false, votes: false },
  { member_type: 'masses', party: false, votes: false },
  { member_type: 'other', party: false, votes: false },
] as const

const cases = AUDIENCES.flatMap((a) =>
  (Object.keys(PEOPLE) as Who[]).flatMap((who) =>
    STATUSES.flatMap((s) => TYPES.map((t) => ({ ...a, who, ...s, member_type: t.member_type, party: t.party, typeVotes: t.votes }))),
  ),
)

describe('who is expected at an event', () => {
  test('covers every audience, person, status and member type', () => {
    expect(cases).toHaveLength(14 * 6 * 6 * 6)
  })

  test.each(cases)('$name: $who, $status, $member_type', ({ event: e, expects, who, status, expected, votes, member_type, party, typeVotes }) => {
    const member = { id: who, ...PEOPLE[who], status, member_type }
    // Branch life expects party members only; the campaigns everyone the audience names.
    const isExpected = expects.includes(who) && expected && (party || STAFF_KINDS.includes(e.kind))
    expect(expectsMember(e, member)).toBe(isExpected)
    // 预备党员 and suspended members are expected but have no vote for the quorum.
    expect(isExpected && hasVote(member, e)).toBe(isExpected && votes && typeVotes)
  })

  test('never expects a deleted roster row', () => {
    expect(expectsMember(event(), { branch_id: BRANCH, status: 'active', _deleted: true })).toBe(false)
  })

  test('reads the audience of rows older than the column from their columns', () => {
    expect(audienceOf({ branch_id: null, group_id: null, audience: null })).toBe('org')
    expect(audienceOf({ branch_id: BRANCH, group_id: GROUP, audience: undefined })).toBe('group')
    expect(audienceOf({ branch_id: BRANCH, group_id: null, audience: null })).toBe('branch')
    expect(audienceOf({ branch_id: BRANCH, group_id: null, audience: 'committee' })).toBe('committee')
  })
})

type Row = Pick<AttendanceRow, 'status' | 'leave_status' | 'verification' | '_deleted'>
const row = (over: Partial<Row>): Row => ({ status: 'present', leave_status: null, verification: null, ...over })

/**
 * Each row as the rule sees it, and as each screen shows it: the 签到名单 (its list status), 活动
 * (the member's own status at an event that has started) and the meeting record (counted as present,
 * for the quorum too).
 */
const STATES: { name: string; row: Row | null; state: AttendanceState; list: string; mine: string; present: boolean }[] = [
  { name: 'no row', row: null, state: 'none', list: 'notYet', mine: 'notCheckedIn', present: false },
  { name: 'a deleted row', row: row({ _deleted: true }), state: 'none', list: 'notYet', mine: 'notCheckedIn', present: false },
  { name: 'a hand-marked check-in', row: row({}), state: 'present', list: 'present', mine: 'present', present: true },
  { name: 'a verified check-in', row: row({ verification: 'verified' }), state: 'present', list: 'present', mine: 'present', present: true },
  { name: 'late', row: row({ status: 'late' }), state: 'late', list: 'late', mine: 'late', present: true },
  { name: 'a check-in 待核实', row: row({ verification: 'pending' }), state: 'pending', list: 'pending', mine: 'pending', present: false },
  { name: 'late and 待核实', row: row({ status: 'late', verification: 'pending' }), state: 'pending', list: 'pending', mine: 'pending', present: false },
  { name: 'a check-in the secretary refused, before the server answered', row: row({ verification: 'refused' }), state: 'none', list: 'notYet', mine: 'notCheckedIn', present: false },
  { name: 'a refused check-in the server made absent', row: row({ status: 'absent', verification: 'refused' }), state: 'absent', list: 'absent', mine: 'absent', present: false },
  { name: 'absent', row: row({ status: 'absent' }), state: 'absent', list: 'absent', mine: 'absent', present: false },
  { name: 'leave asked', row: row({ status: 'leave', leave_status: 'pending' }), state: 'leavePending', list: 'leavePending', mine: 'leavePending', present: false },
  { name: 'leave approved', row: row({ status: 'leave', leave_status: 'approved' }), state: 'leave', list: 'leave', mine: 'leaveApproved', present: false },
  { name: 'leave refused', row: row({ status: 'leave', leave_status: 'rejected' }), state: 'leaveRejected', list: 'notYet', mine: 'leaveRejected', present: false },
  { name: 'leave withdrawn', row: row({ status: 'leave', leave_status: 'withdrawn' }), state: 'none', list: 'notYet', mine: 'notCheckedIn', present: false },
]

describe('where a person stands at an event', () => {
  const started = { ...event(), starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:30:00Z', cancelled_at: null }
  const NOW = new Date('2026-03-10T07:05:00Z')

  test.each(STATES)('$name: $state', ({ row: r, state, list, mine, present }) => {
    expect(attendanceState(r)).toBe(state)
    expect(rollStatus(r as AttendanceRow | null)).toBe(list)
    expect(myEventStatus(started, r, { branch_id: BRANCH, status: 'active' }, NOW)).toBe(mine)
    const full = r ? [{ id: 'a1', org_id: 'o', branch_id: BRANCH, event_id: 'e1', member_id: 'm1', ...r } as AttendanceRow] : []
    const roll = attendanceRoll({ event: { ...started, id: 'e1', org_id: 'o' }, members: [{ id: 'm1', name: '张三', branch_id: BRANCH }], attendance: full })
    expect(roll.entries.map((e) => e.status)).toEqual([list])
    expect(isPresent(attendanceState(r))).toBe(present)
  })

  test('says 无需参加 only to someone the event does not expect', () => {
    const committee = { ...started, kind: 'committee_meeting' as const, audience: 'committee' as const }
    expect(myEventStatus(committee, null, { branch_id: BRANCH, is_committee: false }, NOW)).toBe('notExpected')
    expect(myEventStatus(committee, null, { branch_id: BRANCH, is_committee: true }, NOW)).toBe('notCheckedIn')
    expect(myEventStatus(committee, null, null, NOW)).toBe('notCheckedIn')
    expect(myEventStatus(started, null, { branch_id: BRANCH, status: 'transferred' }, NOW)).toBe('notExpected')
    expect(myEventStatus(started, null, { branch_id: BRANCH, status: 'active', member_type: 'masses' }, NOW)).toBe('notExpected')
    expect(myEventStatus({ ...started, kind: 'training' }, null, { branch_id: BRANCH, status: 'active', member_type: 'masses' }, NOW)).toBe('notCheckedIn')
  })
})
