import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { pdfText } from '../support/pdf-text';
import { bookCallNow, startCall, test } from './call-fixtures';
import { EMPLOYEE, expect, KEP, signIn } from './fixtures';

const SUPERVISOR = { username: 'nikos', name: 'Νίκος Οικονόμου' };

/** A tile's figure as a number (Greek formatting groups thousands with a dot). */
async function tile(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(id).locator('.stats-tile-value').innerText();
  return Number(text.replace(/\D/g, ''));
}

async function download(page: Page, format: 'csv' | 'xlsx' | 'pdf'): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`stats-export-${format}`).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

test.describe('a supervisor’s statistics', () => {
  test('today moves live as a citizen arrives and a call ends; a period with charts exports the same numbers', async ({ page, hub, desk, joinAs }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
    await signIn(page, SUPERVISOR.username);
    await expect(page.getByTestId('user')).toContainText(SUPERVISOR.name);
    await expect(page.getByTestId('user')).toHaveAttribute('data-realtime', 'connected');

    // The switch is the supervisor's; the day stays where it was.
    await page.getByRole('button', { name: 'Στατιστικά' }).click();
    await expect(page.getByTestId('stats-today')).toBeVisible();
    await expect(page.getByTestId('tile-booked')).toBeVisible();
    const waiting = await tile(page, 'tile-waiting');
    const served = await tile(page, 'tile-served');
    const inCall = await tile(page, 'tile-in-call');

    // A citizen arrives: the panel moves without a reload.
    const { appointment, link } = bookCallNow(hub);
    await expect.poll(() => tile(page, 'tile-booked'), { timeout: 10_000 }).toBeGreaterThan(0);
    await joinAs(link);
    await expect.poll(() => tile(page, 'tile-waiting'), { timeout: 15_000 }).toBe(waiting + 1);
    await expect(page.getByTestId('tile-waiting')).toContainText(/Μεγαλύτερη αναμονή: \d+ λεπτά/);
    await page.screenshot({ path: test.info().outputPath('today-waiting.png'), fullPage: true });

    // The supervisor calls the citizen from the day and ends the call served.
    await page.getByTestId('view-day').click();
    await startCall(page, appointment.id);
    await page.getByTestId('view-stats').click();
    await expect.poll(() => tile(page, 'tile-in-call'), { timeout: 10_000 }).toBe(inCall + 1);
    await expect.poll(() => tile(page, 'tile-waiting')).toBe(waiting);
    await page.getByTestId('view-day').click();
    await page.getByTestId('end-call').click();
    await page.getByLabel('Η υπόθεση εξυπηρετήθηκε').check();
    await page.getByTestId('confirm-end').click();
    await page.getByTestId('view-stats').click();
    await expect.poll(() => tile(page, 'tile-in-call'), { timeout: 10_000 }).toBe(inCall);
    await expect.poll(() => tile(page, 'tile-served'), { timeout: 20_000 }).toBe(served + 1);
    // The citizen still on the page is no longer waiting for a call.
    await expect.poll(() => tile(page, 'tile-waiting')).toBe(waiting);
    await page.getByTestId('stats-today').screenshot({ path: test.info().outputPath('today.png') });

    // This month, by day, from the hub: the demo KEP's weeks of history.
    const period = page.getByTestId('stats-period');
    await expect(period.getByTestId('stats-fetched')).toBeVisible({ timeout: 15_000 });
    await expect(period.getByTestId('chart-trend').locator('canvas')).toBeVisible();
    await expect(period.getByTestId('chart-wait').locator('canvas')).toBeVisible();
    await period.getByTestId('stats-preset').selectOption('last7');
    await period.getByTestId('stats-group-by').selectOption('weekday');
    await expect(period.getByTestId('chart-trend')).toContainText('Κρατήσεις και ολοκληρώσεις ανά Ημέρα εβδομάδας');
    const bookings = await tile(page, 'figure-bookings');
    const completed = await tile(page, 'figure-completed');
    expect(bookings).toBeGreaterThan(0);
    // What the supervisor sees at 1366×768 with the period scrolled up, and the whole period.
    await period.evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: test.info().outputPath('period.png') });
    await page.setViewportSize({ width: 1366, height: 2600 });
    await period.screenshot({ path: test.info().outputPath('period-whole.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // The downloads carry the numbers on the screen.
    const csv = await download(page, 'csv');
    expect(csv.name).toMatch(/^kep-stats-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const total = csv.bytes
      .subarray(3)
      .toString('utf8')
      .split('\r\n')
      .find((line) => line.startsWith('Σύνολο,'));
    expect(total?.split(',').slice(1, 3).map(Number)).toEqual([bookings, completed]);

    const xlsx = await download(page, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(xlsx.bytes).buffer);
    const groups = book.getWorksheet('Ανά ομάδα')!;
    const last = groups.getRow(groups.rowCount);
    expect([last.getCell(1).value, last.getCell(2).value, last.getCell(3).value]).toEqual(['Σύνολο', bookings, completed]);

    const pdf = await download(page, 'pdf');
    const text = (await pdfText(new Uint8Array(pdf.bytes))).pages.join('\n');
    expect(text).toContain(`Στατιστικά — ${KEP.name}`);
    expect(text).toContain('Βασικά μεγέθη');
    expect(text).toContain('Ανά ομάδα');
  });

  test('a range that ends before it starts is explained in Greek, and employees have no statistics', async ({ page, hub, desk }) => {
    await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
    await signIn(page, SUPERVISOR.username);
    await page.getByTestId('view-stats').click();
    const period = page.getByTestId('stats-period');
    await period.getByTestId('stats-preset').selectOption('range');
    await period.getByTestId('stats-from').fill('2026-11-20');
    await period.getByTestId('stats-to').fill('2026-11-10');
    await expect(period.getByTestId('stats-range-problem')).toHaveText(/δεν μπορεί να τελειώνει πριν αρχίσει/);
    await page.screenshot({ path: test.info().outputPath('range-problem.png') });
    await page.getByRole('button', { name: 'Αποσύνδεση' }).click();

    await signIn(page, EMPLOYEE.username);
    await expect(page.getByTestId('user')).toContainText(EMPLOYEE.name);
    await expect(page.getByTestId('view-stats')).toHaveCount(0);
    await expect(page.getByTestId('stats-screen')).toHaveCount(0);
  });
});
