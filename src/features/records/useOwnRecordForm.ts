import { computed, reactive, ref, shallowRef, watch, type ComputedRef } from 'vue'
import type { ZodType } from 'zod'
import { chinaDay, fieldErrors } from '@/domain/memberRecords'
import { newRowId } from '@/data/repositories/rows'
import type { Clock } from '@/composables/useClock'
import type { DataRow, MemberDataSource } from './useMemberData'
import { useLiveRows } from './useMemberData'

export interface RecordOwner {
  id: string
  branch_id: string
  org_id: string
}

export interface OwnRecordFormOptions<F extends Record<string, string>> {
  table: string
  source: MemberDataSource
  owner: () => RecordOwner | null
  clock: Clock
  /** The row being edited, or null for a new one. */
  id: () => string | null
  empty: (today: string) => F
  fromRow: (row: DataRow) => F
  /** Form text → the row's columns; a field may fail before the schema runs (e.g. an amount). */
  toColumns: (fields: F) => { columns: Record<string, unknown>; errors: Record<string, string> }
  schema: (today: string) => ZodType
  onSaved?: (row: DataRow) => void | Promise<void>
  onRemoved?: () => void | Promise<void>
}

export const RECORD_FORM_MESSAGES = {
  noMember: '你的账号尚未关联党员名册，不能记录',
  notFound: '这条记录不存在或已删除',
  notMine: '只能修改自己的记录',
  saveFailed: '保存失败',
} as const

/**
 * A form for one of the member's own records: new or editing, validated by the record's schema,
 * saved and deleted (a tombstone once synced) through the device's database, never the network.
 */
export function useOwnRecordForm<F extends Record<string, string>>(options: OwnRecordFormOptions<F>) {
  const today = () => chinaDay(options.clock())
  const fields = reactive(options.empty(today())) as F
  const errors = ref<Record<string, string>>({})
  const formError = ref('')
  const saving = ref(false)
  const existing = shallowRef<DataRow | null>(null)
  const { rows, ready } = useLiveRows(options.source, () => {
    const id = options.id()
    return id ? { table: options.table, index: 'id', equals: id } : null
  })
  let loadedId: string | null = null
  watch(rows, (list) => {
    const row = list[0] ?? null
    existing.value = row
    if (row && row.id !== loadedId) {
      loadedId = row.id
      Object.assign(fields, options.fromRow(row))
    }
  })
  const editing: ComputedRef<boolean> = computed(() => options.id() !== null)
  const missing = computed(() => editing.value && ready.value && !existing.value)

  async function save(): Promise<boolean> {
    formError.value = ''
    const owner = options.owner()
    if (!owner) {
      formError.value = RECORD_FORM_MESSAGES.noMember
      return false
    }
    if (editing.value && !existing.value) {
      formError.value = RECORD_FORM_MESSAGES.notFound
      return false
    }
    if (existing.value && existing.value.member_id !== owner.id) {
      formError.value = RECORD_FORM_MESSAGES.notMine
      return false
    }
    const { columns, errors: early } = options.toColumns({ ...fields })
    const base = existing.value ?? { id: newRowId(), org_id: owner.org_id, branch_id: owner.branch_id, member_id: owner.id }
    const parsed = options.schema(today()).safeParse({ id: base.id, org_id: base.org_id, branch_id: base.branch_id, member_id: base.member_id, ...columns })
    const found = parsed.success ? {} : fieldErrors(parsed.error)
    errors.value = { ...found, ...early }
    if (Object.keys(errors.value).length > 0) return false
    saving.value = true
    try {
      const row = { ...(parsed.data as DataRow) }
      await options.source.put(options.table, row)
      await options.onSaved?.(row)
      return true
    } catch (error) {
      formError.value = `${RECORD_FORM_MESSAGES.saveFailed}：${(error as Error).message}`
      return false
    } finally {
      saving.value = false
    }
  }

  async function remove(): Promise<boolean> {
    const row = existing.value
    if (!row) return false
    await options.source.remove(options.table, row.id)
    await options.onRemoved?.()
    return true
  }

  return { fields, errors, formError, saving, editing, missing, existing, save, remove }
}
