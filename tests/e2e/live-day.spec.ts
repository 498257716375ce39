import type { Page } from '@playwright/test';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { bookAppointment } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';
import { withHubStore } from './call-fixtures';
import { AppProcess, EMPLOYEE, expect, KEP, signIn, test } from './fixtures';

const rows = (page: Page) => page.getByRole('listbox', { name: /Ραντεβού της ημέρας/ }).getByRole('option');

test('a booking made at the hub appears in the open day view within two seconds', async ({ page, hub, openApp }) => {
  await openApp(page);
  // The day is fully shown first, so the count below is the day's and not a half-loaded list's.
  const before = (await hub.appointments(KEP.id, formatAthensDate(new Date()))).length;
  await expect(rows(page)).toHaveCount(before);
  // The live connection to the hub is up (the push travels on it).
  await expect(page.getByTestId('user')).toHaveAttribute('data-realtime', 'connected');
  // 45 minutes away within today, whatever the hour: later in the day, or earlier after 23:15.
  const minutes = formatAthensDate(new Date(Date.now() + 45 * 60_000)) === formatAthensDate(new Date()) ? 45 : -45;
  const booked = withHubStore(hub.dataDir, (store) =>
    bookAppointment(store, KEP.id, minutes, {
      citizen: { firstName: 'Αναστασία', lastName: 'Ζαχαρίου', afm: '123456783', email: null, phone: null, postalAddress: null },
    }),
  );
  expect(formatAthensDate(new Date(booked.startsAt))).toBe(formatAthensDate(new Date()));
  await expect(rows(page)).toHaveCount(before + 1, { timeout: 2000 });
  await expect(page.locator(`[data-appointment-id="${booked.id}"]`)).toContainText('Αναστασία Ζαχαρίου');
});

test('an edit made while the hub is down waits in the outbox and arrives once', async ({ page, hub, openApp }) => {
  await openApp(page);
  // By id, not "the first row": the list opens at now and fills in its rows above it a frame
  // later, so the first row in the DOM changes under a click made early in the day's second.
  const id = (await hub.appointments(KEP.id, formatAthensDate(new Date())))[0]!.id;
  await page.locator(`[data-appointment-id="${id}"]`).click();
  await hub.stop();

  await page.getByLabel('Σημειώσεις προετοιμασίας').fill('Να φέρει την παλιά κάρτα');
  await page.getByRole('button', { name: 'Αποθήκευση σημειώσεων' }).click();
  await expect(page.getByTestId('outbox')).toHaveText('Εκκρεμεί 1 αλλαγή προς αποστολή');
  await page.screenshot({ path: test.info().outputPath('pending.png') });

  await hub.start(Number(new URL(hub.url).port));
  await page.getByRole('button', { name: 'Συγχρονισμός τώρα' }).click();
  await expect(page.getByTestId('outbox')).toHaveText('Όλες οι αλλαγές στάλθηκαν', { timeout: 20_000 });
  const atHub = withHubStore(hub.dataDir, (store) => ({
    notes: store.getWork([id])[0]?.notes,
    applied: (store.db.prepare('SELECT count(*) AS n FROM applied_changes').get() as { n: number }).n,
  }));
  expect(atHub).toEqual({ notes: 'Να φέρει την παλιά κάρτα', applied: 1 });
});

test('filters and search narrow the day, by keyboard too', async ({ page, hub, openApp }) => {
  await openApp(page);
  const day = await hub.appointments(KEP.id, formatAthensDate(new Date()));
  const someone = day[3]!;
  await page.getByPlaceholder('Αναζήτηση (όνομα ή ΑΦΜ)').fill(someone.citizen.afm);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(someone.citizen.lastName);
  // Accents and case do not matter.
  const folded = someone.citizen.lastName
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
  await page.getByPlaceholder('Αναζήτηση (όνομα ή ΑΦΜ)').fill(folded);
  await expect(rows(page).first()).toContainText(someone.citizen.lastName);
  await page.getByPlaceholder('Αναζήτηση (όνομα ή ΑΦΜ)').fill('');
  await page.getByLabel('Κατηγορία').selectOption('3');
  await expect(rows(page)).toHaveCount(day.filter((a) => a.category === 3).length);
  await page.getByRole('radio', { name: 'Δικά μου' }).click();
  await expect(page.getByTestId('day-empty')).toHaveText('Κανένα ραντεβού δεν ταιριάζει με τα φίλτρα.');
});

test("a supervisor's reassignment and cancellation reach another desk live", async ({ page, browser, hub, openApp }) => {
  await openApp(page); // maria, employee
  const target = (await rows(page).nth(1).getAttribute('data-appointment-id')) as string;

  const otherDir = makeTempDir('kep-e2e-desk2-');
  const other = new AppProcess(otherDir.path);
  const supervisorPage = await browser.newPage();
  try {
    await supervisorPage.goto(await other.start(hub.url, hub.tokens[KEP.id] as string));
    await signIn(supervisorPage, 'nikos');
    await supervisorPage.locator(`[data-appointment-id="${target}"]`).click();
    await supervisorPage.getByLabel('Ανάθεση σε').selectOption({ label: EMPLOYEE.name });
    await expect(page.locator(`[data-appointment-id="${target}"]`)).toContainText(EMPLOYEE.name, { timeout: 5000 });
    await page.getByRole('radio', { name: 'Δικά μου' }).click();
    await expect(rows(page)).toHaveCount(1);

    await supervisorPage.getByRole('button', { name: 'Ακύρωση ραντεβού' }).click();
    await supervisorPage.getByLabel('Αιτιολογία').fill('Ο πολίτης ζήτησε ακύρωση τηλεφωνικά');
    await supervisorPage.getByRole('button', { name: 'Επιβεβαίωση' }).click();
    await expect(page.locator(`[data-appointment-id="${target}"]`)).toContainText('Ακυρώθηκε', { timeout: 5000 });
    await rows(page).first().click();
    await expect(page.getByTestId('appointment-detail')).toContainText('Ο πολίτης ζήτησε ακύρωση τηλεφωνικά');
    await page.screenshot({ path: test.info().outputPath('cancelled.png') });
  } finally {
    await supervisorPage.close();
    await other.stop();
    otherDir.remove();
  }
});
