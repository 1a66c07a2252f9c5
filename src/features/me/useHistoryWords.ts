import { useI18n } from 'vue-i18n'
import { fenToYuan } from '@/domain/money'
import { dayOf, toCsv, type HistoryItem } from '@/domain/myRecord'
import { formatDate } from '@/composables/useDateFormat'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * The words of 我的记录's items in a language: kind, title, detail, date, month. Names the member
 * or the branch wrote (topics, event titles, places, notes) are shown as stored.
 */
export function historyWords(t: Translate, te: (key: string) => boolean, locale: () => string) {
  /** A code's words when the catalogue has them; a value it does not know is shown as stored. */
  const known = (key: string, value: string) => (value && te(`${key}.${value}`) ? t(`${key}.${value}`) : value)

  function title(item: HistoryItem): string {
    switch (item.kind) {
      case 'attendance':
      case 'leave':
        return item.name || t('myRecord.title.event')
      case 'study':
        return item.name
      case 'donation':
        return item.name || t('myRecord.title.donation')
      case 'blood':
        return item.name || t('myRecord.title.blood')
      case 'visit': {
        const kind = known('myRecord.visitKinds', item.visitKind) || t('myRecord.title.visit')
        return item.name ? t('myRecord.title.withPlace', { kind, place: item.name }) : kind
      }
      case 'pledge':
        return item.name || t('myRecord.title.pledge')
    }
  }

  function detail(item: HistoryItem): string {
    switch (item.kind) {
      case 'attendance':
        return known('myRecord.attendance', item.status)
      case 'leave':
        return t('myRecord.leave.line', { status: known('myRecord.leave.status', item.leaveStatus) })
      case 'study':
        return item.source ? t('myRecord.detail.studyFrom', { minutes: item.minutes, source: item.source }) : t('myRecord.detail.study', { minutes: item.minutes })
      case 'donation':
        return t('myRecord.detail.donation', { amount: fenToYuan(item.fen) })
      case 'blood':
        return t('myRecord.detail.blood', { ml: item.ml })
      case 'visit':
        return item.note || t('myRecord.detail.visit')
      case 'pledge':
        return t('myRecord.detail.pledge')
    }
  }

  const kind = (item: Pick<HistoryItem, 'kind'>) => t(`myRecord.kinds.${item.kind}`)
  /** The day the record is dated, e.g. 2026年3月2日 / Mar 2, 2026. */
  const day = (item: HistoryItem) => formatDate(locale(), dayOf(item.at), 'day') || t('myRecord.unknownDate')
  /** A month group's heading from 'YYYY-MM', e.g. 2026年3月 / March 2026. */
  const month = (m: string) => (m ? formatDate(locale(), m, 'month') : '') || t('myRecord.unknownDate')
  const status = (item: HistoryItem) => t(item.pending ? 'myRecord.pending' : 'myRecord.synced')

  /** The member's record as a CSV file (dates as YYYY-MM-DD, which every spreadsheet reads). */
  function csv(items: readonly HistoryItem[], today: string): { name: string; text: string } {
    const header = ['date', 'kind', 'item', 'detail', 'status'].map((c) => t(`myRecord.csv.${c}`))
    const lines = items.map((item) => [dayOf(item.at), kind(item), title(item), detail(item), status(item)])
    return { name: t('myRecord.csv.fileName', { date: today }), text: toCsv([header, ...lines]) }
  }

  return { title, detail, kind, day, month, status, csv }
}

/** historyWords in the app's current language (read at each call, so a render follows a switch). */
export function useHistoryWords() {
  const { t, te, locale } = useI18n()
  return historyWords(t, te, () => locale.value)
}
