import { computed } from 'vue'
import type { Repositories } from '@/data/repositories'
import { useLiveRows } from './useLiveQuery'

export interface EventRosterOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'members' | 'branches'>
  eventId: () => string
}

/**
 * One event, read live from the device with its attendance rows and the roster its expected
 * members come from: the event's branch, or for an organisation-wide event every branch of the
 * organisation this device holds. The 签到名单 and the meeting record build their lists from it.
 * The roster read is keyed by plain values, so an edit of the event (its minutes, a guest) does
 * not restart it.
 */
export function useEventRoster(options: EventRosterOptions) {
  const repos = options.repositories
  const eventRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.events.byId(id)
  })
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const attendanceRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.attendance.ofEvent(id)
  })
  const rosterKey = computed(() => (event.value ? `${event.value.branch_id ?? ''}|${event.value.org_id}` : null))
  const memberRead = useLiveRows(() => {
    if (!rosterKey.value) return null
    const [branch, org] = rosterKey.value.split('|') as [string, string]
    if (branch) return () => repos.members.ofBranch(branch)
    return async () => {
      const branches = await repos.branches.ofOrg(org)
      return repos.members.where('branch_id', branches.rows.map((b) => b.id))
    }
  })
  /** The event, its attendance and (once the event is found) its roster are read. */
  const ready = computed(() => eventRead.ready.value && attendanceRead.ready.value && (!event.value || memberRead.ready.value))

  return { eventRead, attendanceRead, memberRead, event, ready }
}
