import { describe, expect, it } from 'vitest'
import {
  RECORD_ERROR_CODES,
  bloodDonationSchema,
  chinaDay,
  donationSchema,
  fieldProblems,
  leaveProblem,
  leaveRequestSchema,
  pledgeSignatureSchema,
  studyLogSchema,
} from '@/domain/memberRecords'
import { createAppI18n } from '../helpers/i18n'
import { problemMessage, type CodedProblem } from '@/i18n/codes'

const TODAY = '2026-03-10'
const owner = {
  id: '01900000-0000-7000-8000-000000000001',
  org_id: '10000000-0000-4000-8000-000000000001',
  branch_id: '12000000-0000-4000-8000-000000000001',
  member_id: '15000000-0000-4000-8000-000000000003',
}
const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldProblems(result.error as Parameters<typeof fieldProblems>[0])

describe('study log', () => {
  const schema = studyLogSchema(TODAY)
  const valid = { ...owner, studied_on: '2026-03-09', minutes: 45, topic: ' 学习党的二十届四中全会精神 ', source: '学习强国' }

  it('should accept a log and trim its topic', () => {
    const row = schema.parse(valid)
    expect(row.topic).toBe('学习党的二十届四中全会精神')
    expect(row.note).toBeNull()
  })

  it('should name each wrong field with a code and its limits', () => {
    expect(errorsOf(schema.safeParse({ ...valid, minutes: undefined }))).toEqual({ minutes: { code: 'study.minutesRequired', params: {} } })
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 0 }))).toEqual({ minutes: { code: 'study.minutesTooFew', params: { min: 1 } } })
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 12.5 }))).toEqual({ minutes: { code: 'number.decimal', params: {} } })
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 2000 }))).toEqual({ minutes: { code: 'study.minutesTooMany', params: { max: 1440 } } })
    expect(errorsOf(schema.safeParse({ ...valid, topic: '   ' }))).toEqual({ topic: { code: 'study.topicRequired', params: { min: 1 } } })
    expect(errorsOf(schema.safeParse({ ...valid, studied_on: '2026-03-11' }))).toEqual({ studied_on: { code: 'date.future', params: {} } })
    expect(errorsOf(schema.safeParse({ ...valid, studied_on: '2026-02-30' }))).toEqual({ studied_on: { code: 'date.format', params: {} } })
    expect(errorsOf(schema.safeParse({ ...valid, source: '来'.repeat(101) }))).toEqual({ source: { code: 'text.tooLong', params: { max: 100, length: 101, over: 1 } } })
  })

  it('should count characters as the database does: 2000 emoji fit in a note, 2001 do not, and nothing is cut', () => {
    expect(schema.parse({ ...valid, note: '😀'.repeat(2000) }).note).toBe('😀'.repeat(2000))
    expect(errorsOf(schema.safeParse({ ...valid, note: '😀'.repeat(2001) }))).toEqual({ note: { code: 'text.tooLong', params: { max: 2000, length: 2001, over: 1 } } })
  })
})

describe('donation', () => {
  const schema = donationSchema(TODAY)
  const valid = { ...owner, campaign_id: '19000000-0000-4000-8000-000000000001', amount_fen: 5000, donated_on: TODAY }

  it('should accept an amount in whole fen', () => {
    expect(schema.parse(valid).amount_fen).toBe(5000)
  })

  it('should refuse fractions of a fen, nothing, and absurd amounts', () => {
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 10.5 }))).toEqual({ amount_fen: { code: 'money.decimals', params: {} } })
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 0 }))).toEqual({ amount_fen: { code: 'money.zero', params: { min: 1 } } })
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 10_000_001 }))).toEqual({ amount_fen: { code: 'money.tooLarge', params: { max: 100000 } } })
    expect(errorsOf(schema.safeParse({ ...valid, campaign_id: undefined }))).toEqual({ campaign_id: { code: 'donation.campaignRequired', params: {} } })
  })
})

describe('blood donation', () => {
  const schema = bloodDonationSchema(TODAY)
  const valid = { ...owner, volume_ml: 300, donated_on: TODAY }

  it('should accept the usual volumes and anything from 50 to 800 ml', () => {
    for (const volume_ml of [50, 200, 300, 400, 800]) expect(schema.safeParse({ ...valid, volume_ml }).success).toBe(true)
  })

  it('should refuse volumes outside 50..800 ml', () => {
    expect(errorsOf(schema.safeParse({ ...valid, volume_ml: 49 }))).toEqual({ volume_ml: { code: 'blood.volumeTooSmall', params: { min: 50 } } })
    expect(errorsOf(schema.safeParse({ ...valid, volume_ml: 801 }))).toEqual({ volume_ml: { code: 'blood.volumeTooLarge', params: { max: 800 } } })
  })
})

