import { reactive, type ShallowRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { showNotice } from '@/composables/useNotice'
import { useSessionStore } from '@/stores/session'
import { useClock, useLiveRows, useMemberData, type DataRow } from './useMemberData'
import { useOwnRecordForm, type OwnRecordFormOptions } from './useOwnRecordForm'

type Config<F extends Record<string, string>> = Pick<OwnRecordFormOptions<F>, 'table' | 'empty' | 'fromRow' | 'toColumns' | 'schema'>

export interface RecordPickerOption {
  value: string
  label: string
}

/**
 * A record form as a page: `:id` in the route edits, none creates; saving returns to 我的记录.
 * `shell` is what RecordFormShell takes (`v-bind="shell"`): state, and save/remove as its events.
 */
export function useRecordFormPage<F extends Record<string, string>>(config: Config<F>) {
  const route = useRoute()
  const router = useRouter()
  const session = useSessionStore()
  const done = async (message: string) => {
    showNotice(message)
    if (window.history.state?.back) router.back()
    else await router.replace({ name: 'my-record' })
  }
  const form = useOwnRecordForm<F>({
    ...config,
    source: useMemberData(),
    clock: useClock(),
    owner: () => session.member,
    id: () => (typeof route.params.id === 'string' && route.params.id ? route.params.id : null),
    onSaved: () => done('已保存，联网后自动同步'),
    onRemoved: () => done('已删除'),
  })
  const shell = reactive({
    editing: form.editing,
    missing: form.missing,
    saving: form.saving,
    formError: form.formError,
    onSave: form.save,
    onRemove: form.remove,
  })
  return { ...form, shell }
}

/** Rows of `table` in the signed-in member's branch or organisation, kept current (none without a member). */
export function useMemberScopeRows(table: string, scope: 'branch_id' | 'org_id'): ShallowRef<DataRow[]> {
  const session = useSessionStore()
  return useLiveRows(useMemberData(), () => (session.member ? { table, index: scope, equals: session.member[scope] } : null)).rows
}
