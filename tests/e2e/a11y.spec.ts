import { createHash, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { DispatchRequest } from '../../src-shared/protocol/dispatch';
import { bookCallNow, CHECK_ITEMS, expectRemoteVideo, startCall, test } from './call-fixtures';
import { EMPLOYEE, expect, type HubProcess, IT, KEP, signIn } from './fixtures';

/**
 * Accessibility on every screen of the desk and of the citizen's page, in Greek: axe-core finds
 * no serious or critical WCAG 2.1 A/AA violation, and the keyboard focus lands on the next
 * meaningful control after each action (a ticked checklist item, an attached document) and stays
 * inside the devices dialog.
 */

test.describe.configure({ timeout: 240_000 });

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** axe-core on what the page shows now: no serious or critical WCAG 2.1 A/AA violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${screen}.png`) });
  const results = await new AxeBuilder({ page })
    // Experimental in axe, but WCAG 2.5.3 (the name starts with the visible text) is A.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** A citizen page in its own context, with axe on each step before the call. */
async function citizenToLobby(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId('citizen-start')).toBeVisible();
  await expectAccessible(page, 'citizen-intro');
  await page.getByTestId('citizen-start').click();
  await expect(page.getByTestId('device-result-camera')).toHaveAttribute('data-result', 'ok', { timeout: 30_000 });
  await expectAccessible(page, 'citizen-device-check');
  await page.getByTestId('device-continue').click();
  await expect(page.getByTestId('lobby-connection')).toHaveAttribute('data-state', 'connected');
  await expectAccessible(page, 'citizen-lobby');
}

/** Sends a document to the appointment's inbox as the KEP's workstation does, through the hub's API. */
async function sendToInbox(hub: HubProcess, appointmentId: string, name: string): Promise<void> {
  const body: DispatchRequest = {
    dispatchId: randomUUID(),
    appointmentId,
    actorId: 'user-maria',
    madeAt: new Date().toISOString(),
    channel: 'inbox',
    protocolNumber: 'ΚΕΠ-2026/1042',
    trackingNumber: null,
    documents: [{ name, size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), dataBase64: PDF.toString('base64') }],
  };
  const res = await fetch(`${hub.url}/api/v1/dispatches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.tokens[KEP.id]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

test('the employee’s desk, the call and the citizen’s page: accessible, and the focus follows the work', async ({ page: desk, browser, hub, desk: app }) => {
  await desk.goto(await app.start(hub.url, hub.tokens[KEP.id] as string));
  await expect(desk.getByLabel('Όνομα χρήστη')).toBeVisible();
  await expectAccessible(desk, 'desk-sign-in');
  await signIn(desk, EMPLOYEE.username);
  await expect(desk.getByTestId('user')).toContainText(EMPLOYEE.name);

  const { appointment, link } = bookCallNow(hub, {
    category: 1,
    interpreterNeeded: false,
    deliveryMethod: 'email',
    citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: null },
  });

  // The day, with a booking's details: the e-mail label is Greek even in capitals.
  await desk.locator(`[data-appointment-id="${appointment.id}"]`).first().click();
  const detail = desk.getByTestId('appointment-detail');
  await expect(detail).toContainText('Ελένη');
  expect(await detail.innerText()).not.toMatch(/EMAIL/);
  await expectAccessible(desk, 'desk-day-detail');

  // The devices dialog: modal, Tab and Shift+Tab stay inside, Escape gives the focus back.
  const opener = desk.getByTestId('open-devices');
  await opener.focus();
  await opener.press('Enter');
  const dialog = desk.getByTestId('device-settings');
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
  await expectAccessible(desk, 'desk-devices-dialog');
  const inDialog = (): Promise<boolean> => desk.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="device-settings"]')));
  for (let i = 0; i < 12; i += 1) {
    await desk.keyboard.press('Tab');
    expect(await inDialog(), `Tab ${i + 1}`).toBe(true);
  }
  for (let i = 0; i < 12; i += 1) {
    await desk.keyboard.press('Shift+Tab');
    expect(await inDialog(), `Shift+Tab ${i + 1}`).toBe(true);
  }
  await desk.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  // The citizen comes in; the desk's lobby shows them.
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, permissions: ['camera', 'microphone'] });
  try {
    const citizen = await context.newPage();
    await citizenToLobby(citizen, link);
    await expect(desk.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointment.id}"]`)).toBeVisible({ timeout: 15_000 });
    await expectAccessible(desk, 'desk-lobby');

    await startCall(desk, appointment.id);
    await expectRemoteVideo(citizen, 'employee');
    await expectAccessible(desk, 'desk-call-checklist');
    await expectAccessible(citizen, 'citizen-in-call');
    // Its camera is on and cannot be closed yet: the button says what it would do.
    await expect(citizen.getByTestId('toggle-video')).toHaveText('Κλείσιμο κάμερας');
    // The chat's Enter / Shift+Enter hint is for a keyboard: a phone's narrow layout has none.
    await expect(citizen.getByTestId('chat-hint')).toBeVisible();
    await citizen.setViewportSize({ width: 390, height: 844 });
    await expect(citizen.getByTestId('chat-input')).toBeAttached();
    await expect(citizen.getByTestId('chat-hint')).toHaveCount(0);
    await expectAccessible(citizen, 'citizen-in-call-phone');
    await citizen.setViewportSize({ width: 1200, height: 800 });

    // Each tick by keyboard moves the focus to the next item still open; the last one, to the case.
    const check = desk.getByTestId('verification');
    await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'yes', { timeout: 15_000 });
    await check.getByTestId(`check-${CHECK_ITEMS[0]}`).focus();
    for (const [i, item] of CHECK_ITEMS.entries()) {
      await desk.keyboard.press('Space');
      await expect(check.getByTestId(`check-${item}`)).toBeChecked();
      const next = CHECK_ITEMS[i + 1];
      if (next) await expect(check.getByTestId(`check-${next}`)).toBeFocused();
    }
    await expect(check).toHaveAttribute('data-outcome', 'passed');
    await expect(desk.getByTestId('case-protocol')).toBeFocused();

    // After the check the citizen may close the camera; then the button offers to open it.
    await citizen.getByTestId('toggle-video').click();
    await expect(citizen.getByTestId('toggle-video')).toHaveText('Άνοιγμα κάμερας');

    // Attaching a document: the focus goes to its entry.
    const panel = desk.getByTestId('dispatch-panel');
    await panel.getByTestId('attach-document').setInputFiles({ name: 'Βεβαίωση μόνιμης κατοικίας.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(panel.getByTestId('case-document')).toContainText('Βεβαίωση μόνιμης κατοικίας.pdf');
    await expect(panel.getByRole('checkbox', { name: 'Να σταλεί το «Βεβαίωση μόνιμης κατοικίας.pdf»' })).toBeFocused();
    await expectAccessible(desk, 'desk-call-case-dispatch');

    // One document is one, in the singular.
    await panel.getByTestId('dispatch-send').click();
    const confirm = desk.getByTestId('dispatch-confirm');
    await expect(confirm).toContainText('Να σταλεί 1 έγγραφο με e-mail στο eleni@example.com;');
    await expectAccessible(desk, 'desk-dispatch-confirm');
    await desk.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);

    await desk.getByTestId('end-call').click();
    await desk.getByTestId('confirm-end').click();
    await expect(citizen.getByTestId('call-ended')).toBeVisible({ timeout: 15_000 });
    await expectAccessible(citizen, 'citizen-ended');
  } finally {
    await context.close();
  }
});

