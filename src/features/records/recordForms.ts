import { bloodDonationSchema, donationSchema, studyLogSchema, visitParticipationSchema } from '@/domain/memberRecords'
import { fenToYuan, parseMoney } from '@/domain/money'
import { parseWholeNumber } from '@/domain/numberInput'
import type { BloodDonationRow, DonationRow, StudyLogRow, VisitParticipantRow } from '@/domain/rows'
import type { RecordFormOptions, RecordStore } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'
import { STORED_STUDY_SOURCES } from '@/i18n/storedWords'

/** One kind of record's form: its repository, schema, and the mapping between form text and row. */
export interface RecordFormConfig<F extends Record<string, string>, R extends { id: string }>
  extends Pick<RecordFormOptions<F, R>, 'empty' | 'fromRow' | 'toColumns' | 'schema'> {
  store: (repositories: Repositories) => RecordStore<R>
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v))

type Read = { columns: Record<string, unknown>; errors: Record<string, CodedProblem> }

/**
 * A whole number as typed, read exactly (parseWholeNumber) or refused with its code. Left empty,
 * the column is missing and the schema asks for it in the field's own words; its range is the
 * schema's too, so the message names the field.
 */
function wholeNumberColumn(field: string, typed: string, into: Read): void {
  if (!typed.trim()) return
  const read = parseWholeNumber(typed)
  if (read.ok) into.columns[field] = read.value
  else into.errors[field] = { code: read.code, params: read.params }
}

export type StudyLogFields = { studied_on: string; minutes: string; topic: string; source: string; note: string }

export const studyLogForm: RecordFormConfig<StudyLogFields, StudyLogRow> = {
  store: (r) => r.studyLogs,
  empty: (today) => ({ studied_on: today, minutes: '', topic: '', source: STORED_STUDY_SOURCES.xuexiQiangguo, note: '' }),
  fromRow: (row) => ({ studied_on: row.studied_on, minutes: text(row.minutes), topic: row.topic, source: text(row.source), note: text(row.note) }),
  toColumns: (f) => {
    const read: Read = { columns: { studied_on: f.studied_on, topic: f.topic, source: f.source, note: f.note }, errors: {} }
    wholeNumberColumn('minutes', f.minutes, read)
    return read
  },
  schema: studyLogSchema,
}

export type DonationFields = { campaign_id: string; amount: string; donated_on: string; note: string }

export const donationForm: RecordFormConfig<DonationFields, DonationRow> = {
  store: (r) => r.donations,
  empty: (today) => ({ campaign_id: '', amount: '', donated_on: today, note: '' }),
  fromRow: (row) => ({ campaign_id: row.campaign_id, amount: fenToYuan(row.amount_fen), donated_on: row.donated_on, note: text(row.note) }),
  toColumns: (f) => {
    const read: Read = { columns: { campaign_id: f.campaign_id || undefined, donated_on: f.donated_on, note: f.note }, errors: {} }
    if (f.amount.trim()) {
      const money = parseMoney(f.amount)
      if (money.ok) read.columns.amount_fen = money.value
      else read.errors.amount_fen = { code: money.code, params: money.params }
    }
    return read
  },
  schema: donationSchema,
}

export type BloodDonationFields = { volume_ml: string; donated_on: string; event_id: string; note: string }

export const bloodDonationForm: RecordFormConfig<BloodDonationFields, BloodDonationRow> = {
  store: (r) => r.bloodDonations,
  empty: (today) => ({ volume_ml: '', donated_on: today, event_id: '', note: '' }),
  fromRow: (row) => ({ volume_ml: text(row.volume_ml), donated_on: row.donated_on, event_id: text(row.event_id), note: text(row.note) }),
  toColumns: (f) => {
    const read: Read = { columns: { donated_on: f.donated_on, event_id: f.event_id || null, note: f.note }, errors: {} }
    wholeNumberColumn('volume_ml', f.volume_ml, read)
    return read
  },
  schema: bloodDonationSchema,
}

export type VisitParticipationFields = { visit_id: string; note: string }

export const visitParticipationForm: RecordFormConfig<VisitParticipationFields, VisitParticipantRow> = {
  store: (r) => r.visitParticipants,
  empty: () => ({ visit_id: '', note: '' }),
  fromRow: (row) => ({ visit_id: row.visit_id, note: text(row.note) }),
  toColumns: (f) => ({ columns: { visit_id: f.visit_id || undefined, note: f.note }, errors: {} }),
  schema: () => visitParticipationSchema,
}
