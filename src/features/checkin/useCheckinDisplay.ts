import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import {
  attendanceCounts,
  checkinOpen,
  checkinToken,
  checkinWindow,
  msUntilNextWindow,
  newCheckinSecret,
  type CheckinToken,
} from '@/domain/checkin'
import type { Clock } from '@/composables/useClock'
import type { MemberDataSource } from '../records/useMemberData'
import { useLiveRows } from '../records/useMemberData'

export const DISPLAY_MESSAGES = {
  noEvent: '找不到这个活动，请联网同步后再试',
  notAllowed: '只有本支部的组织委员或支部书记可以打开签到屏幕',
  closed: '当前不在签到时间内（活动开始前2小时至活动结束）',
  secretFailed: '无法生成签到密钥',
} as const

export interface CheckinDisplayOptions {
  source: MemberDataSource
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
  const { source } = options
  const now = ref(options.clock())
  const token = shallowRef<CheckinToken | null>(null)
  const problem = ref('')
  const { rows: events, ready: eventReady } = useLiveRows(source, () => ({ table: 'events', index: 'id', equals: options.eventId() }))
  const event = computed(() => events.value[0] ?? null)
  const { rows: secrets, ready: secretReady } = useLiveRows(source, () => ({ table: 'event_checkin_secrets', index: 'id', equals: options.eventId() }))
  const { rows: attendance } = useLiveRows(source, () => ({ table: 'attendance', index: 'event_id', equals: options.eventId() }))
  const { rows: members } = useLiveRows(source, () => (event.value ? { table: 'members', index: 'branch_id', equals: String(event.value.branch_id) } : null))

  const allowed = computed(() => !!event.value && options.managedBranches().includes(String(event.value.branch_id)))
  const secret = computed(() => (secrets.value[0]?.secret as string | undefined) ?? null)
  const open = computed(() => !!event.value && checkinOpen({ starts_at: String(event.value.starts_at), ends_at: event.value.ends_at as string | null }, now.value))
  const secondsLeft = computed(() => Math.ceil(msUntilNextWindow(now.value) / 1000))
  const counts = computed(() => {
    const active = members.value.filter((m) => m.status === 'active').length
    const expected = Number(event.value?.expected_count ?? 0) || active
    return attendanceCounts(expected, attendance.value as never)
  })

  let creating = false
  watch([eventReady, secretReady, allowed, secret], async () => {
    if (!eventReady.value) return
    if (!event.value) return void (problem.value = DISPLAY_MESSAGES.noEvent)
    if (!allowed.value) return void (problem.value = DISPLAY_MESSAGES.notAllowed)
    problem.value = ''
    if (!secretReady.value || secret.value || creating) return
    creating = true
    try {
      const id = options.eventId()
      await source.put('event_checkin_secrets', {
        id,
        event_id: id,
        org_id: event.value.org_id,
        branch_id: event.value.branch_id,
        secret: newCheckinSecret(options.random),
      })
    } catch (error) {
      problem.value = `${DISPLAY_MESSAGES.secretFailed}：${(error as Error).message}`
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

  return { event, token, problem, open, secondsLeft, counts, refresh }
}
