/**
 * The records a member writes about himself, as zod schemas with Chinese messages: the single
 * source of their shape for forms, the rows on the device and what is pushed. Column names and
 * limits are those of supabase/migrations/20261124000200_records.sql.
 */
import * as z from 'zod'
import { MAX_AMOUNT_FEN } from './money'

export const DATE_MESSAGES = {
  format: '请选择日期',
  range: '日期超出范围',
  future: '日期不能晚于今天',
} as const

/** Blood volumes (ml): anything from 50 to 800 is accepted, as the database does; the form offers
 *  the usual 200 / 300 / 400 as one-tap choices. */
export const BLOOD_VOLUME_MIN = 50
export const BLOOD_VOLUME_MAX = 800
export const USUAL_BLOOD_VOLUMES = [200, 300, 400] as const

/** Study sources offered in the form; anything else may be typed. */
export const STUDY_SOURCES = ['学习强国', '共产党员网', '党报党刊', '专题讲座', '支部集中学习', '其他'] as const

/** Signature limits: enough for a Chinese name written slowly, small enough for one sync row. */
export const SIGNATURE_MAX_STROKES = 100
export const SIGNATURE_MAX_POINTS = 4000
export const SIGNATURE_MIN_POINTS = 10

const uuid = (what: string) => z.string({ error: `缺少${what}` }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `${what}无效` })

function isRealDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** A calendar day 'YYYY-MM-DD', not after `today` (China time, as the member's phone shows it). */
export function pastDay(today: string) {
  return z
    .string({ error: DATE_MESSAGES.format })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGES.format })
    .refine(isRealDate, { error: DATE_MESSAGES.format })
    .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', { error: DATE_MESSAGES.range })
    .refine((d) => d <= today, { error: DATE_MESSAGES.future })
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, { error: `${label}不能超过${max}个字` })
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))

const ownership = {
  id: uuid('记录编号'),
  org_id: uuid('组织'),
  branch_id: uuid('支部'),
  member_id: uuid('党员'),
}

export function studyLogSchema(today: string) {
  return z.object({
    ...ownership,
    studied_on: pastDay(today),
    minutes: z
      .number({ error: '请输入学习时长（分钟）' })
      .int({ error: '学习时长请填整数分钟' })
      .min(1, { error: '学习时长至少1分钟' })
      .max(1440, { error: '学习时长不能超过1440分钟（一天）' }),
    topic: z
      .string({ error: '请填写学习内容' })
      .transform((v) => v.trim())
      .pipe(z.string().min(1, { error: '请填写学习内容' }).max(200, { error: '学习内容不能超过200个字' })),
    source: optionalText(100, '学习来源'),
    note: optionalText(2000, '备注'),
  })
}

export function donationSchema(today: string) {
  return z.object({
    ...ownership,
    campaign_id: uuid('捐款活动'),
    amount_fen: z
      .number({ error: '请输入捐款金额' })
      .int({ error: '金额最多精确到分' })
      .min(1, { error: '金额必须大于0' })
      .max(MAX_AMOUNT_FEN, { error: '金额过大：单笔不能超过100000元' }),
    donated_on: pastDay(today),
    note: optionalText(500, '备注'),
  })
}

export function bloodDonationSchema(today: string) {
  return z.object({
    ...ownership,
    event_id: uuid('献血活动').nullable().optional().transform((v) => v ?? null),
    volume_ml: z
      .number({ error: '请输入献血量（毫升）' })
      .int({ error: '献血量请填整数毫升' })
      .min(BLOOD_VOLUME_MIN, { error: `献血量不能少于${BLOOD_VOLUME_MIN}毫升` })
      .max(BLOOD_VOLUME_MAX, { error: `献血量不能超过${BLOOD_VOLUME_MAX}毫升` }),
    donated_on: pastDay(today),
    note: optionalText(500, '备注'),
  })
}

/** Taking part in one of the branch's visits (走访慰问). */
export const visitParticipationSchema = z.object({
  ...ownership,
  visit_id: uuid('走访活动'),
  note: optionalText(500, '备注'),
})

export const leaveRequestSchema = z.object({
  ...ownership,
  event_id: uuid('活动'),
  status: z.literal('leave'),
  leave_status: z.literal('pending'),
  leave_reason: z
    .string({ error: '请填写请假事由' })
    .transform((v) => v.trim())
    .pipe(z.string().min(2, { error: '请假事由至少2个字' }).max(500, { error: '请假事由不能超过500个字' })),
})

export const signaturePointSchema = z.object({
  x: z.number().min(0, { error: '签名超出画板' }).max(1, { error: '签名超出画板' }),
  y: z.number().min(0, { error: '签名超出画板' }).max(1, { error: '签名超出画板' }),
  t: z.number().int().min(0).max(3_600_000, { error: '签名用时过长，请重新签名' }),
})

export const signatureStrokesSchema = z
  .array(z.array(signaturePointSchema).min(1).max(SIGNATURE_MAX_POINTS), { error: '请在方框内手写签名' })
  .min(1, { error: '请在方框内手写签名' })
  .max(SIGNATURE_MAX_STROKES, { error: `签名笔画过多（最多${SIGNATURE_MAX_STROKES}笔），请清除后重签` })
  .refine((strokes) => strokes.flat().length >= SIGNATURE_MIN_POINTS, { error: '签名太短，请写下完整姓名' })
  .refine((strokes) => strokes.flat().length <= SIGNATURE_MAX_POINTS, { error: '签名过于复杂，请清除后重签' })

export const pledgeSignatureSchema = z.object({
  ...ownership,
  template_id: uuid('承诺书'),
  unit_id: z.null().optional().transform(() => null),
  signer_name: z
    .string({ error: '缺少签名人姓名' })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: '缺少签名人姓名' }).max(50, { error: '姓名不能超过50个字' })),
  signed_text_sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '承诺书内容校验值无效' }),
  strokes: signatureStrokesSchema,
  signed_at: z.iso.datetime({ offset: true, error: '签署时间无效' }),
})

export type SignaturePoint = z.output<typeof signaturePointSchema>
export type SignatureStrokes = SignaturePoint[][]

/** A leave request is for an event that has not started yet. */
export const LEAVE_MESSAGES = {
  started: '活动已开始，不能再请假，请联系支部书记',
  checkedIn: '你已签到，不能再请假',
  pending: '请假申请已提交，等待支部书记审批',
  approved: '请假已批准',
  rejected: '请假未获批准',
} as const

export function leaveProblem(event: { starts_at: string }, now: Date, existing?: { status: string } | null): string | null {
  if (existing && (existing.status === 'present' || existing.status === 'late')) return LEAVE_MESSAGES.checkedIn
  if (new Date(event.starts_at).getTime() <= now.getTime()) return LEAVE_MESSAGES.started
  return null
}

export { chinaDay } from './chinaTime'
export { fieldErrors } from './validation'
