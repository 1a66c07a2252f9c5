import { describe, expect, it } from 'vitest'
import {
  OBLIGATIONS,
  complianceByBranch,
  complianceCalendar,
  dueThisMonth,
  missedObligations,
  periodsOf,
  type CalendarEvent,
  type ComplianceCalendar,
  type ObligationCode,
} from '@/domain/complianceCalendar'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

const BRANCH = 'b-1'
const AFTER_THE_YEAR = new Date('2027-06-01T00:00:00+08:00')

interface Row extends CalendarEvent {
  minutes: string | null
}

let seq = 0
function event(overrides: Partial<Row> & Pick<Row, 'kind' | 'starts_at'>): Row {
  seq += 1
  return { id: `e-${seq}`, branch_id: BRANCH, group_id: null, cancelled_at: null, minutes: '会议记录', ...overrides }
}

const hasMinutes = (e: Row) => !!e.minutes

function calendar(events: Row[], options: { now?: Date; groups?: { id: string; branch_id: string }[]; year?: number } = {}) {
  return complianceCalendar({
    branchId: BRANCH,
    year: options.year ?? 2026,
    now: options.now ?? AFTER_THE_YEAR,
    events,
    groups: options.groups ?? [],
    hasRecord: hasMinutes,
  })
}

/** The status of each period of one obligation, in order (e.g. 12 entries for a monthly one). */
function statuses(cal: ComplianceCalendar, obligation: ObligationCode, groupId?: string) {
  return cal.periods.filter((p) => p.obligation === obligation && p.group_id === groupId).map((p) => p.status)
}

/** The period indexes an obligation is done in. */
function doneIn(cal: ComplianceCalendar, obligation: ObligationCode, groupId?: string) {
  return cal.periods.filter((p) => p.obligation === obligation && p.group_id === groupId && p.status === 'done').map((p) => p.period.index)
}

describe('periods of a year in China time', () => {
  it('should start and end each period at midnight in Shanghai', () => {
    const months = periodsOf('month', 2026)
    expect(months).toHaveLength(12)
    expect(months[0]).toEqual({ kind: 'month', index: 1, starts: '2025-12-31T16:00:00.000Z', ends: '2026-01-31T16:00:00.000Z' })
    expect(months[1]).toEqual({ kind: 'month', index: 2, starts: '2026-01-31T16:00:00.000Z', ends: '2026-02-28T16:00:00.000Z' })
    expect(months[11]).toEqual({ kind: 'month', index: 12, starts: '2026-11-30T16:00:00.000Z', ends: '2026-12-31T16:00:00.000Z' })
    expect(periodsOf('quarter', 2026)).toEqual([
      { kind: 'quarter', index: 1, starts: '2025-12-31T16:00:00.000Z', ends: '2026-03-31T16:00:00.000Z' },
      { kind: 'quarter', index: 2, starts: '2026-03-31T16:00:00.000Z', ends: '2026-06-30T16:00:00.000Z' },
      { kind: 'quarter', index: 3, starts: '2026-06-30T16:00:00.000Z', ends: '2026-09-30T16:00:00.000Z' },
      { kind: 'quarter', index: 4, starts: '2026-09-30T16:00:00.000Z', ends: '2026-12-31T16:00:00.000Z' },
    ])
    expect(periodsOf('year', 2026)).toEqual([
      { kind: 'year', index: 2026, starts: '2025-12-31T16:00:00.000Z', ends: '2026-12-31T16:00:00.000Z' },
    ])
  })

  it('should give a leap year\'s February 29 days', () => {
    expect(periodsOf('month', 2028)[1]).toMatchObject({ starts: '2028-01-31T16:00:00.000Z', ends: '2028-02-29T16:00:00.000Z' })
  })
})

