import { describe, expect, test } from 'vitest'
import type { Repositories } from '@/data/repositories'
import type { RowOf } from '@/domain/syncTables'
import { useMeetingChecklist } from '@/features/meetings/useMeetingChecklist'
import { useMeetingGuests } from '@/features/meetings/useMeetingGuests'
import { useMeetingMinutes } from '@/features/meetings/useMeetingMinutes'

const event = { id: 'e1', org_id: 'o1', branch_id: 'b1', kind: 'theme_day', title: '主题党日', starts_at: '2026-03-10T06:00:00Z', guest_list: [], checklist_done: [] } as unknown as RowOf<'events'>
/** A device whose storage refuses every write (a full disk, a closed database). */
const failing = { events: { put: () => Promise.reject(new Error('磁盘已满')) } } as unknown as Pick<Repositories, 'events'>
const saveFailed = { key: 'errors.record.saveFailed', params: { message: '磁盘已满' } }

describe('a section of the meeting record that cannot save', () => {
  test('keeps the typed minutes and says why, no longer saving', async () => {
    const minutes = useMeetingMinutes({ repositories: failing, event: () => event })
    minutes.text.value = '会议纪要'
    expect(await minutes.save()).toBe(false)
    expect(minutes.problem.value).toEqual(saveFailed)
    expect(minutes.saving.value).toBe(false)
    expect(minutes.text.value).toBe('会议纪要')
    expect(minutes.dirty.value).toBe(true)
  })

  test('keeps the guest typed and says why on the form', async () => {
    const guests = useMeetingGuests({ repositories: failing, event: () => event })
    guests.draft.name = '李主任'
    expect(await guests.add()).toBe(false)
    expect(guests.problems.value).toEqual({ form: saveFailed })
    expect(guests.draft.name).toBe('李主任')
    expect(guests.saving.value).toBe(false)
  })

  test('says why a checklist item was not ticked', async () => {
    const checklist = useMeetingChecklist({ repositories: failing, event: () => event })
    expect(await checklist.toggle('有主题', true)).toBe(false)
    expect(checklist.problem.value).toEqual(saveFailed)
    expect(checklist.saving.value).toBe(false)
  })
})