test('the supervisor’s work panel and the IT panel are accessible', async ({ page, hub, desk: app }) => {
  const url = await app.start(hub.url, hub.tokens[KEP.id] as string);
  await page.goto(url);
  await signIn(page, 'nikos');
  const row = page.locator('[data-appointment-id]').first();
  await row.click();
  await expect(page.locator('.work')).toBeVisible();
  await expectAccessible(page, 'desk-supervisor-work');

  await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
  await signIn(page, IT.username);
  await expect(page.locator('.it-panel')).toBeVisible();
  await expectAccessible(page, 'desk-it-panel');
});

test('the citizen’s inbox with documents, and a bad link, are accessible', async ({ hub, page }) => {
  const { appointment, link } = bookCallNow(hub, { deliveryMethod: 'inbox', interpreterNeeded: false }, 5);
  await sendToInbox(hub, appointment.id, 'Βεβαίωση μόνιμης κατοικίας.pdf');
  await page.context().grantPermissions(['camera', 'microphone']);
  await page.goto(link);
  await expect(page.getByTestId('documents').getByRole('listitem', { name: 'Βεβαίωση μόνιμης κατοικίας.pdf' })).toBeVisible();
  await expectAccessible(page, 'citizen-inbox');

  await page.goto('about:blank');
  await page.goto(`${hub.url}/join#eyJ0eXAiOiJqb2luIn0.cut`);
  await expect(page.getByTestId('page-error')).toContainText('Ο σύνδεσμος δεν είναι ολόκληρος');
  await expectAccessible(page, 'citizen-bad-link');
  await page.close(); // before the hub stops (see citizen-page.spec.ts)
});
