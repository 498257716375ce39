import type { Appointment } from '../../src-shared/domain/appointment';
import { displayState } from '../../src-shared/domain/appointment-state';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import type { Page } from '@playwright/test';
import { expect, KEP, OTHER_KEPS, test } from './fixtures';

/** The appointment rows (the language picker has options of its own). */
const rows = (page: Page) => page.getByRole('listbox', { name: /Ραντεβού της ημέρας|Appointments of the day/ }).getByRole('option');
const today = (): string => formatAthensDate(new Date());
/** How the list names an untouched booking now: booked, ready to call, or its window missed. */
const stateNow = (a: Appointment, texts: { booked: string; window_open: string; missed_window: string }): string =>
  texts[displayState(a, undefined, false, new Date()) as 'booked' | 'window_open' | 'missed_window'];
const EL_STATES = { booked: 'Προγραμματισμένο', window_open: 'Σε ώρα κλήσης', missed_window: 'Έληξε η ώρα κλήσης' };
const timeFmt = new Intl.DateTimeFormat('el-GR', { timeZone: 'Europe/Athens', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

test('the seeded day appears exactly as the hub has it', async ({ page, hub, openApp }) => {
  await openApp(page);
  await expect(page.getByTestId('kep-name')).toHaveText(KEP.name);
  await expect(page.getByTestId('sync-state')).toHaveText('Συνδεδεμένο');

  for (const [date, tab] of [
    [today(), 'Σήμερα'],
    [nextWorkingDay(today()), 'Επόμενη εργάσιμη'],
  ] as const) {
    await page.getByRole('button', { name: new RegExp(tab) }).click();
    const expected = await hub.appointments(KEP.id, date);
    expect(expected.length).toBeGreaterThan(0);
    const list = rows(page);
    await expect(list).toHaveCount(expected.length);
    const ids = await list.evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')));
    expect(ids).toEqual(expected.map((a) => a.id));
    for (const [i, a] of expected.entries()) {
      const row = list.nth(i);
      await expect(row.locator('.cell-time')).toContainText(timeFmt.format(new Date(a.startsAt)));
      await expect(row.locator('.cell-citizen')).toContainText(`${a.citizen.firstName} ${a.citizen.lastName}`);
      await expect(row.locator('.category-number')).toHaveText(String(a.category));
      await expect(row.locator('.subject-text')).toHaveText(a.subject);
      await expect(row.locator('.status-chip')).toHaveText(stateNow(a, EL_STATES));
      await expect(row.locator('.interpreter-badge')).toHaveCount(a.interpreterNeeded ? 1 : 0);
    }
  }
});

test('the detail pane follows the keyboard through the list', async ({ page, hub, openApp }) => {
  await openApp(page);
  const expected = await hub.appointments(KEP.id, today());
  const list = page.getByRole('listbox');
  await expect(rows(page)).toHaveCount(expected.length);
  await list.focus();
  // The list opens at the current slot; Home goes to the day's first booking.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('appointment-detail')).toContainText(expected[0]!.citizen.afm);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('appointment-detail')).toContainText(expected[1]!.citizen.afm);
  await page.keyboard.press('End');
  const last = expected[expected.length - 1]!;
  await expect(page.getByTestId('appointment-detail')).toContainText(`${last.citizen.firstName} ${last.citizen.lastName}`);
  await expect(rows(page).and(page.getByRole('option', { selected: true }))).toHaveAttribute('data-appointment-id', last.id);
  await page.keyboard.press('Home');
  await expect(rows(page).and(page.getByRole('option', { selected: true }))).toHaveAttribute('data-appointment-id', expected[0]!.id);
  await page.screenshot({ path: test.info().outputPath('day-view.png') });
});

test('with the hub stopped, a restarted app shows the cached day and says it is offline', async ({ page, hub, desk, openApp }) => {
  await openApp(page);
  const expected = await hub.appointments(KEP.id, today());
  await expect(rows(page)).toHaveCount(expected.length);
  const lastSync = await page.getByTestId('last-sync').textContent();

  await hub.stop();
  await desk.stop();
  const url = await desk.start(hub.url, hub.tokens[KEP.id] as string);
  await page.goto(url); // the employee's session resumes, offline

  await expect(page.getByTestId('user')).toContainText('Χωρίς σύνδεση με τον κόμβο');
  await expect(page.getByTestId('sync-state')).toHaveText('Εκτός σύνδεσης');
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Δεν υπάρχει σύνδεση με τον κόμβο');
  await expect(notice).toContainText('τελευταίο συγχρονισμό');
  await expect(page.getByTestId('last-sync')).toHaveText(lastSync ?? '');
  const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')));
  expect(ids).toEqual(expected.map((a) => a.id));
  await page.screenshot({ path: test.info().outputPath('offline.png') });

  // The hub comes back on the same address: "Try again" brings the app online.
  await hub.start(Number(new URL(hub.url).port));
  await notice.getByRole('button', { name: 'Δοκιμή ξανά' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText('Συνδεδεμένο');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test("the app never shows another KEP's appointments", async ({ page, hub, openApp }) => {
  await openApp(page);
  const own = await hub.appointments(KEP.id, today());
  await expect(rows(page)).toHaveCount(own.length);
  const shown = new Set(await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id'))));
  for (const other of OTHER_KEPS) {
    const theirs = await hub.appointments(other.id, today());
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((a) => shown.has(a.id))).toEqual([]);
  }
});

test('English is complete and the choice is remembered', async ({ page, hub, openApp }) => {
  await openApp(page);
  const [first] = await hub.appointments(KEP.id, today());
  await expect(page.getByTestId('sync-state')).toHaveText('Συνδεδεμένο');
  await expect(page.locator('html')).toHaveAttribute('lang', 'el');
  await page.getByLabel('Γλώσσα').selectOption('en');
  await expect(page.getByTestId('sync-state')).toHaveText('Online');
  await expect(page.getByRole('button', { name: /Today/ })).toBeVisible();
  await expect(page.locator('.status-chip').first()).toHaveText(
    stateNow(first!, { booked: 'Booked', window_open: 'Ready to call', missed_window: 'Call window missed' }),
  );
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByTestId('sync-state')).toHaveText('Online');
  await expect(page.getByText('Σήμερα')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
});
