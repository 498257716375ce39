import type { Language } from '../../src-shared/contract/ipc';
import { addDays } from '../../src-shared/domain/athens-time';
import type { StatsExportFormat, StatsResponse } from '../../src-shared/protocol/stats';
import type { FontFiles } from '../pdf/pdf-fonts';
import { type ExportTexts, exportTexts } from './export-texts';
import { statsCsv } from './stats-csv';
import { statsPdf } from './stats-pdf';
import { statsTables } from './stats-tables';
import { statsXlsx } from './stats-xlsx';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface ExportInput {
  stats: StatsResponse;
  fetchedAt: string;
  format: StatsExportFormat;
  language: Language;
  kepName: string;
  /** Only the PDF needs them. */
  fonts: () => Promise<FontFiles>;
}

const MIME: Record<StatsExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** kep-stats-2026-11 for a whole month, kep-stats-2026-12-03 for a day, else kep-stats-FROM_TO. */
export function exportBaseName({ from, to }: { from: string; to: string }): string {
  const wholeMonth = from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7) && addDays(to, 1).endsWith('-01');
  if (wholeMonth) return `kep-stats-${from.slice(0, 7)}`;
  return from === to ? `kep-stats-${from}` : `kep-stats-${from}_${to}`;
}

const dayText = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

function filtersText(stats: StatsResponse, texts: ExportTexts): string {
  const { category, employee } = stats.query;
  const employeeName = employee === null ? texts.all : (stats.employees.find((e) => e.userId === employee)?.name ?? employee);
  return `${texts.category}: ${category ?? texts.all} · ${texts.employeeFilter}: ${employeeName} · ${texts.groupBy[stats.query.groupBy]}`;
}

/** A period's answer as the file a supervisor asked for, in the language asked for. */
export async function exportStats(input: ExportInput): Promise<ExportedFile> {
  const texts = exportTexts(input.language);
  const tables = statsTables(input.stats, texts);
  const fileName = `${exportBaseName(input.stats.query)}.${input.format}`;
  const mimeType = MIME[input.format];
  if (input.format === 'csv') return { fileName, mimeType, bytes: statsCsv(tables) };
  if (input.format === 'xlsx') return { fileName, mimeType, bytes: await statsXlsx(tables, { title: texts.title, created: new Date(input.stats.computedAt) }) };
  const fetched = new Date(input.fetchedAt).toLocaleString(texts.locale, { timeZone: 'Europe/Athens', dateStyle: 'short', timeStyle: 'short' });
  const bytes = await statsPdf(
    input.stats,
    tables,
    texts,
    {
      kepName: input.kepName,
      period:
        input.stats.query.from === input.stats.query.to
          ? dayText(input.stats.query.from)
          : `${dayText(input.stats.query.from)} – ${dayText(input.stats.query.to)}`,
      filters: filtersText(input.stats, texts),
      fetchedAt: fetched,
    },
    await input.fonts(),
  );
  return { fileName, mimeType, bytes };
}
