import { describe, expect, it } from 'vitest'
import {
  FIGURE_KEYS,
  REVIEW_ANSWERS,
  attendanceRate,
  branchCompliance,
  complianceScore,
  figureUnit,
  monthTrend,
  rankBranches,
  reviewYears,
  totalsSchema,
  type HeldRow,
  type ParticipationRow,
  type ReviewBranch,
} from '@/domain/review'
import { documentedAnswers, BRANCH_A, BRANCH_B, GROUP_1 } from './review-support'

const YEAR = 2026
const END_OF_YEAR = new Date('2027-01-05T00:00:00+08:00')

function part(overrides: Partial<ParticipationRow> & Pick<ParticipationRow, 'month'>): ParticipationRow {
  return { branch_id: BRANCH_A, kind: 'theme_day', events: 1, expected: 10, present: 0, late: 0, leave: 0, absent: 0, ...overrides }
}

function branch(id: string, name: string): ReviewBranch {
  return { id, name, unit_id: null, unit_name: null, active: true, party_members: 10, staff: 12 }
}

/** Every monthly and quarterly and yearly obligation of a branch without groups held all year. */
function fullYear(branchId: string): HeldRow[] {
  const rows: HeldRow[] = []
  for (let m = 1; m <= 12; m += 1) {
    rows.push({ branch_id: branchId, month: m, kind: 'committee_meeting', held: 1 })
    rows.push({ branch_id: branchId, month: m, kind: 'theme_day', held: 1 })
    if (m % 3 === 1) {
      rows.push({ branch_id: branchId, month: m, kind: 'general_meeting', held: 1 })
      rows.push({ branch_id: branchId, month: m, kind: 'party_lecture', held: 1 })
    }
  }
  rows.push({ branch_id: branchId, month: 12, kind: 'org_life_meeting', held: 1 })
  rows.push({ branch_id: branchId, month: 12, kind: 'member_appraisal', held: 1 })
  return rows
}

describe('review answers', () => {
  it('should parse every documented answer with its schema', () => {
    const answers = documentedAnswers(YEAR)
    for (const [fn, schema] of Object.entries(REVIEW_ANSWERS)) {
      const result = schema.safeParse(answers[fn]!({ p_figure: 'donation_fen' }))
      expect(result.success, fn).toBe(true)
    }
  })

  it('should refuse totals missing a figure key, a negative figure or a non-number', () => {
    const good = documentedAnswers(YEAR).review_totals!({}) as { figures: Record<string, unknown> }
    const missing = { ...good, figures: { ...good.figures } }
    delete missing.figures.blood_ml
    expect(totalsSchema.safeParse(missing).success).toBe(false)
    expect(totalsSchema.safeParse({ ...good, figures: { ...good.figures, blood_ml: -1 } }).success).toBe(false)
    expect(totalsSchema.safeParse({ ...good, figures: { ...good.figures, blood_ml: '400' } }).success).toBe(false)
  })

  it('should keep null figures as null (nothing to count), not 0', () => {
    const parsed = totalsSchema.parse(documentedAnswers(YEAR).review_totals!({}))
    expect(parsed.figures.xuexi_total).toBeNull()
    expect(Object.keys(parsed.figures)).toHaveLength(25)
  })

  it('should refuse a participation row with month 13 or a fractional count', () => {
    const schema = REVIEW_ANSWERS.review_participation
    expect(schema.safeParse({ year: YEAR, rows: [part({ month: 13 })] }).success).toBe(false)
    expect(schema.safeParse({ year: YEAR, rows: [part({ month: 1, present: 1.5 })] }).success).toBe(false)
  })

  it('should name every figure key of the plan once, with money in fen', () => {
    expect(new Set(FIGURE_KEYS).size).toBe(25)
    expect(figureUnit('donation_fen')).toBe('fen')
    expect(figureUnit('visits_poverty_funds_fen')).toBe('fen')
    expect(figureUnit('study_minutes')).toBe('minutes')
    expect(figureUnit('blood_ml')).toBe('ml')
    expect(figureUnit('blood_donors')).toBe('count')
  })
})

describe('attendance rate', () => {
  it('should count present and late over expected', () => {
    expect(attendanceRate({ expected: 10, present: 6, late: 2 })).toBe(0.8)
  })

  it('should be null when nobody was expected', () => {
    expect(attendanceRate({ expected: 0, present: 0, late: 0 })).toBeNull()
  })
})

