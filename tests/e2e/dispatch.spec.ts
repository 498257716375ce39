import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import type { KepApi } from '../../src-shared/contract/ipc';
import { pdfText } from '../support/pdf-text';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { bookCallNow, passIdentityCheck, startCall, test, withHubStore } from './call-fixtures';
import { expect } from './fixtures';

test.describe.configure({ timeout: 180_000 });

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** A small but real PDF, as a KEP's document system would issue it. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let smtp: TestSmtp;
test.beforeEach(async () => {
  smtp = await startTestSmtp();
});
test.afterEach(async () => {
  await smtp.stop();
});

test('after the call the document goes by e-mail (queued offline, sent once), to the inbox, and by post', async ({ page: desk, joinAs, hub, openApp }) => {
  // The hub hands e-mail to this test's mail server.
  const port = Number(new URL(hub.url).port);
  await hub.stop();
  writeFileSync(join(hub.dataDir, HUB_CONFIG_FILE), JSON.stringify({ smtp: smtp.config() }));
  await hub.start(port);

  await openApp(desk);
  const { appointment, link } = bookCallNow(hub, {
    category: 1,
    interpreterNeeded: false,
    deliveryMethod: 'email',
    citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: 'Οδός Ερμού 25, 105 63 Αθήνα' },
  });
  const citizen = await joinAs(link);

  // Before the identity check nothing can be sent: the desk shows no dispatch at all.
  await startCall(desk, appointment.id);
  await expect(desk.getByTestId('dispatch-panel')).toHaveCount(0);
  // Nor can a renderer that tries anyway: main refuses.
  const early = await desk.evaluate((args) => (window as unknown as { kep: KepApi }).kep.invoke('document.attach', args), {
    appointmentId: appointment.id,
    name: 'early.pdf',
    dataBase64: PDF.toString('base64'),
  });
  expect(early).toMatchObject({ ok: false, error: { code: 'locked' } });
  await passIdentityCheck(desk);
  await expect(desk.getByTestId('dispatch-panel')).toBeVisible();
  await desk.getByTestId('case-protocol').fill('4521/2026');
  await desk.getByTestId('case-status').selectOption('awaiting_document');
  await desk.getByTestId('case-save').click();
  await expect(desk.getByTestId('case-saved')).toBeVisible();
  await desk.getByTestId('end-call').click();
  await desk.getByTestId('confirm-end').click();

  // Later, the document is ready: the day view lists what is still owed.
  const owed = desk.getByTestId('owed-item');
  await expect(owed).toHaveCount(1);
  await expect(owed).toHaveAttribute('data-reason', 'awaiting_document');
  await owed.click();
  const panel = desk.getByTestId('dispatch-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('attach-document').setInputFiles({ name: 'Βεβαίωση μόνιμης κατοικίας.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(panel.getByTestId('case-document')).toContainText('Βεβαίωση μόνιμης κατοικίας.pdf');
  await panel.getByTestId('attach-document').setInputFiles({ name: 'φωτογραφία.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x89PNG\r\n\x1a\n') });
  await expect(panel.getByTestId('dispatch-problem')).toContainText('δεν είναι PDF');
  await expect(panel.getByTestId('channel-email')).toContainText('προτίμηση του πολίτη');
  await desk.screenshot({ path: test.info().outputPath('dispatch-ready.png'), fullPage: true });

  // The hub is away: the e-mail waits in the outbox with its file.
  await hub.stop();
  await panel.getByTestId('dispatch-send').click();
  await expect(desk.getByTestId('dispatch-confirm')).toContainText('eleni@example.com');
  await desk.getByTestId('dispatch-confirm-yes').click();
  const email = panel.locator('[data-testid="dispatch-item"][data-channel="email"]');
  await expect(email).toHaveAttribute('data-state', 'queued');
  await expect(desk.getByTestId('owed-documents')).toHaveCount(0);
  await panel.screenshot({ path: test.info().outputPath('dispatch-queued.png') });

  await hub.start(port);
  await expect.poll(() => smtp.messages.length, { timeout: 45_000 }).toBe(1);
  await expect(email).toHaveAttribute('data-state', 'delivered', { timeout: 20_000 });
  const mail = smtp.messages[0]!;
  expect(mail.to).toMatchObject({ value: [{ address: 'eleni@example.com' }] });
  expect(mail.attachments.map((a) => a.filename)).toEqual(['Βεβαίωση μόνιμης κατοικίας.pdf']);
  expect(sha256(mail.attachments[0]!.content)).toBe(sha256(PDF));
  expect(mail.text).toContain('4521/2026');

  // The same document to the citizen's inbox: they download it from their page with the same link.
  await panel.getByTestId('channel-inbox').click();
  await panel.getByTestId('case-document').getByRole('checkbox').check();
  await panel.getByTestId('dispatch-send').click();
  await desk.getByTestId('dispatch-confirm-yes').click();
  const inbox = panel.locator('[data-testid="dispatch-item"][data-channel="inbox"]');
  await expect(inbox).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
  await citizen.reload();
  const listed = citizen.getByTestId('document');
  await expect(listed).toContainText('Βεβαίωση μόνιμης κατοικίας.pdf', { timeout: 20_000 });
  const [download] = await Promise.all([citizen.waitForEvent('download'), listed.getByTestId('document-download').click()]);
  expect(download.suggestedFilename()).toBe('Βεβαίωση μόνιμης κατοικίας.pdf');
  expect(sha256(readFileSync((await download.path())!))).toBe(sha256(PDF));
  await expect(inbox).toHaveAttribute('data-state', 'downloaded', { timeout: 20_000 });
  const downloads = withHubStore(hub.dataDir, (store) => store.db.prepare('SELECT count(*) AS n FROM inbox_downloads').get() as { n: number });
  expect(downloads.n).toBe(1);

  // And by registered post: cover letter and label in Greek, then the tracking number.
  await panel.getByTestId('channel-post').click();
  await panel.getByTestId('case-document').getByRole('checkbox').check();
  await panel.getByTestId('dispatch-send').click();
  await desk.getByTestId('dispatch-confirm-yes').click();
  const post = panel.locator('[data-testid="dispatch-item"][data-channel="post"]');
  await expect(post).toHaveAttribute('data-state', 'queued');
  await panel.screenshot({ path: test.info().outputPath('dispatch-post.png') });
  await expect(desk.getByTestId('owed-item')).toHaveAttribute('data-reason', 'awaiting_posting');
  const [letter] = await Promise.all([desk.waitForEvent('download'), post.getByTestId('post-cover-letter').click()]);
  const text = (await pdfText(readFileSync((await letter.path())!))).pages.join('\n');
  // Ready to sign and post: the document by its title, signed by the employee, with the KEP's address.
  for (const expected of ['Ελένη Μακρή', 'Οδός Ερμού 25', '105 63 Αθήνα', '1. Βεβαίωση μόνιμης κατοικίας', '4521/2026', 'Μαρία Παπαδοπούλου', 'Σταδίου 30'])
    expect(text).toContain(expected);
  expect(text).not.toContain('.pdf');
  const [label] = await Promise.all([desk.waitForEvent('download'), post.getByTestId('post-label').click()]);
  expect((await pdfText(readFileSync((await label.path())!))).pages.join('\n')).toContain('Ελένη Μακρή');
  await post.getByTestId('tracking-number').fill('RE123456784GR');
  await post.getByTestId('record-posting').click();
  await expect(post.getByRole('alert')).toContainText('δεν είναι έγκυρος');
  await post.getByTestId('tracking-number').fill('RE123456785GR');
  await post.getByTestId('record-posting').click();
  await expect(post).toHaveAttribute('data-state', 'sent');
  await expect(post).toContainText('RE123456785GR');
  await expect(desk.getByTestId('owed-documents')).toHaveCount(0);
  await panel.screenshot({ path: test.info().outputPath('dispatch-done.png') });
  expect(smtp.messages).toHaveLength(1);
});
