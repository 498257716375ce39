import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { DEMO_CITIZENS } from '../../hub/src/dev-oidc/demo-citizens';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { type RunningHub, startHub } from '../../hub/src/server';
import { bookingResponseSchema, slotsResponseSchema } from '../../src-shared/protocol/booking';
import { signInAsCitizen, startTestOidc, type TestOidc } from '../support/oidc';
import { freePort } from '../support/redis';
import { makeTempDir } from '../support/temp-dir';

/**
 * The citizen's booking page (/book) against a real hub and the local OpenID provider: sign in
 * with TAXISnet-like credentials, five steps, the confirmation, a slot someone else just took,
 * the keyboard alone, and axe on each step. Then "your appointment" on the join page from the
 * confirmation's link: change of time and cancellation. `BOOKING_SCREENSHOTS=<dir>` also saves
 * every step at desktop and phone width in both languages, for the docs and for looking at.
 */

test.describe.configure({ timeout: 180_000 });

const KEP = DEMO_KEPS[0]!;
const maria = DEMO_CITIZENS[0]!;
const giorgos = DEMO_CITIZENS[1]!;
const SHOTS = process.env.BOOKING_SCREENSHOTS;

interface Setup {
  hub: RunningHub;
  oidc: TestOidc;
  stop(): Promise<void>;
}

/** A hub with the demo KEPs (their schedules as migration 019 gives them) and a provider that knows the demo citizens. */
async function startBookingHub(): Promise<Setup> {
  const dir = makeTempDir('kep-e2e-booking-');
  const port = await freePort();
  const oidc = await startTestOidc(`http://127.0.0.1:${port}/book/callback`);
  const hub = await startHub({ dataDir: dir.path, port, config: { citizenSignIn: oidc.citizenSignIn } });
  seedDemo(hub.store, []);
  return {
    hub,
    oidc,
    async stop() {
      await hub.close();
      await oidc.stop();
      dir.remove();
    },
  };
}

