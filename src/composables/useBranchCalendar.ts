import { computed, type Ref } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { OBLIGATIONS, complianceCalendar, dueThisMonth, type ObligationCode, type ObligationPeriod } from '@/domain/complianceCalendar'
import { hasMeetingRecord } from '@/domain/meetingRecord'
import type { EventRow } from '@/domain/rows'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { BranchScope } from './useBranchScope'

export interface BranchCalendarOptions {
  repositories: Pick<Repositories, 'events' | 'partyGroups'>
  clock: Clock
  scope: () => BranchScope | null
  /** The year shown (China time); this period's obligations are always the current year's. */
  year?: Ref<number>
}

/** One line of the calendar: an obligation (per party group for 党小组会) and its periods. */
export interface CalendarLine {
  key: string
  obligation: ObligationCode
  /** The party group's name for 党小组会 ('' when it has none), else null. */
  group: string | null
  periods: ObligationPeriod[]
  done: number
  missed: number
}

/** The year of a moment in China time. */
export const chinaYear = (at: Date) => Number(chinaDay(at).slice(0, 4))

/**
 * The branch's compliance calendar (src/domain/complianceCalendar.ts) from the events on this
 * phone: each obligation × period done / due / missed, and what is due now (this month's, this
 * quarter's and this year's obligations not yet done, soonest deadline first).
 */
export function useBranchCalendar(options: BranchCalendarOptions) {
  const repos = options.repositories
  const byScope = <T>(read: (scope: BranchScope) => Promise<T>) => () => {
    const scope = options.scope()
    return scope ? () => read(scope) : null
  }
  const eventsRead = useLiveRows(byScope((s) => repos.events.ofBranch(s.branchId)))
  const groupsRead = useLiveRows(byScope((s) => repos.partyGroups.ofBranch(s.branchId)))
  const problems = useDataProblems(eventsRead, groupsRead)
  const ready = computed(() => eventsRead.ready.value && groupsRead.ready.value)

  const calendarOf = (year: number) => {
    const scope = options.scope()
    if (!scope) return null
    return complianceCalendar({
      branchId: scope.branchId,
      year,
      now: options.clock(),
      // The row type allows a missing branch_id; the rule wants it spelled out (these rows all have the branch's).
      events: eventsRead.rows.value.map((e) => ({ ...e, branch_id: e.branch_id ?? null })),
      groups: groupsRead.rows.value,
      hasRecord: hasMeetingRecord,
    })
  }
  const year = computed(() => options.year?.value ?? chinaYear(options.clock()))
  const calendar = computed(() => calendarOf(year.value))
  const due = computed(() => {
    const now = options.clock()
    const current = year.value === chinaYear(now) ? calendar.value : calendarOf(chinaYear(now))
    return current ? dueThisMonth(current, now) : []
  })

  const groupName = (id: string | undefined) => groupsRead.rows.value.find((g) => g.id === id)?.name ?? ''
  const lines = computed<CalendarLine[]>(() => {
    const cal = calendar.value
    if (!cal) return []
    const out: CalendarLine[] = []
    for (const { code, perGroup } of OBLIGATIONS) {
      const mine = cal.periods.filter((p) => p.obligation === code)
      const owners = perGroup ? [...new Set(mine.map((p) => p.group_id))] : [undefined]
      for (const group of owners) {
        const periods = mine.filter((p) => p.group_id === group)
        out.push({
          key: `${code}:${group ?? ''}`,
          obligation: code,
          group: perGroup ? groupName(group) : null,
          periods,
          done: periods.filter((p) => p.status === 'done').length,
          missed: periods.filter((p) => p.status === 'missed').length,
        })
      }
    }
    return out
  })

  const eventById = (id: string): EventRow | null => eventsRead.rows.value.find((e) => e.id === id) ?? null

  return { year, calendar, lines, due, groupName, eventById, ready, problems }
}
