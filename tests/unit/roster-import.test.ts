import { describe, expect, test } from 'vitest'
import {
  filterRoster, readDay, readExcelSerialDay, readIdNumber, readPhone, rosterPersonOf, EMPTY_FILTER, type RosterPerson,
} from '@/domain/roster'
import { guessMapping, planRosterImport, type SheetCell, type SheetTable } from '@/domain/rosterImport'

const ORG = 'org-1'
const BRANCH = 'branch-1'
const GROUPS = [{ id: 'g1', name: '第一党小组' }, { id: 'g2', name: '第二党小组' }]
const UNITS = [{ id: 'u1', name: '办公室' }, { id: 'u2', name: '财务处' }]

/** Valid ID numbers (checksums computed by GB 11643). */
export const ID = { a: '11010519491231002X', b: '110105198503120012', c: '440524188001010014' }

function person(id: string, fields: Partial<RosterPerson> = {}): RosterPerson {
  return { ...rosterPersonOf({ id, org_id: ORG, branch_id: BRANCH, name: '某人' }), ...fields }
}

const HEADERS = ['姓名', '性别', '手机号码', '身份证号', '出生日期', '入党时间', '政治面貌', '党小组', '处室/单位', '职务', '状态', '备注']
const table = (rows: SheetCell[][], headers = HEADERS): SheetTable => ({ headers, rows, headerRow: 1 })
const ctx = (people: RosterPerson[] = []) => ({ people, groups: GROUPS, units: UNITS })

describe('reading fields exactly', () => {
  test('should accept an 11-digit mobile number and refuse anything reshaped', () => {
    expect(readPhone('13900000001')).toEqual({ ok: true, value: '13900000001' })
    expect(readPhone('１３９０００００００１')).toEqual({ ok: true, value: '13900000001' })
    expect(readPhone('139-0000-0001')).toMatchObject({ ok: false, code: 'phone.invalid' })
    expect(readPhone('1.39E+10')).toMatchObject({ ok: false, code: 'phone.invalid' })
    expect(readPhone('')).toEqual({ ok: true, value: null })
  })

  test('should check an ID number by its checksum and its birth date', () => {
    expect(readIdNumber(ID.a)).toEqual({ ok: true, value: ID.a })
    expect(readIdNumber(ID.a.toLowerCase())).toEqual({ ok: true, value: ID.a })
    expect(readIdNumber('110105194912310021')).toMatchObject({ ok: false, code: 'idNumber.checksum' })
    expect(readIdNumber('1101051949123100')).toMatchObject({ ok: false, code: 'idNumber.invalid' })
    expect(readIdNumber('110105194902300016')).toMatchObject({ ok: false, code: 'idNumber.invalid' })
  })

  test('should read the ways people write a day, and refuse a day that never was', () => {
    for (const t of ['1985-03-12', '1985/3/12', '1985.3.12', '1985年3月12日', '19850312']) expect(readDay(t)).toEqual({ ok: true, value: '1985-03-12' })
    expect(readDay('1985-02-29')).toMatchObject({ ok: false, code: 'date.invalid' })
    expect(readDay('1899-12-31')).toMatchObject({ ok: false, code: 'date.outOfRange' })
    expect(readDay('3/12/1985')).toMatchObject({ ok: false, code: 'date.invalid' })
  })

  test('should read Excel serial days exactly, across the 1900 leap-year quirk', () => {
    expect(readExcelSerialDay('1')).toEqual({ ok: true, value: '1900-01-01' })
    expect(readExcelSerialDay('59')).toEqual({ ok: true, value: '1900-02-28' })
    expect(readExcelSerialDay('60')).toMatchObject({ ok: false, code: 'date.invalid' })
    expect(readExcelSerialDay('61')).toEqual({ ok: true, value: '1900-03-01' })
    expect(readExcelSerialDay('31118')).toEqual({ ok: true, value: '1985-03-12' })
    expect(readExcelSerialDay('45658')).toEqual({ ok: true, value: '2025-01-01' })
    expect(readExcelSerialDay('31118.5')).toMatchObject({ ok: false, code: 'date.notWholeDay' })
  })
})

describe('mapping columns', () => {
  test('should recognise Chinese header synonyms and map each field once', () => {
    expect(guessMapping(['序号', '姓名', '联系电话', '手机', '身份证号码', '出生年月日', '入党日期', '政治面貌', '所在党小组', '处室', '支委职务', '人员状态', '说明']))
      .toEqual([null, 'name', 'phone', null, 'id_number', 'birth_date', 'joined_party_on', 'member_type', 'group', 'unit', 'committee_title', 'status', 'note'])
    expect(guessMapping([' 姓 名 ', '手机号码'])).toEqual(['name', 'phone'])
  })
})

