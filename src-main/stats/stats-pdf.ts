import type { PDFFont, PDFPage } from 'pdf-lib';
import type { StatsResponse } from '../../src-shared/protocol/stats';
import { grey } from '../pdf/pdf-colours';
import { type FontFiles, type Fonts, newDocument } from '../pdf/pdf-fonts';
import type { ExportTexts } from './export-texts';
import { type Cell, keyFigures, type StatsTable } from './stats-tables';

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = { x: 18 * MM, top: 18 * MM, bottom: 18 * MM };
const WIDTH = A4.width - 2 * MARGIN.x;
const BLACK = grey(0);
const GREY = grey(0.4);
const RULE = grey(0.75);

export interface ReportMeta {
  kepName: string;
  /** The period as a person reads it, e.g. "01/11/2026 – 30/11/2026". */
  period: string;
  filters: string;
  fetchedAt: string;
}

/** Greedy wrapping at spaces; a word wider than the line stays whole (tables are sized for their words). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  return [...lines, line];
}

/** Writes top to bottom, starting a new A4 page when the next block would cross the bottom margin. */
class Report {
  page: PDFPage;
  y = A4.height - MARGIN.top;

  constructor(
    private readonly doc: { addPage(size: [number, number]): PDFPage },
    private readonly fonts: Fonts,
    private readonly printable: Set<number>,
    private readonly texts: ExportTexts,
  ) {
    this.page = doc.addPage([A4.width, A4.height]);
  }

  /** Staff typed the reasons and names: a character the font cannot draw becomes "?" rather than an empty box. */
  clean(text: string): string {
    return [...text].map((ch) => (this.printable.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
  }

  need(height: number): void {
    if (this.y - height >= MARGIN.bottom) return;
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN.top;
  }

  text(text: string, size: number, bold = false, color = BLACK, x = MARGIN.x): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(this.clean(text), font, size, WIDTH - (x - MARGIN.x))) {
      this.need(size * 1.4);
      this.page.drawText(line, { x, y: this.y - size, size, font, color });
      this.y -= size * 1.4;
    }
  }

  gap(points: number): void {
    this.y -= points;
  }

  cell(cell: Cell): string {
    if (cell === null) return this.texts.none;
    return typeof cell === 'number' ? cell.toLocaleString(this.texts.locale, { maximumFractionDigits: 1 }) : this.clean(cell);
  }

  /** A table: the first column wide and left-aligned, the figures right-aligned in equal columns. */
  table(table: StatsTable, size = 7.5): void {
    const columns = table.headers.length;
    const first = columns > 4 ? WIDTH * 0.2 : WIDTH * 0.5;
    const other = (WIDTH - first) / Math.max(1, columns - 1);
    const widths = table.headers.map((_, i) => (i === 0 ? first : other));
    const lineHeight = size * 1.35;
    const drawRow = (cells: string[], font: PDFFont): void => {
      const wrapped = cells.map((text, i) => wrap(text, font, size, (widths[i] ?? other) - 4));
      const height = Math.max(...wrapped.map((l) => l.length)) * lineHeight + 3;
      this.need(height);
      let x = MARGIN.x;
      wrapped.forEach((lines, i) => {
        const width = widths[i] ?? other;
        lines.forEach((line, n) => {
          const lineWidth = font.widthOfTextAtSize(line, size);
          const at = i === 0 ? x : x + width - 2 - lineWidth;
          this.page.drawText(line, { x: at, y: this.y - size - n * lineHeight, size, font, color: BLACK });
        });
        x += width;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN.x, y: this.y + 1.5 }, end: { x: MARGIN.x + WIDTH, y: this.y + 1.5 }, thickness: 0.4, color: RULE });
    };
    this.need(size * 6);
    this.text(table.title, 11, true);
    this.gap(2);
    drawRow(
      table.headers.map((h) => this.clean(h)),
      this.fonts.bold,
    );
    for (const row of table.rows)
      drawRow(
        row.map((c) => this.cell(c)),
        this.fonts.regular,
      );
    this.gap(12);
  }
}

/** The period's report on A4, in the language of `texts`: title, key figures, then the tables. */
export async function statsPdf(
  stats: StatsResponse,
  tables: readonly StatsTable[],
  texts: ExportTexts,
  meta: ReportMeta,
  fonts: FontFiles,
): Promise<Uint8Array> {
  const title = `${texts.title} — ${meta.kepName}`;
  const { pdf, fonts: embedded } = await newDocument(fonts, {
    title: `${title}, ${meta.period}`,
    author: meta.kepName,
    subject: texts.title,
    language: texts.locale,
  });
  const report = new Report(pdf, embedded, fonts.printable, texts);
  report.text(title, 16, true);
  report.text(`${texts.period}: ${meta.period}`, 11);
  report.text(meta.filters, 9, false, GREY);
  report.text(`${texts.fetchedAt}: ${meta.fetchedAt}`, 9, false, GREY);
  report.gap(10);
  report.table({ id: 'groups', title: texts.keyFigures, headers: ['', texts.columns.count], rows: keyFigures(stats, texts) }, 9);
  // The reasons are staff's own words; the report keeps to the figures.
  for (const table of tables.filter((t) => t.id !== 'reasons')) report.table(table);
  return pdf.save();
}
