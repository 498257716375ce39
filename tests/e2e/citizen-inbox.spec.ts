import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DispatchRequest, DispatchStatus } from '../../src-shared/protocol/dispatch';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { joinUrl } from '../../src-shared/protocol/hub-api';
import { accessTokenFor, connectSocket, type HubSocket } from '../support/sockets';
import { bookCallNow, withHubStore } from './call-fixtures';
import { expect, type HubProcess, KEP, test } from './fixtures';

/**
 * The citizen's document inbox on their page: the KEP sends a PDF "to the inbox" through the
 * hub's real API, as a desk does, and the citizen lists and downloads it with the link they
 * already have, before a call, after it, and after the appointment is over.
 */

const DOC_NAME = 'Βεβαίωση μόνιμης κατοικίας.pdf';

/** Enough of a PDF for the hub's check (it reads the first bytes), different every time. */
const pdf = (text: string = randomUUID()): Buffer =>
  Buffer.from(
    `%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Sends documents to the appointment's inbox as the KEP's workstation, through POST /api/v1/dispatches. */
async function sendToInbox(hub: HubProcess, appointmentId: string, documents: Array<{ name: string; data: Buffer }>): Promise<DispatchStatus> {
  const body: DispatchRequest = {
    dispatchId: randomUUID(),
    appointmentId,
    actorId: 'user-maria',
    madeAt: new Date().toISOString(),
    channel: 'inbox',
    protocolNumber: 'ΚΕΠ-2026/1042',
    trackingNumber: null,
    documents: documents.map(({ name, data }) => ({ name, size: data.length, sha256: sha256(data), dataBase64: data.toString('base64') })),
  };
  const res = await fetch(`${hub.url}/api/v1/dispatches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.tokens[KEP.id]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as DispatchStatus;
  expect(res.status, JSON.stringify(answer)).toBe(200);
  expect(answer).toMatchObject({ id: body.dispatchId, channel: 'inbox', state: 'sent' });
  return answer;
}

