import { computed, ref } from 'vue'
import {
  CHECKIN_MESSAGES,
  checkinOpen,
  checkinRejectionMessage,
  checkinStatus,
  checkinTimeProblem,
  parseCheckinInput,
  qrLooksExpired,
  storedToken,
} from '@/domain/checkin'
import { attendanceRowId } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import type { DataRow, MemberDataSource } from '../records/useMemberData'
import { useLiveRows, useRejected } from '../records/useMemberData'
import type { RecordOwner } from '../records/useOwnRecordForm'

export type ScanOutcome =
  | { kind: 'recorded'; message: string; eventTitle: string }
  | { kind: 'already'; message: string; eventTitle: string }
  | { kind: 'refused'; message: string }

export interface CheckinScanOptions {
  source: MemberDataSource
  clock: Clock
  owner: () => RecordOwner | null
}

const startOf = (e: DataRow) => ({ starts_at: String(e.starts_at), ends_at: (e.ends_at as string | null) ?? null })

/**
 * The member's side of check-in: what was scanned or typed is checked as far as the phone can
 * (format, a QR too old by the phone's clock, the event's time, a duplicate) and recorded at once
 * with the scan time; the server verifies the token at sync and refusals come back in `refusals`.
 */
export function useCheckinScan(options: CheckinScanOptions) {
  const { source } = options
  const branch = () => options.owner()?.branch_id ?? null
  const { rows: events } = useLiveRows(source, () => (branch() ? { table: 'events', index: 'branch_id', equals: branch()! } : null))
  const { rows: mine } = useLiveRows(source, () => (options.owner() ? { table: 'attendance', index: 'member_id', equals: options.owner()!.id } : null))
  const rejected = useRejected(source)
  const selectedEventId = ref<string | null>(null)
  const busy = ref(false)

  /** Events open for check-in now, soonest first; the one to use for a typed code. */
  const openEvents = computed(() => {
    const now = options.clock()
    return events.value.filter((e) => checkinOpen(startOf(e), now)).sort((a, b) => String(a.starts_at).localeCompare(String(b.starts_at)))
  })
  const codeEvent = computed(() => openEvents.value.find((e) => e.id === selectedEventId.value) ?? openEvents.value[0] ?? null)

  const mineFor = (eventId: string) => mine.value.find((a) => a.event_id === eventId) ?? null

  /** Refused check-ins of this member, with the reason the server gave. */
  const refusals = computed(() =>
    rejected.value.flatMap((entry) => {
      const op = entry.ops.find((o) => o.table === 'attendance' && o.row?.member_id === options.owner()?.id && (o.row?.status === 'present' || o.row?.status === 'late'))
      if (!op || entry.id === undefined) return []
      const title = String(events.value.find((e) => e.id === op.row?.event_id)?.title ?? '活动')
      return [{ id: entry.id, title, message: checkinRejectionMessage(entry) }]
    }),
  )

  async function submit(text: string): Promise<ScanOutcome> {
    const owner = options.owner()
    if (!owner) return { kind: 'refused', message: '你的账号尚未关联党员名册，不能签到' }
    const parsed = parseCheckinInput(text)
    if (!parsed.ok) return { kind: 'refused', message: parsed.message }
    const input = parsed.value
    const now = options.clock()
    if (qrLooksExpired(input, now)) return { kind: 'refused', message: CHECKIN_MESSAGES.expired }
    const eventId = input.kind === 'qr' ? input.eventId : codeEvent.value?.id
    if (!eventId) return { kind: 'refused', message: '现在没有可签到的活动' }
    // An event this phone does not know may belong to another branch or not be synced yet: the
    // server decides, and its reason comes back as a refusal.
    const event = events.value.find((e) => e.id === eventId) ?? null
    const eventTitle = String(event?.title ?? '活动（待服务器核验）')
    const existing = mineFor(eventId)
    if (existing && (existing.status === 'present' || existing.status === 'late')) {
      return { kind: 'already', message: CHECKIN_MESSAGES.already, eventTitle }
    }
    if (event) {
      const problem = checkinTimeProblem(now, startOf(event), now)
      if (problem) return { kind: 'refused', message: CHECKIN_MESSAGES[problem] }
    }
    busy.value = true
    try {
      await source.put('attendance', {
        ...(existing ?? {}),
        id: existing?.id ?? attendanceRowId(eventId, owner.id),
        org_id: owner.org_id,
        branch_id: String(event?.branch_id ?? owner.branch_id),
        event_id: eventId,
        member_id: owner.id,
        status: event ? checkinStatus(now, startOf(event)) : 'present',
        method: input.kind,
        checked_in_at: now.toISOString(),
        checkin_token: storedToken(input),
        leave_status: null,
        leave_reason: null,
      })
    } finally {
      busy.value = false
    }
    return { kind: 'recorded', message: '签到成功，联网后自动提交核验', eventTitle }
  }

  return { openEvents, codeEvent, selectedEventId, refusals, busy, submit, mineFor, dismiss: (id: number) => source.discardRejected(id) }
}
