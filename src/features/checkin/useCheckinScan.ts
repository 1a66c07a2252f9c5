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
import type { EventRow } from '@/domain/rows'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveQuery, useLiveRows } from '@/composables/useLiveQuery'
import type { RecordOwner } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'

export type ScanOutcome =
  | { kind: 'recorded'; message: string; eventTitle: string }
  | { kind: 'already'; message: string; eventTitle: string }
  | { kind: 'refused'; message: string }

export interface CheckinScanOptions {
  repositories: Pick<Repositories, 'events' | 'attendance' | 'changes'>
  clock: Clock
  owner: () => RecordOwner | null
}

/**
 * The member's side of check-in: what was scanned or typed is checked as far as the phone can
 * (format, a QR too old by the phone's clock, the event's time, a duplicate) and recorded at once
 * with the scan time; the server verifies the token at sync and refusals come back in `refusals`.
 */
export function useCheckinScan(options: CheckinScanOptions) {
  const repos = options.repositories
  const eventRead = useLiveRows(() => {
    const branch = options.owner()?.branch_id
    return branch ? () => repos.events.ofBranch(branch) : null
  })
  const mineRead = useLiveRows(() => {
    const member = options.owner()?.id
    return member ? () => repos.attendance.ofMember(member) : null
  })
  const rejectedRead = useLiveQuery(() => repos.changes.rejected, [])
  const problems = useDataProblems(eventRead, mineRead, { invalid: computed(() => []), error: rejectedRead.error })
  const events = eventRead.rows
  const mine = mineRead.rows
  const rejected = rejectedRead.data
  const selectedEventId = ref<string | null>(null)
  const busy = ref(false)

  /** Events open for check-in now, soonest first; the one to use for a typed code. */
  const openEvents = computed(() => {
    const now = options.clock()
    return events.value.filter((e) => checkinOpen(e, now)).sort((a, b) => a.starts_at.localeCompare(b.starts_at))
  })
  const codeEvent = computed(() => openEvents.value.find((e) => e.id === selectedEventId.value) ?? openEvents.value[0] ?? null)

  const mineFor = (eventId: string) => mine.value.find((a) => a.event_id === eventId) ?? null

  /** Refused check-ins of this member, with the reason the server gave. */
  const refusals = computed(() =>
    rejected.value.flatMap((entry) => {
      const op = entry.ops.find((o) => o.table === 'attendance' && o.row?.member_id === options.owner()?.id && (o.row?.status === 'present' || o.row?.status === 'late'))
      if (!op || entry.id === undefined) return []
      const title = events.value.find((e) => e.id === op.row?.event_id)?.title ?? '活动'
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
    const event: EventRow | null = events.value.find((e) => e.id === eventId) ?? null
    const eventTitle = event?.title ?? '活动（待服务器核验）'
    // As stored now: the live list may lag a moment behind a check-in made just before.
    const existing = (await repos.attendance.byId(attendanceRowId(eventId, owner.id))).rows[0] ?? mineFor(eventId)
    if (existing && (existing.status === 'present' || existing.status === 'late')) {
      return { kind: 'already', message: CHECKIN_MESSAGES.already, eventTitle }
    }
    if (event) {
      const problem = checkinTimeProblem(now, event, now)
      if (problem) return { kind: 'refused', message: CHECKIN_MESSAGES[problem] }
    }
    busy.value = true
    try {
      await repos.attendance.put({
        ...(existing ?? {}),
        id: existing?.id ?? attendanceRowId(eventId, owner.id),
        org_id: owner.org_id,
        branch_id: event?.branch_id ?? owner.branch_id,
        event_id: eventId,
        member_id: owner.id,
        status: event ? checkinStatus(now, event) : 'present',
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

  return { openEvents, codeEvent, selectedEventId, refusals, problems, busy, submit, mineFor, dismiss: (id: number) => repos.changes.discard(id) }
}
