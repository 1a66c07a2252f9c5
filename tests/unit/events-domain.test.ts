import { describe, expect, test } from 'vitest'
import {
  EVENT_KINDS,
  ORG_WIDE_KINDS,
  checkCancelReason,
  chinaInputOf,
  creatableScopes,
  defaultAudience,
  eventPhase,
  eventSchema,
  filterEvents,
  managesEvent,
  mayAskLeave,
  myEventStatus,
  parseChinaInput,
} from '@/domain/events'
import { fieldProblems } from '@/domain/validation'

const ORG = '10000000-0000-4000-8000-000000000001'
const BRANCH = '12000000-0000-4000-8000-000000000001'
const OTHER_BRANCH = '12000000-0000-4000-8000-000000000002'
const GROUP = '13000000-0000-4000-8000-000000000001'
const ID = '01900000-0000-7000-8000-000000000001'

const valid = (over: Record<string, unknown> = {}) => ({
  id: ID,
  org_id: ORG,
  branch_id: BRANCH,
  kind: 'theme_day',
  title: '3月主题党日',
  starts_at: '2026-03-10T06:00:00.000Z',
  ends_at: '2026-03-10T08:00:00.000Z',
  audience: 'branch',
  group_id: null,
  is_election: false,
  ...over,
})

function problems(input: Record<string, unknown>) {
  const parsed = eventSchema().safeParse(input)
  return parsed.success ? {} : Object.fromEntries(Object.entries(fieldProblems(parsed.error)).map(([k, p]) => [k, p.code]))
}

describe('China-time inputs', () => {
  test('should read a typed time as China time and show a stored instant back in China time', () => {
    expect(parseChinaInput('2026-03-10T14:00')).toEqual({ ok: true, value: '2026-03-10T06:00:00.000Z' })
    expect(chinaInputOf('2026-03-10T06:00:00+00:00')).toBe('2026-03-10T14:00')
    // Just after midnight in Beijing is the previous day in UTC.
    expect(parseChinaInput('2026-04-01T00:30')).toEqual({ ok: true, value: '2026-03-31T16:30:00.000Z' })
  })

  test('should read a blank time as no time and refuse one that does not exist', () => {
    expect(parseChinaInput('  ')).toEqual({ ok: true, value: null })
    expect(parseChinaInput('2026-02-30T10:00')).toEqual({ ok: false, code: 'event.timeInvalid' })
    expect(parseChinaInput('2026-03-10T24:10')).toEqual({ ok: false, code: 'event.timeInvalid' })
    expect(parseChinaInput('下午三点')).toEqual({ ok: false, code: 'event.timeInvalid' })
    expect(parseChinaInput('1989-12-31T10:00')).toEqual({ ok: false, code: 'event.timeRange' })
  })
})

