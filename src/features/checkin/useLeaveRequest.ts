import { computed, ref, watch } from 'vue'
import { LEAVE_MESSAGES, fieldErrors, leaveProblem, leaveRequestSchema } from '@/domain/memberRecords'
import { attendanceRowId } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import type { MemberDataSource } from '../records/useMemberData'
import { useLiveRows } from '../records/useMemberData'
import type { RecordOwner } from '../records/useOwnRecordForm'

export interface LeaveRequestOptions {
  source: MemberDataSource
  clock: Clock
  owner: () => RecordOwner | null
  eventId: () => string
}

/** 请假: a reason for an upcoming event, pending until the secretary decides; withdrawable until then. */
export function useLeaveRequest(options: LeaveRequestOptions) {
  const { source } = options
  const { rows: events, ready } = useLiveRows(source, () => ({ table: 'events', index: 'id', equals: options.eventId() }))
  const { rows: mine } = useLiveRows(source, () => {
    const owner = options.owner()
    return owner ? { table: 'attendance', index: 'member_id', equals: owner.id } : null
  })
  const event = computed(() => events.value[0] ?? null)
  const existing = computed(() => mine.value.find((a) => a.event_id === options.eventId()) ?? null)
  const reason = ref('')
  const error = ref('')
  const saving = ref(false)
  watch(existing, (row) => {
    if (row?.status === 'leave' && !reason.value) reason.value = String(row.leave_reason ?? '')
  }, { immediate: true })

  const state = computed(() => {
    const row = existing.value
    if (row?.status !== 'leave') return null
    return LEAVE_MESSAGES[(row.leave_status as 'pending' | 'approved' | 'rejected') ?? 'pending']
  })
  const decided = computed(() => existing.value?.status === 'leave' && existing.value.leave_status !== 'pending')
  const blocked = computed(() => {
    if (!ready.value) return null
    if (!event.value) return '找不到这个活动，请联网同步后再试'
    if (decided.value) return null
    const row = existing.value
    return leaveProblem({ starts_at: String(event.value.starts_at) }, options.clock(), row && row.status !== 'leave' ? { status: String(row.status) } : null)
  })

  async function submit(): Promise<boolean> {
    error.value = ''
    const owner = options.owner()
    if (!owner || !event.value) return false
    if (blocked.value || decided.value) {
      error.value = blocked.value ?? state.value ?? ''
      return false
    }
    const row = existing.value
    const parsed = leaveRequestSchema.safeParse({
      id: row?.id ?? attendanceRowId(event.value.id, owner.id),
      org_id: owner.org_id,
      branch_id: String(event.value.branch_id),
      member_id: owner.id,
      event_id: event.value.id,
      status: 'leave',
      leave_status: 'pending',
      leave_reason: reason.value,
    })
    if (!parsed.success) {
      error.value = Object.values(fieldErrors(parsed.error))[0] ?? '请假申请填写不完整'
      return false
    }
    saving.value = true
    try {
      await source.put('attendance', { ...parsed.data, method: null, checked_in_at: null, checkin_token: null })
      return true
    } finally {
      saving.value = false
    }
  }

  async function withdraw(): Promise<boolean> {
    const row = existing.value
    if (!row || row.status !== 'leave' || decided.value) return false
    await source.remove('attendance', row.id)
    reason.value = ''
    return true
  }

  return { event, existing, reason, error, saving, state, decided, blocked, submit, withdraw }
}
