import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { chinaDay } from '@/domain/chinaTime'
import type { Clock } from '@/composables/useClock'

/** The year the 统计 screens show: `?year=` of the address (kept when going back), else this year. */
export function useReviewYear(clock: Clock) {
  const route = useRoute()
  const router = useRouter()
  const current = Number(chinaDay(clock()).slice(0, 4))
  return computed<number>({
    get() {
      const asked = Number(route.query.year)
      return Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current
    },
    set(year) {
      void router.replace({ query: { ...route.query, year: String(year) } })
    },
  })
}
