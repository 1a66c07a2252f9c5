import { createI18n } from 'vue-i18n'
import zhCN, { type Messages } from './zh-CN'
import en from './en'

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

export function createAppI18n(locale: Locale = savedLocale()) {
  const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en }
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages })
}

/** Remembers the chosen language and keeps <html lang> in step. */
export function rememberLocale(locale: Locale, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  storage?.setItem(STORAGE_KEY, locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
