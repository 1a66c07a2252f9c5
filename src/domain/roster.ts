/**
 * The roster (党员名册): every person of the agency with their branch, unit and political status,
 * party members or not. A person is a `members` row; their phone, birth date, ID number and note
 * live in `member_details` (same id), which only the person, the branch's committee and admins read.
 * Pure rules shared by the roster screens, the form and the import: fields are read from text
 * exactly or refused by code (`roster.problems.<code>` words them), never rounded or reshaped.
 */
import { ROSTER_GENDER_WORDS, ROSTER_STATUS_WORDS, ROSTER_TRANSFERRED_WORDS, ROSTER_TYPE_WORDS } from '@/i18n/rosterWords'
import { isPartyMember } from './eventAudience'
import { textLength as codePointLength } from './textInput'

export const MEMBER_TYPES = ['full', 'probationary', 'league', 'masses', 'other'] as const
export type MemberType = (typeof MEMBER_TYPES)[number]
export const MEMBER_STATUSES = ['active', 'retired', 'transferred', 'suspended', 'deceased', 'left'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]
/** Statuses the committee sets by hand (a transfer is made by the server's transfer_member). */
export const SETTABLE_STATUSES = ['active', 'retired', 'suspended', 'deceased', 'left'] as const
export type Gender = 'male' | 'female'


export const NAME_MAX = 50
export const TITLE_MAX = 30
export const NOTE_MAX = 500

/** One person of the roster as the screens show it: the members row and its details merged. */
export interface RosterPerson {
  id: string
  org_id: string
  branch_id: string
  user_id: string | null
  name: string
  gender: Gender | null
  member_type: MemberType
  status: MemberStatus
  group_id: string | null
  unit_id: string | null
  is_committee: boolean
  committee_title: string | null
  joined_party_on: string | null
  phone: string | null
  birth_date: string | null
  id_number: string | null
  note: string | null
}

type Loose = Record<string, unknown>
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/** Merges a members row with its member_details row (absent for a colleague's row on a member's phone). */
export function rosterPersonOf(member: Loose & { id: string; org_id: string }, details?: Loose | null): RosterPerson {
  const d = details ?? {}
  const type = str(member.member_type)
  const status = str(member.status)
  return {
    id: member.id,
    org_id: member.org_id,
    branch_id: String(member.branch_id ?? ''),
    user_id: str(member.user_id),
    name: String(member.name ?? ''),
    gender: member.gender === 'male' || member.gender === 'female' ? member.gender : null,
    member_type: (MEMBER_TYPES as readonly string[]).includes(type ?? '') ? (type as MemberType) : 'full',
    status: (MEMBER_STATUSES as readonly string[]).includes(status ?? '') ? (status as MemberStatus) : 'active',
    group_id: str(member.group_id),
    unit_id: str(member.unit_id),
    is_committee: member.is_committee === true,
    committee_title: str(member.committee_title),
    joined_party_on: str(member.joined_party_on),
    phone: str(d.phone) ?? str(member.phone),
    birth_date: str(d.birth_date) ?? str(member.birth_date),
    id_number: str(d.id_number),
    note: str(d.note) ?? str(member.note),
  }
}

export interface RosterFilter {
  search: string
  /** '' every group, 'none' nobody's group, else a group id. */
  group: string
  /** '' every status except transferred, 'all', else one status. */
  status: string
  /** '' anyone, 'yes' committee members, 'no' the others. */
  committee: string
  /** '' anyone, 'party' party members, else one member type. */
  type: string
}

export const EMPTY_FILTER: RosterFilter = { search: '', group: '', status: '', committee: '', type: '' }

/** The people matching a filter, committee first, then by name (Chinese collation). */
export function filterRoster(people: readonly RosterPerson[], filter: RosterFilter): RosterPerson[] {
  const q = filter.search.trim().toLowerCase()
  const out = people.filter((p) => {
    if (q && !p.name.toLowerCase().includes(q) && !(p.phone ?? '').includes(q) && !(p.committee_title ?? '').includes(q)) return false
    if (filter.group === 'none' ? p.group_id !== null : filter.group && p.group_id !== filter.group) return false
    if (filter.status === '' ? p.status === 'transferred' : filter.status !== 'all' && p.status !== filter.status) return false
    if (filter.committee === 'yes' && !p.is_committee) return false
    if (filter.committee === 'no' && p.is_committee) return false
    if (filter.type === 'party' ? !isPartyMember(p) : filter.type && p.member_type !== filter.type) return false
    return true
  })
  const collator = new Intl.Collator('zh-CN')
  return out.sort((a, b) => Number(b.is_committee) - Number(a.is_committee) || collator.compare(a.name, b.name))
}

// ---------------------------------------------------------------------------------------------
// Fields read from text (the form and the import share these)

export type Read<T> = { ok: true; value: T } | { ok: false; code: RosterProblemCode; params?: Record<string, string | number> }
const ok = <T>(value: T): Read<T> => ({ ok: true, value })
const no = (code: RosterProblemCode, params?: Record<string, string | number>): Read<never> => ({ ok: false, code, params })

/** Full-width digits and letters folded (NFKC), spaces around removed; nothing else changed. */
export const cleanText = (text: string): string => text.normalize('NFKC').trim()

export function readName(text: string): Read<string> {
  const v = cleanText(text)
  if (!v) return no('name.required')
  const length = codePointLength(v)
  return length > NAME_MAX ? no('name.tooLong', { max: NAME_MAX, length }) : ok(v)
}

