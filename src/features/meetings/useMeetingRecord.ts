import { computed, ref, watch } from 'vue'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { RoleGrant } from '@/domain/profile'
import type { RowOf } from '@/domain/syncTables'
import { meetingQuorum, meetingRoll } from './meetingRoll'

/** The organisation's 主题党日 checklist when its row has none yet (the database's default). */
export const DEFAULT_THEME_DAY_CHECKLIST = ['有主题', '有计划', '有记录', '有影像', '有总结'] as const

export interface MeetingRecordOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'members' | 'resolutions' | 'orgs' | 'branches'>
  eventId: () => string
  /** The signed-in login's roles. */
  roles: () => readonly RoleGrant[]
}

/** Who writes a meeting's record: the organizers and secretary of its branch; admins for an organisation-wide event. */
export function canRecord(event: Pick<RowOf<'events'>, 'branch_id'>, roles: readonly RoleGrant[]): boolean {
  if (!event.branch_id) return roles.some((r) => r.role === 'admin')
  return roles.some((r) => (r.role === 'organizer' || r.role === 'secretary') && r.branch_id === event.branch_id)
}

/**
 * Everything a meeting's record shows, read live from the device: the event, its roster and
 * attendance (the roll and the quorum), resolutions, the organisation's checklist and the branch.
 */
export function useMeetingRecord(options: MeetingRecordOptions) {
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
  // Reads keyed by plain values, so an edit of the event (its minutes, a guest) does not restart them.
  const branchId = computed(() => event.value?.branch_id ?? null)
  const orgId = computed(() => event.value?.org_id ?? null)
  const found = computed(() => event.value !== null)
  const attendeeIds = computed(() => attendanceRead.rows.value.map((a) => a.member_id).sort().join(','))
  const memberRead = useLiveRows(() => {
    if (!found.value) return null
    const branch = branchId.value
    // An organisation-wide event: the attendees this device holds (it syncs its own branches only).
    const ids = attendeeIds.value ? attendeeIds.value.split(',') : []
    return branch ? () => repos.members.ofBranch(branch) : () => repos.members.where('id', ids)
  })
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

  const settled = computed(() => eventRead.ready.value && (!event.value || (memberRead.ready.value && attendanceRead.ready.value)))
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