describe('which period an event falls in', () => {
  it.each([
    ['2026-03-31T23:30:00+08:00', 3, 'the last half hour of March in Shanghai'],
    ['2026-03-31T15:59:59.999Z', 3, 'the last millisecond of March in Shanghai'],
    ['2026-03-31T16:00:00.000Z', 4, 'midnight of April 1st in Shanghai'],
    ['2026-03-31T16:30:00.000Z', 4, 'April 1st 00:30 in Shanghai, still March 31st in UTC'],
    ['2026-01-31T16:00:00.000Z', 2, 'February 1st 00:00 in Shanghai'],
    ['2026-02-28T15:59:00.000Z', 2, 'February 28th 23:59 in Shanghai'],
  ])('should count a 支委会 at %s in month %i (%s)', (startsAt, month) => {
    const cal = calendar([event({ kind: 'committee_meeting', starts_at: startsAt })])
    expect(doneIn(cal, 'committee_meeting')).toEqual([month])
  })

  it.each([
    ['2026-03-31T23:30:00+08:00', 1],
    ['2026-03-31T16:30:00.000Z', 2],
    ['2026-06-30T15:59:59.999Z', 2],
    ['2026-06-30T16:00:00.000Z', 3],
    ['2026-09-30T16:00:00.000Z', 4],
  ])('should count a 支部党员大会 at %s in quarter %i', (startsAt, quarter) => {
    const cal = calendar([event({ kind: 'general_meeting', starts_at: startsAt })])
    expect(doneIn(cal, 'general_meeting')).toEqual([quarter])
    expect(doneIn(cal, 'party_lecture')).toEqual([])
  })

  it.each([
    ['2025-12-31T16:30:00.000Z', [2026], 'January 1st 00:30 in Shanghai'],
    ['2025-12-31T15:30:00.000Z', [], 'December 31st 23:30 in Shanghai, the year before'],
    ['2026-12-31T15:59:59.999Z', [2026], 'the last millisecond of the year in Shanghai'],
    ['2026-12-31T16:00:00.000Z', [], 'the first moment of the next year in Shanghai'],
  ])('should count a 组织生活会 at %s for %j (%s)', (startsAt, years) => {
    const cal = calendar([event({ kind: 'org_life_meeting', starts_at: startsAt })])
    expect(doneIn(cal, 'org_life_meeting')).toEqual(years)
  })

  it('should count an event at the turn of the year in January and the first quarter of the new year only', () => {
    const events = [
      event({ kind: 'committee_meeting', starts_at: '2025-12-31T16:30:00.000Z' }),
      event({ kind: 'party_lecture', starts_at: '2025-12-31T16:30:00.000Z' }),
    ]
    expect(doneIn(calendar(events, { year: 2026 }), 'committee_meeting')).toEqual([1])
    expect(doneIn(calendar(events, { year: 2026 }), 'party_lecture')).toEqual([1])
    expect(doneIn(calendar(events, { year: 2025 }), 'committee_meeting')).toEqual([])
    expect(doneIn(calendar(events, { year: 2025 }), 'party_lecture')).toEqual([])
  })
})

describe('what makes a period done', () => {
  it('should list every event that counts for the period', () => {
    const a = event({ kind: 'theme_day', starts_at: '2026-05-08T09:00:00+08:00' })
    const b = event({ kind: 'theme_day', starts_at: '2026-05-28T09:00:00+08:00' })
    const may = calendar([a, b]).periods.find((p) => p.obligation === 'theme_day' && p.period.index === 5)
    expect(may).toMatchObject({ status: 'done', events: [a.id, b.id], notCounted: [] })
  })

  it('should not count a cancelled event, and say so', () => {
    const cancelled = event({ kind: 'committee_meeting', starts_at: '2026-03-10T09:00:00+08:00', cancelled_at: '2026-03-09T12:00:00+08:00' })
    const march = calendar([cancelled]).periods.find((p) => p.obligation === 'committee_meeting' && p.period.index === 3)
    expect(march).toMatchObject({ status: 'missed', events: [], notCounted: [{ id: cancelled.id, reason: 'cancelled' }] })
  })

  it('should not count a held event without its record, and say so', () => {
    const bare = event({ kind: 'committee_meeting', starts_at: '2026-03-10T09:00:00+08:00', minutes: null })
    const march = calendar([bare]).periods.find((p) => p.obligation === 'committee_meeting' && p.period.index === 3)
    expect(march).toMatchObject({ status: 'missed', events: [], notCounted: [{ id: bare.id, reason: 'noRecord' }] })
  })

  it('should ask the caller whether an event has its record, with the caller\'s own row', () => {
    const asked: Row[] = []
    const day = event({ kind: 'theme_day', starts_at: '2026-03-10T09:00:00+08:00', minutes: 'checklist: 有主题、有计划' })
    complianceCalendar({
      branchId: BRANCH, year: 2026, now: AFTER_THE_YEAR, events: [day], groups: [],
      hasRecord: (e) => (asked.push(e), false),
    })
    expect(asked).toEqual([day])
  })

  it('should not count an event that has not started by now, even with a record', () => {
    const now = new Date('2026-03-10T09:00:00+08:00')
    const atNow = event({ kind: 'committee_meeting', starts_at: '2026-03-10T09:00:00+08:00' })
    const march = calendar([atNow], { now }).periods.find((p) => p.obligation === 'committee_meeting' && p.period.index === 3)
    expect(march).toMatchObject({ status: 'due', events: [], notCounted: [{ id: atNow.id, reason: 'notStarted' }] })
    const aMinuteLater = calendar([atNow], { now: new Date(now.getTime() + 60_000) })
    expect(doneIn(aMinuteLater, 'committee_meeting')).toEqual([3])
  })

  it('should not count events of another branch or of the whole organisation', () => {
    const cal = calendar([
      event({ kind: 'party_lecture', starts_at: '2026-02-10T09:00:00+08:00', branch_id: null }),
      event({ kind: 'committee_meeting', starts_at: '2026-02-10T09:00:00+08:00', branch_id: 'b-2' }),
    ])
    expect(cal.periods.filter((p) => p.status === 'done')).toEqual([])
    expect(cal.periods.flatMap((p) => p.notCounted)).toEqual([])
  })

  it('should ignore kinds that are no obligation and times it cannot read', () => {
    const cal = calendar([
      event({ kind: 'group_study', starts_at: '2026-02-10T09:00:00+08:00' }),
      event({ kind: 'committee_meeting', starts_at: 'not a time' }),
    ])
    expect(cal.periods.filter((p) => p.status === 'done')).toEqual([])
  })
})

