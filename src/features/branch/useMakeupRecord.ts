import { computed, shallowRef, watch } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { checkMakeup, makeupState, type MakeupInput, type MakeupProblem } from '@/domain/makeup'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { BranchScope } from '@/composables/useBranchScope'
import type { BranchProblem } from './useLeaveDecision'

export interface MakeupRecordOptions {
  repositories: Pick<Repositories, 'attendance' | 'events' | 'members' | 'makeup'>
  clock: Clock
  scope: () => BranchScope | null
  attendanceId: () => string
}

/**
 * 登记补课: how (reading the minutes, a make-up session, another way) and when a member made up a
 * meeting, recorded by the branch's committee; the secretary confirms it on the list afterwards.
 */
export function useMakeupRecord(options: MakeupRecordOptions) {
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
  const memberRead = useLiveRows(() => {
    const id = row.value?.member_id
    return id ? () => repos.members.byId(id) : null
  })
  const event = computed(() => eventRead.rows.value[0] ?? null)
  const memberName = computed(() => memberRead.rows.value[0]?.name ?? null)
  const ready = computed(() => rowRead.ready.value && eventRead.ready.value && memberRead.ready.value)
  const problems = useDataProblems(rowRead, eventRead, memberRead)
  const state = computed(() => (row.value ? makeupState(row.value, event.value, options.clock()) : null))

  /** Why this person cannot record the make-up here (`branch.makeupForm.<code>`), or null. */
  const blocked = computed<BranchProblem | null>(() => {
    if (!ready.value) return null
    const scope = options.scope()
    if (!row.value) return { code: 'notFound' }
    if (!scope?.isCommittee || scope.branchId !== row.value.branch_id) return { code: 'notCommittee' }
    if (!state.value) return { code: 'notOwed' }
    if (state.value === 'confirmed' && !scope.isSecretary) return { code: 'confirmedLocked' }
    return null
  })

  const fields = shallowRef<MakeupInput>({ method: '', day: chinaDay(options.clock()), note: '' })
  let filled = false
  watch(row, (r) => {
    if (!r || filled) return
    filled = true
    if (r.makeup_method) fields.value = { method: r.makeup_method, day: r.makeup_done_at ? chinaDay(new Date(r.makeup_done_at)) : fields.value.day, note: r.makeup_note ?? '' }
  }, { immediate: true })
  const set = (field: keyof MakeupInput, value: string) => void (fields.value = { ...fields.value, [field]: value })

  const fieldProblems = shallowRef<Partial<Record<keyof MakeupInput, MakeupProblem>>>({})
  const saveError = shallowRef<string | null>(null)
  const saving = shallowRef(false)

  /** Stores the make-up on the device (synced later); false when refused or failed. */
  async function save(): Promise<boolean> {
    saveError.value = null
    const r = row.value
    if (!r || blocked.value) return false
    const checked = checkMakeup(fields.value, { now: options.clock(), event: event.value })
    fieldProblems.value = checked.ok ? {} : checked.problems
    if (!checked.ok) return false
    saving.value = true
    try {
      await repos.makeup.record(r, checked.value)
      return true
    } catch (e) {
      saveError.value = e instanceof Error ? e.message : String(e)
      return false
    } finally {
      saving.value = false
    }
  }

  return { row, event, memberName, state, blocked, fields, set, fieldProblems, saveError, saving, ready, problems, save }
}