describe('leave request', () => {
  const valid = { ...owner, event_id: '17000000-0000-4000-8000-000000000005', status: 'leave', leave_status: 'pending', leave_reason: '外出公务' }

  it('should need a reason of at least two characters', () => {
    expect(leaveRequestSchema.safeParse(valid).success).toBe(true)
    expect(errorsOf(leaveRequestSchema.safeParse({ ...valid, leave_reason: ' 病 ' }))).toEqual({ leave_reason: { code: 'leave.reasonTooShort', params: { min: 2 } } })
    expect(errorsOf(leaveRequestSchema.safeParse({ ...valid, leave_reason: '  ' }))).toEqual({ leave_reason: { code: 'leave.reasonRequired', params: { min: 1 } } })
    expect(errorsOf(leaveRequestSchema.safeParse({ ...valid, leave_reason: '事'.repeat(501) }))).toEqual({ leave_reason: { code: 'text.tooLong', params: { max: 500, length: 501, over: 1 } } })
  })

  it('should only be asked for an event that has not started, and not after checking in', () => {
    const event = { starts_at: '2026-03-10T07:00:00Z' }
    expect(leaveProblem(event, new Date('2026-03-10T06:00:00Z'))).toBeNull()
    expect(leaveProblem(event, new Date('2026-03-10T07:00:00Z'))).toBe('leave.started')
    expect(leaveProblem(event, new Date('2026-03-10T06:00:00Z'), { status: 'present' })).toBe('leave.checkedIn')
  })
})

describe('pledge signature', () => {
  const stroke = Array.from({ length: 12 }, (_, i) => ({ x: i / 20, y: 0.5, t: i * 16 }))
  const valid = {
    ...owner,
    template_id: '1c000000-0000-4000-8000-000000000001',
    signer_name: '李晓梅',
    signed_text_sha256: 'a'.repeat(64),
    strokes: [stroke],
    signed_at: '2026-03-10T06:00:00.000Z',
  }

  it('should accept vector strokes normalised to 0..1', () => {
    expect(pledgeSignatureSchema.parse(valid).unit_id).toBeNull()
  })

  it('should refuse an empty, tiny, out-of-pad or oversized signature', () => {
    const codeOf = (strokes: unknown) => (errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes })) as Record<string, CodedProblem>).strokes
    expect(codeOf([])).toEqual({ code: 'signature.required', params: { min: 1 } })
    expect(codeOf([stroke.slice(0, 3)])).toEqual({ code: 'signature.tooShort', params: {} })
    expect(codeOf([[...stroke, { x: 1.2, y: 0, t: 300 }]])).toEqual({ code: 'signature.outsidePad', params: { max: 1 } })
    expect(codeOf(Array.from({ length: 101 }, () => stroke))).toEqual({ code: 'signature.tooManyStrokes', params: { max: 100 } })
    expect(codeOf(Array.from({ length: 5 }, () => Array.from({ length: 900 }, () => stroke[0]!)))).toEqual({ code: 'signature.tooComplex', params: {} })
  })

  it('should refuse a text hash that is not sha256 hex', () => {
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, signed_text_sha256: 'xyz' }))).toEqual({ signed_text_sha256: { code: 'signature.textHashInvalid', params: {} } })
  })
})

describe('wording the codes', () => {
  it('should have a message for every code in both languages, with its limits filled in', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const { t, te } = createAppI18n(locale).global
      for (const code of RECORD_ERROR_CODES) expect(te(`errors.${code}`, locale), `${locale} errors.${code}`).toBe(true)
      const tooMany = errorsOf(studyLogSchema(TODAY).safeParse({ ...owner, studied_on: TODAY, minutes: 2000, topic: 'x' })) as Record<string, CodedProblem>
      expect(problemMessage(t, tooMany.minutes!)).toBe(locale === 'en' ? 'Study time cannot exceed 1440 minutes (one day)' : '学习时长不能超过 1440 分钟（一天）')
    }
  })
})

describe('China day', () => {
  it('should give the calendar day in Beijing time', () => {
    expect(chinaDay(new Date('2026-03-10T16:30:00Z'))).toBe('2026-03-11')
  })
})
