import { computed, shallowRef } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { attendanceRate, totalsOf, type MyRows } from '@/domain/myRecord'
import type { MemberStatus, RosterPerson } from '@/domain/roster'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { TransferProblem } from '@/data/repositories/roster'
import { useRoster } from './useRoster'

/**
 * One person's page: who they are, their year at a glance from what this device holds (branch
 * life attended, study, donations, blood, pledges), and the committee's actions: a status change
 * (退休, 去世, 离开, back to 正常) and a transfer to another branch (the server's transfer_member).
 */
export function useRosterMember(options: { repositories: Repositories; clock: Clock; branchId: () => string | null; memberId: () => string }) {
  const repos = options.repositories
  const roster = useRoster({ repositories: repos, branchId: options.branchId })
  const person = computed<RosterPerson | null>(() => roster.people.value.find((p) => p.id === options.memberId()) ?? null)
  const read = <T>(query: (branchId: string) => Promise<import('@/data/repositories').Checked<T>>) =>
    useLiveRows<T>(() => {
      const b = options.branchId()
      return b ? () => query(b) : null
    })
  const events = read((b) => repos.events.ofBranch(b))
  const attendance = read((b) => repos.attendance.ofBranch(b))
  const study = read((b) => repos.studyLogs.ofBranch(b))
  const donations = read((b) => repos.donations.ofBranch(b))
  const blood = read((b) => repos.bloodDonations.ofBranch(b))
  const pledges = read((b) => repos.pledgeSignatures.ofBranch(b))
  const orgBranches = useLiveRows(() => (roster.orgId.value ? () => repos.branches.ofOrg(roster.orgId.value!) : null))
  const problems = useDataProblems(events, attendance, study, donations, blood, pledges)

  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const glance = computed(() => {
    const p = person.value
    if (!p) return null
    const yearEvents = events.rows.value.filter((e) => chinaDay(new Date(String(e.starts_at))).startsWith(String(year.value)))
    const rows: MyRows = {
      events: yearEvents, attendance: attendance.rows.value, study_logs: study.rows.value,
      donations: donations.rows.value, blood_donations: blood.rows.value, pledge_signatures: pledges.rows.value,
    }
    return { rate: attendanceRate(rows, p.id, p.branch_id, options.clock()), totals: totalsOf(rows, p.id, year.value) }
  })

  // A deactivated branch takes nobody in (transfer_member refuses it): it is not offered.
  const otherBranches = computed(() => orgBranches.rows.value.filter((b) => b.id !== options.branchId() && b.active !== false))
  const busy = shallowRef(false)
  const statusFailed = shallowRef(false)
  const transferProblem = shallowRef<TransferProblem | null>(null)

  async function setStatus(status: MemberStatus): Promise<boolean> {
    const p = person.value
    if (!p) return false
    busy.value = true
    statusFailed.value = false
    try {
      await repos.roster.save({ member: { id: p.id, org_id: p.org_id, branch_id: p.branch_id, status }, details: null })
      return true
    } catch (e) {
      console.warn('roster status change failed', e)
      statusFailed.value = true
      return false
    } finally {
      busy.value = false
    }
  }

  async function transfer(toBranchId: string): Promise<boolean> {
    const p = person.value
    if (!p) return false
    busy.value = true
    transferProblem.value = null
    try {
      const result = await repos.roster.transfer(p.id, toBranchId)
      if (!result.ok) transferProblem.value = result.problem
      return result.ok
    } finally {
      busy.value = false
    }
  }

  return {
    ...roster, person, glance, year, otherBranches, busy, statusFailed, transferProblem, setStatus, transfer,
    problems: computed(() => ({ error: roster.problems.value.error ?? problems.value.error, invalid: [...roster.problems.value.invalid, ...problems.value.invalid] })),
    ready: computed(() => roster.ready.value && [events, attendance, study, donations, blood, pledges].every((r) => r.ready.value)),
  }
}
