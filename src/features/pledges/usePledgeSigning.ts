import { computed, ref } from 'vue'
import { chinaDay, fieldErrors, pledgeSignatureSchema, type SignatureStrokes } from '@/domain/memberRecords'
import { PLEDGE_MESSAGES, currentPersonalTemplate, pledgeTextHash, signProblem, signatureOf } from '@/domain/pledge'
import { uuidv7 } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { RecordOwner } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'

export interface PledgeSigningOptions {
  repositories: Pick<Repositories, 'pledgeTemplates' | 'pledgeSignatures'>
  clock: Clock
  owner: () => (RecordOwner & { name: string }) | null
}

/** This year's personal pledge: read it, sign it once, see the signature afterwards. */
export function usePledgeSigning(options: PledgeSigningOptions) {
  const repos = options.repositories
  const templateRead = useLiveRows(() => {
    const org = options.owner()?.org_id
    return org ? () => repos.pledgeTemplates.ofOrg(org) : null
  })
  const signatureRead = useLiveRows(() => {
    const member = options.owner()?.id
    return member ? () => repos.pledgeSignatures.ofMember(member) : null
  })
  const { rows: templates, ready } = templateRead
  const { rows: signatures } = signatureRead
  const problems = useDataProblems(templateRead, signatureRead)
  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const template = computed(() => currentPersonalTemplate(templates.value, year.value))
  const signature = computed(() => {
    const owner = options.owner()
    return template.value && owner ? signatureOf(signatures.value, template.value.id, owner.id) : null
  })
  const error = ref('')
  const saving = ref(false)

  async function sign(strokes: SignatureStrokes): Promise<boolean> {
    error.value = ''
    const owner = options.owner()
    if (!owner) {
      error.value = '你的账号尚未关联党员名册，不能签署'
      return false
    }
    const problem = await signProblem(template.value, signatures.value, owner.id)
    if (problem) {
      error.value = problem
      return false
    }
    const parsed = pledgeSignatureSchema.safeParse({
      id: uuidv7(),
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
      await repos.pledgeSignatures.put(parsed.data)
      return true
    } finally {
      saving.value = false
    }
  }

  const missing = computed(() => ready.value && !template.value)
  return { template, signature, year, error, saving, missing, problems, sign, messages: PLEDGE_MESSAGES }
}
