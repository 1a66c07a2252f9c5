import { computed, ref } from 'vue'
import { chinaDay } from '@/domain/memberRecords'
import { attendanceRate, historyByMonth, historyCsv, historyOf, totalsOf, type MyRows, type RecordKind } from '@/domain/myRecord'
import type { Clock } from '@/composables/useClock'
import type { MemberDataSource } from '../records/useMemberData'
import { useLiveRows } from '../records/useMemberData'
import type { RecordOwner } from '../records/useOwnRecordForm'

export interface MyRecordOptions {
  source: MemberDataSource
  clock: Clock
  owner: () => RecordOwner | null
}

/** 我的记录: everything the member has on this phone, by month and kind, with rate and totals. */
export function useMyRecord(options: MyRecordOptions) {
  const { source } = options
  const byBranch = (table: string) => () => (options.owner() ? { table, index: 'branch_id', equals: options.owner()!.branch_id } : null)
  const byOrg = (table: string) => () => (options.owner() ? { table, index: 'org_id', equals: options.owner()!.org_id } : null)
  const events = useLiveRows(source, byBranch('events')).rows
  const attendance = useLiveRows(source, byBranch('attendance')).rows
  const study = useLiveRows(source, byBranch('study_logs')).rows
  const donations = useLiveRows(source, byBranch('donations')).rows
  const blood = useLiveRows(source, byBranch('blood_donations')).rows
  const pledges = useLiveRows(source, byBranch('pledge_signatures')).rows
  const visits = useLiveRows(source, byBranch('visits')).rows
  const visitParticipants = useLiveRows(source, byBranch('visit_participants')).rows
  const campaigns = useLiveRows(source, byOrg('donation_campaigns')).rows
  const templates = useLiveRows(source, byOrg('pledge_templates')).rows

  const rows = computed<MyRows>(() => ({
    events: events.value,
    attendance: attendance.value,
    study_logs: study.value,
    donations: donations.value,
    blood_donations: blood.value,
    pledge_signatures: pledges.value,
    visits: visits.value,
    visit_participants: visitParticipants.value,
    campaigns: campaigns.value,
    templates: templates.value,
  }))
  const memberId = () => options.owner()?.id ?? ''
  const kind = ref<RecordKind | null>(null)
  const items = computed(() => historyOf(rows.value, memberId()))
  const months = computed(() => historyByMonth(items.value, kind.value))
  const rate = computed(() => attendanceRate(rows.value, memberId(), options.owner()?.branch_id ?? '', options.clock()))
  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const totals = computed(() => totalsOf(rows.value, memberId(), year.value))

  /** The file of the member's own record (CSV, opens in Excel). */
  function exportFile(): { name: string; blob: Blob } {
    return {
      name: `我的党员记录-${chinaDay(options.clock())}.csv`,
      blob: new Blob([historyCsv(items.value)], { type: 'text/csv;charset=utf-8' }),
    }
  }

  return { kind, items, months, rate, totals, year, exportFile }
}

/** Hands a file to the browser as a download. */
export function downloadFile(file: { name: string; blob: Blob }, doc: Document = document) {
  const url = URL.createObjectURL(file.blob)
  const a = doc.createElement('a')
  a.href = url
  a.download = file.name
  doc.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
