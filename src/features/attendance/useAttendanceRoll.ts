import { computed, shallowRef } from 'vue'
import {
  attendanceRoll,
  decidesAttendance,
  marksAttendance,
  seesAttendance,
  type RollEntry,
  type RollGrant,
  type RollStatus,
} from '@/domain/attendanceRoll'
import { useEventRoster } from '@/composables/useEventRoster'
import { useDataProblems } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'

export interface AttendanceRollOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'members' | 'branches'>
  eventId: () => string
  /** The login's roles and where it holds them. */
  grants: () => readonly RollGrant[]
}

/**
 * The live attendance list of one event on this device: the event, who is expected and each one's
 * status with exact counts, kept current as rows arrive (a pull writing a check-in redraws it), and
 * what the user may do on each row.
 */
export function useAttendanceRoll(options: AttendanceRollOptions) {
  const { eventRead, attendanceRead, memberRead, event, ready } = useEventRoster(options)
  const problems = useDataProblems(eventRead, attendanceRead, memberRead)

  const roll = computed(() => {
    const e = event.value
    if (!e) return { entries: [] as RollEntry[], counts: null }
    return attendanceRoll({ event: e, members: memberRead.rows.value, attendance: attendanceRead.rows.value })
  })
  /** The status shown (a tap on a count), or null for everyone. */
  const filter = shallowRef<RollStatus | null>(null)
  const shown = computed(() => (filter.value ? roll.value.entries.filter((e) => e.status === filter.value) : roll.value.entries))

  const allowed = computed(() => !!event.value && seesAttendance(options.grants(), event.value))
  const canMark = (entry: Pick<RollEntry, 'branchId'>) => !!event.value && marksAttendance(options.grants(), event.value, entry.branchId)
  const canDecide = (entry: Pick<RollEntry, 'branchId'>) => !!event.value && decidesAttendance(options.grants(), event.value, entry.branchId)
  /** 待核实 check-ins this user may confirm or refuse. */
  const decidable = computed(() => roll.value.entries.filter((e) => e.status === 'pending' && canDecide(e)))

  return { event, ready, problems, roll, filter, shown, allowed, canMark, canDecide, decidable }
}
