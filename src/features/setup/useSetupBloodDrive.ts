import { computed, ref, shallowRef, watch } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { parseWholeNumber } from '@/domain/numberInput'
import { uuidv7 } from '@/domain/syncIds'
import { bloodTotals } from '@/domain/yearSetup'
import type { CodedProblem } from '@/i18n/codes'
import { useServerRead, useSetupContext } from './useSetupContext'

/**
 * A blood drive's roll (who registered, who gave and how much) from the server, and the
 * committee's recording of a donation for a member: a blood_donations row in the member's branch
 * linked to the drive. What was recorded on this phone shows at once; the roll follows at sync.
 */
export function useSetupBloodDrive(eventId: () => string) {
  const ctx = useSetupContext()
  const roll = useServerRead(() => ctx.repos.yearSetup.bloodDriveRoll(eventId()))
  watch(eventId, () => roll.load(), { immediate: true })
  // Someone who gave blood without registering first: anyone active on the roster (admins only).
  const people = useServerRead(() => (ctx.session.roles.includes('admin') ? ctx.repos.yearSetup.orgPeople() : null))
  void people.load()
  const others = computed(() => {
    const registered = new Set((roll.value.value?.registered ?? []).map((r) => r.member_id))
    return (people.value.value ?? []).filter((p) => !registered.has(p.member_id))
  })
  const recorded = shallowRef<{ member_id: string; name: string; volume_ml: number }[]>([])
  const donations = computed(() => [
    ...(roll.value.value?.donations ?? []),
    ...recorded.value.filter((r) => !(roll.value.value?.donations ?? []).some((d) => d.member_id === r.member_id)),
  ])
  const totals = computed(() => bloodTotals(donations.value))
  const memberId = ref('')
  const volume = ref('')
  const problems = shallowRef<Partial<Record<'member' | 'volume', CodedProblem>>>({})
  const saving = ref(false)

  async function record(): Promise<boolean> {
    const org = ctx.orgId.value
    const drive = roll.value.value
    if (!org || !drive) return false
    const found: Partial<Record<'member' | 'volume', CodedProblem>> = {}
    const person = drive.registered.find((r) => r.member_id === memberId.value) ?? others.value.find((p) => p.member_id === memberId.value)
    if (!person) found.member = { code: 'setup.memberRequired' }
    const ml = parseWholeNumber(volume.value, { min: 50, max: 800 })
    if (!ml.ok) found.volume = { code: ml.code, params: ml.params }
    problems.value = found
    if (!person || !ml.ok) return false
    saving.value = true
    try {
      await ctx.repos.yearSetup.blood.put({
        id: uuidv7(),
        org_id: org,
        branch_id: person.branch_id,
        event_id: drive.event.id,
        member_id: person.member_id,
        volume_ml: ml.value,
        donated_on: chinaDay(new Date(drive.event.starts_at)),
      })
      recorded.value = [...recorded.value, { member_id: person.member_id, name: person.name, volume_ml: ml.value }]
      memberId.value = ''
      volume.value = ''
      return true
    } finally {
      saving.value = false
    }
  }
  return { roll, others, donations, totals, memberId, volume, problems, saving, record }
}
