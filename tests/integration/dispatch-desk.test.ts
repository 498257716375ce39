import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { type RunningHub, startHub } from '../../hub/src/server';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/ipc';
import type { Appointment } from '../../src-shared/domain/appointment';
import type { Result } from '../../src-shared/errors';
import { bookAppointment } from '../support/booking';
import { startCuttingProxy } from '../support/cutting-proxy';
import { pdfText } from '../support/pdf-text';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const PASSWORD = 'a long enough password';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% Βεβαίωση\n'), Buffer.alloc(4000, 7), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let hubDir: ReturnType<typeof makeTempDir>;
let appDir: ReturnType<typeof makeTempDir>;
let smtp: TestSmtp;
let hub: RunningHub | null;
let port = 0;
let app: KepApp;

const startTheHub = async (): Promise<RunningHub> => {
  hub = await startHub({ dataDir: hubDir.path, port, config: { smtp: smtp.config(), mailRetry: { attempts: 2, firstDelayMs: 50 } } });
  port = Number(new URL(hub.url).port);
  return hub;
};

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  appDir = makeTempDir();
  smtp = await startTestSmtp();
  port = 0;
  const running = await startTheHub();
  running.store.upsertKep(KEP);
  await addUser(running.store, { kepId: KEP.id, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  app = createApp({ dataDir: appDir.path, config: loadMachineConfig(appDir.path, {}), version: 'test' });
  app.start();
  const { code } = createEnrolmentCode(running.store, KEP.id);
  expect((await invoke('workstation.enrol', { hubUrl: running.url, code, label: 'Γκισέ 1' })).ok).toBe(true);
  expect((await invoke('session.signIn', { username: 'maria', password: PASSWORD })).ok).toBe(true);
});
afterEach(async () => {
  app.close();
  await hub?.close();
  await smtp.stop();
  hubDir.remove();
  appDir.remove();
});

/** Calls main as the renderer would, through the IPC router both bridges use. */
const invoke = <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> =>
  app.invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const error = (result: Result<unknown>) => (result.ok ? null : result.error);

