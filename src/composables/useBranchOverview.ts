import { computed, type Ref } from 'vue'
import type { Clock } from '@/composables/useClock'
import type { Repositories } from '@/data/repositories'
import { useBranchCalendar } from './useBranchCalendar'
import { useBranchDesk } from './useBranchDesk'
import type { BranchScope } from './useBranchScope'

export interface BranchOverviewOptions {
  repositories: Pick<Repositories, 'branchDesk' | 'meetings' | 'members' | 'makeup' | 'events' | 'partyGroups'>
  clock: Clock
  scope: () => BranchScope | null
  year?: Ref<number>
}

/** The 待办 and the compliance calendar together (支部, and the committee's 首页), with one ready flag and one problem list. */
export function useBranchOverview(options: BranchOverviewOptions) {
  const desk = useBranchDesk(options)
  const calendar = useBranchCalendar(options)
  const ready = computed(() => desk.ready.value && calendar.ready.value)
  const problems = computed(() => ({
    error: desk.problems.value.error ?? calendar.problems.value.error,
    invalid: [...desk.problems.value.invalid, ...calendar.problems.value.invalid],
  }))
  return { ...desk, ...calendar, ready, problems }
}
