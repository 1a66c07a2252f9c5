/**
 * Importing a roster from a spreadsheet: columns mapped to fields (Chinese header synonyms), each
 * row read exactly or refused with (row, column, code), duplicate phones and ID numbers found in the
 * file and against the roster, and each valid row matched to an existing person (by phone, else ID
 * number, else name and birth date) so that importing the same file twice changes nothing.
 * Nothing here writes: `planRosterImport` says what applying would do; the caller applies it.
 */
import {
  birthDateOfIdNumber, cleanText, readDateCell, readDay, readExcelSerialDay, readGender, readIdNumber, readMemberType,
  readName, readNote, readPhone, readStatus, readTitle,
  type Gender, type MemberStatus, type MemberType, type Read, type RosterPerson, type RosterProblemCode,
} from './roster'
import { ROSTER_HEADER_WORDS } from '@/i18n/rosterWords'

export const ROSTER_FIELDS = [
  'name', 'gender', 'phone', 'id_number', 'birth_date', 'joined_party_on', 'member_type',
  'group', 'unit', 'committee_title', 'status', 'note',
] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

/** Headers people write for each field (the words are in src/i18n/rosterWords.ts). */
export const HEADER_SYNONYMS: Record<RosterField, readonly string[]> = ROSTER_HEADER_WORDS

const headerKey = (h: string) => h.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
const SYNONYM_INDEX = new Map<string, RosterField>(
  ROSTER_FIELDS.flatMap((f) => HEADER_SYNONYMS[f].map((s) => [headerKey(s), f] as const)),
)

/** The field each column most likely holds (null: not imported); a field is guessed for one column only. */
export function guessMapping(headers: readonly string[]): (RosterField | null)[] {
  const taken = new Set<RosterField>()
  return headers.map((h) => {
    const field = SYNONYM_INDEX.get(headerKey(h))
    if (!field || taken.has(field)) return null
    taken.add(field)
    return field
  })
}

/** A cell as the file readers give it: text, a number cell's exact text, a date cell, or empty. */
export type SheetCell = string | { numeric: string } | Date | boolean | null

export interface SheetTable {
  headers: string[]
  /** Data rows below the header row. */
  rows: SheetCell[][]
  /** The spreadsheet row number of the header (1 for the first row); data rows follow it. */
  headerRow: number
}

export interface RosterImportContext {
  people: readonly RosterPerson[]
  groups: readonly { id: string; name: string }[]
  units: readonly { id: string; name: string }[]
}

export interface ImportProblem {
  /** The spreadsheet's row number, as the user sees it in Excel. */
  row: number
  /** The column's header as written in the file ('' for a problem of the whole row). */
  column: string
  field: RosterField | null
  code: RosterProblemCode
  params?: Record<string, string | number>
  /** The person the row is about, as its name cell reads (null: the row has no name). */
  name?: string | null
}

/** What the row sets, per field (only the fields the file maps: an unmapped column changes nothing). */
export interface ImportValues {
  name?: string
  gender?: Gender | null
  phone?: string | null
  id_number?: string | null
  birth_date?: string | null
  joined_party_on?: string | null
  member_type?: MemberType | null
  group_id?: string | null
  unit_id?: string | null
  committee_title?: string | null
  status?: MemberStatus | null
  note?: string | null
}
export type ImportColumn = keyof ImportValues

export interface PlannedRow {
  row: number
  action: 'create' | 'update' | 'unchanged'
  /** The matched person (update/unchanged), else null. */
  existing: RosterPerson | null
  values: ImportValues
  /** The columns an update changes. */
  changes: ImportColumn[]
}

export interface RosterImportPlan {
  rows: PlannedRow[]
  problems: ImportProblem[]
  /** Rows with at least one problem (not applied). */
  invalidRows: number
  counts: { create: number; update: number; unchanged: number }
  /** Data rows read (empty rows skipped). */
  total: number
}

