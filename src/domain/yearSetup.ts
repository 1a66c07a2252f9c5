/**
 * The year's setup by the organisation's admins (年度工作): pledge templates per year and their
 * versions, unit heads and the 责任书 they sign, donation campaigns, 学习强国 usage per branch and
 * month, and the answers of the year's read functions (20261201005200_year_setup.sql). Refusals are
 * codes `setup.*`, worded by the catalogue's `errors.setup`.
 */
import * as z from 'zod'
import { signatureStrokesSchema } from './memberRecords'
import { checkTextLength, type TextErrorCode } from './textInput'
import { currentTemplate, type PledgeTemplateLike } from './pledge'
import { attendanceRowId } from './syncIds'

export type SetupErrorCode =
  | 'setup.titleRequired'
  | 'setup.bodyRequired'
  | 'setup.nameRequired'
  | 'setup.datesOrder'
  | 'setup.monthInvalid'
  | 'setup.usingOverTotal'
  | 'setup.handedOverWithoutDate'
  | 'setup.memberRequired'

export interface SetupProblem {
  code: SetupErrorCode | TextErrorCode
  params?: Record<string, string | number>
}

/** A unit's 党风廉政建设责任书 as its head's phone sends it (no member, no branch). */
export const unitPledgeSignatureSchema = z.object({
  id: z.uuid({ error: 'record.ownerMissing' }),
  org_id: z.uuid({ error: 'record.ownerMissing' }),
  branch_id: z.null().optional().transform(() => null),
  member_id: z.null().optional().transform(() => null),
  unit_id: z.uuid({ error: 'record.ownerMissing' }),
  template_id: z.uuid({ error: 'signature.templateRequired' }),
  signer_name: z.string().trim().min(1, { error: 'signature.nameRequired' }).max(50, { error: 'signature.nameRequired' }),
  signed_text_sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'signature.textHashInvalid' }),
  strokes: signatureStrokesSchema,
  signed_at: z.iso.datetime({ offset: true, error: 'signature.signedAtInvalid' }),
})

/** What the admin may do with the year's template of a kind. */
export type TemplateAction =
  /** none yet: start from last year's latest text (or an empty page) */
  | { kind: 'create'; version: 1; from: PledgeTemplateLike | null }
  /** nobody signed it: edit in place */
  | { kind: 'edit'; template: PledgeTemplateLike }
  /** someone signed it: its text stays; a new version starts from it */
  | { kind: 'newVersion'; version: number; from: PledgeTemplateLike }

export function templateAction(
  templates: readonly PledgeTemplateLike[],
  year: number,
  kind: 'personal' | 'department',
  signedTemplateIds: ReadonlySet<string>,
): TemplateAction {
  const current = currentTemplate(templates, year, kind)
  if (!current) return { kind: 'create', version: 1, from: currentTemplate(templates, year - 1, kind) }
  if (!signedTemplateIds.has(current.id)) return { kind: 'edit', template: current }
  return { kind: 'newVersion', version: (current.version ?? 1) + 1, from: current }
}

const TITLE_MAX = 100
const BODY_MAX = 20000

/** A template's title and text as typed: trimmed title, text kept as typed (it is what people sign). */
export function templateProblems(input: { title: string; body: string }): Partial<Record<'title' | 'body', SetupProblem>> {
  const out: Partial<Record<'title' | 'body', SetupProblem>> = {}
  const title = input.title.trim()
  if (!title) out.title = { code: 'setup.titleRequired' }
  else {
    const checked = checkTextLength(title, { max: TITLE_MAX })
    if (!checked.ok) out.title = { code: checked.code, params: checked.params }
  }
  if (!input.body.trim()) out.body = { code: 'setup.bodyRequired' }
  else {
    const checked = checkTextLength(input.body, { max: BODY_MAX })
    if (!checked.ok) out.body = { code: checked.code, params: checked.params }
  }
  return out
}

/** The first day of a month `YYYY-MM` (or a day of it), or null. */
export function monthStart(value: string): string | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?$/.exec(value)
  return m ? `${m[1]}-${m[2]}-01` : null
}

/** 学习强国 usage of a month: using ≤ total (the counts are parsed whole numbers). */
export function xuexiProblems(input: { month: string; total: number; using: number }): Partial<Record<'month' | 'using', SetupProblem>> {
  const out: Partial<Record<'month' | 'using', SetupProblem>> = {}
  if (!monthStart(input.month)) out.month = { code: 'setup.monthInvalid' }
  if (input.using > input.total) out.using = { code: 'setup.usingOverTotal', params: { total: input.total } }
  return out
}