describe('eventSchema', () => {
  test('should accept a branch event and trim its text, blank details becoming null', () => {
    const parsed = eventSchema().parse(valid({ title: '  3月主题党日 ', place: ' ', host: ' 王书记 ' }))
    expect(parsed).toMatchObject({ title: '3月主题党日', place: null, host: '王书记', theme: null })
  })

  test('should require a title and a start', () => {
    expect(problems(valid({ title: '  ', starts_at: undefined }))).toEqual({ title: 'event.titleRequired', starts_at: 'event.startRequired' })
  })

  test('should refuse an end that is not after the start', () => {
    expect(problems(valid({ ends_at: '2026-03-10T06:00:00.000Z' }))).toEqual({ ends_at: 'event.endBeforeStart' })
    expect(problems(valid({ ends_at: '2026-03-10T05:59:00.000Z' }))).toEqual({ ends_at: 'event.endBeforeStart' })
    expect(problems(valid({ ends_at: '2026-03-10T06:01:00.000Z' }))).toEqual({})
    expect(problems(valid({ ends_at: null }))).toEqual({})
  })

  test('should require the party group when a group is expected, and a group for a 党小组会', () => {
    expect(problems(valid({ audience: 'group' }))).toEqual({ group_id: 'event.groupRequired' })
    expect(problems(valid({ kind: 'group_meeting', audience: 'branch' }))).toEqual({ audience: 'event.groupMeetingAudience' })
    expect(problems(valid({ kind: 'committee_meeting', audience: 'branch' }))).toEqual({ audience: 'event.committeeMeetingAudience' })
    expect(problems(valid({ kind: 'group_meeting', audience: 'group', group_id: GROUP }))).toEqual({})
  })

  test('should drop a group chosen for another audience and an election flag on a kind without elections', () => {
    const parsed = eventSchema().parse(valid({ audience: 'committee', group_id: GROUP, is_election: true }))
    expect(parsed).toMatchObject({ group_id: null, is_election: false })
    expect(eventSchema().parse(valid({ kind: 'general_meeting', is_election: true })).is_election).toBe(true)
  })

  test('should keep the organs of a branch out of the whole organisation and fit the audience to the scope', () => {
    expect(problems(valid({ branch_id: null, kind: 'committee_meeting', audience: 'committee' }))).toEqual({ kind: 'event.kindNotOrgWide' })
    expect(problems(valid({ branch_id: null, kind: 'group_study', audience: 'branch' }))).toEqual({ audience: 'event.audienceInvalid' })
    expect(problems(valid({ branch_id: null, kind: 'group_study', audience: 'org' }))).toEqual({})
    expect(problems(valid({ audience: 'org' }))).toEqual({ audience: 'event.audienceInvalid' })
    expect(ORG_WIDE_KINDS).not.toContain('general_meeting')
    expect(ORG_WIDE_KINDS).not.toContain('org_life_meeting')
    expect(ORG_WIDE_KINDS).toHaveLength(EVENT_KINDS.length - 5)
  })

  test('should refuse text over the column limit with its length, never cutting it', () => {
    const parsed = eventSchema().safeParse(valid({ host: '王'.repeat(51) }))
    expect(parsed.success).toBe(false)
    if (parsed.success) return
    expect(fieldProblems(parsed.error).host).toEqual({ code: 'text.tooLong', params: { max: 50, length: 51, over: 1 } })
  })

  test('should refuse a kind the database does not know, and accept the yearly 组织生活会 and 民主评议党员', () => {
    expect(problems(valid({ kind: 'annual_party' }))).toEqual({ kind: 'event.kindRequired' })
    expect(problems(valid({ kind: 'org_life_meeting' }))).toEqual({})
    expect(problems(valid({ kind: 'member_appraisal' }))).toEqual({})
  })

  test('should set who is expected from the kind', () => {
    expect(defaultAudience('group_meeting', 'branch')).toBe('group')
    expect(defaultAudience('committee_meeting', 'branch')).toBe('committee')
    expect(defaultAudience('party_lecture', 'branch')).toBe('branch')
    expect(defaultAudience('blood_drive', 'org')).toBe('org')
  })
})

describe('cancel reasons', () => {
  test('should require a reason and keep it trimmed', () => {
    expect(checkCancelReason('  ')).toEqual({ ok: false, code: 'event.cancelReasonRequired', params: {} })
    expect(checkCancelReason(' 书记出差 ')).toEqual({ ok: true, value: '书记出差' })
    expect(checkCancelReason('因'.repeat(501))).toEqual({ ok: false, code: 'text.tooLong', params: { max: 500, length: 501, over: 1 } })
  })
})

describe('who plans events', () => {
  const secretary = [{ role: 'member', branch_id: BRANCH }, { role: 'secretary', branch_id: BRANCH }]
  const admin = [{ role: 'admin', branch_id: null }]

  test('should let a branch\'s organizer or secretary change its events, and only admins the organisation\'s', () => {
    expect(managesEvent(secretary, { branch_id: BRANCH })).toBe(true)
    expect(managesEvent([{ role: 'organizer', branch_id: BRANCH }], { branch_id: BRANCH })).toBe(true)
    expect(managesEvent(secretary, { branch_id: OTHER_BRANCH })).toBe(false)
    expect(managesEvent(secretary, { branch_id: null })).toBe(false)
    expect(managesEvent([{ role: 'member', branch_id: BRANCH }], { branch_id: BRANCH })).toBe(false)
    expect(managesEvent([{ role: 'leader', branch_id: null }], { branch_id: null })).toBe(false)
    expect(managesEvent(admin, { branch_id: null })).toBe(true)
    expect(managesEvent(admin, { branch_id: BRANCH })).toBe(false)
  })

  test('should offer the own branch first, and the organisation to an admin', () => {
    const grants = [{ role: 'organizer', branch_id: OTHER_BRANCH }, ...secretary, ...admin]
    expect(creatableScopes(grants, BRANCH)).toEqual([
      { scope: 'branch', branch_id: BRANCH },
      { scope: 'branch', branch_id: OTHER_BRANCH },
      { scope: 'org', branch_id: null },
    ])
    expect(creatableScopes([{ role: 'member', branch_id: BRANCH }], BRANCH)).toEqual([])
  })
})

