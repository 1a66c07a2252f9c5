import { shallowRef, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { chinaDay } from '@/domain/chinaTime'
import type { RosterPerson } from '@/domain/roster'

/** 导出: the shown people as an .xlsx download (the writer loads on the first export). */
export function useRosterExport(options: { roster: { branchName: ComputedRef<string>; groupName: ComputedRef<Map<string, string>>; unitName: ComputedRef<Map<string, string>> }; now?: () => Date }) {
  const { t } = useI18n()
  const busy = shallowRef(false)
  const failed = shallowRef(false)
  async function download(people: readonly RosterPerson[]) {
    busy.value = true
    failed.value = false
    try {
      const { rosterWorkbook } = await import('./rosterExport')
      const blob = await rosterWorkbook(people, { group: options.roster.groupName.value, unit: options.roster.unitName.value })
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = t('roster.exportFileName', { branch: options.roster.branchName.value, day: chinaDay((options.now ?? (() => new Date()))()) })
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (e) {
      console.warn('roster export failed', e)
      failed.value = true
    } finally {
      busy.value = false
    }
  }
  return { busy, failed, download }
}