/**
 * The id of a branch's 学习强国 row for a month (its first day, YYYY-MM-DD). Every device (and the
 * demo seed) derives the same id, so an admin's entry for a month the branch already has updates
 * that row instead of colliding with it on (branch_id, month): the admin's phone does not hold
 * the branches' rows. The month's digits stand in for the second id of attendanceRowId.
 */
export function xuexiUsageRowId(branchId: string, month: string): string {
  return attendanceRowId(branchId, `${month.replace(/-/g, '')}-0000-8000-8000-000000000000`)
}

/** Using ÷ total over the rows, as a whole percent rounded down, or null when no member is counted. */
export function xuexiRate(rows: readonly { members_total: number; members_using: number }[]): number | null {
  const total = rows.reduce((s, r) => s + r.members_total, 0)
  if (total === 0) return null
  const using = rows.reduce((s, r) => s + r.members_using, 0)
  return Math.floor((using * 100) / total)
}

export interface CampaignInput {
  name: string
  recipient: string
  starts_on: string | null
  ends_on: string | null
  handed_over_on: string | null
  handed_over_fen: number | null
  receipt_note: string
}

/** A campaign's form: a name, the end not before the start, an amount handed over only with its day. */
export function campaignProblems(input: CampaignInput): Partial<Record<keyof CampaignInput, SetupProblem>> {
  const out: Partial<Record<keyof CampaignInput, SetupProblem>> = {}
  const name = input.name.trim()
  if (!name) out.name = { code: 'setup.nameRequired' }
  for (const [field, max] of [['name', 100], ['recipient', 100], ['receipt_note', 1000]] as const) {
    const checked = checkTextLength(input[field].trim(), { max })
    if (!checked.ok && !out[field]) out[field] = { code: checked.code, params: checked.params }
  }
  if (input.starts_on && input.ends_on && input.ends_on < input.starts_on) out.ends_on = { code: 'setup.datesOrder' }
  if (input.handed_over_fen !== null && !input.handed_over_on) out.handed_over_on = { code: 'setup.handedOverWithoutDate' }
  return out
}

// The answers of the year's read functions.

export const pledgeProgressSchema = z.object({
  year: z.number().int(),
  persons: z.object({
    signed: z.number().int(),
    expected: z.number().int(),
    missing: z.array(z.object({ member_id: z.string(), name: z.string(), branch_name: z.string() })),
  }),
  units: z
    .object({
      signed: z.number().int(),
      total: z.number().int(),
      missing: z.array(z.object({ unit_id: z.string(), name: z.string(), kind: z.enum(['department', 'subunit']) })),
    })
    .nullable(),
  signed_templates: z.array(z.string()).optional(),
})
export type PledgeProgress = z.output<typeof pledgeProgressSchema>

export const campaignTotalsSchema = z.object({
  year: z.number().int(),
  campaigns: z.array(z.object({ campaign_id: z.string(), donated_fen: z.number().int(), donors: z.number().int() })),
})
export type CampaignTotals = z.output<typeof campaignTotalsSchema>

export const bloodDriveRollSchema = z.object({
  event: z.object({ id: z.string(), title: z.string(), starts_at: z.string(), place: z.string().nullable(), branch_id: z.string().nullable() }),
  registered: z.array(
    z.object({ member_id: z.string(), name: z.string(), branch_id: z.string(), branch_name: z.string(), status: z.string() }),
  ),
  donations: z.array(
    z.object({
      id: z.string(),
      member_id: z.string(),
      name: z.string(),
      branch_id: z.string(),
      branch_name: z.string(),
      volume_ml: z.number().int(),
      donated_on: z.string(),
    }),
  ),
})
export type BloodDriveRoll = z.output<typeof bloodDriveRollSchema>

export const orgPeopleSchema = z.object({
  people: z.array(
    z.object({ member_id: z.string(), name: z.string(), branch_id: z.string(), branch_name: z.string(), unit_id: z.string().nullable() }),
  ),
})
export type OrgPerson = z.output<typeof orgPeopleSchema>['people'][number]

/** Total ml given at a drive, and how many gave. */
export function bloodTotals(donations: readonly { member_id: string; volume_ml: number }[]): { donors: number; ml: number } {
  return { donors: new Set(donations.map((d) => d.member_id)).size, ml: donations.reduce((s, d) => s + d.volume_ml, 0) }
}
