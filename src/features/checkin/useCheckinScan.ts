import { computed, ref } from 'vue'
import {
  checkinOpen,
  checkinProblemCode,
  checkinRejectionProblem,
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
import type { CodedProblem } from '@/i18n/codes'

/** What became of a scan; `eventTitle` is null for an event this phone does not know (the server checks it). */
export type ScanOutcome =
  | { kind: 'recorded'; eventId: string; eventTitle: string | null }
  | { kind: 'already'; eventId: string; eventTitle: string | null }
  | { kind: 'refused'; problem: CodedProblem }

/**
 * Where the member's check-in at an event stands: recorded on the phone and not yet answered
 * (`unsent`, 已记录，待核验), verified by the server (签到成功), waiting for the secretary (待书记核实),
 * refused by the secretary or by the server (with its reason), or none.
 */
export type CheckinState =
  | { kind: 'unsent' | 'verified' | 'pending' | 'refusedBySecretary' | 'marked' | 'none' }
  | { kind: 'refused'; refusal: CheckinRefusal }

/** A check-in the server refused: its reason as a code when recognised, else the server's own message. */
export interface CheckinRefusal {
  id: number
  /** The attendance row the refused change was for. */
  rowId: string
  /** The event's title, or null when it is not on this phone. */
  title: string | null
  problem: CodedProblem | null
  message: string
}

export interface CheckinScanOptions {
  repositories: Pick<Repositories, 'meetings' | 'attendance' | 'changes'>
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
  // The branch's events and the organisation's (全局 study, training, drives): members check in to both.
  const eventRead = useLiveRows(() => {
    const owner = options.owner()
    return owner?.branch_id ? () => repos.meetings.visibleTo(owner.branch_id, owner.org_id) : null
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

  /** Events open for check-in now (not cancelled), soonest first. */
  const openEvents = computed(() => {
    const now = options.clock()
    return events.value.filter((e) => !e.cancelled_at && checkinOpen(e, now)).sort((a, b) => a.starts_at.localeCompare(b.starts_at))
  })
  /**
   * The event a typed code is for: the member's choice, else the open event starting nearest to now
   * (the meeting about to begin, not an all-day one that opened in the morning).
   */
  const codeEvent = computed(() => {
    const chosen = openEvents.value.find((e) => e.id === selectedEventId.value)
    if (chosen) return chosen
    const now = options.clock().getTime()
    const distance = (e: EventRow) => Math.abs(Date.parse(e.starts_at) - now)
    return [...openEvents.value].sort((a, b) => distance(a) - distance(b))[0] ?? null
  })

  const mineFor = (eventId: string) => mine.value.find((a) => a.event_id === eventId) ?? null

  /** Refused check-ins of this member, with the reason the server gave. */
  const refusals = computed<CheckinRefusal[]>(() =>
    rejected.value.flatMap((entry) => {
      const me = options.owner()?.id
      // An update carries only the columns it changed: the row is known by its id (event × member).
      const op = entry.ops.find((o) => o.table === 'attendance' && (o.row?.status === 'present' || o.row?.status === 'late')
        && (o.row?.member_id === me || mine.value.some((a) => a.id === o.id)))
      if (!op || entry.id === undefined) return []
      const eventId = op.row?.event_id ?? mine.value.find((a) => a.id === op.id)?.event_id
      const title = events.value.find((e) => e.id === eventId)?.title ?? null
      const problem = checkinRejectionProblem(entry)
      return [{ id: entry.id, rowId: op.id, title, problem: problem ? checkinProblemCode(problem) : null, message: entry.message }]
    }),
  )

  /**
   * The member's check-in at an event as the server has (or has not yet) answered it. 签到成功 only
   * once the server verified it: a row the phone recorded stays `unsent` until then, whatever the
   * phone's clock said, so a code the server refuses is never shown as a success.
   */
  function stateOf(eventId: string): CheckinState {
    const owner = options.owner()
    if (!owner) return { kind: 'none' }
    const row = mineFor(eventId)
    if (row && (row.status === 'present' || row.status === 'late')) {
      if (row.verification === 'verified' || row.verification === 'pending') return { kind: row.verification }
      // A mark by the committee is not a token check-in: nothing for the server to verify.
      if (row.method === 'manual') return { kind: 'marked' }
      return { kind: 'unsent' }
    }
    const rowId = attendanceRowId(eventId, owner.id)
    const refusal = refusals.value.find((r) => r.rowId === rowId)
    if (refusal) return { kind: 'refused', refusal }
    if (row?.verification === 'refused') return { kind: 'refusedBySecretary' }
    return { kind: 'none' }
  }
  const refuse = (problem: CodedProblem): ScanOutcome => ({ kind: 'refused', problem })

  async function submit(text: string): Promise<ScanOutcome> {
    const owner = options.owner()
    if (!owner) return refuse({ code: 'checkin.noMember' })
    const parsed = parseCheckinInput(text)
    if (!parsed.ok) return refuse(parsed)
    const input = parsed.value
    const now = options.clock()
    if (qrLooksExpired(input, now)) return refuse(checkinProblemCode('expired'))
    const eventId = input.kind === 'qr' ? input.eventId : codeEvent.value?.id
    if (!eventId) return refuse({ code: 'checkin.noOpenEvent' })
    // An event this phone does not know may belong to another branch or not be synced yet: the
    // server decides, and its reason comes back as a refusal.
    const event: EventRow | null = events.value.find((e) => e.id === eventId) ?? null
    const eventTitle = event?.title ?? null
    // As stored now: the live list may lag a moment behind a check-in made just before.
    const existing = (await repos.attendance.byId(attendanceRowId(eventId, owner.id))).rows[0] ?? mineFor(eventId)
    if (existing && (existing.status === 'present' || existing.status === 'late')) {
      return { kind: 'already', eventId, eventTitle }
    }
    if (event) {
      const problem = checkinTimeProblem(now, event, now)
      if (problem) return refuse(checkinProblemCode(problem))
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
        // The server decides (verified or 待核实); a refused earlier try is not this one's answer.
        verification: null,
        leave_status: null,
        leave_reason: null,
      })
    } finally {
      busy.value = false
    }
    return { kind: 'recorded', eventId, eventTitle }
  }

  return { openEvents, codeEvent, selectedEventId, refusals, problems, busy, submit, mineFor, stateOf, dismiss: (id: number) => repos.changes.discard(id) }
}
