/**
 * Reading and writing roster spreadsheets. The libraries load only when a file is read or written
 * (dynamic import), so they are part of the import and export screens' code, not the app's.
 */
import { guessMapping, type SheetCell, type SheetTable } from '@/domain/rosterImport'

export type RosterFileKind = 'xlsx' | 'csv'
export type RosterFileErrorCode = 'kind' | 'empty' | 'unreadable' | 'xls'

export class RosterFileError extends Error {
  constructor(readonly code: RosterFileErrorCode) {
    super(`roster file: ${code}`)
    this.name = 'RosterFileError'
  }
}

export function rosterFileKind(name: string): RosterFileKind | null {
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx')) return 'xlsx'
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv'
  return null
}

/** Text of a file's bytes: UTF-8 (with or without BOM) when valid, else GB18030 (which covers GBK). */
export function decodeRosterText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/**
 * The header row: the first of the first 10 rows where two or more headers are recognised (a
 * title row above it, like 机关第一党支部党员名册, is skipped), else the first non-empty row.
 */
export function tableOf(rows: SheetCell[][]): SheetTable {
  const texts = (r: SheetCell[]) => r.map((c) => (typeof c === 'string' ? c.trim() : c === null ? '' : isNum(c) ? c.numeric : String(c)))
  let header = rows.slice(0, 10).findIndex((r) => guessMapping(texts(r)).filter(Boolean).length >= 2)
  if (header < 0) header = rows.findIndex((r) => texts(r).some((t) => t !== ''))
  if (header < 0) throw new RosterFileError('empty')
  const headerRow = rows[header] ?? []
  const width = Math.max(...rows.map((r) => r.length))
  const headers = Array.from({ length: width }, (_, i) => texts(headerRow)[i] ?? '')
  return { headers, rows: rows.slice(header + 1), headerRow: header + 1 }
}

const isNum = (c: SheetCell): c is { numeric: string } => typeof c === 'object' && c !== null && !(c instanceof Date)

export async function readRosterCsv(bytes: Uint8Array): Promise<{ table: SheetTable; encoding: 'utf-8' | 'gb18030' }> {
  const { text, encoding } = decodeRosterText(bytes)
  const { default: Papa } = await import('papaparse')
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' })
  // Every cell stays text, exactly as written (no dynamic typing: a phone is never a number).
  const rows: SheetCell[][] = parsed.data.map((r) => r.map((c) => c))
  if (rows.length === 0) throw new RosterFileError('empty')
  return { table: tableOf(rows), encoding }
}

export async function readRosterXlsx(bytes: Uint8Array): Promise<{ table: SheetTable }> {
  const { readSheet } = await import('read-excel-file/browser')
  let data: unknown[][]
  try {
    // A number cell comes as its exact text in the file, never as a float.
    data = await readSheet(bytes.slice().buffer, { parseNumber: (numeric: string) => ({ numeric }), trim: false })
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new RosterFileError(code === 'XLS_FILE_NOT_SUPPORTED' ? 'xls' : 'unreadable')
  }
  const rows = data.map((r) => r.map((c): SheetCell => (c === undefined ? null : (c as SheetCell))))
  if (rows.length === 0) throw new RosterFileError('empty')
  return { table: tableOf(rows) }
}

/** Reads a chosen file: .xlsx or .csv (UTF-8 or GBK/GB18030). */
export async function readRosterFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }) {
  const kind = rosterFileKind(file.name)
  if (file.name.toLowerCase().endsWith('.xls')) throw new RosterFileError('xls')
  if (!kind) throw new RosterFileError('kind')
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (bytes.length === 0) throw new RosterFileError('empty')
  if (kind === 'csv') return { kind, ...(await readRosterCsv(bytes)) }
  return { kind, encoding: null, ...(await readRosterXlsx(bytes)) }
}
