import { computed, reactive, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useClock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import { useRepositories } from '@/composables/useRepositories'
import { chinaDay } from '@/domain/chinaTime'
import { fenToYuan, parseMoney } from '@/domain/money'
import { parseWholeNumber } from '@/domain/numberInput'
import type { VisitRow } from '@/domain/rows'
import { uuidv7 } from '@/domain/syncIds'
import { goodsItemsOf, parseGoodsQuantity, visitSchema, VISIT_LIMITS, type ValidationProblem } from '@/domain/visits'
import { problemMessage, type CodedProblem } from '@/i18n/codes'
import { useVisitScope } from './useVisitScope'

export interface GoodsDraft {
  name: string
  quantity: string
  unit: string
}

const emptyFields = (today: string) => ({
  branch_id: '',
  kind: '',
  visited_on: today,
  place: '',
  households: '',
  persons: '',
  funds: '',
  notes: '',
  goods: [] as GoodsDraft[],
  participant_ids: [] as string[],
  visited_member_ids: [] as string[],
})

/**
 * The form for one visit, new (`id()` null) or edited, by the branch's committee or an admin (who
 * picks the branch of a new one, `?branch=` first): numbers read exactly as typed
 * (money in yuan → fen, quantities to one decimal), checked by the write schema, saved on the device
 * through the visits repository. Refusals stay codes until shown, so nothing typed is lost.
 */
export function useVisitForm(options: { id: () => string | null; onSaved?: (id: string) => void | Promise<void> }) {
  const { t } = useI18n()
  const repositories = useRepositories()
  const clock = useClock()
  const { scope, branches } = useVisitScope()
  const today = () => chinaDay(clock())
  const fields = reactive(emptyFields(today()))
  const problems = shallowRef<Record<string, CodedProblem>>({})
  const formProblem = shallowRef<CodedProblem | null>(null)
  const saving = shallowRef(false)
  const savedId = shallowRef<string | null>(null)
  const currentId = () => savedId.value ?? options.id()
  const read = useLiveRows<VisitRow>(() => {
    const id = currentId()
    return id ? () => repositories.visits.byId(id) : null
  })
  const existing = computed(() => read.rows.value[0] ?? null)
  let loaded: string | null = null
  watch(existing, (row) => {
    if (!row || row.id === loaded) return
    loaded = row.id
    Object.assign(fields, {
      branch_id: row.branch_id,
      kind: row.kind,
      visited_on: row.visited_on,
      place: row.place ?? '',
      households: String(row.households ?? 0),
      persons: String(row.persons ?? 0),
      funds: fenToYuan(row.funds_fen ?? 0),
      notes: row.notes ?? '',
      goods: goodsItemsOf(row).map((g) => ({ name: g.name, quantity: String(g.quantity), unit: g.unit })),
      participant_ids: [...(row.participant_ids ?? [])],
      visited_member_ids: [...(row.visited_member_ids ?? [])],
    })
  }, { immediate: true })
  // A new visit is for the scope's branch until its user picks another (admins).
  watch(() => scope.value?.branchId, (branch) => {
    if (branch && !fields.branch_id && options.id() === null) fields.branch_id = branch
  }, { immediate: true })
  const editing = computed(() => options.id() !== null)
  const missing = computed(() => editing.value && read.ready.value && !existing.value && read.invalid.value.length === 0)
  const errors = computed(() => Object.fromEntries(Object.entries(problems.value).map(([k, p]) => [k, problemMessage(t, p)])))
  const formError = computed(() => (formProblem.value ? problemMessage(t, formProblem.value) : ''))

  function columns() {
    const early: Record<string, CodedProblem> = {}
    const whole = (key: string, text: string, max: number) => {
      const n = parseWholeNumber(text, { max })
      if (!n.ok) early[key] = n
      return n.ok ? n.value : undefined
    }
    const funds = parseMoney(fields.funds, { minFen: 0, maxFen: VISIT_LIMITS.fundsFen })
    if (!funds.ok) early.funds_fen = funds
    const goods = fields.goods.map((g, i) => {
      const q = parseGoodsQuantity(g.quantity)
      if (!q.ok) early[`goods_items.${i}.quantity`] = q
      return { name: g.name, quantity: q.ok ? q.value : 0, unit: g.unit }
    })
    return {
      early,
      row: {
        kind: fields.kind || undefined,
        visited_on: fields.visited_on,
        place: fields.place,
        households: whole('households', fields.households, VISIT_LIMITS.households),
        persons: whole('persons', fields.persons, VISIT_LIMITS.persons),
        funds_fen: funds.ok ? funds.value : undefined,
        goods_items: goods,
        participant_ids: fields.participant_ids,
        visited_member_ids: fields.visited_member_ids,
        notes: fields.notes,
      },
    }
  }

  async function save(): Promise<boolean> {
    formProblem.value = null
    const s = scope.value
    if (!s) return refuse({ code: 'record.noMember' })
    const id = currentId()
    const stored = id ? ((await repositories.visits.byId(id)).rows[0] ?? null) : null
    if (id && !stored) return refuse({ code: 'record.notFound' })
    const branchId = stored?.branch_id ?? fields.branch_id
    if (!branchId) return refuse({ code: 'visit.branchRequired' })
    if (!s.canWrite(branchId)) return refuse({ code: 'visit.notCommittee' })
    const { early, row } = columns()
    // Who went is on the visit's branch roster (the server refuses anyone else): a pick made before the branch changed.
    const roster = new Set((await repositories.members.ofBranch(branchId)).rows.map((m) => m.id))
    if (fields.participant_ids.some((p) => !roster.has(p))) early.participant_ids = { code: 'visit.participantOtherBranch' }
    const base = stored ? { id: stored.id, org_id: stored.org_id, branch_id: stored.branch_id } : { id: uuidv7(), org_id: s.orgId, branch_id: branchId }
    const parsed = visitSchema(today()).safeParse({ ...base, ...row })
    problems.value = { ...(parsed.success ? {} : problemsOf(parsed.error.issues)), ...early }
    if (!parsed.success || Object.keys(early).length) return false
    saving.value = true
    try {
      await repositories.visits.put(parsed.data)
    } catch (error) {
      return refuse({ code: 'record.saveFailed', params: { message: (error as Error).message } })
    } finally {
      saving.value = false
    }
    loaded = parsed.data.id
    savedId.value = parsed.data.id
    try {
      await options.onSaved?.(parsed.data.id)
    } catch (error) {
      console.error('after a saved visit', error)
    }
    return true
  }

  function refuse(problem: CodedProblem): false {
    formProblem.value = problem
    return false
  }

  async function remove(): Promise<boolean> {
    const row = existing.value
    if (!row) return false
    await repositories.visits.remove(row.id)
    return true
  }

  const addGoods = () => fields.goods.push({ name: '', quantity: '', unit: '' })
  const removeGoods = (i: number) => fields.goods.splice(i, 1)
  return { fields, errors, formError, saving, editing, missing, existing, scope, branches, problems: useDataProblems(read), save, remove, addGoods, removeGoods }
}

/** First refusal per field; goods items per item and column (`goods_items.0.name`). */
function problemsOf(issues: readonly ValidationProblem[]): Record<string, CodedProblem> {
  const out: Record<string, CodedProblem> = {}
  for (const issue of issues) {
    const [field, index, column] = issue.path
    const key = field === 'goods_items' && typeof index === 'number' ? `goods_items.${index}.${String(column)}` : String(field ?? '_')
    const params = (issue.params ?? (issue.maximum !== undefined ? { max: Number(issue.maximum) } : {})) as Record<string, string | number>
    out[key] ??= { code: issue.message as CodedProblem['code'], params }
  }
  return out
}
