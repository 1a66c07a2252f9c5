import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { guessMapping, planRosterImport, type ImportProblem, type SheetCell } from '@/domain/rosterImport'
import { useRosterWords } from '@/features/roster/useRosterWords'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'

const HEADERS = ['姓名', '手机号码', '性别']
const mapping = guessMapping(HEADERS)
const ctx = { people: [], groups: [], units: [] }
const plan = (rows: SheetCell[][]) => planRosterImport({ headers: HEADERS, rows, headerRow: 1 }, mapping, ctx)

/** The import preview's words for problems, in a language. */
function wordsIn(locale: Locale) {
  let words!: ReturnType<typeof useRosterWords>
  mount(defineComponent({ setup: () => void (words = useRosterWords()), render: () => null }), { global: { plugins: [createAppI18n(locale)] } })
  return (p: ImportProblem) => words.importProblem(p)
}

describe('an import problem names the person its row is about', () => {
  test('should carry the name as the row writes it, and none for a row without one', () => {
    const { problems } = plan([
      ['郑和', '139000000', '男'],
      ['  吴芳 ', '13900000032', '未知'],
      ['', '13900000033', '女'],
      ['名'.repeat(60), '13900000034', '女'],
    ])
    expect(problems.map((p) => [p.row, p.name, p.code])).toEqual([
      [2, '郑和', 'phone.invalid'],
      [3, '吴芳', 'gender.invalid'],
      [4, null, 'name.required'],
      [5, '名'.repeat(60), 'name.tooLong'],
    ])
  })

  test('should word the row, the person and the column in Chinese and English', () => {
    const { problems } = plan([['郑和', '139000000', ''], ['', '13900000033', '']])
    expect(problems.map(wordsIn('zh-CN'))).toEqual(['第 2 行（郑和）· 手机号码：“139000000”不是 11 位手机号', '第 3 行 · 姓名：姓名不能为空'])
    expect(problems.map(wordsIn('en'))).toEqual(['Row 2 (郑和) · 手机号码: “139000000” is not an 11-digit mobile number', 'Row 3 · 姓名: The name is missing'])
  })

  test('should name the person in a problem of the whole row', () => {
    const problem: ImportProblem = { row: 7, column: '', field: null, code: 'row.transferredPerson', params: { name: '李四' }, name: '李四' }
    expect(wordsIn('zh-CN')(problem)).toMatch(/^第 7 行（李四）：/)
    expect(wordsIn('en')(problem)).toMatch(/^Row 7 \(李四\): /)
  })
})