describe('planning an import', () => {
  const mapping = guessMapping(HEADERS)
  const good: SheetCell[] = ['张三', '男', '13900000101', ID.b, '1985-03-12', '2008-07-01', '中共党员', '第一党小组', '办公室', '', '', '']

  test('should list every bad row with its row number, column and code, and plan the good ones', () => {
    const plan = planRosterImport(table([
      good,
      ['', '女', '139000001', '', '1985-13-01', '', '党员', '第三党小组', '办公室', '', '', ''],
      ['李四', '未知', '13900000102', '110105198503120015', '', '', '群众', '', '后勤处', '', '转出', ''],
      [null, null, null, null, null, null, null, null, null, null, null, null],
      ['王五', '女', { numeric: '13900000103' }, { numeric: '1.10105198503121E+17' }, { numeric: '31118' }, '', '共青团员', '', '', '', '', ''],
    ]), mapping, ctx())
    expect(plan.total).toBe(4)
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 0 })
    expect(plan.invalidRows).toBe(3)
    expect(plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '姓名', 'name.required'],
      [3, '手机号码', 'phone.invalid'],
      [3, '出生日期', 'date.invalid'],
      [3, '党小组', 'group.unknown'],
      [4, '性别', 'gender.invalid'],
      [4, '身份证号', 'idNumber.checksum'],
      [4, '处室/单位', 'unit.unknown'],
      [4, '状态', 'status.transferred'],
      [6, '身份证号', 'idNumber.notText'],
    ])
    expect(plan.rows[0]).toMatchObject({ row: 2, action: 'create', values: { name: '张三', gender: 'male', phone: '13900000101', id_number: ID.b, group_id: 'g1', unit_id: 'u1', member_type: 'full', birth_date: '1985-03-12', joined_party_on: '2008-07-01' } })
  })

  test('should refuse a phone stored as a rounded number, and keep one stored as its exact digits', () => {
    const plan = planRosterImport(table([
      ['甲', '', { numeric: '1.39000001E+10' }, '', '', '', '', '', '', '', '', ''],
      ['乙', '', { numeric: '13900000105' }, '', '', '', '', '', '', '', '', ''],
    ]), mapping, ctx())
    expect(plan.problems.map((p) => [p.row, p.code])).toEqual([[2, 'phone.notText']])
    expect(plan.rows.map((r) => r.values.phone)).toEqual(['13900000105'])
  })

  test('should refuse every row sharing a phone or an ID number, naming the other rows', () => {
    const plan = planRosterImport(table([
      ['甲', '', '13900000201', '', '', '', '', '', '', '', '', ''],
      ['乙', '', '13900000201', ID.a, '', '', '', '', '', '', '', ''],
      ['丙', '', '13900000201', ID.a, '', '', '', '', '', '', '', ''],
      ['丁', '', '13900000202', '', '', '', '', '', '', '', '', ''],
    ]), mapping, ctx())
    expect(plan.problems.map((p) => [p.row, p.code, p.params?.rows])).toEqual([
      [2, 'phone.duplicateInFile', '3,4'],
      [3, 'phone.duplicateInFile', '2,4'],
      [3, 'idNumber.duplicateInFile', '4'],
      [4, 'phone.duplicateInFile', '2,3'],
      [4, 'idNumber.duplicateInFile', '3'],
    ])
    expect(plan.rows.map((r) => r.values.name)).toEqual(['丁'])
  })

  test('should refuse a phone that belongs to another person on the roster', () => {
    const roster = [person('m1', { name: '赵六', phone: '13900000301' }), person('m2', { name: '钱七', id_number: ID.c })]
    const plan = planRosterImport(table([['钱七', '', '13900000301', ID.c, '', '', '', '', '', '', '', '']]), mapping, ctx(roster))
    expect(plan.problems.map((p) => [p.code, p.params?.name])).toEqual([['phone.takenInRoster', '赵六']])
    expect(plan.rows).toEqual([])
  })

  test('should never rename a person whose phone a row of another name carries', () => {
    const roster = [person('m1', { name: '赵六', phone: '13900000302' })]
    const plan = planRosterImport(table([['孙八', '', '13900000302', '', '', '', '', '', '', '', '', '']]), mapping, ctx(roster))
    expect(plan.problems.map((p) => [p.row, p.column, p.code, p.params?.name])).toEqual([[2, '姓名', 'row.nameMismatch', '赵六']])
    expect(plan.rows).toEqual([])
  })

  test('should match by phone, else ID number, else name and birth date, and change nothing that is the same', () => {
    const roster = [
      person('m1', { name: '张三', phone: '13900000401', group_id: 'g1' }),
      person('m2', { name: '李四', id_number: ID.b }),
      person('m3', { name: '王五', birth_date: '1949-12-31' }),
    ]
    const plan = planRosterImport(table([
      ['张三', '', '13900000401', '', '', '', '', '第一党小组', '', '', '', ''],
      ['李四', '', '13900000402', ID.b, '', '', '', '', '', '', '', ''],
      ['王五', '', '', ID.a, '', '', '', '', '', '', '', ''],
      ['新人', '', '', '', '', '', '群众', '', '', '', '', ''],
    ]), mapping, ctx(roster))
    expect(plan.problems).toEqual([])
    expect(plan.rows.map((r) => [r.existing?.id ?? null, r.action, r.changes])).toEqual([
      ['m1', 'unchanged', []],
      ['m2', 'update', ['phone']],
      ['m3', 'update', ['id_number']],
      [null, 'create', []],
    ])
  })

  test('should match a row holding only a name to the one person of that name, never to one of two namesakes', () => {
    const roster = [person('m1', { name: '郑守仁', status: 'retired' }), person('m2', { name: '王芳' }), person('m3', { name: '王芳' })]
    const plan = planRosterImport(table([
      ['郑守仁', '', '', '', '', '', '', '', '', '', '退休', ''],
      ['王芳', '', '', '', '', '', '', '', '', '', '', ''],
    ]), mapping, ctx(roster))
    expect(plan.rows.map((r) => [r.existing?.id ?? null, r.action])).toEqual([['m1', 'unchanged'], [null, 'create']])
  })

  test('should never clear a value from an empty cell', () => {
    const roster = [person('m1', { name: '张三', phone: '13900000501', note: '老党员', member_type: 'probationary' })]
    const plan = planRosterImport(table([['张三', '', '13900000501', '', '', '', '', '', '', '', '', '']]), mapping, ctx(roster))
    expect(plan.rows[0]).toMatchObject({ action: 'unchanged', changes: [] })
  })

  test('should refuse two rows that are the same roster person', () => {
    const roster = [person('m1', { name: '张三', phone: '13900000601', id_number: ID.b })]
    const plan = planRosterImport(table([
      ['张三', '', '13900000601', '', '', '', '', '', '', '', '', ''],
      ['张三', '', '', ID.b, '', '', '', '', '', '', '', ''],
    ]), mapping, ctx(roster))
    expect(plan.problems.map((p) => [p.row, p.code, p.params?.other])).toEqual([[3, 'row.sameMember', 2]])
  })

  test('should plan 2,000 rows, every one created, and plan them again as unchanged once on the roster', () => {
    const rows: SheetCell[][] = Array.from({ length: 2000 }, (_, i) => [
      `党员${i}`, i % 2 ? '女' : '男', `139${String(i).padStart(8, '0')}`, '', '1980-01-01', '2005-07-01', '中共党员', '第一党小组', '办公室', '', '', '',
    ])
    const first = planRosterImport(table(rows), mapping, ctx())
    expect(first.counts).toEqual({ create: 2000, update: 0, unchanged: 0 })
    const roster = first.rows.map((r, i) => person(`m${i}`, { ...r.values, status: 'active' } as Partial<RosterPerson>))
    const again = planRosterImport(table(rows), mapping, ctx(roster))
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 2000 })
  })
})

