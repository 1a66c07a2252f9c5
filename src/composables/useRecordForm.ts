import { computed, reactive, ref, shallowRef, watch, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ZodType } from 'zod'
import { chinaDay } from '@/domain/chinaTime'
import { uuidv7 } from '@/domain/syncIds'
import { fieldErrors } from '@/domain/validation'
import type { Checked } from '@/data/repositories'
import type { Clock } from './useClock'
import { useLiveRows } from './useLiveQuery'

export const RECORD_FORM_MESSAGES = {
  noMember: '你的账号尚未关联党员名册，不能记录',
  notFound: '这条记录不存在或已删除',
  notMine: '只能修改自己的记录',
  saveFailed: '保存失败',
} as const

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
  /** The record's write schema (its messages are what the person reads). */
  schema: (today: string) => ZodType
  /** Who and where the form records for, or null (then `noContext` is shown on save). */
  context: () => RecordContext | null
  noContext?: string
  /** The id of a new record (default: a new UUIDv7); e.g. attendance has one row per event and member. */
  newId?: (context: RecordContext) => string
  /** Columns set after validation (e.g. clearing a check-in when the row becomes a leave request). */
  complete?: (row: Record<string, unknown>) => Record<string, unknown>
  /** Why this person may not save over `existing` (null: may). A new record passes null. */
  permission?: (existing: R | null, context: RecordContext) => string | null
  clock: Clock
  /** The row being edited, or null for a new one. */
  id: () => string | null
  empty: (today: string) => F
  fromRow: (row: R) => F
  /** Form text → the row's columns; a field may fail before the schema runs (e.g. an amount). */
  toColumns: (fields: F) => { columns: Record<string, unknown>; errors: Record<string, string> }
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
  const errors = ref<Record<string, string>>({})
  const formError = ref('')
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
    formError.value = ''
    const context = options.context()
    if (!context) {
      formError.value = options.noContext ?? RECORD_FORM_MESSAGES.noMember
      return false
    }
    // The row as stored now (the live copy may lag a moment behind a save made just before).
    const id = currentId()
    const stored = id ? ((await options.store.byId(id)).rows[0] ?? null) : null
    if (id && !stored) {
      formError.value = RECORD_FORM_MESSAGES.notFound
      return false
    }
    const refused = options.permission?.(stored, context) ?? null
    if (refused) {
      formError.value = refused
      return false
    }
    const { columns, errors: early } = options.toColumns({ ...fields })
    const current = stored as (R & { org_id?: string; branch_id?: string; member_id?: string }) | null
    const base = current
      ? { id: current.id, org_id: current.org_id, branch_id: current.branch_id, member_id: current.member_id }
      : { id: options.newId?.(context) ?? uuidv7(), ...context }
    const parsed = options.schema(today()).safeParse({ ...base, ...columns })
    errors.value = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...early }
    if (Object.keys(errors.value).length > 0) return false
    const data = parsed.data as Record<string, unknown>
    const row = { ...(options.complete ? options.complete(data) : data) } as { id: string; org_id: string }
    saving.value = true
    try {
      await options.store.put(row)
    } catch (error) {
      formError.value = `${RECORD_FORM_MESSAGES.saveFailed}：${(error as Error).message}`
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
    formError.value = ''
    try {
      await options.store.remove(row.id)
    } catch (error) {
      formError.value = t('data.removeFailed', { message: (error as Error).message })
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
