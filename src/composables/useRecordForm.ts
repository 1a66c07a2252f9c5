import { computed, reactive, ref, shallowRef, watch, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ZodType } from 'zod'
import { chinaDay } from '@/domain/chinaTime'
import { uuidv7 } from '@/domain/syncIds'
import { fieldProblems } from '@/domain/validation'
import type { Checked } from '@/data/repositories'
import { problemMessage, type CodedProblem } from '@/i18n/codes'
import type { Clock } from './useClock'
import { useLiveRows } from './useLiveQuery'

/** The form's own refusals, worded as `errors.<code>`. */
export const RECORD_FORM_PROBLEMS = {
  noMember: { code: 'record.noMember' },
  notFound: { code: 'record.notFound' },
  notMine: { code: 'record.notMine' },
} as const satisfies Record<string, CodedProblem>

/** The signed-in member, as the owner of the records he writes himself. */
export interface RecordOwner {
  id: string
  branch_id: string
  org_id: string
}

/** Where a new record belongs: its organisation and branch, and whose record it is (if anyone's). */
export interface RecordContext {
  org_id: string
  branch_id: string
  member_id?: string
}

/** What a form needs from a repository. */
export interface RecordStore<R extends { id: string }> {
  byId(id: string): Promise<Checked<R>>
  put(row: { id: string; org_id: string }): Promise<unknown>
  remove(id: string): Promise<unknown>
}

export interface RecordFormOptions<F extends Record<string, string>, R extends { id: string }> {
  store: RecordStore<R>
  /** The record's write schema; its messages are codes worded as `errors.<code>`. */
  schema: (today: string) => ZodType
  /** Who and where the form records for, or null (then `noContext` is shown on save). */
  context: () => RecordContext | null
  noContext?: CodedProblem
  /** The id of a new record (default: a new UUIDv7); e.g. attendance has one row per event and member. */
  newId?: (context: RecordContext) => string
  /** Columns set after validation (e.g. clearing a check-in when the row becomes a leave request). */
  complete?: (row: Record<string, unknown>) => Record<string, unknown>
  /** Why this person may not save over `existing` (null: may). A new record passes null. */
  permission?: (existing: R | null, context: RecordContext) => CodedProblem | null
  clock: Clock
  /** The row being edited, or null for a new one. */
  id: () => string | null
  empty: (today: string) => F
  fromRow: (row: R) => F
  /** Form text → the row's columns; a field may fail before the schema runs (e.g. an amount). */
  toColumns: (fields: F) => { columns: Record<string, unknown>; errors: Record<string, CodedProblem> }
  /** After the row is stored: a failure here (e.g. navigation) is not a failed save. */
  onSaved?: (row: Record<string, unknown> & { id: string }) => void | Promise<void>
  onRemoved?: () => void | Promise<void>
}

/**
 * A form for one record, new or edited: validated by the record's schema, saved and deleted
 * (a tombstone once synced) through its repository on the device, never the network. Whose record
 * it is and who may change it come from the options, so the same form serves a member's own
 * records and a secretary recording for others.
 */
export function useRecordForm<F extends Record<string, string>, R extends { id: string }>(options: RecordFormOptions<F, R>) {
  const { t } = useI18n()
  const today = () => chinaDay(options.clock())
  const fields = reactive(options.empty(today())) as F
  // Refusals are kept as codes and worded when shown, so they follow a change of language.
  const problems = ref<Record<string, CodedProblem>>({})
  const formProblem = shallowRef<{ key: string; params: Record<string, unknown> } | null>(null)
  const errors = computed(() => Object.fromEntries(Object.entries(problems.value).map(([field, p]) => [field, problemMessage(t, p)])))
  const formError = computed(() => (formProblem.value ? t(formProblem.value.key, formProblem.value.params) : ''))
  const refuse = (problem: CodedProblem) => void (formProblem.value = { key: `errors.${problem.code}`, params: problem.params ?? {} })
  const saving = ref(false)
  // Once a new record is saved, the form edits that row: saving again never makes a second one.
  const savedId = shallowRef<string | null>(null)
  const currentId = () => savedId.value ?? options.id()
  const read = useLiveRows<R>(() => {
    const id = currentId()
    return id ? () => options.store.byId(id) : null
  })
  const existing = computed<R | null>(() => read.rows.value[0] ?? null)
  let loadedId: string | null = null
  watch(existing, (row) => {
    if (row && row.id !== loadedId) {
      loadedId = row.id
      Object.assign(fields, options.fromRow(row))
    }
  }, { immediate: true })
  const editing: ComputedRef<boolean> = computed(() => options.id() !== null)
  const missing = computed(() => editing.value && read.ready.value && !existing.value && read.invalid.value.length === 0)

  async function save(): Promise<boolean> {
    formProblem.value = null
    const context = options.context()
    if (!context) {
      refuse(options.noContext ?? RECORD_FORM_PROBLEMS.noMember)
      return false
    }
    // The row as stored now (the live copy may lag a moment behind a save made just before).
    const id = currentId()
    const stored = id ? ((await options.store.byId(id)).rows[0] ?? null) : null
    if (id && !stored) {
      refuse(RECORD_FORM_PROBLEMS.notFound)
      return false
    }
    const refused = options.permission?.(stored, context) ?? null
    if (refused) {
      refuse(refused)
      return false
    }
    const { columns, errors: early } = options.toColumns({ ...fields })
    const current = stored as (R & { org_id?: string; branch_id?: string; member_id?: string }) | null
    const base = current
      ? { id: current.id, org_id: current.org_id, branch_id: current.branch_id, member_id: current.member_id }
      : { id: options.newId?.(context) ?? uuidv7(), ...context }
    const parsed = options.schema(today()).safeParse({ ...base, ...columns })
    problems.value = { ...(parsed.success ? {} : (fieldProblems(parsed.error) as Record<string, CodedProblem>)), ...early }
    if (Object.keys(problems.value).length > 0) return false
    const data = parsed.data as Record<string, unknown>
    const row = { ...(options.complete ? options.complete(data) : data) } as { id: string; org_id: string }
    saving.value = true
    try {
      await options.store.put(row)
    } catch (error) {
      refuse({ code: 'record.saveFailed', params: { message: (error as Error).message } })
      return false
    } finally {
      saving.value = false
    }
    // The form already shows what was saved: the row coming back must not overwrite later typing.
    loadedId = row.id
    savedId.value = row.id
    await after(options.onSaved, row)
    return true
  }

  async function remove(): Promise<boolean> {
    const row = existing.value
    if (!row) return false
    formProblem.value = null
    try {
      await options.store.remove(row.id)
    } catch (error) {
      formProblem.value = { key: 'data.removeFailed', params: { message: (error as Error).message } }
      return false
    }
    savedId.value = null
    await after(options.onRemoved)
    return true
  }

  return { fields, errors, formError, saving, editing, missing, existing, invalid: read.invalid, readError: read.error, save, remove }
}

/** Runs what follows a stored change; its failure is logged, not reported as a failed save. */
async function after<A extends unknown[]>(fn: ((...args: A) => void | Promise<void>) | undefined, ...args: A): Promise<void> {
  try {
    await fn?.(...args)
  } catch (error) {
    console.error('after a saved change', error)
  }
}
