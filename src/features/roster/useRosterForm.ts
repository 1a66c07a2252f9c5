import { computed, reactive, shallowRef, watch, type Ref } from 'vue'
import {
  readDay, readGender, readIdNumber, readMemberType, readName, readNote, readPhone, readTitle,
  type Read, type RosterPerson, type RosterProblemCode,
} from '@/domain/roster'
import { newRowId } from '@/data/repositories/rows'
import type { Repositories } from '@/data/repositories'

export interface RosterFormFields {
  name: string
  gender: string
  member_type: string
  group_id: string
  unit_id: string
  is_committee: boolean
  committee_title: string
  joined_party_on: string
  phone: string
  birth_date: string
  id_number: string
  note: string
}
type Problem = { code: RosterProblemCode; params?: Record<string, string | number> }
export type RosterFormProblems = Partial<Record<keyof RosterFormFields, Problem>>

const EMPTY: RosterFormFields = {
  name: '', gender: '', member_type: 'full', group_id: '', unit_id: '', is_committee: false, committee_title: '',
  joined_party_on: '', phone: '', birth_date: '', id_number: '', note: '',
}

const fieldsOf = (p: RosterPerson): RosterFormFields => ({
  name: p.name, gender: p.gender ?? '', member_type: p.member_type, group_id: p.group_id ?? '', unit_id: p.unit_id ?? '',
  is_committee: p.is_committee, committee_title: p.committee_title ?? '', joined_party_on: p.joined_party_on ?? '',
  phone: p.phone ?? '', birth_date: p.birth_date ?? '', id_number: p.id_number ?? '', note: p.note ?? '',
})

/**
 * 添加/编辑人员: the fields read by the same rules as the import (nothing reshaped), all problems
 * shown at once, a phone already on the roster refused, then the members row and its details row
 * saved in one client transaction.
 */
export function useRosterForm(options: {
  repositories: Repositories
  people: Ref<RosterPerson[]>
  branchId: () => string | null
  orgId: () => string | null
  memberId: () => string | null
}) {
  const fields = reactive<RosterFormFields>({ ...EMPTY })
  const problems = shallowRef<RosterFormProblems>({})
  const saving = shallowRef(false)
  const saveFailed = shallowRef(false)
  const existing = computed(() => (options.memberId() ? options.people.value.find((p) => p.id === options.memberId()) ?? null : null))
  let loadedFor: string | null = null
  watch(existing, (p) => {
    if (p && loadedFor !== p.id) {
      loadedFor = p.id
      Object.assign(fields, fieldsOf(p))
    }
  }, { immediate: true })

  function check() {
    const found: RosterFormProblems = {}
    const take = <T>(key: keyof RosterFormFields, r: Read<T>): T | null => {
      if (r.ok) return r.value
      found[key] = { code: r.code, params: r.params }
      return null
    }
    const values = {
      name: take('name', readName(fields.name)),
      gender: take('gender', readGender(fields.gender)),
      member_type: take('member_type', readMemberType(fields.member_type)) ?? 'full',
      committee_title: take('committee_title', readTitle(fields.committee_title)),
      joined_party_on: take('joined_party_on', readDay(fields.joined_party_on)),
      phone: take('phone', readPhone(fields.phone)),
      birth_date: take('birth_date', readDay(fields.birth_date)),
      id_number: take('id_number', readIdNumber(fields.id_number)),
      note: take('note', readNote(fields.note)),
    }
    const self = options.memberId()
    const owner = values.phone ? options.people.value.find((p) => p.phone === values.phone && p.id !== self && p.status !== 'transferred') : undefined
    if (owner) found.phone = { code: 'phone.takenInRoster', params: { name: owner.name } }
    if (values.birth_date && values.joined_party_on && values.joined_party_on <= values.birth_date) found.joined_party_on = { code: 'date.joinedBeforeBirth' }
    problems.value = found
    return Object.keys(found).length === 0 ? values : null
  }

  /** Saves; the id of the saved person, or null (problems shown, or the write failed). */
  async function save(): Promise<string | null> {
    const values = check()
    const branchId = options.branchId()
    const orgId = options.orgId()
    if (!values || !branchId || !orgId) return null
    const id = existing.value?.id ?? newRowId()
    const base = { id, org_id: orgId, branch_id: branchId }
    const { phone, birth_date, id_number, note, ...member } = values
    const hasDetails = [phone, birth_date, id_number, note].some((v) => v !== null) || existing.value?.phone || existing.value?.birth_date || existing.value?.id_number || existing.value?.note
    saving.value = true
    saveFailed.value = false
    try {
      await options.repositories.roster.save({
        member: { ...base, ...member, name: member.name ?? '', group_id: fields.group_id || null, unit_id: fields.unit_id || null, is_committee: fields.is_committee, ...(existing.value ? {} : { status: 'active' as const }) },
        details: hasDetails ? { ...base, phone, birth_date, id_number, note } : null,
      })
      return id
    } catch (e) {
      console.warn('saving a roster row failed', e)
      saveFailed.value = true
      return null
    } finally {
      saving.value = false
    }
  }

  return { fields, problems, saving, saveFailed, existing, save }
}
