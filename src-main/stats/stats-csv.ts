import type { Cell, StatsTable } from './stats-tables';

const BOM = '\uFEFF';

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The tables as one CSV file: UTF-8 with a BOM (so Excel reads Greek), commas, CRLF lines; each
 * table its title line, its header and rows, then an empty line before the next.
 */
export function statsCsv(tables: readonly StatsTable[]): Uint8Array {
  const lines = tables.flatMap((table, i) => [
    ...(i > 0 ? [''] : []),
    field(table.title),
    table.headers.map(field).join(','),
    ...table.rows.map((row) => row.map(field).join(',')),
  ]);
  return new TextEncoder().encode(BOM + lines.join('\r\n') + '\r\n');
}
