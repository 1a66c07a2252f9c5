import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { parseWholeNumber } from '@/domain/numberInput'
import { monthStart, xuexiProblems, xuexiUsageRowId, type SetupProblem } from '@/domain/yearSetup'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { CodedProblem } from '@/i18n/codes'
import { useSetupContext } from './useSetupContext'

type Entry = { total: string; using: string }

/**
 * 学习强国 usage of a month: one row per branch the user keeps it for (an admin every branch of the
 * organisation, a secretary or organizer his own). What the device holds fills the form; a row is
 * written with the id every device derives, so a second entry for the month updates it.
 */
export function useSetupXuexi(defaultMonth: () => string) {
  const ctx = useSetupContext()
  const isAdmin = computed(() => ctx.session.roles.includes('admin'))
  const ownBranches = computed(() =>
    (ctx.session.profile?.roles ?? []).filter((r) => r.branch_id && (r.role === 'secretary' || r.role === 'organizer')).map((r) => r.branch_id!),
  )
  const branchRead = useLiveRows(() => {
    const org = ctx.orgId.value
    return org ? () => ctx.repos.branches.ofOrg(org) : null
  })
  const branches = computed(() =>
    branchRead.rows.value
      .filter((b) => isAdmin.value || ownBranches.value.includes(b.id))
      .sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)),
  )
  const usageRead = useLiveRows(() => {
    const org = ctx.orgId.value
    if (!org) return null
    return isAdmin.value ? () => ctx.repos.yearSetup.xuexi.ofOrg(org) : () => ctx.repos.yearSetup.xuexi.ofBranch(ownBranches.value)
  })
  const month = ref(defaultMonth().slice(0, 7))
  const entries = reactive<Record<string, Entry>>({})
  const problems = shallowRef<Record<string, Partial<Record<'month' | 'total' | 'using', SetupProblem | CodedProblem>>>>({})
  const saving = ref(false)
  const saved = ref(false)
  const stored = computed(() => {
    const first = monthStart(month.value)
    return new Map(usageRead.rows.value.filter((r) => r.month === first).map((r) => [r.branch_id, r]))
  })
  // Fill each branch's entry from the stored row when the month (or what is stored) changes.
  watch([month, stored, branches], () => {
    for (const b of branches.value) {
      const row = stored.value.get(b.id)
      // A stored row fills the entry; without one, what was typed stays (nothing typed is lost).
      if (row) entries[b.id] = { total: String(row.members_total), using: String(row.members_using) }
      else entries[b.id] ??= { total: '', using: '' }
    }
  }, { immediate: true })
  watch(month, () => void (saved.value = false))

  async function save(): Promise<boolean> {
    saved.value = false
    const org = ctx.orgId.value
    const first = monthStart(month.value)
    if (!org) return false
    const found: typeof problems.value = {}
    const rows = []
    for (const b of branches.value) {
      const entry = entries[b.id]
      if (!entry || (!entry.total.trim() && !entry.using.trim())) continue
      const total = parseWholeNumber(entry.total, { min: 0, max: 100000 })
      const using = parseWholeNumber(entry.using, { min: 0, max: 100000 })
      const p: Partial<Record<'month' | 'total' | 'using', SetupProblem | CodedProblem>> = {}
      if (!total.ok) p.total = { code: total.code, params: total.params }
      if (!using.ok) p.using = { code: using.code, params: using.params }
      if (total.ok && using.ok) Object.assign(p, xuexiProblems({ month: month.value, total: total.value, using: using.value }))
      if (Object.keys(p).length) found[b.id] = p
      else if (first && total.ok && using.ok) rows.push({ id: xuexiUsageRowId(b.id, first), org_id: org, branch_id: b.id, month: first, members_total: total.value, members_using: using.value })
    }
    if (!first) found._month = { month: { code: 'setup.monthInvalid' } }
    problems.value = found
    if (Object.keys(found).length || rows.length === 0) return false
    saving.value = true
    try {
      for (const row of rows) await ctx.repos.yearSetup.xuexi.put(row)
      saved.value = true
      return true
    } finally {
      saving.value = false
    }
  }
  return { month, branches, entries, problems, saving, saved, save, dataProblems: useDataProblems(branchRead, usageRead), usageRows: usageRead.rows }
}
