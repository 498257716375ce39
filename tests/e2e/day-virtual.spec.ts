import type { Page } from '@playwright/test';
import { BENCH_PASSWORD, prepareSyncHub, type SyncBenchKep } from '../../bench/lib/sync-fixture';
import type { Appointment } from '../../src-shared/domain/appointment';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { makeTempDir } from '../support/temp-dir';
import { AppProcess, test as base, expect, HubProcess } from './fixtures';

/**
 * A day of a thousand appointments, as bench:sync seeds it (07:00–21:00 Athens), in a real hub
 * and the browser shell: the list renders only the rows near its view, and still behaves as the
 * whole day.
 */
const DAY_SIZE = 1000;

interface BigDay {
  url: string;
  kep: SyncBenchKep;
  appointments: Appointment[];
}

const test = base.extend<{ bigDay: BigDay }>({
  bigDay: async ({}, use) => {
    const hubDir = makeTempDir('kep-e2e-big-hub-');
    const appDir = makeTempDir('kep-e2e-big-app-');
    const [kep] = (await prepareSyncHub(hubDir.path, formatAthensDate(new Date()), [DAY_SIZE])) as [SyncBenchKep];
    const hub = new HubProcess(hubDir.path);
    const desk = new AppProcess(appDir.path);
    try {
      await hub.start();
      hub.tokens[kep.kepId] = kep.workstationToken;
      const appointments = await hub.appointments(kep.kepId, formatAthensDate(new Date()));
      await use({ url: await desk.start(hub.url, kep.workstationToken), kep, appointments });
    } finally {
      await desk.stop();
      await hub.stop();
      appDir.remove();
      hubDir.remove();
    }
  },
});

// Seeding a thousand appointments and a user (scrypt) before each test takes a while on a busy machine.
test.describe.configure({ timeout: 120_000 });

const list = (page: Page) => page.getByRole('listbox', { name: 'Ραντεβού της ημέρας' });
const option = (page: Page, a: Appointment) => page.locator(`[role="option"][data-appointment-id="${a.id}"]`);

async function signIn(page: Page, day: BigDay): Promise<number> {
  await page.goto(day.url);
  await page.getByText(day.kep.name).first().waitFor();
  await page.getByLabel('Όνομα χρήστη').fill(day.kep.username);
  await page.getByLabel('Κωδικός πρόσβασης').fill(BENCH_PASSWORD);
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Είσοδος' }).click();
  await expect.poll(() => optionInView(page), { timeout: 15_000, intervals: [10] }).toBeGreaterThan(0);
  return Date.now() - clicked;
}

/** The place in the day (aria-posinset) of the row drawn at the middle of the list's view; 0 for none. */
async function optionInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.querySelector('[role="listbox"]');
    if (!el) return 0;
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return Number(hit?.closest('[role="option"]')?.getAttribute('aria-posinset') ?? 0);
  });
}

test('a day of a thousand opens at now, with the rows in view rendered and the whole day known', async ({ page, bigDay }) => {
  expect(bigDay.appointments).toHaveLength(DAY_SIZE);
  const shownAfter = await signIn(page, bigDay);
  test.info().annotations.push({ type: 'first rows in view after the click (ms)', description: String(shownAfter) });
  console.log(`day-virtual: first rows in view ${shownAfter} ms after the click on "Είσοδος"`);

  const options = list(page).getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-setsize', String(DAY_SIZE));
  // Only a slice of the day is in the DOM.
  expect(await options.count()).toBeLessThan(150);
  await expect(page.locator('.day-count')).toContainText(String(DAY_SIZE));

  // Today's list opens at the first appointment that has not ended (none left after 21:00).
  const nowIndex = bigDay.appointments.findIndex((a) => Date.parse(a.endsAt) > Date.now());
  if (nowIndex >= 0) {
    const marker = page.getByTestId('now-marker');
    await expect(marker).toBeInViewport();
    const next = page.locator('[data-testid="now-marker"] + [role="option"]');
    await expect(next).toBeInViewport();
    // A row ends every 50 s or so: allow for the minute that passed since.
    const at = Number(await next.getAttribute('aria-posinset')) - 1;
    expect(Math.abs(at - nowIndex)).toBeLessThanOrEqual(2);
  }

  // The filters and the search see the whole day, not the rendered slice.
  const last = bigDay.appointments[DAY_SIZE - 1]!;
  await page.getByLabel('Αναζήτηση (όνομα ή ΑΦΜ)').fill(last.citizen.afm);
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAttribute('aria-setsize', '1');
  await expect(option(page, last)).toBeInViewport();
});

test('the keyboard reaches every end of the day: End, Home, PageDown and the arrows', async ({ page, bigDay }) => {
  await signIn(page, bigDay);
  const first = bigDay.appointments[0]!;
  const last = bigDay.appointments[DAY_SIZE - 1]!;
  await list(page).focus();

  await page.keyboard.press('End');
  await expect(option(page, last)).toHaveAttribute('aria-selected', 'true');
  await expect(option(page, last)).toHaveAttribute('aria-posinset', String(DAY_SIZE));
  await expect(option(page, last)).toBeInViewport({ ratio: 0.95 });
  await expect(list(page)).toHaveAttribute('aria-activedescendant', `appointment-${last.id}`);
  await expect(page.getByTestId('appointment-detail')).toContainText(last.citizen.afm);

  await page.keyboard.press('Home');
  await expect(option(page, first)).toHaveAttribute('aria-selected', 'true');
  await expect(option(page, first)).toBeInViewport({ ratio: 0.95 });
  await expect(list(page)).toHaveAttribute('aria-activedescendant', `appointment-${first.id}`);

  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowDown');
  const sixth = bigDay.appointments[6]!;
  await expect(option(page, sixth)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('appointment-detail')).toContainText(sixth.citizen.afm);
  await expect(list(page)).toBeFocused();
});

test('the selected row stays in the DOM when the wheel scrolls it away', async ({ page, bigDay }) => {
  await signIn(page, bigDay);
  const first = bigDay.appointments[0]!;
  await list(page).focus();
  await page.keyboard.press('Home');
  await expect(option(page, first)).toHaveAttribute('aria-selected', 'true');
  await list(page).hover();
  for (let i = 0; i < 10; i += 1) await page.mouse.wheel(0, 1000);
  await expect(option(page, first)).not.toBeInViewport();
  // aria-activedescendant must name an element of the page.
  await expect(option(page, first)).toHaveCount(1);
  await expect(list(page)).toHaveAttribute('aria-activedescendant', `appointment-${first.id}`);
});

// Its frames are counted by bench:sync, not here: the test runner's tracing snapshots the DOM at
// every action (50–85 ms of the page's main thread each), which is most of what a count here says.
test('wheel scrolling through the day: the rows follow', async ({ page, bigDay }) => {
  await signIn(page, bigDay);
  await list(page).focus();
  await page.keyboard.press('Home');
  await list(page).hover();
  for (let i = 0; i < 60; i += 1) {
    await page.mouse.wheel(0, 240);
    await page.waitForTimeout(16);
  }
  // The list moved well into the day, and the rows where it stopped are rendered in its view.
  expect(await list(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(5000);
  expect(await optionInView(page)).toBeGreaterThan(50);
});
