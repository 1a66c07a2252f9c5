import { computed, shallowRef } from 'vue'
import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'
import { useI18n } from 'vue-i18n'
import type { AdminProblem } from '@/data/repositories/admin'
import { canHold, grantableRoles, holdsRole, roleBranch, type DirectoryPerson, type GrantableRole } from '@/domain/admin'
import { useAdminDirectory } from './useAdminDirectory'

/**
 * 人员角色: the people the caller may give roles to, and grant/revoke after a confirmation. The
 * server decides (check_role_change); a refusal is shown with its reason and nothing is assumed.
 */
export function useAdminRoles() {
  const { t } = useI18n()
  const dir = useAdminDirectory()
  const busy = shallowRef(false)
  const outcome = shallowRef<{ ok: true; text: string } | { ok: false; problem: AdminProblem } | null>(null)
  const query = shallowRef('')

  const roles = computed(() => grantableRoles(dir.directory.value?.admin ?? false))
  const people = computed(() => {
    const d = dir.directory.value
    if (!d) return []
    const q = query.value.trim()
    return d.people.filter((p) => !q || (p.name ?? '').includes(q) || (dir.branchName(p.branch_id) ?? '').includes(q))
  })
  const holds = (person: DirectoryPerson, role: GrantableRole) => (dir.directory.value ? holdsRole(dir.directory.value, person, role) : false)

  async function toggle(person: DirectoryPerson, role: GrantableRole): Promise<void> {
    if (busy.value || !canHold(role, person)) return
    const revoke = holds(person, role)
    const params = { name: person.name ?? '', role: t(`roles.${role}`) }
    try {
      await showConfirmDialog({
        title: t(revoke ? 'admin.roles.revokeTitle' : 'admin.roles.grantTitle'),
        message: t(revoke ? 'admin.roles.revokeConfirm' : 'admin.roles.grantConfirm', params),
        confirmButtonText: t(revoke ? 'admin.roles.revoke' : 'admin.roles.grant'),
        cancelButtonText: t('admin.cancel'),
      })
    } catch {
      return
    }
    busy.value = true
    const branch = roleBranch(role, person)
    const result = revoke ? await dir.admin.revoke(person.user_id, role, branch) : await dir.admin.grant(person.user_id, role, branch)
    busy.value = false
    outcome.value = result.ok ? { ok: true, text: t(revoke ? 'admin.roles.revoked' : 'admin.roles.granted', params) } : { ok: false, problem: result.problem }
    if (result.ok) await dir.reload()
  }

  return { ...dir, roles, people, query, holds, toggle, busy, outcome, canHold }
}
