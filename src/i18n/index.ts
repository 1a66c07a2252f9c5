import { createI18n } from 'vue-i18n'
import zhCN, { type Messages } from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const STORAGE_KEY = 'zhibu-locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** The saved language, else Chinese (the app is Chinese first whatever the browser says). */
export function savedLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Locale {
  const saved = storage?.getItem(STORAGE_KEY)
  return isLocale(saved) ? saved : 'zh-CN'
}

/**
 * The app's i18n with the Chinese catalogue (the source and fallback). Other languages come with
 * `loaded` or later through `loadLocale`, so the first screen never downloads a language it does not
 * show. The messages are typed as the full set: every language has the shape of zh-CN.
 */
export function createAppI18n(locale: Locale = savedLocale(), loaded: Partial<Record<Locale, Messages>> = {}) {
  const messages = { ...loaded, 'zh-CN': zhCN } as Record<Locale, Messages>
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages })
}

/** The part of vue-i18n's global composer that loading a language needs. */
interface LocaleLoader {
  readonly availableLocales: readonly string[]
  setLocaleMessage(locale: Locale, messages: Messages): void
}

/** Fetches a language's catalogue once, before it is shown (English only for those who choose it). */
export async function loadLocale(global: LocaleLoader, locale: Locale): Promise<void> {
  if (global.availableLocales.includes(locale)) return
  if (locale === 'en') global.setLocaleMessage('en', (await import('./en')).default)
}

/** Remembers the chosen language and keeps <html lang> in step. */
export function rememberLocale(locale: Locale, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  storage?.setItem(STORAGE_KEY, locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
