import { useI18n } from 'vue-i18n'
import type { RollEntry } from '@/domain/attendanceRoll'
import { useDateFormat } from '@/composables/useDateFormat'

/** What the list says under a member's name: when and how he checked in, the reasons, and flags. */
export function useRollEntryWords() {
  const { t } = useI18n()
  const format = useDateFormat()

  function details(entry: RollEntry): string[] {
    const row = entry.row
    const out: string[] = []
    if (row?.checked_in_at && (row.status === 'present' || row.status === 'late')) {
      out.push(t('attendance.detail.checkedIn', { time: format(row.checked_in_at, 'time'), method: t(`attendance.method.${row.method ?? 'manual'}`) }))
    }
    if (row?.status === 'leave' && row.leave_reason) out.push(t('attendance.detail.leaveReason', { reason: row.leave_reason }))
    if (row?.mark_reason) out.push(t('attendance.detail.markReason', { reason: row.mark_reason }))
    return out
  }

  /** notExpected: on the list only for his row; selfMarked: a committee member marked himself; unsent: a token check-in the server has not answered. */
  function flags(entry: RollEntry): ('notExpected' | 'selfMarked' | 'unsent')[] {
    const row = entry.row
    const out: ('notExpected' | 'selfMarked' | 'unsent')[] = []
    if (!entry.expected) out.push('notExpected')
    if (row?.self_marked) out.push('selfMarked')
    if (row && (row.status === 'present' || row.status === 'late') && row.method !== 'manual' && !row.verification) out.push('unsent')
    return out
  }

  return { details, flags }
}
