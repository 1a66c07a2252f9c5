import type { RowOf } from '@/domain/syncTables'
import { checkRows, type Checked, type RepositoryContext } from './table'

type Overwrite = RowOf<'sync_overwrites'>
/** Tables whose text a meeting's record shows (the event's minutes, its resolutions). */
type OverwrittenTable = 'events' | 'event_resolutions'

/**
 * Text a later edit replaced without having seen it (`sync_overwrites`, written only by the server's
 * sync_push and synced to the branch's organizers and secretary): read here so the committee can
 * compare both versions and restore one with an ordinary edit.
 */
export function overwriteRepositories(ctx: RepositoryContext) {
  return {
    overwrites: {
      /** What edits replaced on these rows of `table`, newest first. */
      async ofRows(table: OverwrittenTable, rowIds: readonly string[]): Promise<Checked<Overwrite>> {
        if (rowIds.length === 0) return { rows: [], invalid: [] }
        const stored = await ctx.db
          .data('sync_overwrites')
          .where('[table_name+row_id]')
          .anyOf(rowIds.map((id) => [table, id]))
          .toArray()
        const checked = checkRows('sync_overwrites', stored)
        return { rows: [...checked.rows].sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '')), invalid: checked.invalid }
      },
    },
  }
}
