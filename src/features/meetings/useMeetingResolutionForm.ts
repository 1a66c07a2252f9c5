import { computed, reactive, ref, shallowRef } from 'vue'
import type { Repositories } from '@/data/repositories'
import { parseWholeNumber } from '@/domain/numberInput'
import { resolutionOutcome, type Quorum, type ResolutionOutcome } from '@/domain/quorum'
import { uuidv7 } from '@/domain/syncIds'
import type { RowOf } from '@/domain/syncTables'
import { checkTextLength } from '@/domain/textInput'
import { fromCode, meetingProblem, type MeetingProblem } from './meetingProblem'

type Resolution = RowOf<'event_resolutions'>

/** The database's limits (event_resolutions CHECK constraints). */
export const RESOLUTION_TEXT_MAX = 2000
export const QUORUM_NOTE_MAX = 500
export const VOTES_MAX = 10_000
const SORT_ORDER_MAX = 1000

export type ResolutionField = 'text' | 'votesFor' | 'votesAgainst' | 'votesAbstain' | 'quorumNote'
/** A problem of one field: a domain code (`errors.*`) or a quorum code (`quorum.*`). */
export type ResolutionProblem = MeetingProblem

export interface ResolutionFormOptions {
  repositories: Pick<Repositories, 'resolutions'>
  event: () => RowOf<'events'>
  quorum: () => Quorum
  resolutions: () => readonly Resolution[]
  /** After the row is stored on the device. */
  onSaved?: () => void
}

/**
 * One resolution (决议) with its vote, new or edited. Whether it passed follows from the votes and
 * the meeting's quorum (`resolutionOutcome`, never typed by hand); saving without quorum warns and
 * needs a note saying why the vote stands. Saved as its own row on the device with its outbox entry.
 */
export function useMeetingResolutionForm(options: ResolutionFormOptions) {
  const fields = reactive({ text: '', votesFor: '', votesAgainst: '', votesAbstain: '', quorumNote: '' })
  const editingId = shallowRef<string | null>(null)
  const open = ref(false)
  const saving = ref(false)
  const problems = shallowRef<Partial<Record<ResolutionField | 'votes' | 'form', ResolutionProblem>>>({})

  const votes = computed(() => {
    const read = (text: string) => parseWholeNumber(text, { max: VOTES_MAX })
    return { for: read(fields.votesFor), against: read(fields.votesAgainst), abstain: read(fields.votesAbstain) }
  })
  /** The outcome of the votes typed so far (null until all three are whole numbers). */
  const outcome = computed<ResolutionOutcome | null>(() => {
    const v = votes.value
    if (!v.for.ok || !v.against.ok || !v.abstain.ok) return null
    return resolutionOutcome(options.quorum(), { for: v.for.value, against: v.against.value, abstain: v.abstain.value })
  })
  const needsNote = computed(() => !options.quorum().met)

  function start(row: Resolution | null) {
    editingId.value = row?.id ?? null
    fields.text = row?.text ?? ''
    fields.votesFor = row?.votes_for == null ? '' : String(row.votes_for)
    fields.votesAgainst = row?.votes_against == null ? '' : String(row.votes_against)
    fields.votesAbstain = row?.votes_abstain == null ? '' : String(row.votes_abstain)
    fields.quorumNote = row?.quorum_note ?? ''
    problems.value = {}
    open.value = true
  }

  function check(): Partial<Record<ResolutionField | 'votes', ResolutionProblem>> {
    const found: Partial<Record<ResolutionField | 'votes', ResolutionProblem>> = {}
    const text = checkTextLength(fields.text, { max: RESOLUTION_TEXT_MAX, min: 1 })
    if (!text.ok) found.text = text.code === 'text.tooLong' ? fromCode(text) : meetingProblem('resolutionTextRequired')
    const v = votes.value
    if (!v.for.ok) found.votesFor = fromCode(v.for)
    if (!v.against.ok) found.votesAgainst = fromCode(v.against)
    if (!v.abstain.ok) found.votesAbstain = fromCode(v.abstain)
    const result = outcome.value
    if (result && !result.ok) found.votes = { key: result.code, params: {} }
    const note = checkTextLength(fields.quorumNote, { max: QUORUM_NOTE_MAX, min: needsNote.value ? 1 : 0 })
    if (!note.ok) found.quorumNote = note.code === 'text.tooLong' ? fromCode(note) : { key: 'quorum.noteRequired', params: {} }
    return found
  }

  async function save(): Promise<boolean> {
    const found = check()
    problems.value = found
    const result = outcome.value
    if (Object.keys(found).length > 0 || !result?.ok) return false
    const event = options.event()
    const others = options.resolutions().filter((r) => r.id !== editingId.value)
    const existing = options.resolutions().find((r) => r.id === editingId.value)
    const sortOrder = existing?.sort_order ?? Math.min(SORT_ORDER_MAX, Math.max(-1, ...others.map((r) => r.sort_order ?? 0)) + 1)
    const v = votes.value as { for: { value: number }; against: { value: number }; abstain: { value: number } }
    saving.value = true
    try {
      await options.repositories.resolutions.put({
        id: editingId.value ?? uuidv7(),
        org_id: event.org_id,
        branch_id: event.branch_id ?? null,
        event_id: event.id,
        sort_order: sortOrder,
        text: fields.text.trim(),
        votes_for: v.for.value,
        votes_against: v.against.value,
        votes_abstain: v.abstain.value,
        passed: result.passed,
        quorum_note: fields.quorumNote.trim() === '' ? null : fields.quorumNote.trim(),
      })
    } catch (error) {
      problems.value = { form: fromCode({ code: 'record.saveFailed', params: { message: (error as Error).message } }) }
      return false
    } finally {
      saving.value = false
    }
    open.value = false
    editingId.value = null
    options.onSaved?.()
    return true
  }

  return { fields, open, saving, problems, votes, outcome, needsNote, editingId, start, save, cancel: () => void (open.value = false) }
}
