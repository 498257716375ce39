import type ExcelJS from 'exceljs';
import type { StatsTable } from './stats-tables';

/** Excel refuses sheet names over 31 characters or with any of these. */
function sheetName(title: string): string {
  return title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
}

/** One sheet per table, its header bold and frozen; numbers stay numbers. */
export async function statsXlsx(tables: readonly StatsTable[], meta: { title: string; created: Date }): Promise<Uint8Array> {
  // Loaded on the first export, not at start: exceljs is one of the heaviest modules the desk has.
  const { default: excel } = (await import('exceljs')) as { default: typeof ExcelJS };
  const workbook = new excel.Workbook();
  workbook.creator = 'KEP Live Desk';
  workbook.title = meta.title;
  workbook.created = meta.created;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      const widest = Math.max(...[table.headers[i] ?? '', ...table.rows.map((r) => r[i] ?? '')].map((v) => String(v).length));
      column.width = Math.min(40, Math.max(10, widest + 2));
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