function cellText(cell: SheetCell): string {
  if (cell === null) return ''
  if (typeof cell === 'string') return cell
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE'
  if (cell instanceof Date) return cell.toISOString().slice(0, 10)
  return cell.numeric
}

const isNumeric = (cell: SheetCell): cell is { numeric: string } => typeof cell === 'object' && cell !== null && !(cell instanceof Date)

function readCell(field: RosterField, cell: SheetCell, ctx: RosterImportContext): Read<unknown> {
  if (field === 'birth_date' || field === 'joined_party_on') {
    if (cell instanceof Date) return readDateCell(cell)
    if (isNumeric(cell)) return readExcelSerialDay(cell.numeric)
    return readDay(cellText(cell))
  }
  if (field === 'phone' && isNumeric(cell)) {
    // A phone stored as a number: accepted only when its exact text is the 11 digits (never rounded).
    return /^\d{11}$/.test(cell.numeric) ? readPhone(cell.numeric) : { ok: false, code: 'phone.notText', params: { value: cell.numeric } }
  }
  if (field === 'id_number' && isNumeric(cell)) return { ok: false, code: 'idNumber.notText', params: { value: cell.numeric } }
  if (cell instanceof Date) return { ok: false, code: 'cell.notText', params: { value: cellText(cell) } }
  const text = cellText(cell)
  switch (field) {
    case 'name': return readName(text)
    case 'gender': return readGender(text)
    case 'phone': return readPhone(text)
    case 'id_number': return readIdNumber(text)
    case 'member_type': return readMemberType(text)
    case 'committee_title': return readTitle(text)
    case 'status': return readStatus(text)
    case 'note': return readNote(text)
    case 'group': return readNamed(text, ctx.groups, 'group.unknown')
    case 'unit': return readNamed(text, ctx.units, 'unit.unknown')
  }
}

function readNamed(text: string, named: readonly { id: string; name: string }[], code: RosterProblemCode): Read<string | null> {
  const v = cleanText(text)
  if (!v) return { ok: true, value: null }
  const found = named.find((n) => cleanText(n.name) === v)
  return found ? { ok: true, value: found.id } : { ok: false, code, params: { value: v } }
}

const COLUMN_OF: Record<RosterField, ImportColumn> = {
  name: 'name', gender: 'gender', phone: 'phone', id_number: 'id_number', birth_date: 'birth_date',
  joined_party_on: 'joined_party_on', member_type: 'member_type', group: 'group_id', unit: 'unit_id',
  committee_title: 'committee_title', status: 'status', note: 'note',
}

interface ReadRow { row: number; values: ImportValues; problems: ImportProblem[]; name: string | null }

/** Matches by phone, else ID number, else name and birth date, else (a row with only a name) the one person of that name. */
function matcher(people: readonly RosterPerson[]) {
  const byPhone = new Map<string, RosterPerson>()
  const byId = new Map<string, RosterPerson>()
  const byNameBirth = new Map<string, RosterPerson[]>()
  const byName = new Map<string, RosterPerson[]>()
  for (const p of people) {
    byName.set(p.name, [...(byName.get(p.name) ?? []), p])
    if (p.phone) byPhone.set(p.phone, p)
    if (p.id_number) byId.set(p.id_number, p)
    if (p.birth_date) {
      const k = `${p.name}|${p.birth_date}`
      byNameBirth.set(k, [...(byNameBirth.get(k) ?? []), p])
    }
  }
  return {
    byPhone, byId,
    /**
     * The person a row is: the first of (phone, ID number, name + birth date) that finds someone of
     * the row's name. A phone or ID number found under another name is `conflict`, never renamed.
     */
    match(v: ImportValues): { person: RosterPerson | null; conflict: RosterPerson | null } {
      const byKey = [v.phone ? byPhone.get(v.phone) : undefined, v.id_number ? byId.get(v.id_number) : undefined]
      const sameName = (p: RosterPerson | undefined) => p && (v.name === undefined || p.name === v.name)
      const found = byKey.find(sameName)
      if (found) return { person: found, conflict: null }
      const birth = v.birth_date ?? (v.id_number ? birthDateOfIdNumber(v.id_number) : null)
      // A row with nothing but a name (a retired member without a phone) is the one person of that name.
      const same = v.name && birth ? byNameBirth.get(`${v.name}|${birth}`) : v.name && !v.phone && !v.id_number ? byName.get(v.name) : undefined
      return { person: (same?.length === 1 && same[0]) || null, conflict: byKey.find(Boolean) ?? null }
    },
  }
}

