/**
 * Whether a held meeting has its record, the test the compliance calendar asks its caller for
 * (`hasRecord`): minutes written (not only spaces); a 主题党日 also by its checklist (有主题、有计划、
 * 有记录…) with at least one item done. The secretary's calendar and the leaders' review use the same.
 */
export function hasMeetingRecord(event: { kind: string; minutes?: string | null; checklist_done?: readonly string[] | null }): boolean {
  if (event.minutes && event.minutes.trim() !== '') return true
  return event.kind === 'theme_day' && (event.checklist_done?.length ?? 0) > 0
}
