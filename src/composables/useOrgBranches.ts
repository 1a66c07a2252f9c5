import { computed } from 'vue'
import { useDataProblems, useLiveQuery, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import { inOrgOrder } from '@/domain/admin'
import { ADMIN_ROLES, hasAnyRole } from '@/domain/tabs'
import { useSessionStore } from '@/stores/session'

/**
 * The organisation on this device and its branches (synced org-wide), in the organisation's order:
 * the roster link's organisation, else the one the device holds (an admin need not be on a roster).
 * `isAdmin`: the user holds the organisation's admin role, so every branch is his to pick.
 */
export function useOrgBranches() {
  const repos = useRepositories()
  const session = useSessionStore()
  const isAdmin = computed(() => hasAnyRole(session.roles, ADMIN_ROLES))
  const held = useLiveQuery(() => (session.member ? null : () => repos.yearSetup.orgIds()), [] as string[])
  const orgId = computed(() => session.member?.org_id ?? held.data.value[0] ?? null)
  const read = useLiveRows(() => {
    const org = orgId.value
    return org ? () => repos.branches.ofOrg(org) : null
  })
  const branches = computed(() => inOrgOrder(read.rows.value))
  const ready = computed(() => (session.member ? true : held.ready.value) && (orgId.value === null || read.ready.value))
  return { isAdmin, orgId, branches, ready, read, problems: useDataProblems(read) }
}