/** What the KEP's desk is told about a dispatch. */
async function dispatchState(hub: HubProcess, id: string): Promise<DispatchStatus | undefined> {
  const res = await fetch(`${hub.url}/api/v1/dispatches/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.tokens[KEP.id]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ids: [id] }),
  });
  return ((await res.json()) as { dispatches: DispatchStatus[] }).dispatches[0];
}

/** A KEP workstation's live connection, with a signed-in employee (to open and close the call). */
async function deskSocket(hub: HubProcess): Promise<HubSocket> {
  const workstationToken = hub.tokens[KEP.id] as string;
  const accessToken = await withHubStore(hub.dataDir, (store) => accessTokenFor(store, workstationToken));
  return connectSocket(hub.url, { kind: 'workstation', workstationToken, accessToken });
}

const athens = (iso: string, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat('el-GR', { timeZone: 'Europe/Athens', ...options }).format(new Date(iso));
/** As the page writes a moment: 29 Νοεμβρίου 2026, 10:20 (Athens). */
const athensDateTime = (iso: string): string =>
  `${athens(iso, { day: 'numeric', month: 'long', year: 'numeric' })}, ${athens(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;

/** Screenshots for people to look at, when E2E_SCREENSHOTS names a directory. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  // What fits on the screen first, as a phone shows it.
  await page.screenshot({ path: join(dir, `${name}-screen.png`) });
}

/** The page fits the phone's width: nothing to scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, window: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.window);
}

test.describe('the citizen’s document inbox', () => {
  test('lists a document sent to the inbox in Greek, downloads it intact by keyboard, and shows it downloaded; also in English and on a phone', async ({
    hub,
    page,
  }) => {
    const { appointment, link } = bookCallNow(hub, { deliveryMethod: 'inbox', interpreterNeeded: false }, 5);
    const data = pdf('e2e inbox');
    const sent = await sendToInbox(hub, appointment.id, [{ name: DOC_NAME, data }]);

    await page.goto(link);
    await expect(page.locator('html')).toHaveAttribute('lang', 'el');
    const documents = page.getByTestId('documents');
    await expect(documents.getByRole('heading', { name: 'Τα έγγραφά σας' })).toBeVisible();
    await expect(page.getByTestId('documents-kep')).toHaveText(`Από: ${KEP.name}`);
    const row = documents.getByRole('listitem', { name: DOC_NAME });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('document-size')).toHaveText(/^\d+(,\d)?\u00a0kB$/);
    await expect(row.getByTestId('document-sent')).toHaveText(athensDateTime(sent.sentAt!));
    await expect(row.getByTestId('document-until')).toContainText(athensDateTime(sent.expiresAt!).split(',')[0]!);
    await expect(row).toHaveAttribute('data-downloaded', 'no');
    // Someone who came back for a document sees it first, above the call's introduction, which is still there.
    await expect(page.getByTestId('citizen-start')).toBeVisible();
    const documentsTop = (await documents.boundingBox())!.y;
    expect(documentsTop).toBeLessThan((await page.getByRole('heading', { level: 1, name: 'Καλώς ήρθατε' }).boundingBox())!.y);
    await screenshot(page, 'inbox-el-desktop');

    // By keyboard: the documents' heading has the focus, the next stop is the download button.
    await expect(documents.getByRole('heading', { name: 'Τα έγγραφά σας' })).toBeFocused();
    await page.keyboard.press('Tab');
    const button = page.getByRole('button', { name: `Λήψη: ${DOC_NAME}` });
    await expect(button).toBeFocused();
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(DOC_NAME);
    const saved = await readFile((await download.path())!);
    expect(sha256(saved)).toBe(sha256(data));
    expect(saved.equals(data)).toBe(true);

    await expect(row.getByTestId('document-status')).toHaveText('Το έγγραφο κατέβηκε στη συσκευή σας. Θα το βρείτε συνήθως στον φάκελο «Λήψεις» (Downloads).');
    // The list is asked for again: the hub recorded the download, and the desk is told.
    await expect(row).toHaveAttribute('data-downloaded', 'yes');
    await expect(row.getByTestId('document-downloaded')).toContainText('Το κατεβάσατε στις');
    await expect(page.getByRole('button', { name: `Λήψη ξανά: ${DOC_NAME}` })).toBeFocused();
    const recorded = await dispatchState(hub, sent.id);
    expect(recorded).toMatchObject({ state: 'downloaded' });
    await expect(row.getByTestId('document-downloaded')).toHaveText(`Το κατεβάσατε στις ${athensDateTime(recorded!.downloadedAt!)}.`);
    await screenshot(page, 'inbox-el-desktop-downloaded');

    // English, once.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(documents.getByRole('heading', { name: 'Your documents' })).toBeVisible();
    await expect(row.getByText('Size', { exact: true })).toBeVisible();
    await expect(row.getByText('Available until', { exact: true })).toBeVisible();
    await expect(row.getByTestId('document-downloaded')).toContainText('You downloaded it on');
    await expect(page.getByRole('button', { name: `Download again: ${DOC_NAME}` })).toBeVisible();
    await screenshot(page, 'inbox-en-desktop');

    // On a phone: everything within the width, the button large enough to tap.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    const box = (await page.getByRole('button', { name: `Download again: ${DOC_NAME}` }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'inbox-en-phone');
    await page.getByRole('button', { name: 'Ελληνικά' }).click();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'inbox-el-phone');
    await page.close(); // before the hub stops (see citizen-page.spec.ts)
  });

  test('an empty inbox says so below the introduction; after the call it is asked again, and a document sent then appears', async ({ hub, page }) => {
    const { appointment, link } = bookCallNow(hub, { deliveryMethod: 'inbox', interpreterNeeded: false });
    const desk = await deskSocket(hub);
    try {
      await page.context().grantPermissions(['camera', 'microphone']);
      await page.goto(link);
      const empty = page.getByTestId('documents-empty');
      await expect(empty).toContainText('Όταν το ΚΕΠ σας στείλει ένα έγγραφο στη θυρίδα σας, θα εμφανιστεί εδώ.');
      await expect(empty).toContainText('με e-mail ή ταχυδρομικά');
      // Before the call the introduction comes first, and keeps the focus.
      await expect(page.getByRole('heading', { level: 1, name: 'Καλώς ήρθατε' })).toBeFocused();
      expect((await page.getByTestId('documents').boundingBox())!.y).toBeGreaterThan((await page.getByTestId('citizen-start').boundingBox())!.y);
      await screenshot(page, 'inbox-el-empty');

      await page.getByTestId('citizen-start').click();
      await page.getByTestId('device-continue').click();
      await expect(page.getByTestId('lobby')).toBeVisible();
      await expect(page.getByTestId('documents')).toHaveCount(0);

      // The employee opens the call and ends it.
      expect((await desk.timeout(5000).emitWithAck('room:open', { appointmentId: appointment.id })).ok).toBe(true);
      await expect(page.getByTestId('call')).toBeVisible();
      const listed = page.waitForRequest((r) => r.url().endsWith('/api/v1/inbox'));
      expect((await desk.timeout(5000).emitWithAck('room:close', { appointmentId: appointment.id })).ok).toBe(true);
      await expect(page.getByTestId('call-ended')).toBeVisible();
      await listed; // asked again when the call ended
      await expect(page.getByTestId('documents-empty')).toBeVisible();

      // The KEP sends the document after the call; the citizen checks for it.
      const data = pdf();
      await sendToInbox(hub, appointment.id, [{ name: DOC_NAME, data }]);
      await page.getByTestId('documents-refresh').click();
      await expect(page.getByTestId('documents').getByRole('listitem', { name: DOC_NAME })).toBeVisible();
      await expect(page.getByTestId('documents-empty')).toHaveCount(0);
      await screenshot(page, 'inbox-el-after-call');
    } finally {
      desk.close();
      await page.close();
    }
  });

  test('a completed appointment’s link no longer opens a call but still gives the documents', async ({ hub, page }) => {
    const { appointment, link } = bookCallNow(hub, { deliveryMethod: 'inbox', interpreterNeeded: false }, -180);
    const data = pdf();
    await sendToInbox(hub, appointment.id, [{ name: DOC_NAME, data }]);
    withHubStore(hub.dataDir, (store) => store.setAppointmentStatus(appointment.id, 'completed'));

    await page.context().grantPermissions(['camera', 'microphone']);
    await page.goto(link);
    const row = page.getByTestId('documents').getByRole('listitem', { name: DOC_NAME });
    await expect(row).toBeVisible();

    // Someone who goes on to the call anyway is told the appointment is over (not "too early"), and where the documents are.
    await page.getByTestId('citizen-start').click();
    await page.getByTestId('device-continue').click();
    await expect(page.getByTestId('page-error')).toContainText('Το ραντεβού σας έχει ολοκληρωθεί');
    await expect(page.getByTestId('appointment-over')).toBeVisible();
    await expect(page.getByTestId('page-error')).not.toContainText('15 λεπτά πριν');
    await expect(page.getByTestId('documents-below')).toBeVisible();
    await expect(row).toBeVisible();
    await screenshot(page, 'inbox-el-completed');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Λήψη: ${DOC_NAME}` }).click();
    expect(sha256(await readFile((await (await downloading).path())!))).toBe(sha256(data));
    await expect(row).toHaveAttribute('data-downloaded', 'yes');
    await page.close();
  });
  test('a document that expired while the page was open is explained, with what to do', async ({ hub, page }) => {
    const { appointment, link } = bookCallNow(hub, { deliveryMethod: 'inbox', interpreterNeeded: false }, 5);
    const sent = await sendToInbox(hub, appointment.id, [{ name: DOC_NAME, data: pdf() }]);
    await page.goto(link);
    await expect(page.getByRole('button', { name: `Λήψη: ${DOC_NAME}` })).toBeVisible();

    withHubStore(hub.dataDir, (store) =>
      store.db.prepare('UPDATE dispatches SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), sent.id),
    );
    await page.getByRole('button', { name: `Λήψη: ${DOC_NAME}` }).click();
    // The hub no longer lists it; the page says which document went, and what to do.
    const gone = page.getByTestId('document-gone');
    await expect(gone).toContainText(DOC_NAME);
    await expect(gone).toContainText('δεν είναι πια διαθέσιμο');
    await expect(gone).toContainText('επικοινωνήστε με το ΚΕΠ');
    await expect(page.getByTestId('document')).toHaveCount(0);
    await screenshot(page, 'inbox-el-expired');
    await page.close();
  });

  test('an interpreter’s link has no inbox: the page does not show one', async ({ hub, page }) => {
    const { appointment } = bookCallNow(hub, { category: 3, interpreterNeeded: true, deliveryMethod: 'inbox' }, 5);
    await sendToInbox(hub, appointment.id, [{ name: DOC_NAME, data: pdf() }]);
    const link = withHubStore(hub.dataDir, (store) => joinUrl(hub.url, issueJoinToken(store, appointment.id, 'interpreter').token));
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/inbox'));
    await page.goto(link);
    expect((await answered).status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'Καλώς ήρθατε' })).toBeVisible();
    await expect(page.getByTestId('documents')).toHaveCount(0);
    await page.close();
  });
});
