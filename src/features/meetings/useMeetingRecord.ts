import { computed, ref, watch } from 'vue'
import { useEventRoster } from '@/composables/useEventRoster'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import { managesEvent } from '@/domain/events'
import type { RoleGrant } from '@/domain/profile'
import type { RowOf } from '@/domain/syncTables'
import { DEFAULT_THEME_DAY_CHECKLIST } from '@/i18n/storedWords'
import { meetingQuorum, meetingRoll } from './meetingRoll'

export interface MeetingRecordOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'members' | 'resolutions' | 'orgs' | 'branches'>
  eventId: () => string
  /** The signed-in login's roles. */
  roles: () => readonly RoleGrant[]
}

/** Who writes a meeting's record: those who manage the event (its branch's organizers and secretary; admins for an organisation-wide one). */
export const canRecord = (event: Pick<RowOf<'events'>, 'branch_id'>, roles: readonly RoleGrant[]): boolean => managesEvent(roles, event)

/**
 * Everything a meeting's record shows, read live from the device: the event, its roster and
 * attendance (the roll and the quorum), resolutions, the organisation's checklist and the branch.
 */
export function useMeetingRecord(options: MeetingRecordOptions) {
  const repos = options.repositories
  const { eventRead, attendanceRead, memberRead, event, ready: settled } = useEventRoster(options)
  // Reads keyed by plain values, so an edit of the event (its minutes, a guest) does not restart them.
  const branchId = computed(() => event.value?.branch_id ?? null)
  const orgId = computed(() => event.value?.org_id ?? null)
  const resolutionRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.resolutions.ofEvent(id)
  })
  const orgRead = useLiveRows(() => {
    const org = orgId.value
    return org ? () => repos.orgs.byId(org) : null
  })
  const branchRead = useLiveRows(() => {
    const branch = branchId.value
    return branch ? () => repos.branches.byId(branch) : null
  })
  const problems = useDataProblems(eventRead, attendanceRead, memberRead, resolutionRead, orgRead, branchRead)

  // Once shown, the record stays on screen while a read refreshes (a form's draft is never dropped).
  const ready = ref(false)
  watch(settled, (now) => void (now && (ready.value = true)), { immediate: true })
  watch(options.eventId, () => void (ready.value = settled.value))
  const missing = computed(() => eventRead.ready.value && !event.value && eventRead.invalid.value.length === 0)
  const canWrite = computed(() => !!event.value && canRecord(event.value, options.roles()))
  const roll = computed(() => (event.value ? meetingRoll(event.value, memberRead.rows.value, attendanceRead.rows.value) : null))
  const quorum = computed(() => (event.value ? meetingQuorum(event.value, memberRead.rows.value, attendanceRead.rows.value) : null))
  const checklist = computed<readonly string[]>(() => {
    const items = orgRead.rows.value[0]?.theme_day_checklist
    return items && items.length > 0 ? items : DEFAULT_THEME_DAY_CHECKLIST
  })
  const orgName = computed(() => orgRead.rows.value[0]?.name ?? '')
  const branchName = computed(() => branchRead.rows.value[0]?.name ?? '')

  return {
    event,
    members: memberRead.rows,
    resolutions: resolutionRead.rows,
    roll,
    quorum,
    checklist,
    orgName,
    branchName,
    canWrite,
    ready,
    missing,
    problems,
  }
}

export type MeetingRecord = ReturnType<typeof useMeetingRecord>
