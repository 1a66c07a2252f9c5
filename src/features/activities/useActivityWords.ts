import { useI18n } from 'vue-i18n'
import { chinaDay } from '@/domain/chinaTime'
import type { EventErrorCode, MyEventStatus } from '@/domain/events'
import type { EventRow } from '@/domain/rows'
import { useDateFormat } from '@/composables/useDateFormat'
import type { ErrorCode } from '@/i18n/codes'

/** Typecheck fails here when an event code has no message at `errors.<code>`. */
type Assert<T extends true> = T
export type EveryEventCodeHasAMessage = Assert<EventErrorCode extends ErrorCode ? true : false>

/** How a status tag looks (Vant Tag types). */
export const STATUS_TAG: Record<MyEventStatus, 'success' | 'warning' | 'primary' | 'danger' | 'default'> = {
  present: 'success',
  late: 'warning',
  pending: 'primary',
  leavePending: 'default',
  leaveApproved: 'default',
  leaveRejected: 'danger',
  absent: 'danger',
  notCheckedIn: 'default',
  notExpected: 'default',
}

/** Words of the 活动 screens for events: kind, time span, who is expected. */
export function useActivityWords() {
  const { t } = useI18n()
  const format = useDateFormat()
  const kind = (k: string) => t(`activities.kinds.${k}`)
  /** 3月10日 15:00 – 16:30; the end's day is written when it is another day. */
  const timeSpan = (event: Pick<EventRow, 'starts_at' | 'ends_at'>) => {
    const start = format(event.starts_at, 'dayTime')
    if (!event.ends_at) return start
    const sameDay = chinaDay(new Date(event.starts_at)) === chinaDay(new Date(event.ends_at))
    return t('activities.timeSpan', { start, end: format(event.ends_at, sameDay ? 'time' : 'dayTime') })
  }
  const audience = (event: Pick<EventRow, 'audience' | 'branch_id'>, groupName?: string | null) => {
    if (event.branch_id == null) return t(event.audience === 'committee' ? 'activities.audience.orgCommittee' : 'activities.audience.org')
    if (event.audience === 'group' && groupName) return groupName
    return t(`activities.audience.${event.audience ?? 'branch'}`)
  }
  return { t, format, kind, timeSpan, audience }
}
