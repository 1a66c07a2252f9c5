import { computed, type Ref } from 'vue'
import type { ComposerTranslation } from 'vue-i18n'
import { offeredInPicker } from '@/domain/admin'
import { MEMBER_TYPES } from '@/domain/roster'
import type { RosterFormFields } from './useRosterForm'

type TextKey = 'name' | 'committee_title' | 'joined_party_on' | 'phone' | 'birth_date' | 'id_number' | 'note'
type SelectKey = 'gender' | 'member_type' | 'group_id' | 'unit_id'
interface Named { id: string; name: string; active?: boolean | null }

/** The text fields of 添加/编辑人员, in order, with their placeholders' keys and keyboards. */
export const ROSTER_FORM_TEXTS: readonly { key: TextKey; placeholder: string; mode?: 'tel' | 'numeric' }[] = [
  { key: 'name', placeholder: 'roster.form.namePlaceholder' },
  { key: 'committee_title', placeholder: 'roster.form.titlePlaceholder' },
  { key: 'joined_party_on', placeholder: 'roster.form.datePlaceholder' },
  { key: 'phone', placeholder: 'roster.form.phonePlaceholder', mode: 'tel' },
  { key: 'birth_date', placeholder: 'roster.form.datePlaceholder' },
  { key: 'id_number', placeholder: 'roster.form.idPlaceholder' },
  { key: 'note', placeholder: 'roster.none' },
]

/**
 * The choices of 添加/编辑人员 as `[value, words]` pairs: groups and units no longer active are
 * offered only to the person already in one, so editing never silently moves them out.
 */
export function useRosterFormChoices(options: {
  t: ComposerTranslation
  fields: RosterFormFields
  groups: Ref<readonly Named[]>
  units: Ref<readonly Named[]>
}) {
  const { t, fields } = options
  return computed((): { key: SelectKey; label?: string; options: string[][] }[] => [
    { key: 'gender', options: [['', t('roster.none')], ['male', t('roster.genders.male')], ['female', t('roster.genders.female')]] },
    { key: 'member_type', options: MEMBER_TYPES.map((m) => [m, t(`roster.types.${m}`)]) },
    { key: 'group_id', label: 'group', options: [['', t('roster.form.noGroup')], ...offeredInPicker(options.groups.value, fields.group_id).map((g) => [g.id, g.name])] },
    { key: 'unit_id', label: 'unit', options: [['', t('roster.form.noUnit')], ...offeredInPicker(options.units.value, fields.unit_id).map((u) => [u.id, u.name])] },
  ])
}
