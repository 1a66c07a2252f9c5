import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { annualReport, mergeGoods, percentText, rateTenths, reportFigure, yuanText, type ReportTotals } from '@/domain/annualReport'
import { reportWords } from '@/features/report/reportWords'
import { reportDocumentContent, reportDocx } from '@/features/report/reportDocx'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'

function wordsIn(locale: Locale) {
  const i18n = createAppI18n(locale)
  const t = i18n.global.t as unknown as (key: string, named: Record<string, unknown>) => string
  return { words: reportWords(t, locale), say: (key: string, named: Record<string, unknown> = {}) => t(key, named) }
}

const full: ReportTotals = {
  year: 2026,
  figures: {
    group_study_sessions: 12,
    seminar_sessions: 3,
    study_minutes: 5400,
    three_meetings_held: 48,
    party_lectures_held: 8,
    theme_days_held: 60,
    donation_fen: 1234550,
    donation_persons: 31,
    donation_handed_over_fen: 1234500,
    blood_donors: 45,
    blood_ml: 13500,
    visits_retired_member_persons: 6,
    visits_retired_member_funds_fen: 300000,
    visits_staff_hardship_persons: 4,
    visits_staff_hardship_funds_fen: 200050,
    visits_poverty_households: 20,
    visits_poverty_funds_fen: 1000000,
    pledge_department_units: 9,
    pledge_subunit_units: 5,
    pledge_units_total: 14,
    pledge_persons: 118,
    pledge_persons_expected: 120,
    xuexi_using: 7,
    xuexi_total: 8,
    training_participants: 40,
  },
  goods: [
    { name: '电视机', unit: '台', quantity: 2 },
    { name: '床上用品', unit: '批', quantity: 1 },
    { name: '电视机', unit: '台', quantity: 1 },
  ],
}

describe('report numbers', () => {
  it('should write yuan with two decimals only when there are cents', () => {
    expect(yuanText(1234500)).toBe('12345')
    expect(yuanText(1234550)).toBe('12345.50')
    expect(yuanText(1)).toBe('0.01')
    expect(yuanText(0)).toBe('0')
  })

  it('should round a rate half up to one decimal in whole numbers', () => {
    expect(percentText(rateTenths(7, 8))).toBe('87.5')
    expect(percentText(rateTenths(1, 3))).toBe('33.3')
    expect(percentText(rateTenths(2, 3))).toBe('66.7')
    expect(percentText(rateTenths(1, 16))).toBe('6.3')
    expect(percentText(rateTenths(8, 8))).toBe('100.0')
    expect(percentText(rateTenths(0, 8))).toBe('0.0')
  })

  it('should add up goods of the same name and unit, first given first', () => {
    expect(mergeGoods(full.goods)).toEqual([
      { name: '电视机', unit: '台', quantity: 3 },
      { name: '床上用品', unit: '批', quantity: 1 },
    ])
  })
})

describe('figures without data', () => {
  const empty: ReportTotals = { year: 2025, figures: { donation_fen: null, xuexi_using: 3, xuexi_total: 0 }, goods: [] }

  it('should keep a missing figure null, never 0', () => {
    for (const f of annualReport(empty).figures) {
      expect(f.value, f.key).toBeNull()
      expect(f.text, f.key).toBeNull()
    }
  })

  it('should sum the visit funds that exist and be null only when neither does', () => {
    expect(reportFigure({ ...empty, figures: { visits_staff_hardship_funds_fen: 5000 } }, 'visits_care_funds_fen')).toMatchObject({ value: 5000, text: '50' })
    expect(reportFigure(empty, 'visits_care_funds_fen').value).toBeNull()
  })

  it('should count a zero as a zero', () => {
    expect(reportFigure({ ...empty, figures: { blood_donors: 0 } }, 'blood_donors')).toMatchObject({ value: 0, text: '0' })
  })

  it('should word every sentence with 暂无数据 in place of its figures', () => {
    const { words } = wordsIn('zh-CN')
    const text = words.text(annualReport(empty))
    expect(text.paragraphs[0]!.text).toBe('与全局（暂无数据）处室、（暂无数据）下属单位签订《党风廉政建设责任书》，（暂无数据）签订《干部职工廉洁从政承诺书》（应签（暂无数据））。')
    expect(text.paragraphs[3]!.text).toBe('深入农村走访慰问困难群众（暂无数据），共计发放慰问金（暂无数据）。赠送物资暂无数据。')
    expect(text.paragraphs.map((p) => p.text).join('')).not.toMatch(/\d/)
  })
})

