import { describe, expect, test } from 'vitest'
import writeXlsxFile from 'write-excel-file/browser'
import { rosterPersonOf } from '@/domain/roster'
import { guessMapping, planRosterImport } from '@/domain/rosterImport'
import { decodeRosterText, readRosterFile, RosterFileError } from '@/features/roster/rosterFiles'
import { rosterSheet, rosterWorkbook } from '@/features/roster/rosterExport'

const fileOf = (name: string, bytes: Uint8Array | Blob) => ({ name, arrayBuffer: () => (bytes instanceof Blob ? bytes.arrayBuffer() : Promise.resolve(bytes.slice().buffer)) })
const ctx = { people: [], groups: [{ id: 'g1', name: '第一党小组' }], units: [{ id: 'u1', name: '办公室' }] }

/** GB18030 (GBK) bytes of known characters: 姓名 手机号码 张三 群众 第一党小组. */
const GBK = {
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
  手机号码: [0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0xc2, 0xeb],
  张三: [0xd5, 0xc5, 0xc8, 0xfd],
  群众: [0xc8, 0xba, 0xd6, 0xda],
  政治面貌: [0xd5, 0xfe, 0xd6, 0xce, 0xc3, 0xe6, 0xc3, 0xb2],
}
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

describe('reading a CSV file', () => {
  test('should decode a GBK file, find its headers and keep the phone as typed', async () => {
    const bytes = new Uint8Array([
      ...GBK.姓名, ...ascii(','), ...GBK.手机号码, ...ascii(','), ...GBK.政治面貌, ...ascii('\r\n'),
      ...GBK.张三, ...ascii(',13900000101,'), ...GBK.群众, ...ascii('\r\n'),
    ])
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const read = await readRosterFile(fileOf('名册.csv', bytes))
    expect(read.encoding).toBe('gb18030')
    expect(read.table.headers).toEqual(['姓名', '手机号码', '政治面貌'])
    expect(read.table.rows).toEqual([['张三', '13900000101', '群众']])
    const plan = planRosterImport(read.table, guessMapping(read.table.headers), ctx)
    expect(plan.rows[0]?.values).toEqual({ name: '张三', phone: '13900000101', member_type: 'masses' })
  })

  test('should read UTF-8 with and without a BOM the same, skipping a title row above the headers', async () => {
    const text = '机关第一党支部党员名册,,\n姓名,手机号码,身份证号\n李四,13900000102,11010519491231002X\n'
    const plain = new TextEncoder().encode(text)
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain])
    for (const bytes of [plain, bom]) {
      const read = await readRosterFile(fileOf('a.csv', bytes))
      expect(read.encoding).toBe('utf-8')
      expect(read.table).toEqual({ headers: ['姓名', '手机号码', '身份证号'], rows: [['李四', '13900000102', '11010519491231002X']], headerRow: 2 })
    }
    expect(decodeRosterText(bom).text.startsWith('机关')).toBe(true)
  })

  test('should refuse an .xls file, another kind of file and an empty one, each by its code', async () => {
    const codeOf = (name: string, bytes: Uint8Array) => readRosterFile(fileOf(name, bytes)).then(() => null, (e: RosterFileError) => e.code)
    expect(await codeOf('old.xls', new Uint8Array([1]))).toBe('xls')
    expect(await codeOf('photo.png', new Uint8Array([1]))).toBe('kind')
    expect(await codeOf('empty.csv', new Uint8Array())).toBe('empty')
    expect(await codeOf('broken.xlsx', new TextEncoder().encode('not a zip'))).toBe('unreadable')
  })
})

describe('reading and writing .xlsx', () => {
  test('should read back an exported roster exactly, and find it unchanged', async () => {
    const people = [
      rosterPersonOf({ id: 'm1', org_id: 'o', branch_id: 'b', name: '王强', gender: 'male', member_type: 'probationary', group_id: 'g1', unit_id: 'u1', joined_party_on: '2025-07-01', committee_title: '组织委员' },
        { phone: '13900000201', birth_date: '1990-05-04', id_number: '11010519491231002X', note: '新转入' }),
      rosterPersonOf({ id: 'm2', org_id: 'o', branch_id: 'b', name: '赵敏', status: 'retired', member_type: 'masses' }),
    ]
    const names = { group: new Map([['g1', '第一党小组']]), unit: new Map([['u1', '办公室']]) }
    expect(rosterSheet(people, names)[0]).toEqual(['姓名', '性别', '手机号码', '身份证号', '出生日期', '入党时间', '政治面貌', '党小组', '处室/单位', '职务', '状态', '备注'])
    const read = await readRosterFile(fileOf('名册.xlsx', await rosterWorkbook(people, names)))
    expect(read.table.rows[0]).toEqual(['王强', '男', '13900000201', '11010519491231002X', '1990-05-04', '2025-07-01', '中共预备党员', '第一党小组', '办公室', '组织委员', '正常', '新转入'])
    const plan = planRosterImport(read.table, guessMapping(read.table.headers), { ...ctx, people })
    expect(plan.problems).toEqual([])
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 2 })
  })

  test('should read number and date cells exactly: a phone of 11 digits kept, an ID number as a number refused, a date cell as its day', async () => {
    const blob = await writeXlsxFile([
      ['姓名', '手机号码', '身份证号', '出生日期'],
      ['甲', { value: 13900000301, type: Number }, { value: 110105194912310020, type: Number }, { value: new Date(Date.UTC(1985, 2, 12)), type: Date, format: 'yyyy-mm-dd' }],
      ['乙', { value: 13900000302.5, type: Number }, '', { value: 31118, type: Number }],
    ]).toBlob()
    const read = await readRosterFile(fileOf('数字.xlsx', blob))
    const plan = planRosterImport(read.table, guessMapping(read.table.headers), ctx)
    expect(plan.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '身份证号', 'idNumber.notText'],
      [3, '手机号码', 'phone.notText'],
    ])
    const values = planRosterImport({ ...read.table, rows: [[read.table.rows[0]![0]!, read.table.rows[0]![1]!, '', read.table.rows[0]![3]!], [read.table.rows[1]![0]!, '', '', read.table.rows[1]![3]!]] }, guessMapping(read.table.headers), ctx).rows.map((r) => r.values)
    expect(values).toEqual([
      { name: '甲', phone: '13900000301', id_number: null, birth_date: '1985-03-12' },
      { name: '乙', phone: null, id_number: null, birth_date: '1985-03-12' },
    ])
  })
})
