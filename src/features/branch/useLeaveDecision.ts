import { computed, shallowRef } from 'vue'
import { checkDecisionNote, leaveDeciderProblem, type LeaveDecision } from '@/domain/leaveDecision'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { BranchScope } from '@/composables/useBranchScope'

export interface LeaveDecisionOptions {
  repositories: Pick<Repositories, 'attendance' | 'events' | 'members' | 'leave'>
  clock: Clock
  scope: () => BranchScope | null
  attendanceId: () => string
}

/** A refusal worded as `branch.problems.<code>`. */
export interface BranchProblem {
  code: string
  params?: Record<string, string | number>
}

/**
 * One leave request (请假) for the secretary: the request, its event and reason, and his decision
 * with a note (a refusal needs one). The organizer sees it and why he cannot decide.
 */
export function useLeaveDecision(options: LeaveDecisionOptions) {
  const repos = options.repositories
  const rowRead = useLiveRows(() => {
    const id = options.attendanceId()
    return () => repos.attendance.byId(id)
  })
  const row = computed(() => rowRead.rows.value[0] ?? null)
  const eventRead = useLiveRows(() => {
    const id = row.value?.event_id
    return id ? () => repos.events.byId(id) : null
  })
  const membersRead = useLiveRows(() => {
    const branch = row.value?.branch_id
    return branch ? () => repos.members.ofBranch(branch) : null
  })
  const problems = useDataProblems(rowRead, eventRead, membersRead)
  const ready = computed(() => rowRead.ready.value && eventRead.ready.value && membersRead.ready.value)
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const member = computed(() => membersRead.rows.value.find((m) => m.id === row.value?.member_id) ?? null)
  const decidedBy = computed(() => {
    const user = row.value?.decided_by
    return user ? (membersRead.rows.value.find((m) => m.user_id === user)?.name ?? null) : null
  })

  /** Why the request cannot be shown or decided here, or null. */
  const blocked = computed<BranchProblem | null>(() => {
    if (!ready.value) return null
    const r = row.value
    if (!r) return { code: 'notFound' }
    if (r.status !== 'leave') return { code: 'notLeave' }
    if (r.leave_status === 'withdrawn') return { code: 'withdrawn' }
    const scope = options.scope()
    const who = leaveDeciderProblem({ row: r, event: event.value, grants: scope?.grants ?? [], memberId: scope?.memberId ?? null })
    return who ? { code: who } : null
  })

  const note = shallowRef('')
  const noteProblem = shallowRef<BranchProblem | null>(null)
  const saveError = shallowRef<string | null>(null)
  const saving = shallowRef(false)

  /** Records the decision on the device (synced later); false when it was refused or failed. */
  async function decide(decision: LeaveDecision): Promise<boolean> {
    const r = row.value
    noteProblem.value = null
    saveError.value = null
    if (!r || blocked.value) return false
    const checked = checkDecisionNote(decision, note.value)
    if (!checked.ok) {
      noteProblem.value = checked.problem
      return false
    }
    saving.value = true
    try {
      await repos.leave.decide(r, decision, checked.note)
      return true
    } catch (e) {
      saveError.value = e instanceof Error ? e.message : String(e)
      return false
    } finally {
      saving.value = false
    }
  }

  return { row, event, member, decidedBy, blocked, note, noteProblem, saveError, saving, ready, problems, decide }
}
