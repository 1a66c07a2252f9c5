/**
 * The roster as an .xlsx file with Chinese headers (the words of zh-CN, whatever the app's
 * language, so the file reads as the office expects and imports back unchanged). Phones, ID numbers
 * and dates are written as text cells: Excel never turns them into numbers or its own dates.
 */
import type { RosterPerson } from '@/domain/roster'
import { ROSTER_FIELDS, type RosterField } from '@/domain/rosterImport'
import zhCN from '@/i18n/zh-CN'

const words = zhCN.roster

function cellOf(field: RosterField, p: RosterPerson, names: { group: Map<string, string>; unit: Map<string, string> }): string {
  switch (field) {
    case 'gender': return p.gender ? words.genders[p.gender] : ''
    case 'member_type': return words.types[p.member_type]
    case 'status': return words.statuses[p.status]
    case 'group': return (p.group_id && names.group.get(p.group_id)) || ''
    case 'unit': return (p.unit_id && names.unit.get(p.unit_id)) || ''
    default: return p[field] ?? ''
  }
}

/** Header and rows of the export, every cell text. */
export function rosterSheet(people: readonly RosterPerson[], names: { group: Map<string, string>; unit: Map<string, string> }): string[][] {
  return [ROSTER_FIELDS.map((f) => words.fields[f]), ...people.map((p) => ROSTER_FIELDS.map((f) => cellOf(f, p, names)))]
}

/** The .xlsx file of the roster (write-excel-file, loaded when asked). */
export async function rosterWorkbook(people: readonly RosterPerson[], names: { group: Map<string, string>; unit: Map<string, string> }): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const data = rosterSheet(people, names).map((row, i) => row.map((value) => ({ value, type: String, fontWeight: i === 0 ? ('bold' as const) : undefined })))
  const widths = [10, 6, 14, 22, 12, 12, 14, 14, 16, 12, 8, 24]
  return writeXlsxFile(data, { columns: widths.map((width) => ({ width })), sheet: words.title, stickyRowsCount: 1 }).toBlob()
}
