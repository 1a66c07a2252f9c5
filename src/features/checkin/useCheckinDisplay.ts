import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import {
  attendanceCounts,
  checkinOpen,
  checkinProblemCode,
  checkinToken,
  checkinWindow,
  msUntilNextWindow,
  newCheckinSecret,
  type CheckinToken,
} from '@/domain/checkin'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

export interface CheckinDisplayOptions {
  repositories: Pick<Repositories, 'events' | 'checkinSecrets' | 'attendance' | 'members'>
  clock: Clock
  eventId: () => string
  /** Branches where the user is organizer or secretary. */
  managedBranches: () => string[]
  /** How often the screen refreshes its clock (ms). */
  tickMs?: number
  random?: (bytes: Uint8Array<ArrayBuffer>) => void
}

/**
 * The organizer's check-in screen: makes the event's secret on this phone if it has none (it syncs
 * to the branch's other organizers), derives the token of the current 30-second window offline, and
 * counts attendance live.
 */
export function useCheckinDisplay(options: CheckinDisplayOptions) {
  const repos = options.repositories
  const now = ref(options.clock())
  const token = shallowRef<CheckinToken | null>(null)
  /** Why no code can be shown (no such event, not the user's branch, the secret could not be made). */
  const problem = shallowRef<CodedProblem | null>(null)
  const eventRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.events.byId(id)
  })
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const secretRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.checkinSecrets.ofEvent(id)
  })
  const attendanceRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.attendance.ofEvent(id)
  })
  const memberRead = useLiveRows(() => {
    const branch = event.value?.branch_id
    return branch ? () => repos.members.ofBranch(branch) : null
  })
  const problems = useDataProblems(eventRead, secretRead, attendanceRead, memberRead)
  const eventReady = eventRead.ready
  const secretReady = secretRead.ready

  const allowed = computed(() => {
    const branch = event.value?.branch_id
    return !!branch && options.managedBranches().includes(branch)
  })
  const secret = computed(() => secretRead.rows.value[0]?.secret ?? null)
  const open = computed(() => !!event.value && checkinOpen(event.value, now.value))
  const secondsLeft = computed(() => Math.ceil(msUntilNextWindow(now.value) / 1000))
  const counts = computed(() => {
    const active = memberRead.rows.value.filter((m) => m.status === 'active').length
    const expected = event.value?.expected_count || active
    return attendanceCounts(expected, attendanceRead.rows.value.map(({ member_id, status, leave_status }) => ({ member_id, status, leave_status })))
  })

  let creating = false
  watch([eventReady, secretReady, allowed, secret], async () => {
    if (!eventReady.value) return
    if (!event.value) return void (problem.value = checkinProblemCode('notFound'))
    if (!allowed.value) return void (problem.value = { code: 'checkin.displayNotAllowed' })
    problem.value = null
    if (!secretReady.value || secret.value || creating) return
    creating = true
    try {
      const id = options.eventId()
      await repos.checkinSecrets.put({
        id,
        event_id: id,
        org_id: event.value.org_id,
        branch_id: event.value.branch_id,
        secret: newCheckinSecret(options.random),
      })
    } catch (error) {
      problem.value = { code: 'checkin.secretFailed', params: { message: (error as Error).message } }
    } finally {
      creating = false
    }
  }, { immediate: true })

  async function refresh() {
    now.value = options.clock()
    const s = secret.value
    if (!s || !allowed.value) {
      token.value = null
      return
    }
    const w = checkinWindow(now.value)
    if (token.value?.window === w) return
    token.value = await checkinToken(s, options.eventId(), w)
  }
  watch(secret, () => {
    token.value = null
    void refresh()
  }, { immediate: true })
  watch(allowed, () => void refresh())
  const timer = setInterval(() => void refresh(), options.tickMs ?? 1000)
  onScopeDispose(() => clearInterval(timer))

  return { event, token, problem, problems, open, secondsLeft, counts, refresh }
}
