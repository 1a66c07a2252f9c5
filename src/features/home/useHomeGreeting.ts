import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { greetingPeriod } from '@/domain/greeting'
import { useClock } from '@/composables/useClock'

/** "下午好" and "2026年11月24日星期二" for the home screen, from the injected clock. */
export function useHomeGreeting() {
  const { t, locale } = useI18n()
  const now = useClock()()
  const greeting = computed(() => t(`home.greeting.${greetingPeriod(now.getHours())}`))
  const today = computed(() =>
    new Intl.DateTimeFormat(locale.value, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(now),
  )
  return { greeting, today }
}
