import { computed } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { currentTemplate, yearSignatureOf } from '@/domain/pledge'
import type { Clock } from '@/composables/useClock'
import { useLiveQuery } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'

export interface HeadedUnit {
  id: string
  name: string
  kind: 'department' | 'subunit'
  /** This year's 党风廉政建设责任书 is published and the unit has signed it. */
  signed: boolean
  /** This year's 责任书 is published. */
  published: boolean
}

/**
 * The units whose head is the signed-in person (units.head_member_id = his roster row), each with
 * whether this year's 党风廉政建设责任书 is signed: 首页 and 我的 offer to sign it, the pledge page
 * signs it. Units, templates and the unit's signature are on the head's phone (organisation-wide
 * rows; the head reads his unit's signature).
 */
export function useHeadedUnits(options: {
  repositories: Pick<Repositories, 'yearSetup' | 'pledgeTemplates' | 'pledgeSignatures'>
  clock: Clock
  member: () => { id: string; org_id: string } | null
}) {
  const repos = options.repositories
  const read = useLiveQuery(() => {
    const member = options.member()
    if (!member) return null
    return async () => {
      const units = (await repos.yearSetup.units.ofOrg(member.org_id)).rows.filter((u) => u.head_member_id === member.id)
      const templates = (await repos.pledgeTemplates.ofOrg(member.org_id)).rows
      const signatures = (await Promise.all(units.map((u) => repos.pledgeSignatures.ofUnit(u.id)))).flatMap((c) => c.rows)
      return { units, templates, signatures }
    }
  }, null)
  const year = () => Number(chinaDay(options.clock()).slice(0, 4))
  const units = computed<HeadedUnit[]>(() => {
    const data = read.data.value
    if (!data) return []
    const published = currentTemplate(data.templates, year(), 'department') !== null
    return data.units
      .map((u) => ({
        id: u.id,
        name: u.name,
        kind: u.kind,
        published,
        signed: published && yearSignatureOf(data.signatures, data.templates, year(), 'department', { unitId: u.id }) !== null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  })
  return { units, ready: read.ready, error: read.error }
}
