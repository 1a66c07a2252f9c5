// @vitest-environment node
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import readXlsxFile from 'read-excel-file/node'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { reviewWorkbook } from '@/domain/reviewWorkbook'
import { gatherWorkbook, workbookBlob, workbookWords } from '@/composables/useReviewWorkbook'
import { createAppI18n } from '../helpers/i18n'
import { documented, startReviewServer, type Reply } from './review-support'

const YEAR = 2026
let n = 0
const open: { close: () => Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function reviewOn(answer: (fn: string, args: Record<string, unknown>) => Reply) {
  const server = await startReviewServer(answer)
  open.push(server)
  const db = new ZhibuDb(`review-workbook-${++n}`)
  return { server, review: createRepositories({ db, reviewRpc: server.rpc }).review }
}

function zhWords() {
  const { t, te } = createAppI18n('zh-CN').global
  return workbookWords(t as never, te as never, 'zh-CN')
}

async function readBack(blob: Blob) {
  return (await readXlsxFile(Buffer.from(await blob.arrayBuffer()))) as { sheet: string; data: unknown[][] }[]
}

describe('the 统计 workbook', () => {
  it('should hold seven sheets with Chinese headers and the figures the server answered', async () => {
    const { server, review } = await reviewOn(documented(YEAR))
    const steps: string[] = []
    const gathered = await gatherWorkbook(review, YEAR, (done, total) => steps.push(`${done}/${total}`))
    expect(gathered.missing).toEqual([])
    // branches, participation, each person's attendance, two branches' events, eight figures' records
    expect(server.calls).toHaveLength(13)
    expect(steps.at(-1)).toBe('13/13')
    const sheets = await readBack(await workbookBlob(reviewWorkbook(gathered.input, zhWords())))
    expect(sheets.map((s) => s.sheet)).toEqual(['参与率（支部×月份）', '出勤明细', '活动出勤', '捐款', '献血', '走访慰问', '廉洁承诺'])
    const [participation, people, attendance, donations, blood, visits, pledges] = sheets.map((s) => s.data)
    // One row per person; 出勤率 = (出席 + 迟到) / 应到, empty when nothing expected them.
    expect(people).toEqual([
      ['姓名', '支部', '党小组', '应到', '出席', '迟到', '请假', '缺席', '出勤率（%）'],
      ['李晓梅', '机关第一党支部', '第一党小组', 8, 6, 1, 1, 0, 87.5],
      ['杨帆', '机关第二党支部', null, 0, 0, 0, 0, 0, null],
    ])
    expect(participation![0]).toEqual(['支部', '单位', '月份', '活动类型', '活动次数', '应到人次', '出席人次', '迟到人次', '请假人次', '缺席人次', '参与率（%）'])
    expect(participation!.slice(1)).toEqual([
      ['机关第一党支部', '办公室', 1, '主题党日', 1, 10, 8, 1, 1, 0, 90],
      ['机关第一党支部', '办公室', 2, '支委会', 1, 5, 5, 0, 0, 0, 100],
      ['机关第二党支部', null, 1, '主题党日', 1, 20, 10, 0, 2, 8, 50],
      ['机关第二党支部', null, 3, '培训', 2, 30, 24, 3, 0, 3, 90],
    ])
    expect(attendance![0]).toEqual(['支部', '日期', '活动', '活动类型', '状态', '应到人次', '出席人次', '迟到人次', '请假人次', '缺席人次'])
    expect(attendance).toHaveLength(3)
    expect(attendance![1]).toEqual(['机关第一党支部', '2026年1月15日 09:00', '一月主题党日', '主题党日', '已举行', 10, 8, 1, 1, 0])
    expect(donations).toEqual([
      ['日期', '支部', '记录', '说明', '金额（元）'],
      ['2026-01-12', '机关第一党支部', '博爱一日捐', null, 500],
    ])
    expect(blood![0]).toEqual(['日期', '支部', '记录', '说明', '献血量（毫升）'])
    expect(visits!.map((r) => r[0])).toEqual(['类别', '退休老党员慰问金', '困难职工慰问金', '困难群众慰问金'])
    expect(pledges!.map((r) => r[0])).toEqual(['类别', '签订责任书的处室', '签订责任书的下属单位', '签订廉洁从政承诺书人数'])
  })

  it('should make the workbook offline from the kept answers, and name what was never kept', async () => {
    let online = true
    const answered = documented(YEAR)
    const { review } = await reviewOn((fn, args) => (online ? answered(fn, args) : { status: 503, body: { message: 'down' } }))
    await review.branches()
    await review.participation(YEAR)
    await review.memberAttendance(YEAR)
    online = false
    const gathered = await gatherWorkbook(review, YEAR)
    expect(gathered.input.participation).toHaveLength(4)
    expect(gathered.input.memberAttendance.map((r) => r.name)).toEqual(['李晓梅', '杨帆'])
    expect(gathered.missing).toEqual([
      'review_branch_events:机关第一党支部',
      'review_branch_events:机关第二党支部',
      'review_figure_records:donation_fen',
      'review_figure_records:blood_ml',
      'review_figure_records:visits_retired_member_funds_fen',
      'review_figure_records:visits_staff_hardship_funds_fen',
      'review_figure_records:visits_poverty_funds_fen',
      'review_figure_records:pledge_department_units',
      'review_figure_records:pledge_subunit_units',
      'review_figure_records:pledge_persons',
    ])
    const sheets = await readBack(await workbookBlob(reviewWorkbook(gathered.input, zhWords())))
    expect(sheets[0]!.data).toHaveLength(5)
    expect(sheets[1]!.data).toHaveLength(3)
    expect(sheets[2]!.data).toHaveLength(1)
  })
})
