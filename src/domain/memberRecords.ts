/**
 * The records a member writes about himself, as zod schemas: the single source of their shape for
 * forms, the rows on the device and what is pushed. Column names and limits are those of
 * supabase/migrations/20261124000200_records.sql. A refusal is a code (the issue's message, with
 * `params` on custom issues), never a sentence: the UI words it as `errors.<code>` through vue-i18n
 * (`fieldProblems` in ./validation).
 */
import * as z from 'zod'
import { MAX_AMOUNT_FEN } from './money'
import { checkTextLength } from './textInput'

export const RECORD_ERROR_CODES = [
  'date.format',
  'date.range',
  'date.future',
  'record.ownerMissing',
  'study.minutesRequired',
  'study.minutesTooFew',
  'study.minutesTooMany',
  'study.topicRequired',
  'donation.campaignRequired',
  'donation.amountRequired',
  'blood.volumeRequired',
  'blood.volumeTooSmall',
  'blood.volumeTooLarge',
  'blood.eventInvalid',
  'visit.visitRequired',
  'leave.eventRequired',
  'leave.reasonRequired',
  'leave.reasonTooShort',
  'leave.started',
  'leave.checkedIn',
  'leave.eventNotFound',
  'leave.decided',
  'signature.templateRequired',
  'signature.nameRequired',
  'signature.textHashInvalid',
  'signature.signedAtInvalid',
  'signature.required',
  'signature.outsidePad',
  'signature.tooSlow',
  'signature.tooManyStrokes',
  'signature.tooShort',
  'signature.tooComplex',
  'text.tooLong',
  'number.decimal',
  'money.decimals',
  'money.zero',
  'money.tooLarge',
] as const
export type RecordErrorCode = (typeof RECORD_ERROR_CODES)[number]

/** Blood volumes (ml): anything from 50 to 800 is accepted, as the database does; the form offers
 *  the usual 200 / 300 / 400 as one-tap choices. */
export const BLOOD_VOLUME_MIN = 50
export const BLOOD_VOLUME_MAX = 800
export const USUAL_BLOOD_VOLUMES = [200, 300, 400] as const

export const STUDY_MINUTES_MAX = 1440
export const STUDY_TOPIC_MAX = 200
export const STUDY_SOURCE_MAX = 100
export const STUDY_NOTE_MAX = 2000
export const RECORD_NOTE_MAX = 500
export const LEAVE_REASON_MIN = 2
export const LEAVE_REASON_MAX = 500

/**
 * Study sources offered in the form, as codes; the database stores the Chinese word existing rows
 * hold (src/i18n/storedWords.ts), the form shows the catalogue's label. Anything else may be typed.
 */
export const STUDY_SOURCES = ['xuexiQiangguo', 'partyMemberNet', 'partyPress', 'lecture', 'branchStudy', 'other'] as const
export type StudySource = (typeof STUDY_SOURCES)[number]

/** Signature limits: enough for a Chinese name written slowly, small enough for one sync row. */
export const SIGNATURE_MAX_STROKES = 100
export const SIGNATURE_MAX_POINTS = 4000
export const SIGNATURE_MIN_POINTS = 10

type Code = RecordErrorCode

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = (code: Code) => z.string({ error: code }).regex(UUID, { error: code })

function isRealDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** A calendar day 'YYYY-MM-DD', not after `today` (China time, as the member's phone shows it). */
export function pastDay(today: string) {
  return z
    .string({ error: 'date.format' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date.format' })
    .refine(isRealDate, { error: 'date.format' })
    .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', { error: 'date.range' })
    .refine((d) => d <= today, { error: 'date.future' })
}

/** Refuses text longer than `max` code points (the database's char_length) with `text.tooLong`. */
function fitsIn<T extends z.ZodType<string>>(schema: T, max: number) {
  return schema.superRefine((value, ctx) => {
    const checked = checkTextLength(value, { max })
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.code, params: checked.params, input: value })
  })
}

/** Optional text: blank is null, otherwise trimmed; its length is checked as typed. */
const optionalText = (max: number) =>
  fitsIn(z.string(), max)
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))

/** Required text, trimmed; `required` when blank. */
const requiredText = (max: number, required: Code) =>
  fitsIn(z.string({ error: required }), max)
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: required }))

const ownership = {
  id: uuid('record.ownerMissing'),
  org_id: uuid('record.ownerMissing'),
  branch_id: uuid('record.ownerMissing'),
  member_id: uuid('record.ownerMissing'),
}

/** A whole number between min and max; its codes say which field (min/max come as params). */
const wholeNumber = (codes: { required: Code; tooSmall: Code; tooLarge: Code }, min: number, max: number) =>
  z
    .number({ error: codes.required })
    .int({ error: 'number.decimal' })
    .min(min, { error: codes.tooSmall })
    .max(max, { error: codes.tooLarge })

