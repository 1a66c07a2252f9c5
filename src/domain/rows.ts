/**
 * Rows as the device stores them: what the server sends (supabase/migrations/*.sql) and what this
 * device wrote but has not seen back yet. Read-side schemas: a row that does not match is kept and
 * reported, never dropped (the write-side schemas with their Chinese messages are in memberRecords.ts).
 * Extra columns pass through untouched, so a newer server's columns survive an edit on an older app.
 */
import * as z from 'zod'

/** Columns the server's trigger sets; absent on a row this device created and has not synced yet. */
const syncColumns = {
  id: z.string(),
  org_id: z.string(),
  _ver: z.number().optional(),
  _deleted: z.boolean().optional(),
  updated_at: z.string().nullish(),
  updated_by: z.string().nullish(),
}

const text = z.string()
const maybeText = z.string().nullish()
const maybeInt = z.number().int().nullish()
const maybeBool = z.boolean().nullish()

function row<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject({ ...syncColumns, ...shape })
}

/** The declared columns of a row type, without the pass-through index signature. */
export type KnownColumns<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }

export const orgRow = row({
  name: text,
  short_name: maybeText,
  /** The 主题党日 checklist (default 有主题、有计划、有记录、有影像、有总结). */
  theme_day_checklist: z.array(z.string()).nullish(),
})
export const unitRow = row({ name: text, kind: z.enum(['department', 'subunit']), sort_order: maybeInt , head_member_id: maybeText, active: z.boolean().optional() })
export const branchRow = row({ unit_id: maybeText, name: text, sort_order: maybeInt, active: z.boolean().optional() })
export const branchInviteRow = row({ branch_id: text, code: text, expires_at: maybeText })
export const partyGroupRow = row({ branch_id: text, name: text, sort_order: maybeInt, active: z.boolean().optional() })

export const memberRow = row({
  branch_id: text,
  group_id: maybeText,
  unit_id: maybeText,
  user_id: maybeText,
  name: text,
  gender: z.enum(['male', 'female']).nullish(),
  joined_party_on: maybeText,
  /** Political status: 正式党员, 预备党员 (the party members), 共青团员, 群众, 其他. */
  member_type: z.enum(['full', 'probationary', 'league', 'masses', 'other']).nullish(),
  status: z.enum(['active', 'retired', 'transferred', 'suspended', 'deceased', 'left']).nullish(),
  is_committee: maybeBool,
  committee_title: maybeText,
})

/**
 * A roster row's personal details (id = the member's id): read by the person, the branch's
 * organizers and secretary and the organisation's admins; written by the secretary and admins.
 */
export const memberDetailRow = row({
  branch_id: text,
  phone: maybeText,
  birth_date: maybeText,
  /** 身份证号: 18 characters, the last a digit or X. */
  id_number: maybeText,
  note: maybeText,
})

export const userRoleRow = row({ branch_id: maybeText, user_id: text, role: z.enum(['member', 'organizer', 'secretary', 'leader', 'admin']) })

const EVENT_KINDS = [
  'general_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day',
  'group_study', 'seminar', 'volunteer', 'blood_drive', 'donation_drive', 'visit',
  'org_life_meeting', 'member_appraisal', 'training',
] as const

/** List columns a row with a newer server shape may lack: read as empty. */
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish()

export const eventRow = row({
  /** null: an event of the whole organisation (机关党委), attended by members of every branch. */
  branch_id: maybeText,
  group_id: maybeText,
  /** Who is expected: the organisation (branch_id null), the branch, a party group (group_id) or the committee. */
  audience: z.enum(['org', 'branch', 'group', 'committee']).nullish(),
  kind: z.enum(EVENT_KINDS),
  title: text,
  theme: maybeText,
  starts_at: text,
  ends_at: maybeText,
  place: maybeText,
  host: maybeText,
  recorder: maybeText,
  lecturer: maybeText,
  agenda: maybeText,
  plan: maybeText,
  material: maybeText,
  minutes: maybeText,
  resolutions: maybeText,
  vote_result: maybeText,
  guests: maybeText,
  expected_count: maybeInt,
  is_election: maybeBool,
  quorum_override_note: maybeText,
  photos: z.array(z.unknown()).nullish(),
  /** A cancelled event stays, with its reason. */
  cancelled_at: maybeText,
  cancel_reason: maybeText,
  /** 列席: people not on the roster. */
  guest_list: list(z.object({ name: z.string(), title: z.string().nullish() })),
  /** The 主题党日 checklist items done (from the organisation's theme_day_checklist). */
  checklist_done: list(z.string()),
})

export const attendanceRow = row({
  branch_id: text,
  event_id: text,
  member_id: text,
  status: z.enum(['present', 'late', 'leave', 'absent']),
  /** qr / code: the member's own scan of the event's code; member_code: the committee scanned the member's own code. */
  method: z.enum(['qr', 'code', 'manual', 'member_code']).nullish(),
  checked_in_at: maybeText,
  leave_reason: maybeText,
  /** withdrawn: the member took the request back (the row stays, so a later check-in reuses it). */
  leave_status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).nullish(),
  decided_by: maybeText,
  decided_at: maybeText,
  decision_note: maybeText,
  makeup_required: maybeBool,
  makeup_method: z.enum(['minutes', 'session', 'other']).nullish(),
  makeup_done_at: maybeText,
  makeup_note: maybeText,
  /** Set by the server when the secretary confirms the make-up. */
  makeup_confirmed_by: maybeText,
  makeup_confirmed_at: maybeText,
  checkin_token: maybeText,
  /** Set by the server: verified, pending (待核实) or refused; null for hand marks and leave. */
  verification: z.enum(['verified', 'pending', 'refused']).nullish(),
  verified_by: maybeText,
  verified_at: maybeText,
  /** Set by the server: who marked by hand (or scanned the member's code); self_marked when it was the member himself. */
  marked_by: maybeText,
  self_marked: maybeBool,
  mark_reason: maybeText,
})