/** axe-core on what the page shows now: no serious or critical WCAG 2.1 A/AA violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** axe, and with BOOKING_SCREENSHOTS the step as it looks at 1280×800 and 360×740, in Greek and English. */
async function step(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  if (!SHOTS) return;
  const viewport = page.viewportSize();
  for (const language of ['el', 'en'] as const) {
    await page.getByTestId(`language-${language}`).click();
    for (const [label, size] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 360, height: 740 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${SHOTS}/${name}-${language}-${label}.png`, fullPage: true });
    }
  }
  await page.getByTestId('language-el').click();
  if (viewport) await page.setViewportSize(viewport);
}

/** Through the provider's login page, back to /book signed in. */
async function signIn(page: Page, citizen = maria): Promise<void> {
  await page.getByTestId('book-sign-in').click();
  await page.getByLabel('Χρήστης').fill(citizen.username);
  await page.getByLabel('Κωδικός').fill(citizen.password);
  await page.getByRole('button', { name: /^Σύνδεση/ }).click();
  await expect(page).toHaveURL(/\/book$/);
  await expect(page.getByTestId('book-signed-in')).toContainText(`${citizen.givenName} ${citizen.familyName}`);
}

/** Steps 1 and 2 with the mouse: the demo KEP, category 3 with an interpreter, its first service. */
async function chooseKepAndCase(page: Page): Promise<void> {
  await page.getByLabel('Δήμος ή όνομα ΚΕΠ').fill(KEP.name.slice(0, 6));
  await page.getByTestId(`kep-${KEP.id}`).click();
  await page.getByTestId('book-next').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Τι αφορά το ραντεβού;');
  await page.getByTestId('category-3').click();
  await page.getByTestId('interpreter-yes').click();
  await page.getByTestId('service').selectOption({ index: 1 });
  await expect(page.getByText('Θα χρειαστείτε:')).toBeVisible();
  await page.getByTestId('description').fill('Χρειάζομαι την κάρτα αναπηρίας για το παιδί μου.');
  await page.getByTestId('book-next').click();
}

/** The first free day and its first free time; returns the slot's start. */
async function chooseFirstSlot(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Διαλέξτε ημέρα και ώρα');
  await page.locator('.slot-day').first().click();
  const time = page.locator('.slot-time').first();
  await time.click();
  const startsAt = (await time.locator('input').getAttribute('value')) as string;
  await page.getByTestId('book-next').click();
  return startsAt;
}

async function fillContact(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Πώς θα επικοινωνήσουμε μαζί σας;');
  await page.getByTestId('email').fill('maria@example.com');
  await page.getByTestId('delivery-post').click();
  await page.getByTestId('address').fill('Ερμού 10, 10563 Αθήνα');
  await page.getByTestId('book-next').click();
}

test.describe('the booking page', () => {
  let t: Setup;
  test.beforeAll(async () => {
    t = await startBookingHub();
  });
  test.afterAll(() => t.stop());

  test('a citizen signs in, books a slot, sees the confirmation, and changes it from the link', async ({ page }) => {
    await page.goto(`${t.hub.url}/book`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'el');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Κλείστε ραντεβού με βιντεοκλήση στο ΚΕΠ');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await step(page, 'book-1-start');

    await signIn(page);
    await expect(page.getByTestId('book-signed-in')).toContainText(`ΑΦΜ …${maria.afm.slice(-3)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ποιο ΚΕΠ;');
    // Nothing chosen: the step says so instead of going on.
    await page.getByTestId('book-next').click();
    await expect(page.getByTestId('book-error')).toHaveText('Διαλέξτε ένα ΚΕΠ για να συνεχίσετε.');
    await page.getByLabel('Δήμος ή όνομα ΚΕΠ').fill(KEP.name.slice(0, 6));
    await expect(page.getByTestId(`kep-${KEP.id}`)).toBeVisible();
    await step(page, 'book-2-kep');
    await page.getByTestId(`kep-${KEP.id}`).click();
    await page.getByTestId('book-next').click();

    await page.getByTestId('category-3').click();
    await page.getByTestId('interpreter-yes').click();
    await page.getByTestId('service').selectOption({ index: 1 });
    await page.getByTestId('description').fill('Χρειάζομαι την κάρτα αναπηρίας για το παιδί μου.');
    await expect(page.getByText('48 / 1000 χαρακτήρες')).toBeVisible();
    await step(page, 'book-3-case');
    await page.getByTestId('book-next').click();

    // Not today: a booking for later today could no longer be changed from the link.
    await expect(page.locator('.slot-day').nth(1)).toBeVisible();
    await page.locator('.slot-day').nth(1).click();
    await step(page, 'book-4-time');
    const time = page.locator('.slot-time').first();
    await time.click();
    const startsAt = (await time.locator('input').getAttribute('value')) as string;
    await page.getByTestId('book-next').click();

    await page.getByTestId('book-next').click();
    await expect(page.getByTestId('book-error')).toBeVisible();
    await page.getByTestId('email').fill('maria@example.com');
    await page.getByTestId('delivery-post').click();
    await page.getByTestId('address').fill('Ερμού 10, 10563 Αθήνα');
    await step(page, 'book-5-contact');
    await page.getByTestId('book-next').click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ελέγξτε το ραντεβού σας');
    await expect(page.getByTestId('book-step-review')).toContainText('Ερμού 10, 10563 Αθήνα');
    await step(page, 'book-6-review');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/booking') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Κλείσιμο ραντεβού' }).click();
    const booked = bookingResponseSchema.parse(await (await answer).json());
    expect(booked.appointment.startsAt).toBe(startsAt);
    expect(booked.appointment.citizen.afm).toBe(maria.afm);
    expect(booked.appointment.interpreterNeeded).toBe(true);
    expect(booked.appointment.bookedBy).toEqual({ via: 'online', employeeName: null });

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Το ραντεβού σας κλείστηκε');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(page.getByTestId('book-join-link')).toHaveAttribute('href', booked.joinUrl);
    await step(page, 'book-7-done');
    // Nothing of the booking stays in the tab once it is made, and never the name or the AFM.
    expect(await page.evaluate(() => sessionStorage.getItem('kep-booking-draft'))).toBeNull();

    // The link from the confirmation opens the join page with "your appointment".
    await page.goto(booked.joinUrl);
    const panel = page.getByTestId('your-booking');
    await expect(panel).toContainText('Το ραντεβού σας');
    await expect(panel).toContainText(KEP.name);
    await step(page, 'join-your-booking');
    await page.getByTestId('your-booking-move').click();
    await expect(page.getByRole('heading', { name: 'Διαλέξτε νέα ημέρα και ώρα' })).toBeFocused();
    await page.locator('.your-booking .slot-day').last().click();
    const newTime = page.locator('.your-booking .slot-time').last();
    await newTime.click();
    const movedTo = (await newTime.locator('input').getAttribute('value')) as string;
    await step(page, 'join-move');
    await page.getByTestId('your-booking-move-confirm').click();
    await expect(panel).toContainText('Η ώρα του ραντεβού άλλαξε.');
    expect(t.hub.store.getAppointment(booked.appointment.id)?.startsAt).toBe(movedTo);

    await page.getByTestId('your-booking-cancel').click();
    await page.getByTestId('your-booking-cancel-reason').fill('Βρήκα άλλη λύση');
    await step(page, 'join-cancel');
    await page.getByTestId('your-booking-cancel-confirm').click();
    await expect(page.getByTestId('your-booking-cancelled')).toHaveText('Το ραντεβού ακυρώθηκε');
    expect(t.hub.store.getAppointment(booked.appointment.id)?.status).toBe('cancelled');
    // The call flow is still there below it.
    await expect(page.getByTestId('citizen-start')).toBeVisible();
  });

  test('a slot someone else just took sends the citizen back to fresh times, with the reason', async ({ page, browser }) => {
    const hours = t.hub.store.keps.hours(KEP.id)!;
    t.hub.store.keps.setHours(KEP.id, { ...hours, desks: 1 });
    try {
      await page.goto(`${t.hub.url}/book`);
      await signIn(page, maria);
      await chooseKepAndCase(page);
      const startsAt = await chooseFirstSlot(page);
      await fillContact(page);

      // Giorgos books the very slot first.
      const session = await signInAsCitizen(t.hub.url, giorgos.username, giorgos.password);
      const other = await browser.newContext();
      const res = await other.request.post(`${t.hub.url}/api/v1/booking`, {
        headers: { cookie: `kep_citizen=${session}`, 'content-type': 'application/json' },
        data: {
          kepId: KEP.id,
          category: 3,
          serviceCode: firstServiceOf(t.hub, 3),
          description: 'Άλλη υπόθεση',
          interpreterNeeded: false,
          startsAt,
          email: 'giorgos@example.com',
          phone: null,
          deliveryMethod: 'email',
          postalAddress: null,
        },
      });
      expect(res.status()).toBe(200);
      await other.close();

      const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/booking/slots'));
      await page.getByRole('button', { name: 'Κλείσιμο ραντεβού' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Διαλέξτε ημέρα και ώρα');
      await expect(page.getByTestId('book-error')).toHaveText(
        'Αυτή η ώρα μόλις κλείστηκε από κάποιον άλλον. Διαλέξτε άλλη ώρα· οι ελεύθερες ώρες ανανεώθηκαν.',
      );
      const fresh = slotsResponseSchema.parse(await (await reloaded).json());
      expect(fresh.days.flatMap((d) => d.slots).some((s) => s.startsAt === startsAt)).toBe(false);
      await expect(page.getByTestId(`slot-${startsAt}`)).toHaveCount(0);
      await expect(page.locator('.slot-time input:checked')).toHaveCount(0);
      await step(page, 'book-taken');
    } finally {
      t.hub.store.keps.setHours(KEP.id, hours);
    }
  });

  test('keyboard alone: search, choose, answer, pick a time, and book; an expired sign-in keeps the draft', async ({ page, context }) => {
    await page.goto(`${t.hub.url}/book`);
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('book-sign-in')).toBeFocused();
    await page.keyboard.press('Enter');
    await page.getByLabel('Χρήστης').fill(maria.username);
    await page.getByLabel('Κωδικός').fill(maria.password);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ποιο ΚΕΠ;');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

    // Step 1: the search box, then the results with the arrow keys.
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('kep-search')).toBeFocused();
    await page.keyboard.type(KEP.name.slice(0, 6));
    await expect(page.getByTestId(`kep-${KEP.id}`)).toBeVisible();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.getByTestId(`kep-${KEP.id}`).locator('input')).toBeChecked();
    await page.getByTestId('book-next').focus();
    await page.keyboard.press('Enter');

    // Step 2: the heading has the focus; category by arrows, the service by keys, the description typed.
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('category-1').locator('input')).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('service')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('description')).toBeFocused();
    await page.keyboard.type('Βεβαίωση μόνιμης κατοικίας');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('book-next')).toBeFocused();
    await page.keyboard.press('Enter');

    // Step 3: a day button, then one of its times.
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(page.locator('.slot-day').first()).toBeVisible();
    await page.locator('.slot-day').first().focus();
    await page.keyboard.press('Enter');
    // The day's times take the focus at once; the arrows move among them.
    await expect(page.locator('.slot-time input').first()).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.locator('.slot-time input:checked')).toHaveCount(1);

    // The sign-in ends here (as after 30 minutes): the next call says so, and signing in again loses nothing.
    await context.clearCookies({ name: 'kep_citizen' });
    await page.getByTestId('book-next').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('email').fill('maria@example.com');
    await page.getByTestId('book-next').click();
    await page.getByRole('button', { name: 'Κλείσιμο ραντεβού' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Η σύνδεσή σας έληξε');
    await step(page, 'book-expired');
    const draft = (await page.evaluate(() => sessionStorage.getItem('kep-booking-draft'))) as string;
    expect(draft).toContain('Βεβαίωση μόνιμης κατοικίας');
    expect(draft).not.toContain(maria.afm);
    expect(draft).not.toContain(maria.familyName);
    // The provider still knows her, so it sends her straight back, to the step she was at.
    await page.getByTestId('book-sign-in').click();
    await expect(page.getByTestId('book-signed-in')).toContainText(maria.familyName);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ελέγξτε το ραντεβού σας');
    await page.getByRole('button', { name: 'Κλείσιμο ραντεβού' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Το ραντεβού σας κλείστηκε');

    // Signing out ends the session: the start page again.
    await page.getByTestId('book-sign-out').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Κλείστε ραντεβού με βιντεοκλήση στο ΚΕΠ');
    expect((await context.cookies()).some((c) => c.name === 'kep_citizen')).toBe(false);
  });
});

/** The first active service of a category, as the hub's catalogue lists it. */
function firstServiceOf(hub: RunningHub, category: number): string {
  return hub.store.catalogue.get().services.find((s) => s.active && s.category === category)!.code;
}
