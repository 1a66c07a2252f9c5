import { describe, expect, it } from 'vitest'
import { checkMakeup, makeupState, owesMakeup, type MakeupEvent } from '@/domain/makeup'
import { checkDecisionNote, leaveDeciderProblem } from '@/domain/leaveDecision'
import { hasMeetingRecord } from '@/domain/meetingRecord'

const NOW = new Date('2026-03-10T07:00:00Z') // 15:00 in Beijing
const meeting = (extra: Partial<MakeupEvent> = {}): MakeupEvent => ({
  kind: 'committee_meeting', branch_id: 'b1', starts_at: '2026-03-05T06:00:00Z', ends_at: '2026-03-05T08:00:00Z', cancelled_at: null, ...extra,
})

describe('who owes a make-up (补课)', () => {
  it('should owe one for an absence or a leave at an ended branch meeting', () => {
    expect(owesMakeup({ status: 'absent' }, meeting(), NOW)).toBe(true)
    expect(owesMakeup({ status: 'leave' }, meeting(), NOW)).toBe(true)
    expect(owesMakeup({ status: 'present' }, meeting(), NOW)).toBe(false)
    expect(owesMakeup({ status: 'late' }, meeting(), NOW)).toBe(false)
  })

  it('should not owe one before the meeting has ended, counting from its end (or its start without one)', () => {
    const running = meeting({ starts_at: '2026-03-10T06:00:00Z', ends_at: '2026-03-10T07:00:01Z' })
    expect(owesMakeup({ status: 'absent' }, running, NOW)).toBe(false)
    expect(owesMakeup({ status: 'absent' }, { ...running, ends_at: '2026-03-10T07:00:00Z' }, NOW)).toBe(true)
    expect(owesMakeup({ status: 'absent' }, meeting({ starts_at: '2026-03-10T07:00:01Z', ends_at: null }), NOW)).toBe(false)
    expect(owesMakeup({ status: 'absent' }, meeting({ starts_at: '2026-03-10T07:00:00Z', ends_at: null }), NOW)).toBe(true)
  })

  it('should not owe one for a cancelled meeting, an organisation-wide event, another kind of event or an unknown one', () => {
    expect(owesMakeup({ status: 'absent' }, meeting({ cancelled_at: '2026-03-04T00:00:00Z' }), NOW)).toBe(false)
    expect(owesMakeup({ status: 'absent' }, meeting({ branch_id: null }), NOW)).toBe(false)
    expect(owesMakeup({ status: 'absent' }, meeting({ kind: 'volunteer' }), NOW)).toBe(false)
    expect(owesMakeup({ status: 'absent' }, null, NOW)).toBe(false)
    for (const kind of ['general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day']) {
      expect(owesMakeup({ status: 'absent' }, meeting({ kind }), NOW)).toBe(true)
    }
  })

  it('should track a make-up from owed to recorded to confirmed, and keep one the committee flagged', () => {
    expect(makeupState({ status: 'absent' }, meeting(), NOW)).toBe('owed')
    expect(makeupState({ status: 'absent', makeup_required: true }, meeting({ kind: 'volunteer' }), NOW)).toBe('owed')
    expect(makeupState({ status: 'absent', makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-03-08T00:00:00Z' }, meeting(), NOW)).toBe('recorded')
    expect(makeupState({ status: 'absent', makeup_required: true, makeup_method: 'minutes', makeup_done_at: '2026-03-08T00:00:00Z', makeup_confirmed_at: '2026-03-09T00:00:00Z' }, meeting(), NOW)).toBe('confirmed')
    expect(makeupState({ status: 'present' }, meeting(), NOW)).toBeNull()
  })
})

describe('checking a make-up as typed', () => {
  const context = { now: NOW, event: meeting() }

  it('should accept a method, a day between the meeting and today, and a note, as the China-time start of the day', () => {
    expect(checkMakeup({ method: 'minutes', day: '2026-03-10', note: '  已学习  ' }, context)).toEqual({
      ok: true, value: { method: 'minutes', doneAt: new Date('2026-03-09T16:00:00Z'), note: '已学习' },
    })
    expect(checkMakeup({ method: 'session', day: '2026-03-05', note: '' }, context)).toMatchObject({ ok: true, value: { note: null } })
  })

  it('should refuse a missing method, a day after today or before the meeting, and a missing date', () => {
    expect(checkMakeup({ method: '', day: '2026-03-11', note: '' }, context)).toEqual({
      ok: false, problems: { method: { code: 'methodRequired' }, day: { code: 'dateFuture' } },
    })
    expect(checkMakeup({ method: 'minutes', day: '2026-03-04', note: '' }, context)).toEqual({ ok: false, problems: { day: { code: 'dateBeforeEvent' } } })
    expect(checkMakeup({ method: 'minutes', day: '', note: '' }, context)).toEqual({ ok: false, problems: { day: { code: 'dateRequired' } } })
  })

  it('should need a note for another way, and refuse one over 1,000 characters without cutting it', () => {
    expect(checkMakeup({ method: 'other', day: '2026-03-09', note: '   ' }, context)).toEqual({ ok: false, problems: { note: { code: 'methodNoteRequired' } } })
    expect(checkMakeup({ method: 'minutes', day: '2026-03-09', note: '学'.repeat(1001) }, context)).toEqual({
      ok: false, problems: { note: { code: 'noteTooLong', params: { max: 1000, length: 1001, over: 1 } } },
    })
    expect(checkMakeup({ method: 'minutes', day: '2026-03-09', note: '学'.repeat(1000) }, context).ok).toBe(true)
  })
})

describe('who decides a leave request', () => {
  const row = { branch_id: 'b1', member_id: 'm1' }
  const branchEvent = { branch_id: 'b1' }

  it('should let the secretary of the attendee\'s branch decide, and nobody his own request', () => {
    expect(leaveDeciderProblem({ row, event: branchEvent, grants: [{ role: 'secretary', branch_id: 'b1' }], memberId: 'm9' })).toBeNull()
    expect(leaveDeciderProblem({ row, event: branchEvent, grants: [{ role: 'secretary', branch_id: 'b1' }], memberId: 'm1' })).toBe('own')
  })

  it('should refuse the organizer, a member, and the secretary of another branch', () => {
    expect(leaveDeciderProblem({ row, event: branchEvent, grants: [{ role: 'organizer', branch_id: 'b1' }], memberId: 'm9' })).toBe('onlySecretary')
    expect(leaveDeciderProblem({ row, event: branchEvent, grants: [{ role: 'member', branch_id: 'b1' }], memberId: 'm9' })).toBe('onlySecretary')
    expect(leaveDeciderProblem({ row, event: branchEvent, grants: [{ role: 'secretary', branch_id: 'b2' }], memberId: 'm9' })).toBe('onlySecretary')
  })

  it('should leave an organisation-wide event\'s requests to the organisation\'s admins', () => {
    expect(leaveDeciderProblem({ row, event: { branch_id: null }, grants: [{ role: 'secretary', branch_id: 'b1' }], memberId: 'm9' })).toBe('onlyAdmin')
    expect(leaveDeciderProblem({ row, event: { branch_id: null }, grants: [{ role: 'admin', branch_id: null }], memberId: null })).toBeNull()
  })

  it('should need a note to refuse, none to approve, and at most 500 characters', () => {
    expect(checkDecisionNote('approved', '  ')).toEqual({ ok: true, note: null })
    expect(checkDecisionNote('approved', ' 同意 ')).toEqual({ ok: true, note: '同意' })
    expect(checkDecisionNote('rejected', ' ')).toEqual({ ok: false, problem: { code: 'noteRequired' } })
    expect(checkDecisionNote('rejected', '不'.repeat(501))).toEqual({ ok: false, problem: { code: 'noteTooLong', params: { max: 500, length: 501, over: 1 } } })
    expect(checkDecisionNote('rejected', '不'.repeat(500)).ok).toBe(true)
  })
})

describe('whether a held meeting has its record', () => {
  it('should count minutes with text, and a 主题党日 checklist with an item done', () => {
    expect(hasMeetingRecord({ kind: 'committee_meeting', minutes: '研究发展党员工作' })).toBe(true)
    expect(hasMeetingRecord({ kind: 'committee_meeting', minutes: ' \n ' })).toBe(false)
    expect(hasMeetingRecord({ kind: 'committee_meeting', minutes: null, checklist_done: ['有主题'] })).toBe(false)
    expect(hasMeetingRecord({ kind: 'theme_day', minutes: null, checklist_done: ['有主题'] })).toBe(true)
    expect(hasMeetingRecord({ kind: 'theme_day', minutes: null, checklist_done: [] })).toBe(false)
  })
})
