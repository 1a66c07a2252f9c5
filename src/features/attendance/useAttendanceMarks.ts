import { shallowRef } from 'vue'
import { handMark, type MarkStatus, type RollEntry, type RollEvent } from '@/domain/attendanceRoll'
import type { Clock } from '@/composables/useClock'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

export interface AttendanceMarksOptions {
  repositories: Pick<Repositories, 'attendance' | 'checkinReview'>
  clock: Clock
  event: () => RollEvent | null
  /** The user's own roster id (nobody approves his own leave). */
  me: () => string | null
  marks: (entry: RollEntry) => boolean
  decides: (entry: RollEntry) => boolean
}

const saveFailed = (error: unknown): CodedProblem => ({ code: 'attendance.saveFailed', params: { message: error instanceof Error ? error.message : String(error) } })

/**
 * The committee's writes on the list: a hand mark with its reason, and the secretary's decision on
 * 待核实 check-ins, one or all at once (one client transaction per 100). Saved on the phone at once and
 * synced later; the server records who marked, flags a committee member marking himself and keeps
 * the trail.
 */
export function useAttendanceMarks(options: AttendanceMarksOptions) {
  const repos = options.repositories
  const busy = shallowRef(false)

  async function run(write: () => Promise<unknown>): Promise<CodedProblem | null> {
    busy.value = true
    try {
      await write()
      return null
    } catch (error) {
      return saveFailed(error)
    } finally {
      busy.value = false
    }
  }

  /** Marks one member; null when saved, else why not (nothing is written then). */
  async function mark(entry: RollEntry, status: MarkStatus, reason: string): Promise<CodedProblem | null> {
    const event = options.event()
    if (!event || !options.marks(entry)) return { code: 'attendance.notAllowed' }
    const decided = handMark({ event, entry, status, reason, now: options.clock(), decider: options.decides(entry), me: options.me() })
    if (!decided.ok) return decided.problem
    return run(() => repos.attendance.mark(decided.value.row, { force: decided.value.force }))
  }

  /** Confirms or refuses 待核实 check-ins (those this user decides on); null when saved. */
  async function decide(entries: readonly RollEntry[], decision: 'verified' | 'refused'): Promise<CodedProblem | null> {
    const rows = entries.filter((e) => e.status === 'pending' && e.row && options.decides(e)).map((e) => e.row!)
    if (rows.length === 0) return { code: 'attendance.nothingToDecide' }
    return run(() => repos.checkinReview.decide(rows, decision))
  }

  return { busy, mark, decide }
}
