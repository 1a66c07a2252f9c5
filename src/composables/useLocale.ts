import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { LOCALES, rememberLocale, type Locale } from '@/i18n'

/** The app's language, switchable at run time and remembered on the device. */
export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' })
  const current = computed<Locale>({
    get: () => locale.value as Locale,
    set: (next) => {
      locale.value = next
      rememberLocale(next)
    },
  })
  return { locale: current, locales: LOCALES }
}