describe('party group meetings', () => {
  const groups = [{ id: 'g-1', branch_id: BRANCH }, { id: 'g-2', branch_id: BRANCH }, { id: 'g-other', branch_id: 'b-2' }]

  it('should hold each group of the branch to its own monthly meeting', () => {
    const cal = calendar([
      event({ kind: 'group_meeting', group_id: 'g-1', starts_at: '2026-03-12T14:00:00+08:00' }),
      event({ kind: 'group_meeting', group_id: 'g-2', starts_at: '2026-04-12T14:00:00+08:00' }),
    ], { groups })
    expect(doneIn(cal, 'group_meeting', 'g-1')).toEqual([3])
    expect(doneIn(cal, 'group_meeting', 'g-2')).toEqual([4])
    expect(cal.periods.filter((p) => p.obligation === 'group_meeting')).toHaveLength(24)
    expect(cal.periods.some((p) => p.group_id === 'g-other')).toBe(false)
    expect(cal.periods.filter((p) => p.obligation !== 'group_meeting').every((p) => !('group_id' in p))).toBe(true)
  })

  it('should not count a group meeting without a group, or of a group not in the branch', () => {
    const cal = calendar([
      event({ kind: 'group_meeting', group_id: null, starts_at: '2026-03-12T14:00:00+08:00' }),
      event({ kind: 'group_meeting', group_id: 'g-other', starts_at: '2026-03-12T14:00:00+08:00' }),
    ], { groups })
    expect(doneIn(cal, 'group_meeting', 'g-1')).toEqual([])
    expect(doneIn(cal, 'group_meeting', 'g-2')).toEqual([])
  })

  it('should owe no group meeting in a branch without party groups', () => {
    const cal = calendar([], { groups: [{ id: 'g-other', branch_id: 'b-2' }] })
    expect(cal.periods.filter((p) => p.obligation === 'group_meeting')).toEqual([])
    expect(cal.summary.find((s) => s.obligation === 'group_meeting')).toEqual({ obligation: 'group_meeting', total: 0, done: 0, due: 0, missed: 0 })
  })
})

describe('due or missed around now', () => {
  it.each([
    ['2026-03-31T23:59:00+08:00', ['missed', 'missed', 'due', 'due'], ['due', 'due']],
    ['2026-04-01T00:00:00+08:00', ['missed', 'missed', 'missed', 'due'], ['missed', 'due']],
  ])('at %s, should call months 1–4 %j and quarters 1–2 %j', (now, months, quarters) => {
    const cal = calendar([], { now: new Date(now) })
    expect(statuses(cal, 'committee_meeting').slice(0, 4)).toEqual(months)
    expect(statuses(cal, 'general_meeting').slice(0, 2)).toEqual(quarters)
    expect(statuses(cal, 'org_life_meeting')).toEqual(['due'])
  })

  it('should call the whole year missed once the year has ended in Shanghai, and not a minute before', () => {
    expect(statuses(calendar([], { now: new Date('2026-12-31T23:59:00+08:00') }), 'member_appraisal')).toEqual(['due'])
    expect(statuses(calendar([], { now: new Date('2027-01-01T00:00:00+08:00') }), 'member_appraisal')).toEqual(['missed'])
  })

  it('should count a period done before it ends', () => {
    const now = new Date('2026-03-20T12:00:00+08:00')
    const cal = calendar([event({ kind: 'committee_meeting', starts_at: '2026-03-20T09:00:00+08:00' })], { now })
    expect(statuses(cal, 'committee_meeting').slice(0, 4)).toEqual(['missed', 'missed', 'done', 'due'])
  })
})

