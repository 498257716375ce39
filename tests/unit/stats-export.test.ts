import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fontLoader } from '../../src-main/pdf/pdf-fonts';
import { exportBaseName, exportStats } from '../../src-main/stats/stats-export';
import { type StatsResponse, statsResponseSchema } from '../../src-shared/protocol/stats';
import { pdfText } from '../support/pdf-text';

const fonts = fontLoader(resolve(__dirname, '../../resources/fonts'));
const none = { count: 0, p50: null, p90: null };
const figures = (bookings: number, completed: number, waitP50: number | null) => ({
  bookings,
  completed,
  noShows: 1,
  noShowRate: 0.25,
  cancelled: 0,
  rescheduled: 1,
  calls: completed,
  wait: waitP50 === null ? none : { count: completed, p50: waitP50, p90: waitP50 * 2 },
  duration: { count: completed, p50: 600, p90: 930 },
});

/** A fixed answer: November 2026 by weekday, with a reason that needs quoting. */
const STATS: StatsResponse = statsResponseSchema.parse({
  kepId: 'kep-a',
  query: { from: '2026-11-01', to: '2026-11-30', groupBy: 'weekday', category: null, employee: null },
  computedAt: '2026-12-01T08:00:00.000Z',
  totals: figures(12, 8, 150),
  groups: [
    { key: '1', figures: figures(7, 5, 90) },
    { key: '3', figures: figures(5, 3, null) },
  ],
  waitBands: [3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 2],
  lateStart: { count: 8, p50: 30, p90: 120 },
  outcomes: { completed: 6, incomplete: 1, citizen_left: 1, technical: 0 },
  verification: { passed: 7, failed: 2, failedByReason: { poor_video: 1, document_not_accepted: 0, data_mismatch: 1, citizen_refused: 0, technical: 0 } },
  interpreterCalls: 1,
  cancelReasons: [{ reason: 'Ο πολίτης είπε "όχι", τελικά', count: 2 }],
  rescheduleReasons: [{ reason: 'ασθένεια', count: 1 }],
  documents: [
    { channel: 'email', sent: 4, done: 3, failed: 1, timeToDone: { count: 3, p50: 45, p90: 90 } },
    { channel: 'post', sent: 1, done: 1, failed: 0, timeToDone: { count: 1, p50: 86_400, p90: 86_400 } },
  ],
  employees: [
    {
      userId: 'u1',
      name: 'Γιώργος Αλεξίου',
      calls: 8,
      duration: { count: 8, p50: 600, p90: 930 },
      outcomes: { completed: 6, incomplete: 1, citizen_left: 1, technical: 0 },
    },
  ],
});

const run = (format: 'csv' | 'xlsx' | 'pdf', language: 'el' | 'en' = 'el') =>
  exportStats({ stats: STATS, fetchedAt: '2026-12-01T08:00:05.000Z', format, language, kepName: 'ΚΕΠ Δήμου Αθηναίων', fonts });

