import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'
import type { MarkStatus, RollEntry } from '@/domain/attendanceRoll'
import { useClock } from '@/composables/useClock'
import { showNotice } from '@/composables/useNotice'
import { useRepositories } from '@/composables/useRepositories'
import { useProblemMessage, type CodedProblem } from '@/i18n/codes'
import { useSessionStore } from '@/stores/session'
import { useAttendanceMarks } from './useAttendanceMarks'
import { useAttendancePoll } from './useAttendancePoll'
import { useAttendanceRoll } from './useAttendanceRoll'
import { useMemberCodeScan } from './useMemberCodeScan'

type Translate = ReturnType<typeof useI18n>['t']

/** Asks before refusing every 待核实 check-in at once (they become absent). */
async function confirmRefuseAll(count: number, t: Translate): Promise<boolean> {
  try {
    await showConfirmDialog({
      title: t('attendance.pending.refuseAll'),
      message: t('attendance.pending.refuseAllConfirm', { count }),
      confirmButtonText: t('attendance.pending.refuseAll'),
      cancelButtonText: t('attendance.pending.cancel'),
      confirmButtonColor: '#c8161d',
    })
    return true
  } catch {
    return false
  }
}

/**
 * The secretary's attendance screen: the live list of the event (kept current by a fast poll while
 * the screen is open), hand marks, decisions on 待核实 and the member-code scanner.
 */
export function useAttendanceScreen(options: { eventId: () => string }) {
  const { t } = useI18n()
  const problemMessage = useProblemMessage()
  const session = useSessionStore()
  const repositories = useRepositories()
  const clock = useClock()
  const me = () => session.member?.id ?? null
  const list = useAttendanceRoll({ repositories, eventId: options.eventId, grants: () => session.profile?.roles ?? [] })
  const event = () => list.event.value
  const marks = useAttendanceMarks({ repositories, clock, event, me, marks: list.canMark, decides: list.canDecide })
  const scan = useMemberCodeScan({ repositories, clock, event, entries: () => list.roll.value.entries, me, marks: list.canMark })
  useAttendancePoll()

  /** The member whose mark sheet is open (by id: the live list redraws entries). */
  const markingId = shallowRef<string | null>(null)
  const marking = computed(() => list.roll.value.entries.find((e) => e.memberId === markingId.value) ?? null)
  const scanning = shallowRef(false)
  const canScan = computed(() => list.roll.value.entries.some((e) => list.canMark(e)))
  /** Why the last decision could not be saved. */
  const decisionProblem = shallowRef<CodedProblem | null>(null)

  async function decide(entries: readonly RollEntry[], decision: 'verified' | 'refused') {
    if (decision === 'refused' && entries.length > 1 && !(await confirmRefuseAll(entries.length, t))) return
    decisionProblem.value = await marks.decide(entries, decision)
    if (!decisionProblem.value) showNotice(t(`attendance.pending.done.${decision}`, { count: entries.length }))
  }

  function saved(entry: RollEntry, status: MarkStatus) {
    markingId.value = null
    showNotice(t('attendance.mark.saved', { name: entry.name ?? t('attendance.unknownMember'), status: t(`attendance.mark.status.${status}`) }))
  }

  return {
    ...list,
    marks,
    scan,
    markingId,
    marking,
    scanning,
    canScan,
    decisionText: computed(() => (decisionProblem.value ? problemMessage(decisionProblem.value) : '')),
    decideAll: (decision: 'verified' | 'refused') => decide(list.decidable.value, decision),
    decideOne: (entry: RollEntry, decision: 'verified' | 'refused') => decide([entry], decision),
    saved,
  }
}
