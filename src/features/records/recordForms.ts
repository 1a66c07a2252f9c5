import { bloodDonationSchema, donationSchema, studyLogSchema, visitParticipationSchema } from '@/domain/memberRecords'
import { fenToYuan, parseYuan } from '@/domain/money'
import type { DataRow } from './useMemberData'
import type { OwnRecordFormOptions } from './useOwnRecordForm'

type FormConfig<F extends Record<string, string>> = Pick<OwnRecordFormOptions<F>, 'table' | 'empty' | 'fromRow' | 'toColumns' | 'schema'>

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))

/** Whole numbers typed with stray spaces; anything else is NaN so the schema explains it. */
function wholeNumber(value: string): number {
  const t = value.trim()
  if (!t) return Number.NaN
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN
}

const required = (value: string, field: string, message: string): Record<string, string> => (value.trim() ? {} : { [field]: message })

export type StudyLogFields = { studied_on: string; minutes: string; topic: string; source: string; note: string }

export const studyLogForm: FormConfig<StudyLogFields> = {
  table: 'study_logs',
  empty: (today) => ({ studied_on: today, minutes: '', topic: '', source: '学习强国', note: '' }),
  fromRow: (row: DataRow) => ({ studied_on: text(row.studied_on), minutes: text(row.minutes), topic: text(row.topic), source: text(row.source), note: text(row.note) }),
  toColumns: (f) => ({
    columns: { studied_on: f.studied_on, minutes: wholeNumber(f.minutes), topic: f.topic, source: f.source, note: f.note },
    errors: required(f.minutes, 'minutes', '请输入学习时长（分钟）'),
  }),
  schema: studyLogSchema,
}

export type DonationFields = { campaign_id: string; amount: string; donated_on: string; note: string }

export const donationForm: FormConfig<DonationFields> = {
  table: 'donations',
  empty: (today) => ({ campaign_id: '', amount: '', donated_on: today, note: '' }),
  fromRow: (row: DataRow) => ({ campaign_id: text(row.campaign_id), amount: fenToYuan(Number(row.amount_fen)), donated_on: text(row.donated_on), note: text(row.note) }),
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

export const bloodDonationForm: FormConfig<BloodDonationFields> = {
  table: 'blood_donations',
  empty: (today) => ({ volume_ml: '', donated_on: today, event_id: '', note: '' }),
  fromRow: (row: DataRow) => ({ volume_ml: text(row.volume_ml), donated_on: text(row.donated_on), event_id: text(row.event_id), note: text(row.note) }),
  toColumns: (f) => ({
    columns: { volume_ml: wholeNumber(f.volume_ml), donated_on: f.donated_on, event_id: f.event_id || null, note: f.note },
    errors: required(f.volume_ml, 'volume_ml', '请输入献血量（毫升）'),
  }),
  schema: bloodDonationSchema,
}

export type VisitParticipationFields = { visit_id: string; note: string }

export const visitParticipationForm: FormConfig<VisitParticipationFields> = {
  table: 'visit_participants',
  empty: () => ({ visit_id: '', note: '' }),
  fromRow: (row: DataRow) => ({ visit_id: text(row.visit_id), note: text(row.note) }),
  toColumns: (f) => ({ columns: { visit_id: f.visit_id || undefined, note: f.note }, errors: {} }),
  schema: () => visitParticipationSchema,
}
