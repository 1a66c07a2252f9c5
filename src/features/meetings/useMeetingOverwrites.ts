import { computed, ref, shallowRef } from 'vue'
import { useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { RowOf } from '@/domain/syncTables'
import type { MeetingProblem } from './meetingProblem'
import { useMeetingWrite } from './useMeetingWrite'

/** The columns whose replaced text this screen offers back: the event's minutes and agenda, a resolution's text. */
export const OVERWRITTEN_COLUMNS = { events: ['minutes', 'agenda'], event_resolutions: ['text'] } as const
type OverwriteTable = keyof typeof OVERWRITTEN_COLUMNS

/** One replaced text, beside what the row holds now. */
export interface OverwriteItem {
  key: string
  table: OverwriteTable
  rowId: string
  orgId: string
  column: string
  /** The text the later edit replaced. */
  old: string | null
  /** What the row holds now. */
  current: string | null
  /** Who wrote the replaced text, and who replaced it (user ids; named from the roster when known). */
  oldBy: string | null
  replacedBy: string
  /** When the server replaced it. */
  at: string | null
  /** The row holds the replaced text again (restored, or both said the same). */
  same: boolean
}

export interface MeetingOverwritesOptions {
  repositories: Pick<Repositories, 'overwrites' | 'events' | 'resolutions'>
  event: () => RowOf<'events'> | null
  resolutions: () => readonly RowOf<'event_resolutions'>[]
}

const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/**
 * Two committee members edited the same text offline: the later edit won on the server, which kept
 * the text it replaced (sync_overwrites). Lists each replaced text with the current one; restoring
 * writes the replaced text back as an ordinary edit of the row (saved here, synced later).
 */
export function useMeetingOverwrites(options: MeetingOverwritesOptions) {
  // Keyed by ids only, so an edit of the rows does not restart the reads.
  const eventId = computed(() => options.event()?.id ?? null)
  const resolutionIds = computed(() => options.resolutions().map((r) => r.id).join(','))
  const eventRead = useLiveRows(() => {
    const id = eventId.value
    return id ? () => options.repositories.overwrites.ofRows('events', [id]) : null
  })
  const resolutionRead = useLiveRows(() => {
    const ids = resolutionIds.value ? resolutionIds.value.split(',') : []
    return ids.length ? () => options.repositories.overwrites.ofRows('event_resolutions', ids) : null
  })
  const restoring = ref<string | null>(null)
  const { write } = useMeetingWrite()
  const problem = shallowRef<MeetingProblem | null>(null)

  const items = computed<OverwriteItem[]>(() => {
    const event = options.event()
    if (!event) return []
    const rows = new Map<string, Record<string, unknown>>([[event.id, event], ...options.resolutions().map((r) => [r.id, r] as [string, Record<string, unknown>])])
    const list: OverwriteItem[] = []
    const reads = [['events', eventRead.rows.value], ['event_resolutions', resolutionRead.rows.value]] as const
    for (const [table, overwrites] of reads) {
      for (const o of overwrites) {
        const row = rows.get(o.row_id)
        if (!row) continue
        for (const column of OVERWRITTEN_COLUMNS[table]) {
          if (!(column in o.overwritten)) continue
          const old = textOf(o.overwritten[column])
          const current = textOf(row[column])
          list.push({
            key: `${o.id}:${column}`, table, rowId: o.row_id, orgId: String(row.org_id), column, old, current,
            oldBy: o.overwritten_by ?? null, replacedBy: o.replaced_by, at: o.updated_at ?? null, same: (old ?? '') === (current ?? ''),
          })
        }
      }
    }
    return list
  })

  async function restore(item: OverwriteItem): Promise<boolean> {
    problem.value = null
    restoring.value = item.key
    const row = { id: item.rowId, org_id: item.orgId, [item.column]: item.old }
    problem.value = await write(() => (item.table === 'events' ? options.repositories.events.put(row) : options.repositories.resolutions.put(row)))
    restoring.value = null
    return problem.value === null
  }

  return { items, restore, restoring, problem, invalid: computed(() => [...eventRead.invalid.value, ...resolutionRead.invalid.value]), error: computed(() => eventRead.error.value ?? resolutionRead.error.value) }
}