const isEmptyRow = (cells: readonly SheetCell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))

/**
 * What importing `table` with `mapping` (a field or null per column) into the roster would do.
 * A row with any problem is not applied; every problem is listed with its row and column.
 */
export function planRosterImport(table: SheetTable, mapping: readonly (RosterField | null)[], ctx: RosterImportContext): RosterImportPlan {
  const columns = mapping.flatMap((field, index) => (field ? [{ field, index, header: table.headers[index] ?? '' }] : []))
  const read: ReadRow[] = []
  table.rows.forEach((cells, i) => {
    if (isEmptyRow(cells)) return
    const row = table.headerRow + 1 + i
    const values: ImportValues = {}
    const problems: ImportProblem[] = []
    for (const { field, index, header } of columns) {
      const r = readCell(field, cells[index] ?? null, ctx)
      if (r.ok) (values as Record<string, unknown>)[COLUMN_OF[field]] = r.value
      else problems.push({ row, column: header, field, code: r.code, params: r.params })
    }
    if (values.birth_date && values.joined_party_on && values.joined_party_on <= values.birth_date) {
      problems.push({ row, column: columns.find((c) => c.field === 'joined_party_on')!.header, field: 'joined_party_on', code: 'date.joinedBeforeBirth' })
    }
    const nameCell = columns.find((c) => c.field === 'name')
    const written = nameCell ? cellText(cells[nameCell.index] ?? null).trim() : ''
    read.push({ row, values, problems, name: values.name ?? (written || null) })
  })

  const headerOf = (field: RosterField) => columns.find((c) => c.field === field)?.header ?? ''
  flagDuplicates(read, 'phone', 'phone.duplicateInFile', headerOf('phone'))
  flagDuplicates(read, 'id_number', 'idNumber.duplicateInFile', headerOf('id_number'))

  const m = matcher(ctx.people)
  const claimed = new Map<string, number>()
  const rows: PlannedRow[] = []
  for (const r of read) {
    const { person: existing, conflict } = r.problems.length === 0 ? m.match(r.values) : { person: null, conflict: null }
    if (r.problems.length === 0) {
      if (conflict && !existing) {
        r.problems.push({ row: r.row, column: headerOf('name'), field: 'name', code: 'row.nameMismatch', params: { name: conflict.name } })
      }
      // A phone or ID number that is someone else's on the roster.
      const phoneOwner = r.values.phone ? m.byPhone.get(r.values.phone) : undefined
      if (phoneOwner && phoneOwner.id !== existing?.id && phoneOwner !== conflict) {
        r.problems.push({ row: r.row, column: headerOf('phone'), field: 'phone', code: 'phone.takenInRoster', params: { name: phoneOwner.name } })
      }
      const idOwner = r.values.id_number ? m.byId.get(r.values.id_number) : undefined
      if (idOwner && idOwner.id !== existing?.id && idOwner !== conflict) {
        r.problems.push({ row: r.row, column: headerOf('id_number'), field: 'id_number', code: 'idNumber.takenInRoster', params: { name: idOwner.name } })
      }
      if (existing?.status === 'transferred') {
        r.problems.push({ row: r.row, column: '', field: null, code: 'row.transferredPerson', params: { name: existing.name } })
      }
      if (existing && claimed.has(existing.id)) {
        r.problems.push({ row: r.row, column: '', field: null, code: 'row.sameMember', params: { other: claimed.get(existing.id)!, name: existing.name } })
      }
    }
    if (r.problems.length > 0) continue
    if (existing) claimed.set(existing.id, r.row)
    if (!existing && r.values.name === undefined) {
      r.problems.push({ row: r.row, column: '', field: 'name', code: 'name.required' })
      continue
    }
    const changes = existing ? changedColumns(existing, r.values) : []
    rows.push({ row: r.row, existing, values: r.values, changes, action: !existing ? 'create' : changes.length ? 'update' : 'unchanged' })
  }
  const problems = read.flatMap((r) => r.problems.map((p) => ({ ...p, name: r.name }))).sort((a, b) => a.row - b.row)
  const counts = { create: 0, update: 0, unchanged: 0 }
  for (const r of rows) counts[r.action]++
  return { rows, problems, invalidRows: read.filter((r) => r.problems.length > 0).length, counts, total: read.length }
}

