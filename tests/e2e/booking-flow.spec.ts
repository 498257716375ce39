import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { setKepSchedule } from '../../hub/src/booking/kep-schedule';
import { DEMO_CITIZENS } from '../../hub/src/dev-oidc/demo-citizens';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import { bookingResponseSchema } from '../../src-shared/protocol/booking';
import { startTestOidc, type TestOidc } from '../support/oidc';
import { freePort } from '../support/redis';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { makeTempDir } from '../support/temp-dir';
import { startCall, test as callTest, withHubStore } from './call-fixtures';
import { AppProcess, EMPLOYEE, expect, HubProcess, KEP, signIn } from './fixtures';

/**
 * The whole service from booking to call, as the issue describes it: a citizen signs in at the
 * (local) OpenID provider, books a slot on the booking page, the confirmation e-mail reaches a
 * real SMTP server with an .ics invitation, the desk's day shows the booking live, and the call
 * happens through the link in that e-mail. A second booking is cancelled from its own link, and
 * the desk sees it cancelled.
 *
 * The KEP is open all day in 5-minute slots and the hub asks no lead time (booking.leadMinutes
 * 0, changes allowed until the slot), so the first free slot can be called at once whatever the
 * hour the test runs.
 */

callTest.describe.configure({ timeout: 240_000 });

const maria = DEMO_CITIZENS[0]!;
const rows = (page: Page) => page.getByRole('listbox', { name: /Ραντεβού της ημέρας/ }).getByRole('option');

interface Service {
  hub: HubProcess;
  smtp: TestSmtp;
  oidc: TestOidc;
  stop(): Promise<void>;
}

/** A hub process that mails through a loopback SMTP server and signs citizens in at a local provider. */
async function startService(): Promise<Service> {
  const dir = makeTempDir('kep-e2e-booking-flow-');
  const smtp = await startTestSmtp();
  const port = await freePort();
  const oidc = await startTestOidc(`http://127.0.0.1:${port}/book/callback`);
  const hub = new HubProcess(dir.path);
  await hub.prepare();
  writeFileSync(
    join(dir.path, HUB_CONFIG_FILE),
    JSON.stringify({ smtp: smtp.config(), citizenSignIn: oidc.citizenSignIn, booking: { leadMinutes: 0, changeUntilMinutes: 0 } }),
  );
  withHubStore(dir.path, (store) => {
    const allDay = [{ opens: '00:00', closes: '23:55' }];
    const hours = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, allDay]));
    setKepSchedule(store, KEP.id, { videoService: true, municipality: 'Αθηναίων', desks: 20, slotMinutes: 5, hours, closedDates: [] });
  });
  await hub.start(port);
  return {
    hub,
    smtp,
    oidc,
    async stop() {
      await hub.stop();
      await oidc.stop();
      await smtp.stop();
      dir.remove();
    },
  };
}

/** Signs in at the provider, walks the five steps with the n-th free time of the first day, and books. */
async function bookOnline(page: Page, hubUrl: string, nth: number) {
  await page.goto(`${hubUrl}/book`);
  // The page asks the hub who is signed in first: wait for its answer before choosing.
  await expect(page.getByTestId('book-sign-in').or(page.getByTestId('book-signed-in'))).toBeVisible();
  if (await page.getByTestId('book-sign-in').isVisible()) {
    await page.getByTestId('book-sign-in').click();
    await page.getByLabel('Χρήστης').fill(maria.username);
    await page.getByLabel('Κωδικός').fill(maria.password);
    await page.getByRole('button', { name: /^Σύνδεση/ }).click();
  }
  await expect(page.getByTestId('book-signed-in')).toContainText(`${maria.givenName} ${maria.familyName}`);
  await page.getByLabel('Δήμος ή όνομα ΚΕΠ').fill('Αθηναίων');
  await page.getByTestId(`kep-${KEP.id}`).click();
  await page.getByTestId('book-next').click();
  await page.getByTestId('category-1').click();
  await page.getByTestId('service').selectOption({ index: 1 });
  await page.getByTestId('description').fill('Πιστοποιητικό για την εγγραφή του παιδιού στο σχολείο.');
  await page.getByTestId('book-next').click();
  await page.locator('.slot-day').first().click();
  await page.locator('.slot-time').nth(nth).click();
  await page.getByTestId('book-next').click();
  await page.getByTestId('email').fill('maria@example.com');
  await page.getByTestId('delivery-email').click();
  await page.getByTestId('book-next').click();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/booking') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Κλείσιμο ραντεβού' }).click();
  const booked = bookingResponseSchema.parse(await (await answer).json());
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Το ραντεβού σας κλείστηκε');
  return booked;
}

