import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { LOCALES, loadLocale, rememberLocale, type Locale } from '@/i18n'

/** The app's language, switchable at run time and remembered on the device. */
export function useLocale() {
  const composer = useI18n({ useScope: 'global' })
  const { locale } = composer
  const show = (next: Locale) => {
    locale.value = next
    rememberLocale(next)
  }
  const current = computed<Locale>({
    get: () => locale.value as Locale,
    set: (next) => {
      // A language already loaded switches at once; another is fetched first (the page keeps
      // the current language meanwhile, and keeps it if the words cannot be fetched).
      if (composer.availableLocales.includes(next)) show(next)
      else void loadLocale(composer, next).then(() => show(next), () => undefined)
    },
  })
  return { locale: current, locales: LOCALES }
}
