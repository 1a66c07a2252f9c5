import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useOrgBranches } from '@/composables/useOrgBranches'
import { useRepositories } from '@/composables/useRepositories'
import { groupBranchIds, inOrgOrder } from '@/domain/admin'
import { checkTextLength } from '@/domain/textInput'
import { uuidv7 } from '@/domain/syncIds'
import { useProblemMessage } from '@/i18n/codes'
import { useSessionStore } from '@/stores/session'
import { confirmDeactivation } from './useAdminOrg'

/**
 * 党小组: the party groups of the branches whose groups this device holds and its user may write
 * (a secretary's branch; an admin: every branch of the organisation), added, renamed and deactivated through
 * the synced party_groups rows (the server's policies: the branch's secretary and the admins).
 */
export function useAdminGroups() {
  const { t } = useI18n()
  const { admin } = useRepositories()
  const session = useSessionStore()
  const org = useOrgBranches()
  const ids = computed(() => (org.isAdmin.value ? org.branches.value.filter((b) => b.active !== false).map((b) => b.id) : groupBranchIds(session.profile?.roles ?? [])))
  const branches = useLiveRows(() => (ids.value.length ? () => admin.branches.byIds(ids.value) : null))
  const groups = useLiveRows(() => (ids.value.length ? () => admin.groups.ofBranch(ids.value) : null))
  const problems = useDataProblems(branches, groups)
  const saveProblem = shallowRef<string | null>(null)

  const lists = computed(() =>
    [...branches.rows.value]
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((branch) => ({
        branch,
        groups: inOrgOrder(groups.rows.value.filter((g) => g.branch_id === branch.id)),
      })),
  )

  const message = useProblemMessage()
  /** A group's name as the database checks it (1-50 characters); nothing typed is changed. */
  function nameProblem(name: string): string | null {
    const checked = checkTextLength(name, { max: 50, min: 1 })
    return checked.ok ? null : message(checked)
  }

  async function write(branchId: string, row: { id: string; name?: string; active?: boolean }): Promise<void> {
    const branch = branches.rows.value.find((b) => b.id === branchId)
    if (!branch) return
    saveProblem.value = null
    try {
      await admin.groups.put({ org_id: branch.org_id, branch_id: branch.id, ...row })
    } catch {
      saveProblem.value = t('admin.problems.saveFailed')
    }
  }

  const add = (branchId: string, name: string) => write(branchId, { id: uuidv7(), name, active: true })
  const rename = (branchId: string, id: string, name: string) => write(branchId, { id, name })

  async function setActive(branchId: string, id: string, name: string, active: boolean): Promise<void> {
    if (!active && !(await confirmDeactivation(t, t('admin.groups.deactivateConfirm', { name })))) return
    await write(branchId, { id, active })
  }

  const ready = computed(() => org.ready.value && (ids.value.length === 0 || (branches.ready.value && groups.ready.value)))
  return { lists, ready, problems, saveProblem, nameProblem, add, rename, setActive }
}
