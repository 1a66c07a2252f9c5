import { shallowRef } from 'vue'
import type { Repositories } from '@/data/repositories'
import type { RowOf } from '@/domain/syncTables'
import type { MeetingProblem } from './meetingProblem'
import { useMeetingWrite } from './useMeetingWrite'

export interface MeetingChecklistOptions {
  repositories: Pick<Repositories, 'events'>
  event: () => RowOf<'events'> | null
}

/**
 * The 主题党日 checklist of an event: ticking an item writes the event's `checklist_done` on the
 * device at once. Items done that the organisation has since dropped from its list are kept.
 */
export function useMeetingChecklist(options: MeetingChecklistOptions) {
  const { saving, write } = useMeetingWrite()
  const problem = shallowRef<MeetingProblem | null>(null)
  const done = () => options.event()?.checklist_done ?? []

  async function toggle(item: string, checked: boolean): Promise<boolean> {
    const event = options.event()
    if (!event) return false
    const list = done().filter((i) => i !== item)
    if (checked) list.push(item)
    problem.value = await write(() => options.repositories.events.put({ id: event.id, org_id: event.org_id, checklist_done: list }))
    return problem.value === null
  }

  return { done, toggle, saving, problem }
}
