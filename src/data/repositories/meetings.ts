import type { RowOf } from '@/domain/syncTables'
import type { DataRow } from '../db'
import { PUSH_LIMITS } from '../sync/engine'
import { checkRows, tableRepository, type Checked, type RepositoryContext } from './table'

type Attendance = RowOf<'attendance'>
/** The row a change applies to: its id and organisation (any stored attendance row has both). */
type RowKey = Pick<Attendance, 'id' | 'org_id'>

const keep = <T>(checked: Checked<T>, test: (row: T) => boolean): Checked<T> => ({ rows: checked.rows.filter(test), invalid: checked.invalid })

/**
 * What the secretary's meeting screens read and write: events visible to a branch (its own and the
 * organisation's), resolutions, pending check-ins to decide, leave decisions, make-up (补课), the
 * trail of check-in changes and the member's own check-in code secret. Server-set columns
 * (verified_by/at, marked_by, self_marked, decided_by, makeup_confirmed_by/at) are never sent: the
 * server writes them (20261201003100_checkin_trust.sql).
 */
export function meetingRepositories(ctx: RepositoryContext) {
  const events = tableRepository(ctx, 'events')
  const attendance = tableRepository(ctx, 'attendance')
  const resolutions = tableRepository(ctx, 'event_resolutions')
  const memberSecrets = tableRepository(ctx, 'member_checkin_secrets')
  const changes = tableRepository(ctx, 'attendance_changes')
  /** Attendance rows in client transactions of at most PUSH_LIMITS.opsPerTx (an event's roll may be longer). */
  const putAll = async (rows: DataRow[]) => {
    for (let i = 0; i < rows.length; i += PUSH_LIMITS.opsPerTx) {
      await ctx.rows.write(rows.slice(i, i + PUSH_LIMITS.opsPerTx).map((row) => ({ kind: 'put' as const, table: 'attendance' as const, row })))
    }
  }

  return {
    meetings: {
      /** The branch's events and the organisation's (branch_id null), by start time. */
      async visibleTo(branchId: string, orgId: string): Promise<Checked<RowOf<'events'>>> {
        const own = await events.where('branch_id', branchId)
        const stored = await ctx.db.data('events').where('org_id').equals(orgId).filter((row) => row.branch_id == null).toArray()
        const orgWide = checkRows('events', stored)
        const rows = [...own.rows, ...orgWide.rows].sort((a, b) => a.starts_at.localeCompare(b.starts_at))
        return { rows, invalid: [...own.invalid, ...orgWide.invalid] }
      },
      /** Cancels an event: it stays, with the reason and when. */
      cancel: (event: Pick<RowOf<'events'>, 'id' | 'org_id'>, reason: string, at: Date) =>
        events.put({ id: event.id, org_id: event.org_id, cancelled_at: at.toISOString(), cancel_reason: reason }),
      /** Undoes a cancellation made by mistake. */
      uncancel: (event: Pick<RowOf<'events'>, 'id' | 'org_id'>) => events.put({ id: event.id, org_id: event.org_id, cancelled_at: null, cancel_reason: null }),
    },
    resolutions: {
      ...resolutions,
      /** A meeting's resolutions in their order. */
      async ofEvent(eventId: string): Promise<Checked<RowOf<'event_resolutions'>>> {
        const checked = await resolutions.where('event_id', eventId)
        return { rows: [...checked.rows].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)), invalid: checked.invalid }
      },
    },
    checkinReview: {
      /** Check-ins of an event waiting for the secretary (待核实). */
      pendingOfEvent: async (eventId: string) => keep(await attendance.where('event_id', eventId), (row) => row.verification === 'pending'),
      /** Hand marks a committee member made on his own attendance (shown to the secretary). */
      selfMarkedOfEvent: async (eventId: string) => keep(await attendance.where('event_id', eventId), (row) => row.self_marked === true),
      /** Confirms or refuses check-ins, one or all at once (one client transaction per 100 rows). */
      decide: (rows: readonly RowKey[], decision: 'verified' | 'refused') =>
        putAll(rows.map((row) => ({ id: row.id, org_id: row.org_id, verification: decision }))),
      /** Who changed a check-in, when and from what (newest first). */
      async trail(attendanceId: string): Promise<Checked<RowOf<'attendance_changes'>>> {
        const checked = await changes.where('attendance_id', attendanceId)
        return { rows: [...checked.rows].sort((a, b) => b.changed_at.localeCompare(a.changed_at)), invalid: checked.invalid }
      },
    },
    leave: {
      /** Leave requests of an event still waiting for a decision. */
      pendingOfEvent: async (eventId: string) => keep(await attendance.where('event_id', eventId), (row) => row.status === 'leave' && row.leave_status === 'pending'),
      /** The member takes his request back: the row stays (withdrawn), so a later check-in reuses it. */
      withdraw: (row: RowKey) => attendance.put({ id: row.id, org_id: row.org_id, leave_status: 'withdrawn' }),
      /** The secretary's decision with a note. */
      decide: (row: RowKey, decision: 'approved' | 'rejected', note: string | null) =>
        attendance.put({ id: row.id, org_id: row.org_id, leave_status: decision, decision_note: note }),
    },
    makeup: {
      /** What a member still owes: rows marked for 补课 and not yet confirmed. */
      owedBy: async (memberId: string) => keep(await attendance.where('member_id', memberId), (row) => row.makeup_required === true && !row.makeup_confirmed_at),
      /** The committee records how and when the make-up was done (which makes it required, if it was not flagged yet). */
      record: (row: RowKey, done: { method: 'minutes' | 'session' | 'other'; doneAt: Date; note?: string | null }) =>
        attendance.put({ id: row.id, org_id: row.org_id, makeup_required: true, makeup_method: done.method, makeup_done_at: done.doneAt.toISOString(), makeup_note: done.note ?? null }),
      /** The secretary confirms it; the server records who and when (the time sent here is replaced). */
      confirm: (row: RowKey, at: Date) => attendance.put({ id: row.id, org_id: row.org_id, makeup_confirmed_at: at.toISOString() }),
    },
    memberCheckinSecrets: {
      /** The member's own secret (its id is the member's id); none until the first sync brings it. */
      ofMember: (memberId: string) => memberSecrets.byId(memberId),
    },
  }
}