describe('month trend', () => {
  it('should give twelve months, summing branches and kinds of a month', () => {
    const trend = monthTrend([part({ month: 1, present: 5 }), part({ month: 1, branch_id: BRANCH_B, present: 3, late: 1 }), part({ month: 3, present: 10 })])
    expect(trend).toHaveLength(12)
    expect(trend[0]).toMatchObject({ month: 1, events: 2, expected: 20, present: 8, late: 1, rate: 0.45 })
    expect(trend[1]).toMatchObject({ month: 2, events: 0, expected: 0, rate: null })
    expect(trend[2]!.rate).toBe(1)
  })

  it('should keep only the branch and kinds asked for', () => {
    const rows = [part({ month: 1, present: 5 }), part({ month: 1, branch_id: BRANCH_B, present: 3 }), part({ month: 1, kind: 'training', present: 9 })]
    expect(monthTrend(rows, { branchId: BRANCH_B })[0]!.present).toBe(3)
    expect(monthTrend(rows, { kinds: ['training'] })[0]!.present).toBe(9)
  })
})

describe('branch compliance from held counts', () => {
  it('should find every obligation done for a branch that held them all', () => {
    const calendar = branchCompliance({ branchId: BRANCH_A, year: YEAR, now: END_OF_YEAR, rows: fullYear(BRANCH_A) })
    const score = complianceScore(calendar.summary)
    expect(score).toMatchObject({ done: 34, missed: 0, due: 0, total: 34, rate: 1 })
  })

  it('should say which month was missed, by the calendar rule', () => {
    const rows = fullYear(BRANCH_A).filter((r) => !(r.kind === 'committee_meeting' && r.month === 5))
    const calendar = branchCompliance({ branchId: BRANCH_A, year: YEAR, now: END_OF_YEAR, rows })
    const missed = calendar.periods.filter((p) => p.status === 'missed')
    expect(missed.map((p) => [p.obligation, p.period.index])).toEqual([['committee_meeting', 5]])
  })

  it('should leave periods not yet ended due, not missed', () => {
    const now = new Date('2026-05-10T12:00:00+08:00')
    const calendar = branchCompliance({ branchId: BRANCH_A, year: YEAR, now, rows: [] })
    const score = complianceScore(calendar.summary)
    // Jan–Apr: 2 monthly × 4 missed + Q1: 2 quarterly missed; May–Dec 2 × 8 + Q2–Q4 2 × 3 + 2 yearly due.
    expect(score).toMatchObject({ missed: 10, due: 24, done: 0, rate: 0 })
  })

  it('should ignore another branch\'s rows and judge 党小组会 per named group', () => {
    const rows: HeldRow[] = [
      { branch_id: BRANCH_B, month: 1, kind: 'theme_day', held: 1 },
      { branch_id: BRANCH_A, month: 1, kind: 'group_meeting', held: 1, group_id: GROUP_1 },
    ]
    const calendar = branchCompliance({ branchId: BRANCH_A, year: YEAR, now: END_OF_YEAR, rows })
    const groups = calendar.periods.filter((p) => p.obligation === 'group_meeting')
    expect(groups).toHaveLength(12)
    expect(groups.filter((p) => p.status === 'done')).toHaveLength(1)
    expect(calendar.periods.filter((p) => p.obligation === 'theme_day' && p.status === 'done')).toHaveLength(0)
  })

  it('should count no rate before anything fell due', () => {
    const calendar = branchCompliance({ branchId: BRANCH_A, year: YEAR, now: new Date('2026-01-10T00:00:00+08:00'), rows: [] })
    expect(complianceScore(calendar.summary).rate).toBeNull()
  })
})

describe('branch ranking', () => {
  const branches = [branch(BRANCH_A, '甲支部'), branch(BRANCH_B, '乙支部'), branch('c', '丙支部')]
  const participation = [part({ month: 1, present: 5 }), part({ month: 1, branch_id: BRANCH_B, present: 9 })]
  const held = [...fullYear(BRANCH_A), { branch_id: BRANCH_B, month: 1, kind: 'theme_day', held: 1 }]

  it('should rank by participation, a branch with nobody expected last', () => {
    const ranked = rankBranches({ branches, participation, held, year: YEAR, now: END_OF_YEAR, by: 'participation' })
    expect(ranked.map((s) => s.branch.id)).toEqual([BRANCH_B, BRANCH_A, 'c'])
    expect(ranked[0]!.rate).toBe(0.9)
    expect(ranked[2]!.rate).toBeNull()
  })

  it('should rank by compliance, then participation', () => {
    const ranked = rankBranches({ branches, participation, held, year: YEAR, now: END_OF_YEAR, by: 'compliance' })
    expect(ranked.map((s) => s.branch.id)).toEqual([BRANCH_A, BRANCH_B, 'c'])
    expect(ranked[0]!.compliance.rate).toBe(1)
    expect(ranked[1]!.compliance.done).toBe(1)
  })
})

describe('review years', () => {
  it('should offer the China-time year first, down to the first year', () => {
    expect(reviewYears(new Date('2026-12-31T16:30:00Z'), 2025)).toEqual([2027, 2026, 2025])
  })
})