/** A mainland mobile number of 11 digits, as typed: no spaces, dashes or +86 taken out silently. */
export function readPhone(text: string): Read<string | null> {
  const v = cleanText(text)
  if (!v) return ok(null)
  return /^1[3-9][0-9]{9}$/.test(v) ? ok(v) : no('phone.invalid', { value: v })
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** A resident ID number (GB 11643): 17 digits and a check character (0-9 or X), checksum and birth date valid. */
export function readIdNumber(text: string): Read<string | null> {
  const v = cleanText(text).toUpperCase()
  if (!v) return ok(null)
  if (!/^[0-9]{17}[0-9X]$/.test(v)) return no('idNumber.invalid', { value: v })
  if (!validDay(birthDateOfIdNumber(v))) return no('idNumber.invalid', { value: v })
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0)
  return ID_CHECK[sum % 11] === v[17] ? ok(v) : no('idNumber.checksum', { value: v })
}

/** The birth date an ID number holds (YYYY-MM-DD). */
export const birthDateOfIdNumber = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`

function validDay(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const at = new Date(Date.UTC(y, mo - 1, d))
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * A calendar day typed as text: 1985-03-12, 1985/3/12, 1985.3.12, 1985年3月12日 or 19850312.
 * Between 1900-01-01 and 2100-12-31 (the database's CHECK); anything else is refused.
 */
export function readDay(text: string): Read<string | null> {
  const v = cleanText(text)
  if (!v) return ok(null)
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v)
  if (!m) return no('date.invalid', { value: v })
  const iso = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`
  return dayInRange(iso, v)
}

function dayInRange(iso: string, shown: string): Read<string> {
  if (!validDay(iso)) return no('date.invalid', { value: shown })
  if (iso < '1900-01-01' || iso > '2100-12-31') return no('date.outOfRange', { value: shown })
  return ok(iso)
}

/**
 * An Excel serial day (1900 date system, as .xlsx stores dates): whole numbers only, read exactly.
 * Serial 60 is Excel's 1900-02-29, a day that never was.
 */
export function readExcelSerialDay(raw: string): Read<string | null> {
  if (!/^\d+$/.test(raw)) return no('date.notWholeDay', { value: raw })
  const serial = Number(raw)
  if (serial === 60 || serial < 1) return no('date.invalid', { value: raw })
  const at = new Date(Date.UTC(1899, 11, serial < 60 ? 31 : 30) + serial * 86_400_000)
  return dayInRange(`${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`, raw)
}

/** A Date a spreadsheet reader made from a date cell (UTC midnight of that day). */
export function readDateCell(at: Date): Read<string | null> {
  if (Number.isNaN(at.getTime())) return no('date.invalid', { value: '' })
  const iso = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`
  if (at.getUTCHours() || at.getUTCMinutes() || at.getUTCSeconds() || at.getUTCMilliseconds()) return no('date.hasTime', { value: iso })
  return dayInRange(iso, iso)
}

export function readTitle(text: string): Read<string | null> {
  const v = cleanText(text)
  if (!v) return ok(null)
  const length = codePointLength(v)
  return length > TITLE_MAX ? no('committeeTitle.tooLong', { max: TITLE_MAX, length }) : ok(v)
}

export function readNote(text: string): Read<string | null> {
  const v = text.trim()
  if (!v) return ok(null)
  const length = codePointLength(v)
  return length > NOTE_MAX ? no('note.tooLong', { max: NOTE_MAX, length }) : ok(v)
}

export function readGender(text: string): Read<Gender | null> {
  const v = cleanText(text).toLowerCase()
  if (!v) return ok(null)
  return ROSTER_GENDER_WORDS[v] ? ok(ROSTER_GENDER_WORDS[v]) : no('gender.invalid', { value: v })
}

export function readMemberType(text: string): Read<MemberType | null> {
  const v = cleanText(text).toLowerCase()
  if (!v) return ok(null)
  return ROSTER_TYPE_WORDS[v] ? ok(ROSTER_TYPE_WORDS[v]) : no('memberType.invalid', { value: v })
}

export function readStatus(text: string): Read<MemberStatus | null> {
  const v = cleanText(text).toLowerCase()
  if (!v) return ok(null)
  if (ROSTER_TRANSFERRED_WORDS.includes(v)) return no('status.transferred')
  return ROSTER_STATUS_WORDS[v] ? ok(ROSTER_STATUS_WORDS[v]) : no('status.invalid', { value: v })
}

/** Every code the roster's rules return; `roster.problems.<code>` words each (checked by typecheck). */
export const ROSTER_PROBLEM_CODES = [
  'name.required', 'name.tooLong',
  'phone.invalid', 'phone.notText', 'phone.duplicateInFile', 'phone.takenInRoster',
  'idNumber.invalid', 'idNumber.checksum', 'idNumber.notText', 'idNumber.duplicateInFile', 'idNumber.takenInRoster',
  'date.invalid', 'date.outOfRange', 'date.hasTime', 'date.notWholeDay', 'date.joinedBeforeBirth',
  'gender.invalid', 'memberType.invalid', 'status.invalid', 'status.transferred',
  'group.unknown', 'unit.unknown', 'committeeTitle.tooLong', 'note.tooLong',
  'cell.notText', 'row.sameMember', 'row.nameMismatch', 'row.transferredPerson',
] as const
export type RosterProblemCode = (typeof ROSTER_PROBLEM_CODES)[number]