function flagDuplicates(read: ReadRow[], key: 'phone' | 'id_number', code: RosterProblemCode, column: string) {
  const first = new Map<string, number>()
  const rowsOf = new Map<string, ReadRow[]>()
  for (const r of read) {
    const v = r.values[key]
    if (!v) continue
    if (!first.has(v)) first.set(v, r.row)
    rowsOf.set(v, [...(rowsOf.get(v) ?? []), r])
  }
  for (const [value, same] of rowsOf) {
    if (same.length < 2) continue
    for (const r of same) {
      const others = same.filter((o) => o !== r).map((o) => o.row).join(',')
      r.problems.push({ row: r.row, column, field: key, code, params: { value, rows: others } })
    }
  }
}

/** The columns whose imported value differs from the person's (an unmapped column or an empty cell is not compared). */
export function changedColumns(person: RosterPerson, values: ImportValues): ImportColumn[] {
  const out: ImportColumn[] = []
  for (const [k, v] of Object.entries(values) as [ImportColumn, unknown][]) {
    const current = (person as unknown as Record<string, unknown>)[k] ?? null
    // An empty cell keeps what the roster holds: an import never clears a value.
    if (v === null || v === undefined) continue
    if (v !== current) out.push(k)
  }
  return out
}

const MEMBER_COLUMNS = ['name', 'gender', 'member_type', 'status', 'group_id', 'unit_id', 'committee_title', 'joined_party_on'] as const
const DETAIL_COLUMNS = ['phone', 'birth_date', 'id_number', 'note'] as const

/** The rows applying a plan writes: a members row and, when it has personal fields, its member_details row (same id). */
export interface ImportWrite {
  member: { id: string; org_id: string; branch_id: string } & Record<string, unknown>
  details: ({ id: string; org_id: string; branch_id: string } & Record<string, unknown>) | null
}

/**
 * The writes of a plan's new and changed rows (unchanged rows write nothing). A new person gets
 * `newId()`, status 正常 and 正式党员 unless the file says otherwise; an update sends only what changed.
 */
export function importWrites(plan: Pick<RosterImportPlan, 'rows'>, scope: { orgId: string; branchId: string; newId: () => string }): ImportWrite[] {
  const out: ImportWrite[] = []
  for (const r of plan.rows) {
    if (r.action === 'unchanged') continue
    const id = r.existing?.id ?? scope.newId()
    const base = { id, org_id: scope.orgId, branch_id: scope.branchId }
    const wanted: readonly ImportColumn[] = r.action === 'create' ? Object.keys(r.values) as ImportColumn[] : r.changes
    const pick = (cols: readonly ImportColumn[]) => Object.fromEntries(cols.filter((c) => wanted.includes(c) && r.values[c] != null).map((c) => [c, r.values[c]]))
    const member = pick(MEMBER_COLUMNS)
    const details = pick(DETAIL_COLUMNS)
    if (r.action === 'create') {
      member.member_type ??= 'full'
      member.status ??= 'active'
    }
    out.push({
      member: { ...base, ...member },
      details: Object.keys(details).length > 0 ? { ...base, ...details } : null,
    })
  }
  return out
}
