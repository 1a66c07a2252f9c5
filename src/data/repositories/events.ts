import type { DataRow } from '../db'
import { tableRepository, type RepositoryContext, type RowWrite } from './table'

/** Events (三会一课, 主题党日, drives…), attendance at them, and the check-in secrets of the committee's phones. */
export function eventRepositories(ctx: RepositoryContext) {
  const events = tableRepository(ctx, 'events')
  const attendance = tableRepository(ctx, 'attendance')
  const secrets = tableRepository(ctx, 'event_checkin_secrets')
  const memberSecrets = tableRepository(ctx, 'member_checkin_secrets')
  return {
    events: { ...events, ofBranch: (branchId: string) => events.where('branch_id', branchId) },
    attendance: {
      ...attendance,
      ofEvent: (eventId: string) => attendance.where('event_id', eventId),
      ofMember: (memberId: string) => attendance.where('member_id', memberId),
      ofBranch: (branchId: string) => attendance.where('branch_id', branchId),
      /**
       * A committee member's mark or scan of someone's attendance; `force` overrides the rule that a
       * check-in wins over an absent mark (only for a deliberate mark on a row shown as checked in).
       */
      mark: (row: RowWrite<'attendance'>, options: { force?: boolean } = {}) => ctx.rows.put('attendance', row as DataRow, options),
    },
    /** Members' own check-in code secrets on this device (the committee's phones hold their branch's). */
    memberSecrets: { ofMembers: (memberIds: readonly string[]) => memberSecrets.where('member_id', memberIds) },
    /** One per event, its id the event's id (insert-only on the server). */
    checkinSecrets: { ofEvent: secrets.byId, put: secrets.put },
  }
}
