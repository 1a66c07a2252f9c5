import { reactive } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { showNotice } from '@/composables/useNotice'
import { useClock } from '@/composables/useClock'
import { useDataProblems, useLiveRows, type LiveRowsState } from '@/composables/useLiveQuery'
import { RECORD_FORM_PROBLEMS, useRecordForm } from '@/composables/useRecordForm'
import { useRepositories } from '@/composables/useRepositories'
import { refusedChangeId, refusedChangeStore } from '@/composables/refusedChangeStore'
import type { Checked, Repositories } from '@/data/repositories'
import { useSessionStore } from '@/stores/session'
import type { RecordFormConfig } from './recordForms'

export interface RecordPickerOption {
  value: string
  label: string
}

/**
 * One of the member's own records as a page: `:id` in the route edits, none creates; saving returns
 * to 我的记录. `shell` is what RecordFormShell takes (`v-bind="shell"`): state, and save/remove as its events.
 */
export function useRecordFormPage<F extends Record<string, string>, R extends { id: string; member_id?: string | null }>(
  config: RecordFormConfig<F, R>,
  /** Other reads of the page (what a picker offers): their problems show with the form's. */
  ...reads: Pick<LiveRowsState<unknown>, 'invalid' | 'error'>[]
) {
  const route = useRoute()
  const router = useRouter()
  const session = useSessionStore()
  const { t } = useI18n()
  const done = async (message: string) => {
    showNotice(message)
    if (window.history.state?.back) router.back()
    else await router.replace({ name: 'my-record' })
  }
  const form = useRecordForm<F, R>({
    ...config,
    // Opened from 需处理 (`?rejected=`): shows the refused values; saving resolves that change.
    store: refusedChangeStore(config.store(useRepositories()), useRepositories().changes, refusedChangeId(route.query)),
    clock: useClock(),
    context: () => (session.member ? { org_id: session.member.org_id, branch_id: session.member.branch_id, member_id: session.member.id } : null),
    noContext: RECORD_FORM_PROBLEMS.noMember,
    permission: (existing, context) => (existing && existing.member_id !== context.member_id ? RECORD_FORM_PROBLEMS.notMine : null),
    id: () => (typeof route.params.id === 'string' && route.params.id ? route.params.id : null),
    onSaved: () => done(t('records.saved')),
    onRemoved: () => done(t('records.removed')),
  })
  const problems = useDataProblems({ invalid: form.invalid, error: form.readError }, ...reads)
  const shell = reactive({
    editing: form.editing,
    missing: form.missing,
    saving: form.saving,
    formError: form.formError,
    problems,
    onSave: form.save,
    onRemove: form.remove,
  })
  return { ...form, shell }
}

/** A list the form offers (campaigns, drives, visits) from the signed-in member's branch or organisation. */
export function useMemberScopeRows<T>(read: (repositories: Repositories, scope: { branch_id: string; org_id: string }) => Promise<Checked<T>>) {
  const session = useSessionStore()
  const repositories = useRepositories()
  return useLiveRows<T>(() => {
    const member = session.member
    return member ? () => read(repositories, member) : null
  })
}