/** The confirmation of this appointment, as the SMTP server received it. */
async function confirmationOf(smtp: TestSmtp, appointmentId: string): Promise<ParsedMail> {
  const find = () =>
    smtp.messages.find((m) => m.attachments.some((a) => a.contentType === 'text/calendar' && a.content.toString('utf8').includes(`UID:${appointmentId}@`)));
  await expect.poll(() => Boolean(find()), { timeout: 20_000 }).toBe(true);
  return find()!;
}

callTest(
  'a citizen books online, gets the e-mail, is called through its link, and cancels another booking from its link',
  async ({ page, joinAs, browser }) => {
    const service = await startService();
    const desk = new AppProcess(makeTempDir('kep-e2e-booking-flow-app-').path);
    try {
      await page.goto(await desk.start(service.hub.url, service.hub.tokens[KEP.id] as string));
      await signIn(page, EMPLOYEE.username);
      await expect(page.getByTestId('user')).toHaveAttribute('data-realtime', 'connected');
      // A fresh desk's first sync starts once the page has asked for its day: wait for the day.
      await expect(rows(page)).not.toHaveCount(0);
      const before = await rows(page).count();

      const citizenContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const citizen = await citizenContext.newPage();
      // Not the first free time: it starts at the next five minutes, and a booking sent across
      // that boundary would be for a time already begun (refused). The second is 5–10 minutes off,
      // inside its call window.
      const first = await bookOnline(citizen, service.hub.url, 1);
      expect(first.appointment.bookedBy).toEqual({ via: 'online', employeeName: null });
      expect(first.confirmation).toBe('queued');

      // The desk's day shows it at once, pushed by the hub (no refresh).
      const row = page.locator(`[data-appointment-id="${first.appointment.id}"]`);
      await expect(row).toContainText(`${maria.givenName} ${maria.familyName}`, { timeout: 15_000 });
      expect(await rows(page).count()).toBe(before + 1);

      // The e-mail: the link, and a calendar invitation for exactly that slot.
      const mail = await confirmationOf(service.smtp, first.appointment.id);
      expect(service.smtp.received.find((r) => r.mail === mail)?.envelopeTo).toEqual(['maria@example.com']);
      const ics = mail.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
      const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
      expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(first.appointment.startsAt);
      const link = String(event.getFirstPropertyValue('location'));
      expect(link).toMatch(new RegExp(`^${service.hub.url}/join#`));
      expect(mail.text).toContain(link);

      // The call, through the e-mail's link.
      const citizenInCall = await joinAs(link);
      await startCall(page, first.appointment.id);
      await expect(citizenInCall.getByTestId('call')).toBeVisible({ timeout: 20_000 });
      await page.screenshot({ path: callTest.info().outputPath('desk-calls-online-booking.png') });
      await page.getByTestId('end-call').click();
      await page.getByLabel('Η υπόθεση εξυπηρετήθηκε').check();
      await page.getByTestId('confirm-end').click();
      await expect(citizenInCall.getByTestId('call-ended')).toBeVisible();

      // A second booking, cancelled by the citizen from its own link: the desk sees it cancelled.
      // It is near now, where the day's list opens (the list draws only the rows around the view).
      const second = await bookOnline(citizen, service.hub.url, 2);
      await expect(page.locator(`[data-appointment-id="${second.appointment.id}"]`)).toBeVisible({ timeout: 15_000 });
      await citizen.goto(second.joinUrl);
      await citizen.getByTestId('your-booking-cancel').click();
      await citizen.getByTestId('your-booking-cancel-reason').fill('Δεν το χρειάζομαι πια');
      await citizen.getByTestId('your-booking-cancel-confirm').click();
      await expect(citizen.getByTestId('your-booking-cancelled')).toHaveText('Το ραντεβού ακυρώθηκε');
      await expect(page.locator(`[data-appointment-id="${second.appointment.id}"]`)).toContainText('Ακυρώθηκε', { timeout: 15_000 });
      await citizenContext.close();
    } finally {
      await desk.stop();
      await service.stop();
    }
  },
);
