import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { fenToYuan, parseMoney } from '@/domain/money'
import { uuidv7 } from '@/domain/syncIds'
import { campaignProblems, type CampaignInput, type SetupProblem } from '@/domain/yearSetup'
import { useLiveRows } from '@/composables/useLiveQuery'
import type { CodedProblem } from '@/i18n/codes'
import { useSetupContext } from './useSetupContext'

type Fields = Record<'name' | 'recipient' | 'starts_on' | 'ends_on' | 'handed_over_on' | 'handed_over' | 'receipt_note', string>

/**
 * A donation campaign (博爱一日捐 ...): recipient, dates, hand-over day, amount handed over (typed in
 * yuan, read exactly) and the receipt note. Saving a new one makes the form edit it.
 */
export function useSetupCampaignForm(id: () => string | null) {
  const ctx = useSetupContext()
  const savedId = shallowRef<string | null>(null)
  const currentId = () => savedId.value ?? id()
  const read = useLiveRows(() => {
    const current = currentId()
    return current ? () => ctx.repos.yearSetup.campaigns.byId(current) : null
  })
  const stored = computed(() => read.rows.value[0] ?? null)
  const fields = reactive<Fields>({ name: '', recipient: '', starts_on: '', ends_on: '', handed_over_on: '', handed_over: '', receipt_note: '' })
  const problems = shallowRef<Partial<Record<keyof Fields, SetupProblem | CodedProblem>>>({})
  const saving = ref(false)
  const saved = ref(false)
  let filled = ''
  watch(stored, (row) => {
    if (!row || filled === row.id) return
    filled = row.id
    Object.assign(fields, {
      name: row.name,
      recipient: row.recipient ?? '',
      starts_on: row.starts_on ?? '',
      ends_on: row.ends_on ?? '',
      handed_over_on: row.handed_over_on ?? '',
      handed_over: row.handed_over_fen == null ? '' : fenToYuan(row.handed_over_fen),
      receipt_note: row.receipt_note ?? '',
    })
  }, { immediate: true })

  async function save(): Promise<boolean> {
    saved.value = false
    const org = ctx.orgId.value
    if (!org) return false
    const found: Partial<Record<keyof Fields, SetupProblem | CodedProblem>> = {}
    let fen: number | null = null
    if (fields.handed_over.trim()) {
      const money = parseMoney(fields.handed_over, { minFen: 0, maxFen: 2_000_000_000 })
      if (money.ok) fen = money.value
      else found.handed_over = { code: money.code, params: money.params }
    }
    const input: CampaignInput = {
      name: fields.name,
      recipient: fields.recipient,
      starts_on: fields.starts_on || null,
      ends_on: fields.ends_on || null,
      handed_over_on: fields.handed_over_on || null,
      handed_over_fen: fen,
      receipt_note: fields.receipt_note,
    }
    Object.assign(found, campaignProblems(input))
    problems.value = found
    if (Object.keys(found).length) return false
    saving.value = true
    try {
      const row = {
        id: currentId() ?? uuidv7(),
        org_id: org,
        name: input.name.trim(),
        recipient: input.recipient.trim() || null,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        handed_over_on: input.handed_over_on,
        handed_over_fen: input.handed_over_fen,
        receipt_note: input.receipt_note.trim() || null,
        ...(stored.value ? {} : { year: ctx.year.value }),
      }
      await ctx.repos.yearSetup.campaigns.put(row)
      savedId.value = row.id
      filled = row.id
      saved.value = true
      return true
    } finally {
      saving.value = false
    }
  }
  return { fields, problems, saving, saved, save, stored, year: ctx.year, read }
}
