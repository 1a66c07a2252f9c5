import type { SyncOp } from './syncProtocol'
import { checkinRejectionProblem, type CheckinProblem } from './checkin'
import type { SyncedTable } from './syncTables'

/** What a change was, for the UI to word (`syncChange.*`): the operation, the table and the record's own name. */
export interface OpParts {
  op: SyncOp['op']
  table: string
  /** The record's title, topic, name, signer or place, as the person wrote it; null when it has none. */
  name: string | null
}

export function describeOpParts(op: SyncOp, row: Record<string, unknown> | null = op.row ?? null): OpParts {
  const name = ['title', 'topic', 'name', 'signer_name', 'place'].map((k) => row?.[k]).find((v) => typeof v === 'string' && v)
  return { op: op.op, table: op.table, name: typeof name === 'string' ? name : null }
}

/** Whether resending may need the writer's explicit override (a conflict rule refused it). */
export function canForce(code: string): boolean {
  return code.startsWith('conflict_')
}

/** The operation the server refused (the others of its transaction were rolled back with it). */
export function refusedOp(entry: { ops: SyncOp[]; op_index?: number }): SyncOp | undefined {
  return entry.ops[entry.op_index ?? 0] ?? entry.ops[0]
}

/**
 * The record as the refused change would have made it: the device's row (the server's copy, or
 * nothing for a record never accepted) with the change's values on top. Null for a delete.
 */
export function refusedRecord(op: SyncOp, current: Record<string, unknown> | null): Record<string, unknown> | null {
  if (op.op === 'delete') return null
  return { ...(current ?? {}), ...(op.row ?? {}), id: op.id }
}

// ---- The record's fields, as people read them ----

/** How a column's value is shown: words for `enum` come from `syncValues.<table>.<column>.<value>`. */
export type FieldFormat = 'text' | 'date' | 'datetime' | 'number' | 'fen' | 'boolean' | 'enum' | 'goods'

/**
 * The columns a person reads for a refused change, per table, in the order of the record's form;
 * each is worded `syncColumns.<table>.<column>`. Ids, ownership, sync bookkeeping, check-in tokens,
 * secrets, hashes and drawn strokes are never shown. A table without an entry shows no fields (its
 * change is still named, with its reason).
 */
export const REFUSED_FIELDS = {
  study_logs: { studied_on: 'date', minutes: 'number', topic: 'text', source: 'text', note: 'text' },
  donations: { amount_fen: 'fen', donated_on: 'date', note: 'text' },
  blood_donations: { volume_ml: 'number', donated_on: 'date', note: 'text' },
  visit_participants: { note: 'text' },
  attendance: {
    status: 'enum',
    method: 'enum',
    checked_in_at: 'datetime',
    leave_reason: 'text',
    leave_status: 'enum',
    decided_at: 'datetime',
    makeup_required: 'boolean',
    makeup_done_at: 'datetime',
    makeup_note: 'text',
  },
  events: {
    kind: 'enum',
    title: 'text',
    theme: 'text',
    starts_at: 'datetime',
    ends_at: 'datetime',
    place: 'text',
    host: 'text',
    recorder: 'text',
    lecturer: 'text',
    agenda: 'text',
    plan: 'text',
    material: 'text',
    minutes: 'text',
    resolutions: 'text',
    vote_result: 'text',
    guests: 'text',
    expected_count: 'number',
    is_election: 'boolean',
    quorum_override_note: 'text',
  },
  visits: { kind: 'enum', visited_on: 'date', place: 'text', households: 'number', persons: 'number', funds_fen: 'fen', goods_items: 'goods', notes: 'text' },
  pledge_signatures: { signer_name: 'text', signed_at: 'datetime' },
  pledge_templates: { year: 'number', kind: 'enum', title: 'text', body: 'text' },
  donation_campaigns: { name: 'text', year: 'number', starts_on: 'date', ends_on: 'date', recipient: 'text', handed_over_on: 'date', receipt_note: 'text' },
  members: {
    name: 'text',
    gender: 'enum',
    joined_party_on: 'date',
    member_type: 'enum',
    status: 'enum',
    is_committee: 'boolean',
    committee_title: 'text',
  },
  member_details: { phone: 'text', birth_date: 'date', id_number: 'text', note: 'text' },
  user_roles: { role: 'enum' },
  orgs: { name: 'text', short_name: 'text' },
  units: { name: 'text', kind: 'enum', sort_order: 'number' },
  branches: { name: 'text', sort_order: 'number' },
  branch_invites: { code: 'text', expires_at: 'datetime' },
  party_groups: { name: 'text', sort_order: 'number' },
  event_checkin_secrets: {},
  sync_overwrites: {},
  xuexi_usage: { month: 'date', members_total: 'number', members_using: 'number' },
} as const satisfies Partial<Record<SyncedTable, Record<string, FieldFormat>>>

export interface RefusedField {
  column: string
  format: FieldFormat
  value: unknown
  /** The change set this column (an edit sends only what changed; a new record sends every column). */
  changed: boolean
}

