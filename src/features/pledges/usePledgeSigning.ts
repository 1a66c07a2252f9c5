import { computed, ref } from 'vue'
import { chinaDay, fieldErrors, pledgeSignatureSchema, type SignatureStrokes } from '@/domain/memberRecords'
import { PLEDGE_MESSAGES, currentPersonalTemplate, pledgeTextHash, signProblem, signatureOf, type PledgeTemplateLike } from '@/domain/pledge'
import { newRowId } from '@/data/repositories/rows'
import type { Clock } from '@/composables/useClock'
import type { DataRow, MemberDataSource } from '../records/useMemberData'
import { useLiveRows } from '../records/useMemberData'
import type { RecordOwner } from '../records/useOwnRecordForm'

export interface PledgeSigningOptions {
  source: MemberDataSource
  clock: Clock
  owner: () => (RecordOwner & { name: string }) | null
}

/** This year's personal pledge: read it, sign it once, see the signature afterwards. */
export function usePledgeSigning(options: PledgeSigningOptions) {
  const { source } = options
  const { rows: templates, ready } = useLiveRows(source, () => (options.owner() ? { table: 'pledge_templates', index: 'org_id', equals: options.owner()!.org_id } : null))
  const { rows: signatures } = useLiveRows(source, () => (options.owner() ? { table: 'pledge_signatures', index: 'member_id', equals: options.owner()!.id } : null))
  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const template = computed(() => currentPersonalTemplate(templates.value as unknown as (PledgeTemplateLike & DataRow)[], year.value))
  const signature = computed(() => (template.value && options.owner() ? signatureOf(signatures.value as never[], template.value.id, options.owner()!.id) as DataRow | null : null))
  const error = ref('')
  const saving = ref(false)

  async function sign(strokes: SignatureStrokes): Promise<boolean> {
    error.value = ''
    const owner = options.owner()
    if (!owner) {
      error.value = '你的账号尚未关联党员名册，不能签署'
      return false
    }
    const problem = await signProblem(template.value, signatures.value as never[], owner.id)
    if (problem) {
      error.value = problem
      return false
    }
    const parsed = pledgeSignatureSchema.safeParse({
      id: newRowId(),
      org_id: owner.org_id,
      branch_id: owner.branch_id,
      member_id: owner.id,
      template_id: template.value!.id,
      signer_name: owner.name,
      signed_text_sha256: await pledgeTextHash(template.value!.body),
      strokes,
      signed_at: options.clock().toISOString(),
    })
    if (!parsed.success) {
      error.value = Object.values(fieldErrors(parsed.error))[0] ?? '签名无效'
      return false
    }
    saving.value = true
    try {
      await source.put('pledge_signatures', parsed.data as DataRow)
      return true
    } finally {
      saving.value = false
    }
  }

  const missing = computed(() => ready.value && !template.value)
  return { template, signature, year, error, saving, missing, sign, messages: PLEDGE_MESSAGES }
}
