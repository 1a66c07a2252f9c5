import { computed, ref, shallowRef } from 'vue'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { inOrgOrder } from '@/domain/admin'
import { useServerRead, useSetupContext } from './useSetupContext'

/** Units and their heads: the roster to choose from comes from the server (org_people). */
export function useSetupUnitHeads() {
  const ctx = useSetupContext()
  const read = useLiveRows(() => {
    const org = ctx.orgId.value
    return org ? () => ctx.repos.yearSetup.units.ofOrg(org) : null
  })
  const people = useServerRead(() => ctx.repos.yearSetup.orgPeople())
  void people.load()
  const units = computed(() => inOrgOrder(read.rows.value))
  const nameOf = computed(() => new Map((people.value.value ?? []).map((p) => [p.member_id, p])))
  const savingId = ref<string | null>(null)
  const savedUnit = shallowRef<{ unit: string; name: string } | null>(null)

  async function setHead(unitId: string, memberId: string | null) {
    const org = ctx.orgId.value
    const unit = units.value.find((u) => u.id === unitId)
    if (!org || !unit) return
    savingId.value = unitId
    try {
      await ctx.repos.yearSetup.units.put({ id: unitId, org_id: org, head_member_id: memberId })
      savedUnit.value = { unit: unit.name, name: memberId ? (nameOf.value.get(memberId)?.name ?? '') : '' }
    } finally {
      savingId.value = null
    }
  }
  return { units, people, nameOf, setHead, savingId, savedUnit, problems: useDataProblems(read), ready: read.ready }
}