/** Books a callable appointment and waits until the desk has it. */
async function booked(overrides: Partial<Appointment> = {}): Promise<Appointment> {
  const apt = bookAppointment(hub!.store, KEP.id, 0, overrides);
  await expect.poll(async () => (await invoke('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);
  return apt;
}

/** The identity check passed during an earlier call (the call itself is covered end to end elsewhere). */
function passCheck(appointmentId: string, dataDir = appDir.path): void {
  const db = new Database(join(dataDir, APP_DATABASE_FILE));
  db.prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'passed', NULL, ?, 'u-test')").run(
    appointmentId,
    new Date().toISOString(),
  );
  db.close();
}

const attach = async (appointmentId: string, name = 'Βεβαίωση.pdf', data = PDF) =>
  value(await invoke('document.attach', { appointmentId, name, dataBase64: data.toString('base64') }));
const hubDispatches = () => hub!.store.db.prepare('SELECT id, channel, state, tracking_number AS trackingNumber FROM dispatches').all();

describe('dispatch at the desk', () => {
  it('is refused by main before the identity check passed', async () => {
    const apt = await booked();
    for (const result of [
      await invoke('document.attach', { appointmentId: apt.id, name: 'x.pdf', dataBase64: PDF.toString('base64') }),
      await invoke('document.list', { appointmentId: apt.id }),
      await invoke('dispatch.list', { appointmentId: apt.id }),
      await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: ['6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e'] }),
    ]) {
      expect(error(result)).toMatchObject({ code: 'locked', message: expect.stringContaining('identity check') });
    }
    expect(hubDispatches()).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('checks what is attached: PDF only, hashed, removable until sent', async () => {
    const apt = await booked();
    passCheck(apt.id);
    expect(
      error(await invoke('document.attach', { appointmentId: apt.id, name: 'photo.pdf', dataBase64: Buffer.from('\x89PNG\r\n\x1a\n....').toString('base64') })),
    ).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('not a PDF'),
    });
    expect(error(await invoke('document.attach', { appointmentId: apt.id, name: '../../etc/passwd', dataBase64: PDF.toString('base64') }))).toMatchObject({
      code: 'invalid_input',
    });
    const doc = await attach(apt.id, 'Βεβαίωση μόνιμης κατοικίας');
    expect(doc).toMatchObject({ name: 'Βεβαίωση μόνιμης κατοικίας.pdf', size: PDF.length, sha256: sha256(PDF), dispatched: false });
    const extra = await attach(apt.id, 'Λάθος.pdf');
    expect(value(await invoke('document.remove', { id: extra.id }))).toBeNull();
    expect(value(await invoke('document.list', { appointmentId: apt.id })).map((d) => d.id)).toEqual([doc.id]);
    // A document cannot go to a channel the booking has no address for.
    expect(error(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'post', documentIds: [doc.id] }))).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('postal address'),
    });
  });

  it('an e-mail dispatch made offline goes once, with its file, when the hub is back; the owed list follows', async () => {
    const apt = await booked();
    passCheck(apt.id);
    const doc = await attach(apt.id);
    value(
      await invoke('case.update', {
        appointmentId: apt.id,
        protocolNumber: '4411/2026',
        actions: ['Έκδοση βεβαίωσης'],
        notes: '',
        formData: {},
        status: 'awaiting_document',
      }),
    );
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'awaiting_document', citizenName: 'Ελένη Μακρή' }]);

    await hub!.close();
    hub = null;
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    expect(made).toMatchObject({ state: 'queued', recipient: 'eleni@example.com', documents: [{ id: doc.id, sha256: sha256(PDF) }] });
    // Queued is on its way: no longer owed, and the same documents cannot be sent twice by the same channel.
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    expect(error(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }))).toMatchObject({ code: 'conflict' });

    await startTheHub();
    await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
    const mail = smtp.messages[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: 'eleni@example.com' }] });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'Βεβαίωση.pdf', contentType: 'application/pdf' });
    expect(sha256(mail.attachments[0]!.content)).toBe(sha256(PDF));
    expect(mail.text).toContain('4411/2026');

    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
    expect(value(await invoke('case.get', { appointmentId: apt.id })).status).toBe('completed');
    expect(value(await invoke('document.list', { appointmentId: apt.id }))[0]?.dispatched).toBe(true);
    // Another sync and another pass of the outbox send nothing more.
    value(await invoke('sync.now', undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(1);
    expect(hubDispatches()).toEqual([{ id: made.id, channel: 'email', state: 'delivered', trackingNumber: null }]);
  });

  it('a refused e-mail fails with the reason, is owed, and goes after a retry', async () => {
    const apt = await booked();
    passCheck(apt.id);
    const doc = await attach(apt.id);
    smtp.rejectRecipients({ code: 550, message: 'Mailbox unavailable' });
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('failed');
    const failed = value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]!;
    expect(failed.reason).toMatch(/550|unavailable/i);
    expect(failed.failure).toBe('refused');
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'failed' }]);

    smtp.rejectRecipients(null);
    expect(value(await invoke('dispatch.retry', { dispatchId: made.id }))).toMatchObject({ state: 'queued', reason: null, failure: null });
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
    expect(smtp.messages).toHaveLength(1);
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    expect(error(await invoke('dispatch.retry', { dispatchId: made.id }))).toMatchObject({ code: 'conflict' });
  });

  it('an e-mail the mail server took but the hub could not record is shown as perhaps received, stored so, and sent again only as the same message', async () => {
    const apt = await booked();
    passCheck(apt.id);
    const doc = await attach(apt.id);
    // The hub cannot write the outcome once the mail server has the message (1 try + 3 more), as
    // when it dies at that moment: the mail stays handed over, outcome unknown.
    const db = hub!.store.db;
    const prepare = db.prepare.bind(db);
    let unrecorded = 0;
    const store = vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
      if (sql.includes('SET state = @state') && unrecorded < 4) {
        unrecorded += 1;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return prepare(sql);
    }) as never);
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    try {
      await expect.poll(() => unrecorded, { timeout: 20_000 }).toBe(4);
    } finally {
      store.mockRestore();
    }
    expect(smtp.messages).toHaveLength(1);
    // Its lease runs out (after a minute, at a hub left running): the next claim fails it, not sending it again.
    db.prepare('UPDATE dispatches SET claimed_until = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), made.id);

    const dispatch = async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]!;
    await expect.poll(async () => (await dispatch()).state, { timeout: 15_000 }).toBe('failed');
    expect(await dispatch()).toMatchObject({
      id: made.id,
      state: 'failed',
      failure: 'outcome_unknown',
      reason: expect.stringMatching(/may or may not have been sent/),
    });
    const desk = new Database(join(appDir.path, APP_DATABASE_FILE), { readonly: true });
    expect(desk.prepare('SELECT failure FROM dispatches WHERE id = ?').get(made.id)).toEqual({ failure: 'outcome_unknown' });
    desk.close();
    expect(smtp.messages).toHaveLength(1);
    // The owed list asks the employee to check with the citizen, not to send it again.
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'outcome_unknown', detail: null }]);

    // The citizen did not find it: the employee sends it again. Same dispatch, so the same Message-ID.
    expect(value(await invoke('dispatch.retry', { dispatchId: made.id }))).toMatchObject({ id: made.id, state: 'queued', failure: null });
    await expect.poll(async () => (await dispatch()).state, { timeout: 15_000 }).toBe('delivered');
    expect(await dispatch()).toMatchObject({ failure: null, reason: null });
    expect(smtp.messages.map((m) => m.messageId)).toEqual([`<${made.id}@kep-live-desk>`, `<${made.id}@kep-live-desk>`]);
  });

  it('post: cover letter and label in Greek, then the tracking number goes on record at the hub', async () => {
    const apt = await booked({
      deliveryMethod: 'post',
      citizen: { firstName: 'Γεώργιος', lastName: 'Παπαδόπουλος', afm: '123456783', email: null, phone: null, postalAddress: 'Οδός Ερμού 25, 105 63 Αθήνα' },
    });
    passCheck(apt.id);
    const doc = await attach(apt.id, 'Πιστοποιητικό οικογενειακής κατάστασης.pdf');
    value(await invoke('case.update', { appointmentId: apt.id, protocolNumber: '77/2026', actions: [], notes: '', formData: {}, status: 'awaiting_document' }));
    expect(error(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }))).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('e-mail'),
    });
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'post', documentIds: [doc.id] }));
    expect(made).toMatchObject({ state: 'queued', recipient: 'Οδός Ερμού 25, 105 63 Αθήνα' });
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'awaiting_posting' }]);

    const letters = value(await invoke('dispatch.postLetters', { dispatchId: made.id }));
    const cover = (await pdfText(Buffer.from(letters.coverLetterBase64, 'base64'))).pages.join('\n');
    // The letter names the document by its title, not its file name (issue 16).
    expect(cover).not.toContain('κατάστασης.pdf');
    for (const text of ['Γεώργιος Παπαδόπουλος', 'Οδός Ερμού 25', '105 63 Αθήνα', '1. Πιστοποιητικό οικογενειακής κατάστασης', '77/2026', KEP.name])
      expect(cover).toContain(text);
    const label = (await pdfText(Buffer.from(letters.labelBase64, 'base64'))).pages.join('\n');
    expect(label).toContain('Γεώργιος Παπαδόπουλος');

    expect(error(await invoke('dispatch.recordPosting', { dispatchId: made.id, trackingNumber: 'RE123456784GR' }))).toMatchObject({ code: 'invalid_input' });
    expect(value(await invoke('dispatch.recordPosting', { dispatchId: made.id, trackingNumber: 're 123 456 785 gr' }))).toMatchObject({
      state: 'sent',
      trackingNumber: 'RE123456785GR',
    });
    await expect.poll(() => hubDispatches(), { timeout: 10_000 }).toEqual([{ id: made.id, channel: 'post', state: 'sent', trackingNumber: 'RE123456785GR' }]);
    expect(value(await invoke('case.get', { appointmentId: apt.id })).status).toBe('completed');
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    expect(error(await invoke('dispatch.recordPosting', { dispatchId: made.id, trackingNumber: 'RE123456785GR' }))).toMatchObject({ code: 'conflict' });
  });
  it('the hub refusing a dispatch for good marks it failed with the reason; a posted letter whose record is refused stays posted', async () => {
    const apt = await booked({
      citizen: {
        firstName: 'Ελένη',
        lastName: 'Μακρή',
        afm: '123456783',
        email: 'eleni@example.com',
        phone: null,
        postalAddress: 'Οδός Ερμού 25, 105 63 Αθήνα',
      },
    });
    passCheck(apt.id);
    const doc = await attach(apt.id);
    // The hub's booking lost its address after the desk synced (no change announced): it refuses.
    hub!.store.db.prepare('UPDATE appointments SET citizen_email = NULL WHERE id = ?').run(apt.id);
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    await expect
      .poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id })).find((d) => d.id === made.id)?.state, { timeout: 15_000 })
      .toBe('failed');
    const failed = value(await invoke('dispatch.list', { appointmentId: apt.id })).find((d) => d.id === made.id)!;
    expect(failed.reason).toMatch(/e-mail address/);
    // The desk's own record of a refusal: no cause from the hub's mail.
    expect(failed.failure).toBeNull();
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'failed' }]);
    // The employee decides not to send it again: on record, no longer owed.
    expect(value(await invoke('dispatch.cancel', { dispatchId: made.id }))).toBeNull();
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    expect(value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]).toMatchObject({ id: made.id, state: 'failed', dismissedAt: expect.any(String) });

    // A letter is posted, but the hub no longer has the booking: the letter stays sent, its record can be sent again.
    value(await invoke('case.update', { appointmentId: apt.id, protocolNumber: '12/2026', actions: [], notes: '', formData: {}, status: 'in_progress' }));
    const letter = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'post', documentIds: [doc.id] }));
    hub!.store.upsertKep(DEMO_KEPS[1]!);
    hub!.store.db.prepare('UPDATE appointments SET kep_id = ? WHERE id = ?').run(DEMO_KEPS[1]!.id, apt.id);
    value(await invoke('dispatch.recordPosting', { dispatchId: letter.id, trackingNumber: 'RE123456785GR' }));
    // The refusal is a field of its own; the reason is the hub's word, not a sentence to parse.
    await expect
      .poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id })).find((d) => d.id === letter.id)?.failure ?? null, { timeout: 15_000 })
      .toBe('record_refused');
    const refusedLetter = value(await invoke('dispatch.list', { appointmentId: apt.id })).find((d) => d.id === letter.id);
    expect(refusedLetter).toMatchObject({ state: 'sent', failure: 'record_refused', reason: expect.not.stringMatching(/^The hub did not take the record/) });
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    hub!.store.db.prepare('UPDATE appointments SET kep_id = ? WHERE id = ?').run(KEP.id, apt.id);
    expect(value(await invoke('dispatch.retry', { dispatchId: letter.id }))).toMatchObject({ state: 'sent', reason: null, failure: null });
    await expect
      .poll(() => hubDispatches().filter((d) => (d as { id: string }).id === letter.id), { timeout: 10_000 })
      .toEqual([{ id: letter.id, channel: 'post', state: 'sent', trackingNumber: 'RE123456785GR' }]);
  });

  it('only a dispatch made after the case began to wait fulfils it; a letter can be withdrawn before posting', async () => {
    const apt = await booked({
      citizen: {
        firstName: 'Ελένη',
        lastName: 'Μακρή',
        afm: '123456783',
        email: 'eleni@example.com',
        phone: null,
        postalAddress: 'Οδός Ερμού 25, 105 63 Αθήνα',
      },
    });
    passCheck(apt.id);
    const instructions = await attach(apt.id, 'Οδηγίες.pdf');
    value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'inbox', documentIds: [instructions.id] }));
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 10_000 }).toBe('sent');
    const saveCase = async (status: 'in_progress' | 'awaiting_document') =>
      value(await invoke('case.update', { appointmentId: apt.id, protocolNumber: '9/2026', actions: [], notes: '', formData: {}, status }));
    await saveCase('awaiting_document');
    // The earlier inbox dispatch does not count: the document is owed.
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'awaiting_document' }]);
    await saveCase('awaiting_document');
    expect(value(await invoke('dispatch.owed', undefined))).toHaveLength(1);

    const certificate = await attach(apt.id, 'Πιστοποιητικό.pdf');
    const letter = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'post', documentIds: [certificate.id] }));
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'awaiting_posting' }]);
    expect(value(await invoke('dispatch.cancel', { dispatchId: letter.id }))).toBeNull();
    expect(value(await invoke('dispatch.list', { appointmentId: apt.id })).map((d) => d.id)).not.toContain(letter.id);
    expect(value(await invoke('dispatch.owed', undefined))).toMatchObject([{ appointmentId: apt.id, reason: 'awaiting_document' }]);
    expect(value(await invoke('case.get', { appointmentId: apt.id })).status).toBe('awaiting_document');

    value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [certificate.id] }));
    await expect.poll(async () => value(await invoke('case.get', { appointmentId: apt.id })).status, { timeout: 15_000 }).toBe('completed');
    expect(value(await invoke('dispatch.owed', undefined))).toEqual([]);
    // Delivered documents may be sent again on purpose; one still on its way may not.
    expect((await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [certificate.id] })).ok).toBe(true);
  });

  it('follows every dispatch the hub still decides, however many are waiting', async () => {
    const apt = await booked();
    passCheck(apt.id);
    const doc = await attach(apt.id);
    // Two hundred and five inbox documents of this appointment from earlier weeks, none downloaded
    // yet: more than the hub answers about in one request.
    const db = new Database(join(appDir.path, APP_DATABASE_FILE));
    const old = db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at) VALUES (?, ?, 'inbox', 'sent', '', ?, 'u', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < 205; i++) old.run(randomUUID(), apt.id, '2026-11-01T08:00:00.000Z', `2026-11-01T08:${String(i % 60).padStart(2, '0')}:00.000Z`);
    })();
    db.close();
    value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
  });
  it('a dispatch the hub cannot take yet does not hold back the changes queued after it', async () => {
    const apt = await booked();
    passCheck(apt.id);
    const doc = await attach(apt.id);
    // The hub's dispatch table is unusable for a while (a broken disk, a migration in progress): it answers 500.
    hub!.store.db.exec('ALTER TABLE dispatches RENAME TO dispatches_away');
    const made = value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    value(await invoke('appointment.change', { change: { kind: 'work.notes', appointmentId: apt.id, notes: 'Έτοιμη η βεβαίωση' } }));
    await expect.poll(() => hub!.store.getWork([apt.id])[0]?.notes, { timeout: 10_000 }).toBe('Έτοιμη η βεβαίωση');
    expect(value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state).toBe('queued');

    hub!.store.db.exec('ALTER TABLE dispatches_away RENAME TO dispatches');
    value(await invoke('sync.now', undefined));
    await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
    expect(hubDispatches()).toEqual([{ id: made.id, channel: 'email', state: 'delivered', trackingNumber: null }]);
  });
  it('a large document goes too (an upload timeout sized to it)', async () => {
    const apt = await booked();
    passCheck(apt.id);
    // Just over 5 MB, of a size whose base64 does not divide evenly into the timeout's arithmetic.
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 7, 0x41)]);
    const doc = await attach(apt.id, 'Φάκελος υπόθεσης.pdf', big);
    value(await invoke('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
    await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
    expect(sha256(smtp.messages[0]!.attachments[0]!.content)).toBe(sha256(big));
    await expect.poll(async () => value(await invoke('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
  });

  it('reaches a hub from before the byte upload (PROTOCOL §5b.2a) by the JSON route', async () => {
    // Desks may be updated before their hub (staged updates): an unknown upload route is not a refusal.
    const proxy = await startCuttingProxy(hub!.url);
    proxy.pretendMissing('/api/v1/dispatches/upload');
    const olderDir = makeTempDir();
    const desk = createApp({ dataDir: olderDir.path, config: loadMachineConfig(olderDir.path, {}), version: 'test' });
    try {
      desk.start();
      const at = <C extends Channel>(channel: C, input: ChannelInput<C>) => desk.invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
      const { code } = createEnrolmentCode(hub!.store, KEP.id);
      value(await at('workstation.enrol', { hubUrl: proxy.url, code, label: 'Γκισέ 2' }));
      value(await at('session.signIn', { username: 'maria', password: PASSWORD }));
      const apt = bookAppointment(hub!.store, KEP.id, 0);
      await expect.poll(async () => (await at('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);
      passCheck(apt.id, olderDir.path);
      const doc = value(await at('document.attach', { appointmentId: apt.id, name: 'Βεβαίωση.pdf', dataBase64: PDF.toString('base64') }));
      value(await at('dispatch.create', { appointmentId: apt.id, channel: 'email', documentIds: [doc.id] }));
      await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
      expect(sha256(smtp.messages[0]!.attachments[0]!.content)).toBe(sha256(PDF));
      await expect.poll(async () => value(await at('dispatch.list', { appointmentId: apt.id }))[0]?.state, { timeout: 15_000 }).toBe('delivered');
    } finally {
      desk.close();
      await proxy.close();
      olderDir.remove();
    }
  }, 60_000);
});
