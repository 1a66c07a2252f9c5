import { computed, type Ref } from 'vue'
import { rosterPersonOf, type RosterPerson } from '@/domain/roster'
import { useDataProblems, useLiveQuery, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'
import type { RosterRead } from '@/data/repositories/roster'

const NO_ROSTER: RosterRead = { members: { rows: [], invalid: [] }, details: { rows: [], invalid: [] } }

/** A branch's roster on this device: the people (members with their details), groups and units. */
export function useRoster(options: { repositories: Repositories; branchId: () => string | null }) {
  const { roster, branches } = options.repositories
  const read = useLiveQuery<RosterRead>(() => {
    const id = options.branchId()
    return id ? () => roster.ofBranch(id) : null
  }, NO_ROSTER)
  const branch = useLiveRows(() => {
    const id = options.branchId()
    return id ? () => branches.byId(id) : null
  })
  // Whether the roster has reached this device yet (false: an empty list means 正在同步, not nobody).
  const pulled = useLiveQuery(() => {
    const id = options.branchId()
    return id ? () => roster.pulled(id) : null
  }, true)
  const orgId = computed(() => branch.rows.value[0]?.org_id ?? read.data.value.members.rows[0]?.org_id ?? null)
  const groups = useLiveRows(() => {
    const id = options.branchId()
    return id ? () => roster.groups(id) : null
  })
  const units = useLiveRows(() => {
    const org = orgId.value
    return org ? () => roster.units(org) : null
  })
  const people = computed<RosterPerson[]>(() => {
    const details = new Map(read.data.value.details.rows.map((d) => [d.id, d]))
    return read.data.value.members.rows.map((m) => rosterPersonOf(m, details.get(m.id)))
  })
  const invalid = computed(() => [...read.data.value.members.invalid, ...read.data.value.details.invalid])
  const problems = useDataProblems({ invalid, error: read.error }, branch, groups, units)
  const byId = <T extends { id: string; name: string }>(rows: Ref<T[]>) => computed(() => new Map(rows.value.map((r) => [r.id, r.name])))
  return {
    people,
    branchName: computed(() => branch.rows.value[0]?.name ?? ''),
    orgId,
    groups: groups.rows,
    units: units.rows,
    groupName: byId(groups.rows),
    unitName: byId(units.rows),
    ready: computed(() => read.ready.value && groups.ready.value && pulled.ready.value),
    pulled: pulled.data,
    problems,
  }
}
