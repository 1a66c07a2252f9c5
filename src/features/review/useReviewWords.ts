import { useI18n } from 'vue-i18n'
import { figureUnit, type FigureKey } from '@/domain/review'

/** Words and numbers of the 统计 screens in the app's language. */
export function useReviewWords() {
  const { t, te, locale } = useI18n()
  const number = (n: number, digits = 0) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)
  /** A figure with its unit, or 暂无数据 for null (nothing to count), never 0. */
  const figure = (key: FigureKey, value: number | null) => {
    if (value === null) return t('review.figures.noData')
    const unit = figureUnit(key)
    const n = unit === 'fen' ? number(value / 100, value % 100 === 0 ? 0 : 2) : number(value)
    return t(`review.figures.units.${unit}`, { n })
  }
  const rate = (r: number | null) =>
    r === null ? t('review.noRate') : new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(r)
  const kind = (code: string) => (te(`activities.kinds.${code}`) ? t(`activities.kinds.${code}`) : t('review.kindOther'))
  const eventStatus = (code: string) => t(`review.eventStatus.${te(`review.eventStatus.${code}`) ? code : 'other'}`)
  const attendanceStatus = (code: string) => t(`review.attendanceStatus.${te(`review.attendanceStatus.${code}`) ? code : 'other'}`)
  return { figure, rate, kind, eventStatus, attendanceStatus, number }
}
