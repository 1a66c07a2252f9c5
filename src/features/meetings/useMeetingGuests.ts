import { reactive, shallowRef } from 'vue'
import type { Repositories } from '@/data/repositories'
import type { RowOf } from '@/domain/syncTables'
import { checkTextLength } from '@/domain/textInput'
import { fromCode, meetingProblem, type MeetingProblem } from './meetingProblem'
import { useMeetingWrite } from './useMeetingWrite'

type Guest = { name: string; title?: string | null }

/** The database's limits on events.guest_list (app_private.is_guest_list). */
export const GUEST_NAME_MAX = 50
export const GUEST_TITLE_MAX = 100
export const GUESTS_MAX = 100

export interface MeetingGuestsOptions {
  repositories: Pick<Repositories, 'events'>
  event: () => RowOf<'events'> | null
}

/**
 * 列席: people at the meeting who are not on the roster, kept in the event's guest list. Adding or
 * removing one writes the whole list on the device at once.
 */
export function useMeetingGuests(options: MeetingGuestsOptions) {
  const draft = reactive({ name: '', title: '' })
  const problems = shallowRef<{ name?: MeetingProblem; title?: MeetingProblem; form?: MeetingProblem }>({})
  const { saving, write: save } = useMeetingWrite()
  const guests = () => (options.event()?.guest_list ?? []) as Guest[]

  async function write(list: Guest[]): Promise<boolean> {
    const event = options.event()
    if (!event) return false
    const failed = await save(() => options.repositories.events.put({ id: event.id, org_id: event.org_id, guest_list: list }))
    if (failed) problems.value = { form: failed }
    return failed === null
  }

  async function add(): Promise<boolean> {
    const found: typeof problems.value = {}
    const name = checkTextLength(draft.name, { max: GUEST_NAME_MAX, min: 1 })
    if (!name.ok) found.name = name.code === 'text.required' ? meetingProblem('guestNameRequired') : fromCode(name)
    const title = checkTextLength(draft.title, { max: GUEST_TITLE_MAX })
    if (!title.ok) found.title = fromCode(title)
    if (guests().length >= GUESTS_MAX) found.form = meetingProblem('tooManyGuests', { max: GUESTS_MAX })
    problems.value = found
    if (Object.keys(found).length > 0) return false
    const guest: Guest = { name: draft.name.trim() }
    if (draft.title.trim()) guest.title = draft.title.trim()
    if (!(await write([...guests(), guest]))) return false
    draft.name = ''
    draft.title = ''
    return true
  }

  const remove = (index: number) => write(guests().filter((_, i) => i !== index))

  return { draft, problems, saving, guests, add, remove }
}
