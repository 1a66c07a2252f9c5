import { computed, ref, shallowRef } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { pledgeSignatureSchema, type SignatureStrokes } from '@/domain/memberRecords'
import { currentPersonalTemplate, pledgeProblemCode, pledgeSignProblem, pledgeTextHash, signatureOf } from '@/domain/pledge'
import { fieldProblems } from '@/domain/validation'
import { uuidv7 } from '@/domain/syncIds'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { RecordOwner } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem, ErrorCode } from '@/i18n/codes'

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
  /** Why the last try to sign was refused (worded by the view), or null. */
  const error = shallowRef<CodedProblem | null>(null)
  const saving = ref(false)

  async function sign(strokes: SignatureStrokes): Promise<boolean> {
    error.value = null
    const owner = options.owner()
    if (!owner) {
      error.value = { code: 'pledge.notOnRoster' }
      return false
    }
    const problem = await pledgeSignProblem(template.value, signatures.value, owner.id)
    if (problem) {
      error.value = pledgeProblemCode(problem)
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
      // The schema's messages are codes (errors.signature.*): the strokes' is the one a member can fix.
      const problems = fieldProblems(parsed.error)
      const first = problems.strokes ?? Object.values(problems)[0]
      error.value = first ? { code: first.code as ErrorCode, params: first.params } : { code: 'pledge.invalid' }
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
  return { template, signature, year, error, saving, missing, problems, sign }
}