describe('statistics export', () => {
  it('names files by period', () => {
    expect(exportBaseName({ from: '2026-11-01', to: '2026-11-30' })).toBe('kep-stats-2026-11');
    expect(exportBaseName({ from: '2026-12-03', to: '2026-12-03' })).toBe('kep-stats-2026-12-03');
    expect(exportBaseName({ from: '2026-11-02', to: '2026-11-30' })).toBe('kep-stats-2026-11-02_2026-11-30');
    expect(exportBaseName({ from: '2026-02-01', to: '2026-02-28' })).toBe('kep-stats-2026-02');
  });

  it('writes CSV as UTF-8 with a BOM, RFC 4180 quoting and Greek, one table after another', async () => {
    const file = await run('csv');
    expect(file.fileName).toBe('kep-stats-2026-11.csv');
    expect(file.mimeType).toMatch(/^text\/csv/);
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Ανά ομάδα');
    expect(lines[1]).toBe(
      'Ημέρα εβδομάδας,Κρατήσεις,Ολοκληρώθηκαν,Δεν προσήλθαν,Ποσοστό μη προσέλευσης (%),Ακυρώσεις,Αλλαγές ώρας,Κλήσεις,Αναμονή διάμεσος (λεπτά),Αναμονή 90% (λεπτά),Διάρκεια διάμεσος (λεπτά),Διάρκεια 90% (λεπτά)',
    );
    // Durations in minutes with one decimal; nothing measured is an empty field.
    expect(lines[2]).toBe('Δευτέρα,7,5,1,25,0,1,5,1.5,3,10,15.5');
    expect(lines[3]).toBe('Τετάρτη,5,3,1,25,0,1,3,,,10,15.5');
    expect(lines[4]).toBe('Σύνολο,12,8,1,25,0,1,8,2.5,5,10,15.5');
    expect(lines[5]).toBe('');
    expect(lines[6]).toBe('Χρόνος αναμονής');
    expect(lines[8]).toBe('0–2,3');
    expect(text).toContain('\r\n20 και άνω,2\r\n');
    expect(text).toContain('Ακύρωση,"Ο πολίτης είπε ""όχι"", τελικά",2\r\n');
    expect(text).toContain('Ταχυδρομείο,1,1,0,1440,1440\r\n');
    expect(text).toContain('Γιώργος Αλεξίου,8,10,15.5,6,1,1,0\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('writes XLSX with one sheet per table and numbers as numbers', async () => {
    const file = await run('xlsx');
    expect(file.fileName).toBe('kep-stats-2026-11.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes.slice().buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Ανά ομάδα',
      'Χρόνος αναμονής',
      'Έκβαση κλήσεων',
      'Έλεγχοι ταυτότητας',
      'Έγγραφα ανά τρόπο αποστολής',
      'Ανά υπάλληλο',
      'Λόγοι ακυρώσεων και αλλαγών',
    ]);
    const groups = book.getWorksheet('Ανά ομάδα')!;
    expect(groups.getRow(2).values).toEqual([undefined, 'Δευτέρα', 7, 5, 1, 25, 0, 1, 5, 1.5, 3, 10, 15.5]);
    expect(typeof groups.getCell('B4').value).toBe('number');
    expect(groups.getCell('A4').value).toBe('Σύνολο');
    expect(groups.getCell('B4').value).toBe(12);
    const checks = book.getWorksheet('Έλεγχοι ταυτότητας')!;
    expect(checks.getRow(2).values).toEqual([undefined, 'Επιτυχείς', 7]);
    expect(checks.getRow(4).values).toEqual([undefined, 'Αποτυχία: Κακή εικόνα', 1]);
  });

  it('writes the monthly report as an A4 PDF whose Greek text reads back', async () => {
    const file = await run('pdf');
    expect(file.fileName).toBe('kep-stats-2026-11.pdf');
    const { pages, sizes } = await pdfText(file.bytes);
    expect(sizes[0]).toEqual({ width: 595.28, height: 841.89 });
    const text = pages.join('\n');
    for (const words of [
      'Στατιστικά — ΚΕΠ Δήμου Αθηναίων',
      'Περίοδος: 01/11/2026 – 30/11/2026',
      'Βασικά μεγέθη',
      'Κρατήσεις',
      'Δευτέρα',
      'Τετάρτη',
      'Χρόνος αναμονής',
      'Έλεγχοι ταυτότητας',
      'Κακή εικόνα',
      'Ταχυδρομείο',
      'Γιώργος Αλεξίου',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/Αναμονή διάμεσος \(λεπτά\)\s*2,5/);
  });

  it('writes the report in English when asked', async () => {
    const { pages } = await pdfText((await run('pdf', 'en')).bytes);
    expect(pages.join('\n')).toContain('Statistics — ΚΕΠ Δήμου Αθηναίων');
    expect(pages.join('\n')).toContain('Identity checks');
  });
});
