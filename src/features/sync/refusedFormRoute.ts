import type { RouteLocationRaw } from 'vue-router'
import type { RefusedChange } from '@/data/repositories'
import { refusedForm, refusedOp, refusedRecord, type RefusedForm } from '@/domain/syncDescribe'

const RECORD_ROUTES: Record<Exclude<RefusedForm, 'leave'>, string> = {
  study: 'record-study',
  donation: 'record-donation',
  blood: 'record-blood',
  visit: 'record-visit',
}

/**
 * The record's own form, opened on the refused values (`?rejected=<id>`): saving there queues the
 * corrected record and resolves the refused change. Null when the change is shown read-only.
 */
export function refusedFormRoute({ entry, current }: RefusedChange, memberId: string | null): RouteLocationRaw | null {
  const op = refusedOp(entry)
  if (!op || entry.id === undefined) return null
  const record = refusedRecord(op, current)
  const form = refusedForm(entry, record, memberId)
  if (!form) return null
  const query = { rejected: String(entry.id) }
  if (form === 'leave') return { name: 'checkin-leave', params: { eventId: String(record!.event_id) }, query }
  return { name: RECORD_ROUTES[form], params: { id: op.id }, query }
}
