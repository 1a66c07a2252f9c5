import { computed, ref } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { isPartyMember } from '@/domain/eventAudience'
import { attendanceRate, historyByMonth, historyOf, totalsOf, type MyRows, type RecordKind } from '@/domain/myRecord'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { RecordOwner } from '@/composables/useRecordForm'
import type { Checked, Repositories } from '@/data/repositories'
import { useHistoryWords } from './useHistoryWords'

export interface MyRecordOptions {
  repositories: Repositories
  clock: Clock
  owner: () => RecordOwner | null
}

/** 我的记录: everything the member has on this phone, by month and kind, with rate and totals. */
export function useMyRecord(options: MyRecordOptions) {
  const repos = options.repositories
  const words = useHistoryWords()
  const read = <T>(query: (owner: RecordOwner) => Promise<Checked<T>>) =>
    useLiveRows<T>(() => {
      const owner = options.owner()
      return owner ? () => query(owner) : null
    })
  const events = read((o) => repos.events.ofBranch(o.branch_id))
  const attendance = read((o) => repos.attendance.ofBranch(o.branch_id))
  const study = read((o) => repos.studyLogs.ofBranch(o.branch_id))
  const donations = read((o) => repos.donations.ofBranch(o.branch_id))
  const blood = read((o) => repos.bloodDonations.ofBranch(o.branch_id))
  const pledges = read((o) => repos.pledgeSignatures.ofBranch(o.branch_id))
  const visits = read((o) => repos.visits.ofBranch(o.branch_id))
  const visitParticipants = read((o) => repos.visitParticipants.ofBranch(o.branch_id))
  const campaigns = read((o) => repos.campaigns.ofOrg(o.org_id))
  const templates = read((o) => repos.pledgeTemplates.ofOrg(o.org_id))
  // The member's own roster row says whether branch life expects him (staff who are not party members: no).
  const roster = read((o) => repos.members.ofBranch(o.branch_id))
  const problems = useDataProblems(events, attendance, study, donations, blood, pledges, visits, visitParticipants, campaigns, templates, roster)

  const rows = computed<MyRows>(() => ({
    events: events.rows.value,
    attendance: attendance.rows.value,
    study_logs: study.rows.value,
    donations: donations.rows.value,
    blood_donations: blood.rows.value,
    pledge_signatures: pledges.rows.value,
    visits: visits.rows.value,
    visit_participants: visitParticipants.rows.value,
    campaigns: campaigns.rows.value,
    templates: templates.rows.value,
  }))
  const memberId = () => options.owner()?.id ?? ''
  const kind = ref<RecordKind | null>(null)
  const items = computed(() => historyOf(rows.value, memberId()))
  const months = computed(() => historyByMonth(items.value, kind.value))
  const partyMember = computed(() => isPartyMember(roster.rows.value.find((m) => m.id === memberId()) ?? {}))
  const rate = computed(() => attendanceRate(rows.value, memberId(), options.owner()?.branch_id ?? '', options.clock(), partyMember.value))
  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const totals = computed(() => totalsOf(rows.value, memberId(), year.value))

  /** The file of the member's own record (CSV, opens in Excel), named and headed in the app's language. */
  function exportFile(): { name: string; blob: Blob } {
    const { name, text } = words.csv(items.value, chinaDay(options.clock()))
    return { name, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) }
  }

  return { kind, items, months, rate, totals, year, problems, words, exportFile }
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
