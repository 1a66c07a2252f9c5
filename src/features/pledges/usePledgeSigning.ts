import { computed, ref, shallowRef } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { pledgeSignatureSchema, type SignatureStrokes } from '@/domain/memberRecords'
import { currentTemplate, pledgeProblemCode, pledgeSignProblem, pledgeTextHash, yearSignatureOf } from '@/domain/pledge'
import { unitPledgeSignatureSchema } from '@/domain/yearSetup'
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
  /** The unit whose 党风廉政建设责任书 the owner signs as its head; absent: his personal pledge. */
  unitId?: () => string | null
}

/**
 * This year's pledge: read it, sign it once, see the signature afterwards. The personal
 * 廉洁从政承诺书, or with `unitId` the unit's 党风廉政建设责任书, signed by its head (the server
 * refuses anyone else and writes the head's name).
 */
export function usePledgeSigning(options: PledgeSigningOptions) {
  const repos = options.repositories
  const unitId = () => options.unitId?.() ?? null
  const kind = () => (unitId() ? 'department' : 'personal') as 'department' | 'personal'
  const templateRead = useLiveRows(() => {
    const org = options.owner()?.org_id
    return org ? () => repos.pledgeTemplates.ofOrg(org) : null
  })
  const signatureRead = useLiveRows(() => {
    const unit = unitId()
    if (unit) return () => repos.pledgeSignatures.ofUnit(unit)
    const member = options.owner()?.id
    return member ? () => repos.pledgeSignatures.ofMember(member) : null
  })
  const { rows: templates, ready } = templateRead
  const { rows: signatures } = signatureRead
  const problems = useDataProblems(templateRead, signatureRead)
  const year = computed(() => Number(chinaDay(options.clock()).slice(0, 4)))
  const template = computed(() => currentTemplate(templates.value, year.value, kind()))
  const signer = () => {
    const unit = unitId()
    const owner = options.owner()
    return unit ? { unitId: unit } : owner ? { memberId: owner.id } : null
  }
  const signature = computed(() => {
    const who = signer()
    return template.value && who ? yearSignatureOf(signatures.value, templates.value, year.value, kind(), who) : null
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
    const unit = unitId()
    const problem = await pledgeSignProblem(template.value, signatures.value, unit ? { unitId: unit } : owner.id, templates.value)
    if (problem) {
      error.value = pledgeProblemCode(problem)
      return false
    }
    const common = {
      id: uuidv7(),
      org_id: owner.org_id,
      template_id: template.value!.id,
      // The server writes the signer's name from the roster and its own time.
      signer_name: owner.name,
      signed_text_sha256: await pledgeTextHash(template.value!.body),
      strokes,
      signed_at: options.clock().toISOString(),
    }
    const parsed = unit
      ? unitPledgeSignatureSchema.safeParse({ ...common, unit_id: unit })
      : pledgeSignatureSchema.safeParse({ ...common, branch_id: owner.branch_id, member_id: owner.id })
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
