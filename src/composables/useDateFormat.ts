import { useI18n } from 'vue-i18n'

/** Members read dates and times in China time (UTC+8), whatever the phone's own time zone. */
const TIME_ZONE = 'Asia/Shanghai'
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/
const MONTH_ONLY = /^\d{4}-\d{2}$/

const STYLES = {
  /** 2026年3月10日 / Mar 10, 2026 */
  day: { dateStyle: 'medium' },
  /** 3月10日 15:05 / Mar 10, 3:05 PM */
  dayTime: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  /** 15:05 / 3:05 PM */
  time: { hour: 'numeric', minute: '2-digit' },
  /** 2026年3月10日 15:05 / Mar 10, 2026, 3:05 PM */
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  /** 2026年3月 / March 2026 */
  month: { year: 'numeric', month: 'long' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

export type DateStyle = keyof typeof STYLES

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale}|${style}`
  let found = formatters.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone: TIME_ZONE })
    formatters.set(key, found)
  }
  return found
}

/** A moment from an ISO date-time, or a calendar day / month as written ('2026-03-10', '2026-03'). */
function momentOf(at: string): number {
  if (DAY_ONLY.test(at)) return Date.parse(`${at}T12:00:00+08:00`)
  if (MONTH_ONLY.test(at)) return Date.parse(`${at}-15T12:00:00+08:00`)
  return Date.parse(at)
}

/**
 * Formats `at` in `locale` and China time; '' when it cannot be read (the caller shows its own word
 * for an unknown date). Plain function for code without a component (CSV export, tests).
 */
export function formatDate(locale: string, at: string | Date, style: DateStyle): string {
  const ms = typeof at === 'string' ? momentOf(at) : at.getTime()
  return Number.isNaN(ms) ? '' : formatter(locale, style).format(ms)
}

/** Dates and times in the app's current language: `format(at, 'day' | 'dayTime' | 'time' | 'dateTime' | 'month')`. */
export function useDateFormat() {
  const { locale } = useI18n()
  return (at: string | Date, style: DateStyle) => formatDate(locale.value, at, style)
}
