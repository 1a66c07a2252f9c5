import { computed } from 'vue'
import { leaveProblem, leaveRequestSchema } from '@/domain/memberRecords'
import type { AttendanceRow } from '@/domain/rows'
import { attendanceRowId } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRecordForm, type RecordOwner } from '@/composables/useRecordForm'
import { refusedChangeStore } from '@/composables/refusedChangeStore'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

export interface LeaveRequestOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'changes'>
  clock: Clock
  owner: () => RecordOwner | null
  eventId: () => string
  /** The refused leave request this form corrects (需处理 → 修改), or null. */
  rejectedId?: () => number | null
}

/** 请假: a reason for an upcoming event, pending until the secretary decides; withdrawable until then. */
export function useLeaveRequest(options: LeaveRequestOptions) {
  const repos = options.repositories
  const eventRead = useLiveRows(() => {
    const id = options.eventId()
    return () => repos.events.byId(id)
  })
  const mineRead = useLiveRows(() => {
    const member = options.owner()?.id
    return member ? () => repos.attendance.ofMember(member) : null
  })
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const current = computed(() => mineRead.rows.value.find((a) => a.event_id === options.eventId()) ?? null)

  /** Where the request stands, as a catalogue key (`leave.state.<status>`), or null without one. */
  const state = computed(() => {
    const row = current.value
    if (row?.status !== 'leave') return null
    return `leave.state.${row.leave_status ?? 'pending'}` as const
  })
  const decided = computed(() => current.value?.status === 'leave' && current.value.leave_status !== 'pending')
  /** Why no request can be made for this event (a refusal worded as `errors.<code>`), or null. */
  const blocked = computed<CodedProblem | null>(() => {
    if (!eventRead.ready.value) return null
    if (!event.value) return { code: 'leave.eventNotFound' }
    if (decided.value) return null
    const row = current.value
    const code = leaveProblem(event.value, options.clock(), row && row.status !== 'leave' ? row : null)
    return code ? { code } : null
  })

  // The attendance row of this event and member (one id on every device), as a leave request.
  const form = useRecordForm<{ leave_reason: string }, AttendanceRow>({
    store: refusedChangeStore(repos.attendance, repos.changes, options.rejectedId?.() ?? null),
    schema: () => leaveRequestSchema,
    clock: options.clock,
    context: () => {
      const owner = options.owner()
      return owner ? { org_id: owner.org_id, branch_id: event.value?.branch_id ?? owner.branch_id, member_id: owner.id } : null
    },
    newId: (context) => attendanceRowId(options.eventId(), context.member_id!),
    permission: () => blocked.value ?? (decided.value ? { code: 'leave.decided' } : null),
    // A refused request that was new is no longer on the device: its row id is still this event's and member's.
    id: () => current.value?.id ?? (options.rejectedId?.() && options.owner() ? attendanceRowId(options.eventId(), options.owner()!.id) : null),
    empty: () => ({ leave_reason: '' }),
    fromRow: (row) => ({ leave_reason: row.status === 'leave' ? (row.leave_reason ?? '') : '' }),
    toColumns: (f) => ({ columns: { event_id: options.eventId(), status: 'leave', leave_status: 'pending', leave_reason: f.leave_reason }, errors: {} }),
    complete: (row) => ({ ...row, method: null, checked_in_at: null, checkin_token: null }),
  })

  const reason = computed({ get: () => form.fields.leave_reason, set: (v: string) => void (form.fields.leave_reason = v) })
  const error = computed(() => form.formError.value || Object.values(form.errors.value)[0] || '')
  const problems = useDataProblems(eventRead, mineRead, { invalid: form.invalid, error: form.readError })

  async function withdraw(): Promise<boolean> {
    const row = current.value
    if (!row || row.status !== 'leave' || decided.value) return false
    if (!(await form.remove())) return false
    form.fields.leave_reason = ''
    return true
  }

  return { event, existing: current, reason, error, saving: form.saving, state, decided, blocked, problems, submit: form.save, withdraw }
}