export const donationCampaignRow = row({
  name: text,
  year: z.number().int(),
  starts_on: maybeText,
  ends_on: maybeText,
  recipient: maybeText,
  handed_over_on: maybeText,
  receipt_note: maybeText,
  /** Amount handed over to the recipient, fen. */
  handed_over_fen: maybeInt,
})

export const donationRow = row({ branch_id: text, campaign_id: text, member_id: text, amount_fen: z.number().int(), donated_on: text, note: maybeText })

export const bloodDonationRow = row({ branch_id: text, event_id: maybeText, member_id: text, volume_ml: z.number().int(), donated_on: text, note: maybeText })

export const pledgeTemplateRow = row({
  year: z.number().int(),
  kind: z.enum(['personal', 'department']),
  /** 1, 2, ...: a signed template is never edited, a new version of the year is published instead. */
  version: maybeInt,
  title: text,
  body: text,
  body_sha256: text,
})

export const pledgeSignatureRow = row({
  branch_id: maybeText,
  template_id: text,
  member_id: maybeText,
  unit_id: maybeText,
  signer_name: text,
  signed_text_sha256: text,
  /** This app's {x, y, t} points, or points made elsewhere (drawableStrokes reads both). */
  strokes: z.array(z.unknown()),
  signed_at: text,
})

export const visitRow = row({
  branch_id: text,
  kind: z.enum(['poverty', 'retired_member', 'staff_hardship']),
  visited_on: text,
  place: maybeText,
  households: maybeInt,
  persons: maybeInt,
  funds_fen: maybeInt,
  /** Free text of older records, shown as written; new records use goods_items. */
  goods: maybeText,
  /** 电视机 2 台: quantity > 0, at most one decimal (the server's CHECK). */
  goods_items: z.array(z.looseObject({ name: text, quantity: z.number(), unit: text })).nullish(),
  participant_ids: z.array(z.string()).nullish(),
  /** The persons visited who are on the organisation's roster. */
  visited_member_ids: z.array(z.string()).nullish(),
  notes: maybeText,
  photos: z.array(z.unknown()).nullish(),
})

export const visitParticipantRow = row({ branch_id: text, visit_id: text, member_id: text, note: maybeText })

export const studyLogRow = row({ branch_id: text, member_id: text, studied_on: text, minutes: z.number().int(), topic: text, source: maybeText, note: maybeText })

/** branch_id null: the secret of an organisation-wide event (admins' phones). */
export const eventCheckinSecretRow = row({ branch_id: maybeText, event_id: text, secret: text })

/** A member's own check-in code secret: made by the server, read by the member and his branch's committee. */
export const memberCheckinSecretRow = row({ branch_id: text, member_id: text, secret: text })

/** A resolution (决议) of a meeting and its vote; branch_id null for an organisation-wide event's. */
export const eventResolutionRow = row({
  branch_id: maybeText,
  event_id: text,
  sort_order: maybeInt,
  text,
  votes_for: maybeInt,
  votes_against: maybeInt,
  votes_abstain: maybeInt,
  passed: maybeBool,
  quorum_note: maybeText,
})

/** The trail of an attendance row's status, method, time and verification (written by the server). */
export const attendanceChangeRow = row({
  branch_id: text,
  attendance_id: text,
  event_id: text,
  member_id: text,
  changed_by: maybeText,
  changed_at: text,
  old_status: maybeText,
  new_status: maybeText,
  old_method: maybeText,
  new_method: maybeText,
  old_checked_in_at: maybeText,
  new_checked_in_at: maybeText,
  old_verification: maybeText,
  new_verification: maybeText,
  deleted: maybeBool,
})

/** 学习强国 use of a branch in a month (month: its first day, YYYY-MM-DD); using ≤ total. */
export const xuexiUsageRow = row({
  branch_id: text,
  month: text,
  members_total: z.number().int(),
  members_using: z.number().int(),
})

export const syncOverwriteRow = row({
  branch_id: maybeText,
  table_name: text,
  row_id: text,
  overwritten: z.record(z.string(), z.unknown()),
  overwritten_ver: z.number(),
  overwritten_by: maybeText,
  replaced_by: text,
})

/** Row types the features name; any table's is `RowOf<'table'>` (syncTables.ts). */
type Row<S extends z.ZodType> = KnownColumns<z.output<S>>

export type EventRow = Row<typeof eventRow>
export type AttendanceRow = Row<typeof attendanceRow>
export type EventResolutionRow = Row<typeof eventResolutionRow>
export type MemberCheckinSecretRow = Row<typeof memberCheckinSecretRow>
export type AttendanceChangeRow = Row<typeof attendanceChangeRow>
export type DonationRow = Row<typeof donationRow>
export type BloodDonationRow = Row<typeof bloodDonationRow>
export type VisitRow = Row<typeof visitRow>
export type VisitParticipantRow = Row<typeof visitParticipantRow>
export type StudyLogRow = Row<typeof studyLogRow>
