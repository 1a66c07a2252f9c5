import { useI18n } from 'vue-i18n'
import { chinaDay } from '@/domain/chinaTime'
import type { CalendarPeriod, ObligationCode, ObligationPeriod } from '@/domain/complianceCalendar'
import { eventRow } from '@/domain/rows'
import { useDateFormat } from '@/composables/useDateFormat'

/** Whether an obligation is an event kind that can be planned in 活动. */
export const isEventKind = (code: string) => eventRow.shape.kind.safeParse(code).success

/** Words of the compliance calendar: a period ("2026年3月"), an obligation with its group, a deadline. */
export function useComplianceWords() {
  const { t } = useI18n()
  const format = useDateFormat()
  const period = (p: CalendarPeriod) => {
    const year = p.kind === 'year' ? p.index : Number(chinaDay(new Date(p.starts)).slice(0, 4))
    return t(`compliance.period.${p.kind}`, { year, index: p.index })
  }
  const obligation = (code: ObligationCode, group: string | null) => {
    const name = t(`compliance.obligations.${code}`)
    return group === null ? name : t('branch.calendar.groupRow', { obligation: name, group: group || t('branch.calendar.unnamedGroup') })
  }
  /** The last day of a period (its end is exclusive), e.g. "3月31日前". */
  const deadline = (p: ObligationPeriod) => t('branch.due.deadline', { date: format(new Date(Date.parse(p.period.ends) - 1), 'day') })
  return { period, obligation, deadline }
}
