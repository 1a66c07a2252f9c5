import { createAppI18n as createWith, type Locale } from '@/i18n'
import en from '@/i18n/en'

/** The app's i18n with every language loaded, as on a phone after English was fetched once. */
export function createAppI18n(locale: Locale = 'zh-CN') {
  return createWith(locale, { en })
}