describe('filtering the roster', () => {
  const people = [
    person('a', { name: '王强', group_id: 'g1', is_committee: true, member_type: 'full' }),
    person('b', { name: '李娜', group_id: 'g2', member_type: 'probationary', phone: '13900000701' }),
    person('c', { name: '赵敏', member_type: 'masses' }),
    person('d', { name: '孙立', status: 'transferred' }),
    person('e', { name: '周杰', status: 'retired', member_type: 'league' }),
  ]
  const names = (f: Partial<typeof EMPTY_FILTER>) => filterRoster(people, { ...EMPTY_FILTER, ...f }).map((p) => p.name)

  test('should hide transferred rows unless asked, and filter by group, committee, type and status', () => {
    expect(names({}).sort()).toEqual(['周杰', '李娜', '王强', '赵敏'].sort())
    expect(names({})[0]).toBe('王强')
    expect(names({ status: 'all' })).toHaveLength(5)
    expect(names({ status: 'transferred' })).toEqual(['孙立'])
    expect(names({ group: 'g2' })).toEqual(['李娜'])
    expect(names({ group: 'none' }).sort()).toEqual(['周杰', '赵敏'].sort())
    expect(names({ committee: 'yes' })).toEqual(['王强'])
    expect(names({ type: 'party' }).sort()).toEqual(['李娜', '王强'].sort())
    expect(names({ type: 'league' })).toEqual(['周杰'])
    expect(names({ search: '0701' })).toEqual(['李娜'])
  })
})
