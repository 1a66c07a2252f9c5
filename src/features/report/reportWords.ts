import type { AnnualReport, ReportFigure, ReportFigureKey, ReportGoods, ReportParagraph, ReportSentence } from '@/domain/annualReport'

/** vue-i18n's `t` with named values. */
export type ReportTranslate = (key: string, named: Record<string, unknown>) => string

/**
 * The report's words, from the catalogue's `report` section: the screen, the .docx and the tests
 * word the same codes through this, so what the leader checks on screen is what the file says.
 */
export function reportWords(t: ReportTranslate, locale: string) {
  const say = (key: string, named: Record<string, unknown> = {}) => t(key, named)
  // Chinese sentences follow each other without a space; English ones with one.
  const joiner = locale.startsWith('zh') ? '' : ' '

  function figureText(figure: ReportFigure): string {
    if (figure.text === null) return say('report.noData')
    // One of a thing is worded apart (English: 1 person, 2 people).
    return say(`report.${figure.value === 1 ? 'unitsOne' : 'units'}.${figure.unit}`, { n: figure.text })
  }

  function goodsText(goods: readonly ReportGoods[]): string {
    return goods.map((g) => say('report.goodsItem', { name: g.name, quantity: g.quantity, unit: g.unit })).join(say('report.goodsSeparator'))
  }

  function sentence(s: ReportSentence): string {
    if (s.code === 'goods') {
      return s.goods?.length ? say('report.sentences.goods', { goods: goodsText(s.goods) }) : say('report.sentences.goodsNone')
    }
    return say(`report.sentences.${s.code}`, Object.fromEntries(s.figures.map((f) => [f.key, figureText(f)])))
  }

  const heading = (p: ReportParagraph) => say(`report.paragraphs.${p.code}`)
  const paragraph = (p: ReportParagraph) => p.sentences.map(sentence).join(joiner)
  const label = (key: ReportFigureKey) => say(`report.figures.${key}`)
  const source = (key: ReportFigureKey) => say(`report.sources.${key}`)

  /** The report as plain text: its title, then each paragraph's heading and its sentences. */
  function text(report: AnnualReport): { title: string; paragraphs: { heading: string; text: string }[] } {
    return {
      title: say('report.heading', { year: report.year }),
      paragraphs: report.paragraphs.map((p) => ({ heading: heading(p), text: paragraph(p) })),
    }
  }

  return { figureText, goodsText, sentence, heading, paragraph, label, source, text, joiner }
}

export type ReportWords = ReturnType<typeof reportWords>