describe('the member\'s own status', () => {
  const NOW = new Date('2026-03-10T07:05:00Z')
  const event = (over: Record<string, unknown> = {}) => ({ starts_at: '2026-03-10T07:00:00Z', ends_at: '2026-03-10T08:30:00Z', cancelled_at: null, audience: 'branch' as const, group_id: null, branch_id: 'b1', kind: 'group_study' as const, ...over })
  const row = (status: 'present' | 'late' | 'leave' | 'absent', over: Record<string, unknown> = {}) => ({ status, leave_status: null, verification: null, ...over })

  test('should word every attendance state', () => {
    expect(myEventStatus(event(), row('present', { verification: 'verified' }), null, NOW)).toBe('present')
    expect(myEventStatus(event(), row('late'), null, NOW)).toBe('late')
    expect(myEventStatus(event(), row('present', { verification: 'pending' }), null, NOW)).toBe('pending')
    expect(myEventStatus(event(), row('leave', { leave_status: 'pending' }), null, NOW)).toBe('leavePending')
    expect(myEventStatus(event(), row('leave', { leave_status: 'approved' }), null, NOW)).toBe('leaveApproved')
    expect(myEventStatus(event(), row('leave', { leave_status: 'rejected' }), null, NOW)).toBe('leaveRejected')
    expect(myEventStatus(event(), row('absent'), null, NOW)).toBe('absent')
  })

  test('should say 未签到 once an expected event has started, and nothing before', () => {
    expect(myEventStatus(event(), null, null, NOW)).toBe('notCheckedIn')
    expect(myEventStatus(event(), row('leave', { leave_status: 'withdrawn' }), null, NOW)).toBe('notCheckedIn')
    expect(myEventStatus(event({ starts_at: '2026-03-10T07:06:00Z' }), null, null, NOW)).toBeNull()
    expect(myEventStatus(event({ cancelled_at: '2026-03-09T00:00:00Z' }), null, null, NOW)).toBeNull()
  })

  test('should not expect a member at another group\'s or the committee\'s meeting', () => {
    expect(myEventStatus(event({ audience: 'committee' }), null, { is_committee: false }, NOW)).toBe('notExpected')
    expect(myEventStatus(event({ audience: 'committee' }), null, { is_committee: true }, NOW)).toBe('notCheckedIn')
    expect(myEventStatus(event({ audience: 'group', group_id: GROUP }), null, { group_id: 'other' }, NOW)).toBe('notExpected')
    expect(myEventStatus(event({ audience: 'group', group_id: GROUP }), null, { group_id: GROUP }, NOW)).toBe('notCheckedIn')
  })

  test('should offer leave only before the start of an event not cancelled, and not after a check-in or a decision', () => {
    const later = event({ starts_at: '2026-03-10T07:06:00Z' })
    expect(mayAskLeave(later, null, NOW)).toBe(true)
    expect(mayAskLeave(later, 'leavePending', NOW)).toBe(true)
    expect(mayAskLeave(later, 'leaveRejected', NOW)).toBe(false)
    expect(mayAskLeave(later, 'leaveApproved', NOW)).toBe(false)
    expect(mayAskLeave(later, 'present', NOW)).toBe(false)
    expect(mayAskLeave(event(), null, NOW)).toBe(false)
    expect(mayAskLeave({ ...later, cancelled_at: '2026-03-09T00:00:00Z' }, null, NOW)).toBe(false)
  })
})

describe('the list', () => {
  const NOW = new Date('2026-03-10T07:05:00Z')
  const e = (id: string, kind: string, starts_at: string, ends_at: string | null = null) => ({ id, kind, starts_at, ends_at })
  const events = [
    e('past-lecture', 'party_lecture', '2026-02-01T07:00:00Z', '2026-02-01T08:00:00Z'),
    e('ongoing', 'theme_day', '2026-03-10T07:00:00+00:00', '2026-03-10T09:00:00+00:00'),
    e('later', 'party_lecture', '2026-03-20T07:00:00.000Z'),
    e('soon', 'committee_meeting', '2026-03-12T07:00:00Z'),
    e('past-day', 'committee_meeting', '2026-03-09T01:00:00Z'),
  ]

  test('should list upcoming events soonest first, an ongoing one among them', () => {
    expect(filterEvents(events, { when: 'upcoming', kind: null }, NOW).map((x) => x.id)).toEqual(['ongoing', 'soon', 'later'])
  })

  test('should list past events latest first, an event without an end over when its day is over', () => {
    expect(filterEvents(events, { when: 'past', kind: null }, NOW).map((x) => x.id)).toEqual(['past-day', 'past-lecture'])
    expect(eventPhase(e('x', 'seminar', '2026-03-10T01:00:00Z'), NOW)).toBe('ongoing')
    expect(eventPhase(e('x', 'seminar', '2026-03-10T01:00:00Z'), new Date('2026-03-10T16:00:01Z'))).toBe('ended')
  })

  test('should filter by kind', () => {
    expect(filterEvents(events, { when: 'upcoming', kind: 'party_lecture' }, NOW).map((x) => x.id)).toEqual(['later'])
    expect(filterEvents(events, { when: 'past', kind: 'party_lecture' }, NOW).map((x) => x.id)).toEqual(['past-lecture'])
  })
})
