import { tableRepository, type RepositoryContext } from './table'

/** Events (三会一课, 主题党日, drives…), attendance at them, and the check-in secrets of the committee's phones. */
export function eventRepositories(ctx: RepositoryContext) {
  const events = tableRepository(ctx, 'events')
  const attendance = tableRepository(ctx, 'attendance')
  const secrets = tableRepository(ctx, 'event_checkin_secrets')
  return {
    events: { ...events, ofBranch: (branchId: string) => events.where('branch_id', branchId) },
    attendance: {
      ...attendance,
      ofEvent: (eventId: string) => attendance.where('event_id', eventId),
      ofMember: (memberId: string) => attendance.where('member_id', memberId),
      ofBranch: (branchId: string) => attendance.where('branch_id', branchId),
    },
    /** One per event, its id the event's id (insert-only on the server). */
    checkinSecrets: { ofEvent: secrets.byId, put: secrets.put },
  }
}
