import { computed, shallowRef } from 'vue'
import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'
import { useI18n } from 'vue-i18n'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import { inOrgOrder } from '@/domain/admin'
import { checkTextLength } from '@/domain/textInput'
import { useProblemMessage } from '@/i18n/codes'
import { uuidv7 } from '@/domain/syncIds'

type Kind = 'unit' | 'branch'
export type UnitKind = 'department' | 'subunit'

/** Asks before deactivating a unit, branch or group (reactivating asks nothing); true when confirmed. */
export async function confirmDeactivation(t: (key: string) => string, message: string): Promise<boolean> {
  try {
    await showConfirmDialog({ title: t('admin.org.deactivate'), message, confirmButtonText: t('admin.org.deactivate'), cancelButtonText: t('admin.cancel') })
    return true
  } catch {
    return false
  }
}

/**
 * 组织机构: the organisation's units (处室, 下属单位) and branches on the device, added, renamed and
 * deactivated through the repositories (synced; the server's policies let admins only). A name is
 * checked as the database checks it (1-100 characters) and nothing typed is changed or dropped.
 */
export function useAdminOrg() {
  const { t } = useI18n()
  const { admin } = useRepositories()
  const orgId = shallowRef<string | null>(null)
  void admin.orgIds().then((ids) => (orgId.value = ids[0] ?? null))
  const units = useLiveRows(() => (orgId.value ? () => admin.units.ofOrg(orgId.value!) : null))
  const branches = useLiveRows(() => (orgId.value ? () => admin.branches.ofOrg(orgId.value!) : null))
  const problems = useDataProblems(units, branches)
  const saveProblem = shallowRef<string | null>(null)

  const unitRows = computed(() => inOrgOrder(units.rows.value))
  const branchRows = computed(() => inOrgOrder(branches.rows.value))

  /** The name as typed when it fits, else the problem shown under the field. */
  const message = useProblemMessage()
  function nameProblem(name: string): string | null {
    const checked = checkTextLength(name, { max: 100, min: 1 })
    return checked.ok ? null : message(checked)
  }

  async function write(kind: Kind, row: Record<string, unknown> & { id: string }): Promise<boolean> {
    saveProblem.value = null
    try {
      if (kind === 'unit') await admin.units.put({ org_id: orgId.value!, ...row } as never)
      else await admin.branches.put({ org_id: orgId.value!, ...row } as never)
      return true
    } catch {
      saveProblem.value = t('admin.problems.saveFailed')
      return false
    }
  }

  const add = (kind: Kind, name: string, unitKind: UnitKind = 'department') =>
    write(kind, kind === 'unit' ? { id: uuidv7(), name, kind: unitKind, active: true } : { id: uuidv7(), name, active: true })
  const rename = (kind: Kind, id: string, name: string) => write(kind, { id, name })

  async function setActive(kind: Kind, id: string, name: string, active: boolean): Promise<void> {
    if (!active && !(await confirmDeactivation(t, t(kind === 'unit' ? 'admin.org.deactivateUnitConfirm' : 'admin.org.deactivateBranchConfirm', { name })))) return
    await write(kind, { id, active })
  }

  return { orgId, unitRows, branchRows, ready: computed(() => units.ready.value && branches.ready.value), problems, saveProblem, nameProblem, add, rename, setActive }
}
