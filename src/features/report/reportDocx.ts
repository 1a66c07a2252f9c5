import type { AnnualReport } from '@/domain/annualReport'
import type { ReportWords } from './reportWords'

/** What the .docx holds, already worded. */
export interface ReportDocumentContent {
  title: string
  /** '由支部根据截至 … 的数据生成'. */
  generated: string
  paragraphs: { heading: string; text: string }[]
  table: { title: string; header: [string, string, string]; rows: [string, string, string][] }
}

/** The report's words for the file: its paragraphs, then each figure with what it counts. */
export function reportDocumentContent(report: AnnualReport, words: ReportWords, say: (key: string, named?: Record<string, unknown>) => string, asOf: string): ReportDocumentContent {
  const { title, paragraphs } = words.text(report)
  return {
    title,
    generated: say('report.docx.generated', { at: asOf }),
    paragraphs,
    table: {
      title: say('report.table.title'),
      header: [say('report.table.figure'), say('report.table.value'), say('report.table.source')],
      rows: report.figures.map((f) => [words.label(f.key), words.figureText(f), words.source(f.key)]),
    },
  }
}

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'FangSong' }

/** The .docx file (the `docx` package is loaded only when a report is exported). */
export async function reportDocx(content: ReportDocumentContent): Promise<Blob> {
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx')
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: content.title, bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: content.generated, size: 21 })] }),
          ...content.paragraphs.flatMap((p) => [
            new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: p.heading, bold: true })] }),
            new Paragraph({ indent: { firstLine: 560 }, children: [new TextRun(p.text)] }),
          ]),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: content.table.title, bold: true })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: content.table.header.map((h) => cell(h, true)) }),
              ...content.table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
            ],
          }),
        ],
      },
    ],
  })
  return Packer.toBlob(doc)
}