describe('the report in Chinese', () => {
  const { words } = wordsIn('zh-CN')
  const text = words.text(annualReport(full))

  it('should fill every figure into the report\'s own sentences', () => {
    expect(text.title).toBe('2026年度党建工作情况')
    expect(text.paragraphs).toEqual([
      {
        heading: '抓好党风廉政建设，推进全面从严治党',
        text: '与全局9个处室、5个下属单位签订《党风廉政建设责任书》，118人签订《干部职工廉洁从政承诺书》（应签120人）。',
      },
      {
        heading: '从严夯实基础，提升基层堡垒作用',
        text:
          '坚持“三会一课”制度，各支部召开支部党员大会、支委会和党小组会共48次，上党课8次，开展主题党日活动60次。' +
          '督促党员干部学习使用好“学习强国”，下载使用率达87.5%。' +
          '开展“博爱一日捐”活动，31名干部职工踊跃捐款，共募集捐款12345.50元，已上缴12345元。' +
          '积极组织开展献血活动，局机关及下属单位45人参加献血，献血量共13500毫升。' +
          '对局机关6名退休老党员（老干部）和4名困难职工进行走访慰问，发放慰问金5000.50元。',
      },
      {
        heading: '扎实开展学习教育',
        text: '始终将学习教育贯穿全年，已组织开展12次集中学习和3次集中研讨。党员个人自学累计5400分钟。组织40名干部职工参加培训。',
      },
      {
        heading: '提高责任担当，打赢脱贫攻坚战',
        text: '深入农村走访慰问困难群众20户，共计发放慰问金10000元。赠送电视机3台、床上用品1批。',
      },
    ])
  })

  it('should list each figure once with its label and source', () => {
    const report = annualReport(full)
    expect(report.figures.map((f) => f.key)).toEqual([
      'pledge_department_units', 'pledge_subunit_units', 'pledge_persons', 'pledge_persons_expected',
      'three_meetings_held', 'party_lectures_held', 'theme_days_held', 'xuexi_rate',
      'donation_persons', 'donation_fen', 'donation_handed_over_fen', 'blood_donors', 'blood_ml',
      'visits_retired_member_persons', 'visits_staff_hardship_persons', 'visits_care_funds_fen',
      'group_study_sessions', 'seminar_sessions', 'study_minutes', 'training_participants',
      'visits_poverty_households', 'visits_poverty_funds_fen',
    ])
    expect(words.label('xuexi_rate')).toBe('“学习强国”下载使用率')
    expect(report.figures.find((f) => f.key === 'xuexi_rate')!.sources).toEqual(['xuexi_using', 'xuexi_total'])
  })
})

describe('the report in English', () => {
  it('should word the same figures with English plurals', () => {
    const { words } = wordsIn('en')
    const text = words.text(annualReport(full))
    expect(text.title).toBe('Party work in 2026')
    expect(text.paragraphs[2]!.text).toBe(
      'Study ran through the whole year: 12 sessions of group study and 3 sessions of group seminars were held. ' +
        'Members logged 5400 minutes of personal study. Training was organised for 40 people of the cadres and staff.',
    )
    const one = words.text(annualReport({ year: 2026, figures: { blood_donors: 1, blood_ml: 200 }, goods: [] }))
    expect(one.paragraphs[1]!.text).toContain('1 person from the bureau and its subordinate units gave blood, 200 ml in total.')
  })
})

describe('the .docx', () => {
  it('should hold the title, the paragraphs and the table of figures, read back from document.xml', async () => {
    const { words, say } = wordsIn('zh-CN')
    const content = reportDocumentContent(annualReport(full), words, say, '2026年12月20日 10:00')
    const blob = await reportDocx(content)
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()))
    const xml = strFromU8(files['word/document.xml']!)
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1])
    expect(texts.slice(0, 4)).toEqual(['2026年度党建工作情况', '由支部根据截至 2026年12月20日 10:00 的数据生成', '抓好党风廉政建设，推进全面从严治党', content.paragraphs[0]!.text])
    expect(texts).toContain('始终将学习教育贯穿全年，已组织开展12次集中学习和3次集中研讨。党员个人自学累计5400分钟。组织40名干部职工参加培训。')
    const table = texts.slice(texts.indexOf('数据来源') + 1)
    expect(table.slice(0, 6)).toEqual(['指标', '数值', '来源', '签订责任书的处室', '9个', '处室签订的《党风廉政建设责任书》'])
    expect(table).toHaveLength(3 + 3 * 22)
    expect(table).toContain('12345.50元')
  })
})