/** The fields of a refused change to show, in the form's order; only columns the record has. */
export function refusedFields(op: SyncOp, record: Record<string, unknown> | null): RefusedField[] {
  const shown: Record<string, FieldFormat> = (REFUSED_FIELDS as Record<string, Record<string, FieldFormat>>)[op.table] ?? {}
  const row = record ?? {}
  return Object.entries(shown)
    .filter(([column]) => row[column] !== undefined)
    .map(([column, format]) => ({ column, format, value: row[column], changed: op.row !== undefined && column in op.row }))
}

// ---- Why the server refused it, and what the person can do ----

/**
 * The refusals the server and this device give, worded as `syncRejected.reasons.<code>`. This device
 * gives `out_of_scope` (the user left the branch) and `request_too_large` (one change larger than
 * the server accepts in a request, src/data/sync/engine.ts).
 */
export const REFUSAL_CODES = [
  'forbidden',
  'invalid_value',
  'missing_value',
  'duplicate',
  'missing_reference',
  'conflict_checked_in',
  'not_found_or_forbidden',
  'already_deleted',
  'out_of_scope',
  'unknown_table',
  'bad_operation',
  'too_many_operations',
  'too_many_checkins',
  'request_too_large',
  // A photo Storage refused (src/data/sync/photoUploads.ts).
  'photo_forbidden',
  'photo_too_large',
  'photo_refused',
  'server_error',
  'refused',
  'unknown',
] as const
export type RefusalCode = (typeof REFUSAL_CODES)[number]

/** What the person can do about it, worded as `syncRejected.advice.<advice>`. */
export type RefusalAdvice = 'fix' | 'force' | 'discard' | 'rejoin' | 'update' | 'retry'

export interface RefusalReason {
  code: RefusalCode
  /** The columns the server named (invalid, missing, duplicate or missing reference). */
  columns: string[]
  /** A check-in refusal the app knows how to word. */
  checkin: CheckinProblem | null
  /** A domain rule's own message from the server (written in Chinese for the person), shown as it is. */
  serverText: string | null
  advice: RefusalAdvice
}

const ADVICE: Record<RefusalCode, RefusalAdvice> = {
  forbidden: 'discard',
  invalid_value: 'fix',
  missing_value: 'fix',
  duplicate: 'discard',
  missing_reference: 'fix',
  conflict_checked_in: 'force',
  not_found_or_forbidden: 'discard',
  already_deleted: 'discard',
  out_of_scope: 'rejoin',
  unknown_table: 'update',
  bad_operation: 'update',
  too_many_operations: 'update',
  too_many_checkins: 'update',
  // Sending it again sends the same content: it can only be discarded (and written again shorter).
  request_too_large: 'discard',
  photo_forbidden: 'discard',
  photo_too_large: 'discard',
  photo_refused: 'discard',
  server_error: 'retry',
  refused: 'fix',
  unknown: 'fix',
}

// The server names columns in its message as “column” or (column、column).
const NAMED_COLUMNS = /[\u201c\uff08]([a-z0-9_]+(?:\u3001[a-z0-9_]+)*)[\u201d\uff09]/

/**
 * Why a change was refused, as codes for the UI to word. A domain trigger's message (a check-in, a
 * leave decision, a role rule) is marked `rule` by the server and passed on as the server wrote it;
 * servers before that flag sent their generic refusals with the database error in `detail`.
 */
export function refusalReason(entry: { code: string; message: string; detail?: string; rule?: boolean }): RefusalReason {
  const known = (REFUSAL_CODES as readonly string[]).includes(entry.code) ? (entry.code as RefusalCode) : null
  const code: RefusalCode = known ?? (entry.code.startsWith('refused_') ? 'refused' : 'unknown')
  const fromTrigger = code === 'refused' || (code === 'forbidden' && (entry.rule ?? !entry.detail))
  const checkin = fromTrigger ? checkinRejectionProblem(entry) : null
  const named = ['invalid_value', 'missing_value', 'duplicate', 'missing_reference'].includes(code) ? NAMED_COLUMNS.exec(entry.message ?? '') : null
  return {
    code,
    columns: named ? named[1]!.split('\u3001') : [],
    checkin,
    serverText: (fromTrigger && !checkin) || code === 'unknown' ? entry.message || null : null,
    advice: ADVICE[code],
  }
}

// ---- Which form corrects it ----

/** The record forms a member fixes a refused change in (each feature's own page). */
export type RefusedForm = 'study' | 'donation' | 'blood' | 'visit' | 'leave'

const FORM_OF_TABLE: Partial<Record<string, RefusedForm>> = {
  study_logs: 'study',
  donations: 'donation',
  blood_donations: 'blood',
  visit_participants: 'visit',
}

/**
 * The form that corrects a refused change, or null when it is shown read-only (resend, force or
 * discard). Only a change of one record is opened in a form (saving there replaces the whole
 * change), never a delete, and for attendance only a member's own pending leave request.
 */
export function refusedForm(entry: { ops: SyncOp[] }, record: Record<string, unknown> | null, memberId: string | null): RefusedForm | null {
  const op = entry.ops.length === 1 ? entry.ops[0] : undefined
  if (!op || op.op === 'delete' || !record) return null
  if (op.table === 'attendance') {
    const pendingLeave = record.status === 'leave' && (record.leave_status ?? 'pending') === 'pending'
    return pendingLeave && memberId !== null && record.member_id === memberId && typeof record.event_id === 'string' ? 'leave' : null
  }
  return FORM_OF_TABLE[op.table] ?? null
}