describe('summary, what is due and what was missed', () => {
  const groups = [{ id: 'g-1', branch_id: BRANCH }]
  const now = new Date('2026-05-10T12:00:00+08:00')
  const events = [
    event({ kind: 'committee_meeting', starts_at: '2026-01-15T09:00:00+08:00' }),
    event({ kind: 'committee_meeting', starts_at: '2026-03-15T09:00:00+08:00' }),
    event({ kind: 'committee_meeting', starts_at: '2026-05-06T09:00:00+08:00' }),
    event({ kind: 'group_meeting', group_id: 'g-1', starts_at: '2026-02-15T09:00:00+08:00' }),
    event({ kind: 'theme_day', starts_at: '2026-04-15T09:00:00+08:00' }),
    event({ kind: 'general_meeting', starts_at: '2026-02-15T09:00:00+08:00' }),
    event({ kind: 'party_lecture', starts_at: '2026-05-08T09:00:00+08:00' }),
  ]
  const cal = calendar(events, { now, groups })

  it('should count done, due and missed per obligation', () => {
    expect(cal.summary).toEqual([
      { obligation: 'committee_meeting', total: 12, done: 3, due: 7, missed: 2 },
      { obligation: 'group_meeting', total: 12, done: 1, due: 8, missed: 3 },
      { obligation: 'theme_day', total: 12, done: 1, due: 8, missed: 3 },
      { obligation: 'general_meeting', total: 4, done: 1, due: 3, missed: 0 },
      { obligation: 'party_lecture', total: 4, done: 1, due: 2, missed: 1 },
      { obligation: 'org_life_meeting', total: 1, done: 0, due: 1, missed: 0 },
      { obligation: 'member_appraisal', total: 1, done: 0, due: 1, missed: 0 },
    ])
    expect(cal.periods).toHaveLength(12 * 3 + 4 * 2 + 2)
  })

  it('should list what is still to hold now, soonest deadline first', () => {
    expect(dueThisMonth(cal, now).map((p) => [p.obligation, p.period.kind, p.period.index, p.group_id])).toEqual([
      ['group_meeting', 'month', 5, 'g-1'],
      ['theme_day', 'month', 5, undefined],
      ['general_meeting', 'quarter', 2, undefined],
      ['org_life_meeting', 'year', 2026, undefined],
      ['member_appraisal', 'year', 2026, undefined],
    ])
  })

  it('should list nothing due for a moment outside the calendar\'s year', () => {
    expect(dueThisMonth(cal, new Date('2027-01-05T12:00:00+08:00'))).toEqual([])
  })

  it('should list missed obligations, oldest period first', () => {
    expect(missedObligations(cal).map((p) => [p.obligation, p.period.kind, p.period.index, p.group_id])).toEqual([
      ['group_meeting', 'month', 1, 'g-1'],
      ['theme_day', 'month', 1, undefined],
      ['party_lecture', 'quarter', 1, undefined],
      ['committee_meeting', 'month', 2, undefined],
      ['theme_day', 'month', 2, undefined],
      ['group_meeting', 'month', 3, 'g-1'],
      ['theme_day', 'month', 3, undefined],
      ['committee_meeting', 'month', 4, undefined],
      ['group_meeting', 'month', 4, 'g-1'],
    ])
  })

  it('should run the same rules for many branches', () => {
    const other = event({ kind: 'committee_meeting', branch_id: 'b-2', starts_at: '2026-02-15T09:00:00+08:00' })
    const all = [...events, other, event({ kind: 'party_lecture', branch_id: null, starts_at: '2026-02-15T09:00:00+08:00' })]
    const [mine, theirs, empty] = complianceByBranch({
      branchIds: [BRANCH, 'b-2', 'b-3'], year: 2026, now, events: all, groups, hasRecord: hasMinutes,
    })
    expect(mine).toEqual(cal)
    expect(doneIn(theirs!, 'committee_meeting')).toEqual([2])
    expect(theirs!.summary.find((s) => s.obligation === 'group_meeting')?.total).toBe(0)
    expect(empty!.periods.filter((p) => p.status === 'done')).toEqual([])
  })
})

describe('words for the calendar\'s codes', () => {
  it('should have every obligation, status, reason and period in both languages', () => {
    for (const catalogue of [zhCN, en]) {
      const words = catalogue.compliance
      expect(Object.keys(words.obligations).sort()).toEqual(OBLIGATIONS.map((o) => o.code).sort())
      expect(Object.keys(words.status).sort()).toEqual(['done', 'due', 'missed'])
      expect(Object.keys(words.notCounted).sort()).toEqual(['cancelled', 'noRecord', 'notStarted'])
      expect(Object.keys(words.period).sort()).toEqual(['month', 'quarter', 'year'])
      expect(Object.keys(words.every).sort()).toEqual(['month', 'quarter', 'year'])
    }
  })
})