export function studyLogSchema(today: string) {
  return z.object({
    ...ownership,
    studied_on: pastDay(today),
    minutes: wholeNumber({ required: 'study.minutesRequired', tooSmall: 'study.minutesTooFew', tooLarge: 'study.minutesTooMany' }, 1, STUDY_MINUTES_MAX),
    topic: requiredText(STUDY_TOPIC_MAX, 'study.topicRequired'),
    source: optionalText(STUDY_SOURCE_MAX),
    note: optionalText(STUDY_NOTE_MAX),
  })
}

export function donationSchema(today: string) {
  return z.object({
    ...ownership,
    campaign_id: uuid('donation.campaignRequired'),
    amount_fen: z
      .number({ error: 'donation.amountRequired' })
      .int({ error: 'money.decimals' })
      .min(1, { error: 'money.zero' })
      .refine((fen) => fen <= MAX_AMOUNT_FEN, { error: 'money.tooLarge', params: { max: MAX_AMOUNT_FEN / 100 } }),
    donated_on: pastDay(today),
    note: optionalText(RECORD_NOTE_MAX),
  })
}

export function bloodDonationSchema(today: string) {
  return z.object({
    ...ownership,
    event_id: uuid('blood.eventInvalid').nullable().optional().transform((v) => v ?? null),
    volume_ml: wholeNumber({ required: 'blood.volumeRequired', tooSmall: 'blood.volumeTooSmall', tooLarge: 'blood.volumeTooLarge' }, BLOOD_VOLUME_MIN, BLOOD_VOLUME_MAX),
    donated_on: pastDay(today),
    note: optionalText(RECORD_NOTE_MAX),
  })
}

/** Taking part in one of the branch's visits (走访慰问). */
export const visitParticipationSchema = z.object({
  ...ownership,
  visit_id: uuid('visit.visitRequired'),
  note: optionalText(RECORD_NOTE_MAX),
})

export const leaveRequestSchema = z.object({
  ...ownership,
  event_id: uuid('leave.eventRequired'),
  status: z.literal('leave'),
  leave_status: z.literal('pending'),
  leave_reason: requiredText(LEAVE_REASON_MAX, 'leave.reasonRequired').pipe(
    z.string().min(LEAVE_REASON_MIN, { error: 'leave.reasonTooShort' }),
  ),
})

export const signaturePointSchema = z.object({
  x: z.number({ error: 'signature.outsidePad' }).min(0, { error: 'signature.outsidePad' }).max(1, { error: 'signature.outsidePad' }),
  y: z.number({ error: 'signature.outsidePad' }).min(0, { error: 'signature.outsidePad' }).max(1, { error: 'signature.outsidePad' }),
  t: z.number({ error: 'signature.tooSlow' }).int({ error: 'signature.tooSlow' }).min(0, { error: 'signature.tooSlow' }).max(3_600_000, { error: 'signature.tooSlow' }),
})

export const signatureStrokesSchema = z
  .array(
    z.array(signaturePointSchema, { error: 'signature.required' }).min(1, { error: 'signature.required' }).max(SIGNATURE_MAX_POINTS, { error: 'signature.tooComplex' }),
    { error: 'signature.required' },
  )
  .min(1, { error: 'signature.required' })
  .max(SIGNATURE_MAX_STROKES, { error: 'signature.tooManyStrokes' })
  .refine((strokes) => strokes.flat().length >= SIGNATURE_MIN_POINTS, { error: 'signature.tooShort' })
  .refine((strokes) => strokes.flat().length <= SIGNATURE_MAX_POINTS, { error: 'signature.tooComplex' })

export const pledgeSignatureSchema = z.object({
  ...ownership,
  template_id: uuid('signature.templateRequired'),
  unit_id: z.null().optional().transform(() => null),
  signer_name: requiredText(50, 'signature.nameRequired'),
  signed_text_sha256: z.string({ error: 'signature.textHashInvalid' }).regex(/^[0-9a-f]{64}$/, { error: 'signature.textHashInvalid' }),
  strokes: signatureStrokesSchema,
  signed_at: z.iso.datetime({ offset: true, error: 'signature.signedAtInvalid' }),
})

export type SignaturePoint = z.output<typeof signaturePointSchema>
export type SignatureStrokes = SignaturePoint[][]

export type LeaveProblemCode = Extract<RecordErrorCode, 'leave.started' | 'leave.checkedIn'>

/** A leave request is for an event that has not started yet, by a member who has not checked in. */
export function leaveProblem(event: { starts_at: string }, now: Date, existing?: { status: string } | null): LeaveProblemCode | null {
  if (existing && (existing.status === 'present' || existing.status === 'late')) return 'leave.checkedIn'
  if (new Date(event.starts_at).getTime() <= now.getTime()) return 'leave.started'
  return null
}

export { chinaDay } from './chinaTime'
export { fieldErrors, fieldProblems } from './validation'
