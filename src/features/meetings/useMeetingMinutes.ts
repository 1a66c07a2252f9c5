import { computed, ref, shallowRef, watch } from 'vue'
import type { Repositories } from '@/data/repositories'
import type { RowOf } from '@/domain/syncTables'
import { checkTextLength } from '@/domain/textInput'
import { fromCode, type MeetingProblem } from './meetingProblem'
import { useMeetingWrite } from './useMeetingWrite'

/** The database's limit on events.minutes (char_length). */
export const MINUTES_MAX = 50_000

export interface MeetingMinutesOptions {
  repositories: Pick<Repositories, 'events'>
  event: () => RowOf<'events'> | null
}

/**
 * The minutes of a meeting as a draft: it follows the stored text until the user types, then keeps
 * the user's text (and says when the stored text changed meanwhile, e.g. another committee member's
 * edit arrived). Saving writes the text on the device at once; sync sends it later. An edit made on
 * an older version than the server's still wins there, and the text it replaced is kept by the
 * server (sync_overwrites) and shown on this screen.
 */
export function useMeetingMinutes(options: MeetingMinutesOptions) {
  const text = ref('')
  /** The stored text the draft started from. */
  const base = shallowRef<string>('')
  const { saving, write } = useMeetingWrite()
  const problem = shallowRef<MeetingProblem | null>(null)
  const stored = computed(() => options.event()?.minutes ?? '')
  const dirty = computed(() => text.value !== base.value)
  /** The stored text changed while the user had unsaved changes. */
  const changedMeanwhile = computed(() => dirty.value && stored.value !== base.value)

  watch(
    stored,
    (now) => {
      if (text.value !== base.value) return
      text.value = now
      base.value = now
    },
    { immediate: true },
  )

  async function save(): Promise<boolean> {
    problem.value = null
    const event = options.event()
    if (!event) return false
    const checked = checkTextLength(text.value, { max: MINUTES_MAX })
    if (!checked.ok) {
      problem.value = fromCode(checked)
      return false
    }
    const minutes = text.value.trim() === '' ? null : text.value
    problem.value = await write(() => options.repositories.events.put({ id: event.id, org_id: event.org_id, minutes }))
    if (problem.value) return false
    base.value = minutes ?? ''
    text.value = base.value
    return true
  }

  return { text, dirty, changedMeanwhile, saving, problem, save }
}
