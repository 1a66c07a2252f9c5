import { bloodDonationSchema, donationSchema, studyLogSchema, visitParticipationSchema } from '@/domain/memberRecords'
import { fenToYuan, parseYuan } from '@/domain/money'
import type { BloodDonationRow, DonationRow, StudyLogRow, VisitParticipantRow } from '@/domain/rows'
import type { RecordFormOptions, RecordStore } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'

/** One kind of record's form: its repository, schema, and the mapping between form text and row. */
export interface RecordFormConfig<F extends Record<string, string>, R extends { id: string }>
  extends Pick<RecordFormOptions<F, R>, 'empty' | 'fromRow' | 'toColumns' | 'schema'> {
  store: (repositories: Repositories) => RecordStore<R>
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v))

/** Whole numbers typed with stray spaces; anything else is NaN so the schema explains it. */
function wholeNumber(value: string): number {
  const t = value.trim()
  if (!t) return Number.NaN
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN
}

const required = (value: string, field: string, message: string): Record<string, string> => (value.trim() ? {} : { [field]: message })

export type StudyLogFields = { studied_on: string; minutes: string; topic: string; source: string; note: string }

export const studyLogForm: RecordFormConfig<StudyLogFields, StudyLogRow> = {
  store: (r) => r.studyLogs,
  empty: (today) => ({ studied_on: today, minutes: '', topic: '', source: '学习强国', note: '' }),
  fromRow: (row) => ({ studied_on: row.studied_on, minutes: text(row.minutes), topic: row.topic, source: text(row.source), note: text(row.note) }),
  toColumns: (f) => ({
    columns: { studied_on: f.studied_on, minutes: wholeNumber(f.minutes), topic: f.topic, source: f.source, note: f.note },
    errors: required(f.minutes, 'minutes', '请输入学习时长（分钟）'),
  }),
  schema: studyLogSchema,
}

export type DonationFields = { campaign_id: string; amount: string; donated_on: string; note: string }

export const donationForm: RecordFormConfig<DonationFields, DonationRow> = {
  store: (r) => r.donations,
  empty: (today) => ({ campaign_id: '', amount: '', donated_on: today, note: '' }),
  fromRow: (row) => ({ campaign_id: row.campaign_id, amount: fenToYuan(row.amount_fen), donated_on: row.donated_on, note: text(row.note) }),
  toColumns: (f) => {
    const money = parseYuan(f.amount)
    return {
      columns: { campaign_id: f.campaign_id || undefined, amount_fen: money.ok ? money.fen : 1, donated_on: f.donated_on, note: f.note },
      errors: money.ok ? {} : ({ amount: money.message } as Record<string, string>),
    }
  },
  schema: donationSchema,
}

export type BloodDonationFields = { volume_ml: string; donated_on: string; event_id: string; note: string }

export const bloodDonationForm: RecordFormConfig<BloodDonationFields, BloodDonationRow> = {
  store: (r) => r.bloodDonations,
  empty: (today) => ({ volume_ml: '', donated_on: today, event_id: '', note: '' }),
  fromRow: (row) => ({ volume_ml: text(row.volume_ml), donated_on: row.donated_on, event_id: text(row.event_id), note: text(row.note) }),
  toColumns: (f) => ({
    columns: { volume_ml: wholeNumber(f.volume_ml), donated_on: f.donated_on, event_id: f.event_id || null, note: f.note },
    errors: required(f.volume_ml, 'volume_ml', '请输入献血量（毫升）'),
  }),
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
