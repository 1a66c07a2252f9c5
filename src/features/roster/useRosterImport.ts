import { computed, shallowRef, type ComputedRef } from 'vue'
import type { RosterPerson } from '@/domain/roster'
import {
  guessMapping, importWrites, planRosterImport, ROSTER_FIELDS,
  type RosterField, type RosterImportPlan, type SheetTable,
} from '@/domain/rosterImport'
import type { Repositories } from '@/data/repositories'
import { newRowId } from '@/data/repositories/rows'
import type { RosterFileErrorCode } from './rosterFiles'

export type ImportStep = 'file' | 'map' | 'preview' | 'applying' | 'done'

interface Context {
  people: ComputedRef<RosterPerson[]>
  groups: ComputedRef<{ id: string; name: string }[]>
  units: ComputedRef<{ id: string; name: string }[]>
  orgId: ComputedRef<string | null>
}

/**
 * The import wizard: choose a file → map its columns → preview every row's fate and problems →
 * apply the valid rows (nothing is written before) → the result. Applying writes in batches
 * (progress shown); a second import of the same file finds everything 无变化.
 */
export function useRosterImport(options: { repositories: Repositories; branchId: () => string | null; roster: Context }) {
  const step = shallowRef<ImportStep>('file')
  const reading = shallowRef(false)
  const fileProblem = shallowRef<RosterFileErrorCode | null>(null)
  const file = shallowRef<{ name: string; encoding: string | null; table: SheetTable } | null>(null)
  const mapping = shallowRef<(RosterField | null)[]>([])
  const plan = shallowRef<RosterImportPlan | null>(null)
  const progress = shallowRef({ done: 0, total: 0 })
  const failed = shallowRef(false)

  const mappingProblem = computed((): { code: 'needName' } | { code: 'twice'; field: RosterField } | null => {
    if (!mapping.value.includes('name')) return { code: 'needName' }
    const twice = ROSTER_FIELDS.find((f) => mapping.value.filter((m) => m === f).length > 1)
    return twice ? { code: 'twice', field: twice } : null
  })
  const writes = computed(() => (plan.value ? plan.value.counts.create + plan.value.counts.update : 0))

  async function choose(chosen: File) {
    reading.value = true
    fileProblem.value = null
    try {
      const { readRosterFile, RosterFileError } = await import('./rosterFiles')
      try {
        const read = await readRosterFile(chosen)
        file.value = { name: chosen.name, encoding: read.encoding, table: read.table }
        mapping.value = guessMapping(read.table.headers)
        plan.value = null
        step.value = 'map'
      } catch (e) {
        if (!(e instanceof RosterFileError)) console.warn('reading a roster file failed', e)
        fileProblem.value = e instanceof RosterFileError ? e.code : 'unreadable'
      }
    } finally {
      reading.value = false
    }
  }

  function setColumn(index: number, field: RosterField | null) {
    mapping.value = mapping.value.map((f, i) => (i === index ? field : f))
  }

  function preview() {
    if (!file.value || mappingProblem.value) return
    const { people, groups, units } = options.roster
    plan.value = planRosterImport(file.value.table, mapping.value, { people: people.value, groups: groups.value, units: units.value })
    step.value = 'preview'
  }

  async function apply() {
    const branchId = options.branchId()
    const orgId = options.roster.orgId.value
    if (!plan.value || !branchId || !orgId) return
    const list = importWrites(plan.value, { orgId, branchId, newId: newRowId })
    step.value = 'applying'
    failed.value = false
    progress.value = { done: 0, total: list.length }
    try {
      await options.repositories.roster.saveMany(list, (done, total) => { progress.value = { done, total } })
    } catch (e) {
      console.warn('applying a roster import failed', e)
      failed.value = true
    }
    step.value = 'done'
  }

  function restart() {
    step.value = 'file'
    file.value = null
    plan.value = null
    fileProblem.value = null
  }

  return { step, reading, fileProblem, file, mapping, mappingProblem, plan, writes, progress, failed, choose, setColumn, preview, apply, restart, back: () => { step.value = 'map' } }
}
