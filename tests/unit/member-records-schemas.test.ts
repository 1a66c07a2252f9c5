import { describe, expect, it } from 'vitest'
import {
  LEAVE_MESSAGES,
  bloodDonationSchema,
  chinaDay,
  donationSchema,
  fieldErrors,
  leaveProblem,
  leaveRequestSchema,
  pledgeSignatureSchema,
  studyLogSchema,
} from '@/domain/memberRecords'

const TODAY = '2026-03-10'
const owner = {
  id: '01900000-0000-7000-8000-000000000001',
  org_id: '10000000-0000-4000-8000-000000000001',
  branch_id: '12000000-0000-4000-8000-000000000001',
  member_id: '15000000-0000-4000-8000-000000000003',
}
const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0])

describe('study log', () => {
  const schema = studyLogSchema(TODAY)
  const valid = { ...owner, studied_on: '2026-03-09', minutes: 45, topic: ' 学习党的二十届四中全会精神 ', source: '学习强国' }

  it('should accept a log and trim its topic', () => {
    const row = schema.parse(valid)
    expect(row.topic).toBe('学习党的二十届四中全会精神')
    expect(row.note).toBeNull()
  })

  it('should explain each wrong field in Chinese', () => {
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 0 }))).toEqual({ minutes: '学习时长至少1分钟' })
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 12.5 }))).toEqual({ minutes: '学习时长请填整数分钟' })
    expect(errorsOf(schema.safeParse({ ...valid, minutes: 2000 }))).toEqual({ minutes: '学习时长不能超过1440分钟（一天）' })
    expect(errorsOf(schema.safeParse({ ...valid, topic: '   ' }))).toEqual({ topic: '请填写学习内容' })
    expect(errorsOf(schema.safeParse({ ...valid, studied_on: '2026-03-11' }))).toEqual({ studied_on: '日期不能晚于今天' })
    expect(errorsOf(schema.safeParse({ ...valid, studied_on: '2026-02-30' }))).toEqual({ studied_on: '请选择日期' })
    expect(errorsOf(schema.safeParse({ ...valid, source: '来'.repeat(101) }))).toEqual({ source: '学习来源不能超过100个字' })
  })
})

describe('donation', () => {
  const schema = donationSchema(TODAY)
  const valid = { ...owner, campaign_id: '19000000-0000-4000-8000-000000000001', amount_fen: 5000, donated_on: TODAY }

  it('should accept an amount in whole fen', () => {
    expect(schema.parse(valid).amount_fen).toBe(5000)
  })

  it('should refuse fractions of a fen, nothing, and absurd amounts', () => {
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 10.5 }))).toEqual({ amount_fen: '金额最多精确到分' })
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 0 }))).toEqual({ amount_fen: '金额必须大于0' })
    expect(errorsOf(schema.safeParse({ ...valid, amount_fen: 10_000_001 }))).toEqual({ amount_fen: '金额过大：单笔不能超过100000元' })
    expect(errorsOf(schema.safeParse({ ...valid, campaign_id: undefined }))).toEqual({ campaign_id: '缺少捐款活动' })
  })
})

describe('blood donation', () => {
  const schema = bloodDonationSchema(TODAY)
  const valid = { ...owner, volume_ml: 300, donated_on: TODAY }

  it('should accept the usual volumes and anything from 50 to 800 ml', () => {
    for (const volume_ml of [50, 200, 300, 400, 800]) expect(schema.safeParse({ ...valid, volume_ml }).success).toBe(true)
  })

  it('should refuse volumes outside 50..800 ml', () => {
    expect(errorsOf(schema.safeParse({ ...valid, volume_ml: 49 }))).toEqual({ volume_ml: '献血量不能少于50毫升' })
    expect(errorsOf(schema.safeParse({ ...valid, volume_ml: 801 }))).toEqual({ volume_ml: '献血量不能超过800毫升' })
  })
})

describe('leave request', () => {
  const valid = { ...owner, event_id: '17000000-0000-4000-8000-000000000005', status: 'leave', leave_status: 'pending', leave_reason: '外出公务' }

  it('should need a reason of at least two characters', () => {
    expect(leaveRequestSchema.safeParse(valid).success).toBe(true)
    expect(errorsOf(leaveRequestSchema.safeParse({ ...valid, leave_reason: ' 病 ' }))).toEqual({ leave_reason: '请假事由至少2个字' })
  })

  it('should only be asked for an event that has not started, and not after checking in', () => {
    const event = { starts_at: '2026-03-10T07:00:00Z' }
    expect(leaveProblem(event, new Date('2026-03-10T06:00:00Z'))).toBeNull()
    expect(leaveProblem(event, new Date('2026-03-10T07:00:00Z'))).toBe(LEAVE_MESSAGES.started)
    expect(leaveProblem(event, new Date('2026-03-10T06:00:00Z'), { status: 'present' })).toBe(LEAVE_MESSAGES.checkedIn)
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
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes: [] }))).toEqual({ strokes: '请在方框内手写签名' })
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes: [stroke.slice(0, 3)] }))).toEqual({ strokes: '签名太短，请写下完整姓名' })
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes: [[...stroke, { x: 1.2, y: 0, t: 300 }]] }))).toEqual({ strokes: '签名超出画板' })
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes: Array.from({ length: 101 }, () => stroke) }))).toEqual({ strokes: '签名笔画过多（最多100笔），请清除后重签' })
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, strokes: Array.from({ length: 5 }, () => Array.from({ length: 900 }, () => stroke[0]!)) }))).toEqual({ strokes: '签名过于复杂，请清除后重签' })
  })

  it('should refuse a text hash that is not sha256 hex', () => {
    expect(errorsOf(pledgeSignatureSchema.safeParse({ ...valid, signed_text_sha256: 'xyz' }))).toEqual({ signed_text_sha256: '承诺书内容校验值无效' })
  })
})

describe('China day', () => {
  it('should give the calendar day in Beijing time', () => {
    expect(chinaDay(new Date('2026-03-10T16:30:00Z'))).toBe('2026-03-11')
  })
})
