import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import type { SmtpConfig } from '../../hub/src/config';
import { acceptDispatch } from '../../hub/src/dispatch/accept-dispatch';
import { getDispatchRow } from '../../hub/src/dispatch/dispatch-status';
import { purgeDispatchDocuments } from '../../hub/src/dispatch/expiry';
import { DispatchMailer, type MailerOptions } from '../../hub/src/dispatch/mail-sender';
import { retryDispatch } from '../../hub/src/dispatch/retry-dispatch';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { type RunningHub, startHub } from '../../hub/src/server';
import { HubStore, type Workstation } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { type DispatchChannel, type DispatchStatus, dispatchRequestSchema, type InboxResponse } from '../../src-shared/protocol/dispatch';
import { inboxDocumentPath } from '../../src-shared/protocol/constants';
import { MAX_DOCUMENT_BYTES } from '../../src-shared/protocol/limits';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { type Received, startTestSmtp, type TestSmtp } from '../support/smtp';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const OTHER_KEP = DEMO_KEPS[1]!;
const FROM = 'ΚΕΠ myKEPlive <no-reply@kep.example>';
const DOC_NAME = 'Βεβαίωση μόνιμης κατοικίας (τελική).pdf';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Enough of a PDF for the hub's check (it looks at the first bytes), different every time. */
const pdf = (text: string = randomUUID()): Buffer => Buffer.from(`%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`, 'latin1');

// ---------------------------------------------------------------- a real mail server on loopback

const smtpConfig = (port: number): SmtpConfig => ({ host: '127.0.0.1', port, secure: false, requireTLS: false, from: FROM, tlsRejectUnauthorized: true });

// ---------------------------------------------------------------- the desk's side of the calls

interface DocumentInput {
  name?: string;
  data?: Buffer;
  size?: number;
  sha256?: string;
}

function dispatchBody(appointmentId: string, channel: DispatchChannel, docs: DocumentInput[] = [{}], extra: Record<string, unknown> = {}) {
  return {
    dispatchId: randomUUID(),
    appointmentId,
    actorId: 'user-maria',
    madeAt: new Date().toISOString(),
    channel,
    protocolNumber: 'ΚΕΠ-2026/1234',
    trackingNumber: channel === 'post' ? 'RE123456785GR' : null,
    documents: docs.map((d) => {
      const data = d.data ?? pdf();
      return {
        name: d.name ?? DOC_NAME,
        size: d.size ?? data.length,
        sha256: d.sha256 ?? sha256(data),
        ...(channel === 'post' ? {} : { dataBase64: data.toString('base64') }),
      };
    }),
    ...extra,
  };
}

type Answer<T> = { status: number; body: T & { error?: { code: string; message: string } } };

async function call<T>(hub: RunningHub, path: string, token: string, body: unknown): Promise<Answer<T>> {
  const res = await fetch(`${hub.url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as never };
}

const send = (hub: RunningHub, token: string, body: unknown) => call<DispatchStatus>(hub, '/dispatches', token, body);

async function statusOf(hub: RunningHub, token: string, id: string): Promise<DispatchStatus | undefined> {
  return (await call<{ dispatches: DispatchStatus[] }>(hub, '/dispatches/status', token, { ids: [id] })).body.dispatches[0];
}

/** Polls until `check` holds; every wait in this file is bounded. */
async function waitFor<T>(what: string, get: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const untilState = async (hub: RunningHub, token: string, id: string, state: DispatchStatus['state']): Promise<DispatchStatus> =>
  (await waitFor(
    `dispatch ${id} to be ${state}`,
    () => statusOf(hub, token, id),
    (s) => s?.state === state,
  ))!;

const mailsFor = (smtp: TestSmtp, dispatchId: string): Received[] => smtp.received.filter((r) => r.mail.messageId === `<${dispatchId}@kep-live-desk>`);

const storedData = (hub: RunningHub, dispatchId: string) =>
  hub.store.db
    .prepare<[string], { data: Buffer | null }>('SELECT data FROM dispatch_documents WHERE dispatch_id = ? ORDER BY idx')
    .all(dispatchId)
    .map((r) => r.data);

function inbox(hub: RunningHub, token: string | null, path = '/inbox', method = 'GET'): Promise<Response> {
  return fetch(`${hub.url}/api/v1${path}`, {
    method,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(15_000),
  });
}

// ---------------------------------------------------------------- e-mail

describe('e-mail dispatch', () => {
  let smtp: TestSmtp;
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestHub([], { smtp: smtpConfig(smtp.port), mailRetry: { attempts: 6, firstDelayMs: 100 } });
    token = t.tokens[KEP.id]!;
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('mails the PDF once to the booking’s address, bilingual, with the document attached, and forgets the bytes after', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const data = pdf('e-mail');
    const body = dispatchBody(appointment.id, 'email', [{ data }]);
    const cursor = t.hub.store.latestChange();

    const first = await send(t.hub, token, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: body.dispatchId,
      appointmentId: appointment.id,
      channel: 'email',
      state: 'queued',
      reason: null,
      failure: null,
      trackingNumber: null,
      expiresAt: null,
    });

    const delivered = await untilState(t.hub, token, body.dispatchId, 'delivered');
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.failure).toBeNull();
    expect(delivered.sentAt).not.toBeNull();

    const [received, ...more] = mailsFor(smtp, body.dispatchId);
    expect(more).toHaveLength(0);
    expect(received!.envelopeTo).toEqual(['eleni@example.com']);
    const mail = received!.mail;
    expect((mail.to as AddressObject).value.map((a) => a.address)).toEqual(['eleni@example.com']);
    expect((mail.from as AddressObject).value[0]).toMatchObject({ address: 'no-reply@kep.example', name: 'ΚΕΠ myKEPlive' });
    expect(mail.subject).toBe(`Το έγγραφό σας από το ${KEP.name} / Your document from ${KEP.name}`);
    expect(mail.text).toContain('Αριθμός πρωτοκόλλου: ΚΕΠ-2026/1234');
    expect(mail.text).toContain('Protocol number: ΚΕΠ-2026/1234');
    expect(mail.text).toContain('αυτόματο μήνυμα');
    expect(mail.text).toContain('automatic message');
    expect(mail.text!.indexOf('Σας στέλνουμε')).toBeLessThan(mail.text!.indexOf('Please find attached'));
    expect(mail.html).toContain(DOC_NAME);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: DOC_NAME, contentType: 'application/pdf' });
    expect(sha256(mail.attachments[0]!.content)).toBe(sha256(data));

    // The desks of the KEP are told (the change feed moved for this appointment).
    const changes = await fetch(`${t.hub.url}/api/v1/changes?since=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await changes.json()) as { appointments: Appointment[] }).appointments.map((a) => a.id)).toContain(appointment.id);

    // The mail server has it: the hub keeps no copy.
    expect(storedData(t.hub, body.dispatchId)).toEqual([null]);

    // The outbox retrying the same dispatch gets the same answer and sends nothing again.
    const again = await send(t.hub, token, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(delivered);
    await new Promise((r) => setTimeout(r, 400));
    expect(mailsFor(smtp, body.dispatchId)).toHaveLength(1);

    // Another KEP cannot use (or learn about) the same dispatch id.
    const foreign = await send(t.hub, t.tokens[OTHER_KEP.id]!, { ...body, appointmentId: bookAppointment(t.hub.store, OTHER_KEP.id).id });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error).toMatchObject({ code: 'conflict', message: 'This dispatch id belongs to another KEP.' });
  });

  it('refuses damaged, non-PDF, oversized documents, other KEPs’ appointments and bookings without an address, with a clear reason', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id);
    const expectRefusal = async (body: unknown, status: number, code: string, message: string | RegExp) => {
      const answer = await send(t.hub, token, body);
      expect(answer.status).toBe(status);
      expect(answer.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
    };

    await expectRefusal(
      dispatchBody(appointment.id, 'email', [{ sha256: sha256(Buffer.from('something else')) }]),
      400,
      'invalid_input',
      /does not match its SHA-256/,
    );
    await expectRefusal(dispatchBody(appointment.id, 'email', [{}, { size: 3 }]), 400, 'invalid_input', /^Document 2 .* not the 3 declared/);
    const png = Buffer.from('\x89PNG\r\n\x1a\n not a pdf', 'latin1');
    await expectRefusal(
      dispatchBody(appointment.id, 'email', [{ data: png, name: 'photo.pdf' }]),
      400,
      'invalid_input',
      /^Document 1 \(photo\.pdf\) is not a PDF/,
    );
    const huge = Buffer.alloc(MAX_DOCUMENT_BYTES + 1024, 0x20);
    huge.write('%PDF-1.4\n');
    await expectRefusal(dispatchBody(appointment.id, 'email', [{ data: huge }]), 400, 'invalid_input', /documents\.0\.size: Too big/);
    await expectRefusal(dispatchBody(bookAppointment(t.hub.store, OTHER_KEP.id).id, 'email'), 404, 'not_found', 'There is no such appointment at this KEP.');
    await expectRefusal(dispatchBody(randomUUID(), 'inbox'), 404, 'not_found', 'There is no such appointment at this KEP.');
    const noAddress = bookAppointment(t.hub.store, KEP.id, 5, { citizen: { ...appointment.citizen, email: null }, deliveryMethod: 'post' });
    await expectRefusal(dispatchBody(noAddress.id, 'email'), 400, 'invalid_input', /^The booking has no e-mail address/);
    await expectRefusal(
      dispatchBody(appointment.id, 'email', [{}], { madeAt: new Date(Date.now() + 3_600_000).toISOString() }),
      400,
      'invalid_input',
      /dated in the future/,
    );
    await expectRefusal({ ...dispatchBody(appointment.id, 'email'), recipient: 'attacker@example.com' }, 400, 'invalid_input', /Unrecognized key/);
    const unauthorized = await send(t.hub, 'not-a-workstation-token', dispatchBody(appointment.id, 'email'));
    expect(unauthorized.status).toBe(401);

    // Nothing of the refused ones was stored or sent.
    expect(t.hub.store.db.prepare('SELECT count(*) AS n FROM dispatches WHERE appointment_id IN (?, ?)').get(appointment.id, noAddress.id)).toEqual({ n: 0 });
  });

  it('a mail server refusing the address fails the dispatch with the reason; retried after the fix, it is delivered', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -30, { status: 'completed' });
    smtp.rejectRecipients({ code: 550, message: 'Mailbox unavailable' });
    try {
      const body = dispatchBody(appointment.id, 'email');
      expect((await send(t.hub, token, body)).body.state).toBe('queued');
      const failed = await untilState(t.hub, token, body.dispatchId, 'failed');
      expect(failed.reason).toMatch(/^The mail server refused the address eleni@example\.com \(550 Mailbox unavailable\)/);
      expect(failed.failure).toBe('refused');
      expect(mailsFor(smtp, body.dispatchId)).toHaveLength(0);
      // A failed mail keeps its document, so it can be retried.
      expect(storedData(t.hub, body.dispatchId)[0]).not.toBeNull();

      smtp.rejectRecipients(null);
      const retried = await call<DispatchStatus>(t.hub, '/dispatches/retry', token, { dispatchId: body.dispatchId });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ state: 'queued', reason: null, failure: null });
      await untilState(t.hub, token, body.dispatchId, 'delivered');
      expect(mailsFor(smtp, body.dispatchId)).toHaveLength(1);

      // Retrying what is not failed answers it as it is.
      expect((await call<DispatchStatus>(t.hub, '/dispatches/retry', token, { dispatchId: body.dispatchId })).body.state).toBe('delivered');
      const foreign = await call<DispatchStatus>(t.hub, '/dispatches/retry', t.tokens[OTHER_KEP.id]!, { dispatchId: body.dispatchId });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error?.code).toBe('not_found');
    } finally {
      smtp.rejectRecipients(null);
    }
  });

  it('a mail server deferring the address (4xx) is tried again until it takes the message', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id);
    smtp.rejectRecipients({ code: 451, message: 'Greylisted, try again later' });
    try {
      const body = dispatchBody(appointment.id, 'email');
      await send(t.hub, token, body);
      const deferred = await waitFor(
        'a deferred attempt',
        () => statusOf(t.hub, token, body.dispatchId),
        (s) => Boolean(s?.reason),
      );
      expect(deferred).toMatchObject({
        state: 'queued',
        reason: expect.stringMatching(/^The mail server deferred the message \(451 Greylisted/),
        failure: null,
      });
      smtp.rejectRecipients(null);
      await untilState(t.hub, token, body.dispatchId, 'delivered');
      expect(mailsFor(smtp, body.dispatchId)).toHaveLength(1);
    } finally {
      smtp.rejectRecipients(null);
    }
  });

  it('several hub processes sharing the store send each mail once', async () => {
    const second = await startHub({
      dataDir: dirname(t.hub.store.db.name),
      port: 0,
      config: { smtp: smtpConfig(smtp.port), mailRetry: { attempts: 6, firstDelayMs: 20 } },
    });
    try {
      const appointment = bookAppointment(t.hub.store, KEP.id, -30, { status: 'completed' });
      const bodies = Array.from({ length: 8 }, () => dispatchBody(appointment.id, 'email'));
      await Promise.all(bodies.map((body, i) => send(i % 2 ? second : t.hub, token, body)));
      for (const body of bodies) await untilState(t.hub, token, body.dispatchId, 'delivered');
      await new Promise((r) => setTimeout(r, 300));
      for (const body of bodies) expect(mailsFor(smtp, body.dispatchId)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('e-mail dispatch while the mail server is down', () => {
  it('is retried with backoff and delivered once the server is up', async () => {
    // A port that was free a moment ago: nothing listens there until the server starts below.
    const probe = await startTestSmtp();
    const port = probe.port;
    await probe.stop();
    const t = await startTestHub([], { smtp: smtpConfig(port), mailRetry: { attempts: 10, firstDelayMs: 150 } });
    let smtp: TestSmtp | null = null;
    try {
      const token = t.tokens[KEP.id]!;
      const body = dispatchBody(bookAppointment(t.hub.store, KEP.id).id, 'email');
      await send(t.hub, token, body);
      const waiting = await waitFor(
        'a failed attempt',
        () => statusOf(t.hub, token, body.dispatchId),
        (s) => Boolean(s?.reason),
      );
      expect(waiting).toMatchObject({ state: 'queued', reason: expect.stringMatching(/^The mail server could not be reached/) });

      smtp = await startTestSmtp(port);
      const delivered = await untilState(t.hub, token, body.dispatchId, 'delivered');
      expect(delivered.reason).toBeNull();
      expect(mailsFor(smtp, body.dispatchId)).toHaveLength(1);
      const attempts = t.hub.store.db.prepare<[string], { attempts: number }>('SELECT attempts FROM dispatches WHERE id = ?').get(body.dispatchId)!.attempts;
      expect(attempts).toBeGreaterThan(1);
    } finally {
      await t.stop();
      await smtp?.stop();
    }
  });

  it('gives up after the configured attempts, with a reason', async () => {
    const probe = await startTestSmtp();
    const port = probe.port;
    await probe.stop();
    const t = await startTestHub([], { smtp: smtpConfig(port), mailRetry: { attempts: 2, firstDelayMs: 50 } });
    try {
      const token = t.tokens[KEP.id]!;
      const body = dispatchBody(bookAppointment(t.hub.store, KEP.id).id, 'email');
      await send(t.hub, token, body);
      const failed = await untilState(t.hub, token, body.dispatchId, 'failed');
      expect(failed.reason).toMatch(/could not be reached .* Gave up after 2 attempts/);
      expect(failed.failure).toBe('unavailable');
    } finally {
      await t.stop();
    }
  });
});

// ---------------------------------------------------------------- a send cut short, a failing store

const HANDOVER_INTERRUPTED =
  'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';

/** A hub's store of its own, with the demo KEPs, a desk and one queued e-mail dispatch, and no hub running on it. */
function storeWithQueuedMail(dataDir: string): { store: HubStore; workstation: Workstation; token: string; dispatchId: string } {
  const store = new HubStore(dataDir);
  seedDemo(store, []);
  const { workstation, token } = store.addWorkstation(KEP.id, 'test desk');
  const appointment = bookAppointment(store, KEP.id, -30, { status: 'completed' });
  const request = dispatchRequestSchema.parse(dispatchBody(appointment.id, 'email'));
  expect(acceptDispatch(store, workstation, request, { mailConfigured: true, inboxDays: 30 }).state).toBe('queued');
  return { store, workstation, token, dispatchId: request.dispatchId };
}

const busy = (): Error => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/** Makes the store throw SQLITE_BUSY when a statement containing `fragment` is prepared, `times` times. */
function failStatements(store: HubStore, fragment: string, times: number): { failed: () => number } {
  const prepare = store.db.prepare.bind(store.db);
  let failed = 0;
  vi.spyOn(store.db, 'prepare').mockImplementation(((sql: string) => {
    if (sql.includes(fragment) && failed < times) {
      failed += 1;
      throw busy();
    }
    return prepare(sql);
  }) as never);
  return { failed: () => failed };
}

describe('e-mail dispatch whose handover to the mail server was cut short', () => {
  it('is not sent again on its own: it fails with a reason a person can act on, and a retry sends it once', async () => {
    const smtp = await startTestSmtp();
    const dir = makeTempDir('kep-hub-');
    let hub: RunningHub | null = null;
    try {
      // A hub died while handing this mail over: it is still queued, marked handed over, its lease run out.
      const { store, token, dispatchId } = storeWithQueuedMail(dir.path);
      const past = new Date(Date.now() - 1000).toISOString();
      store.db.prepare('UPDATE dispatches SET handed_over_at = ?, claimed_until = ?, attempts = 1 WHERE id = ?').run(past, past, dispatchId);
      store.close();

      hub = await startHub({ dataDir: dir.path, port: 0, config: { smtp: smtpConfig(smtp.port), mailRetry: { attempts: 6, firstDelayMs: 100 } } });
      const failed = await untilState(hub, token, dispatchId, 'failed');
      // The desk is told what is known: not "not sent", but "the outcome is unknown".
      expect(failed).toMatchObject({ reason: HANDOVER_INTERRUPTED, failure: 'outcome_unknown' });
      await new Promise((r) => setTimeout(r, 400));
      expect(mailsFor(smtp, dispatchId)).toHaveLength(0);
      // A failed mail keeps its documents: the desk may still decide to send it.
      expect(storedData(hub, dispatchId)[0]).not.toBeNull();

      const retried = await call<DispatchStatus>(hub, '/dispatches/retry', token, { dispatchId });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ state: 'queued', reason: null, failure: null });
      await untilState(hub, token, dispatchId, 'delivered');
      await new Promise((r) => setTimeout(r, 400));
      expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
    } finally {
      await hub?.close();
      dir.remove();
      await smtp.stop();
    }
  });
});

describe('the mailer when the store fails', () => {
  /** A hub store with one queued mail and a mailer for it, all closed afterwards, the mail server too. */
  async function withQueuedMail(
    smtp: TestSmtp,
    options: Partial<MailerOptions>,
    run: (store: HubStore, dispatchId: string, mailer: DispatchMailer, workstation: Workstation) => Promise<void>,
  ): Promise<void> {
    const dir = makeTempDir('kep-hub-');
    const { store, dispatchId, workstation } = storeWithQueuedMail(dir.path);
    const mailer = new DispatchMailer(store, { smtp: smtpConfig(smtp.port), retry: { attempts: 6, firstDelayMs: 100 }, leaseMs: 1500, ...options });
    try {
      await run(store, dispatchId, mailer, workstation);
    } finally {
      vi.restoreAllMocks();
      await mailer.close();
      store.close();
      dir.remove();
      await smtp.stop();
    }
  }

  it('records the outcome after the mail server took the message even when the store is busy at first: delivered, sent once', async () => {
    const smtp = await startTestSmtp();
    await withQueuedMail(smtp, { recordRetryMs: [50, 100, 200] }, async (store, dispatchId, mailer) => {
      const outcome = failStatements(store, 'SET state = @state', 2);
      mailer.start();
      await waitFor(
        'the dispatch to be delivered',
        () => getDispatchRow(store, dispatchId),
        (row) => row?.state !== 'queued',
      );
      expect(getDispatchRow(store, dispatchId)).toMatchObject({ state: 'delivered', reason: null, claimed_until: null });
      expect(outcome.failed()).toBe(2);
      // Well past the lease: nothing is sent again.
      await new Promise((r) => setTimeout(r, 2000));
      expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
      expect(getDispatchRow(store, dispatchId)!.state).toBe('delivered');
    });
  });

  it('gives up recording after a few tries; the mail is then failed as of unknown outcome, not sent again; a retry resends it with the same Message-ID', async () => {
    const smtp = await startTestSmtp();
    await withQueuedMail(smtp, { recordRetryMs: [20, 20, 20] }, async (store, dispatchId, mailer, workstation) => {
      // Every try at recording `delivered` fails (1 + 3 more); the store works again after that.
      const outcome = failStatements(store, 'SET state = @state', 4);
      mailer.start();
      const failed = await waitFor(
        'the dispatch to fail',
        () => getDispatchRow(store, dispatchId),
        (row) => row?.state === 'failed',
      );
      expect(failed).toMatchObject({ reason: HANDOVER_INTERRUPTED, failure: 'outcome_unknown' });
      expect(outcome.failed()).toBe(4);
      await new Promise((r) => setTimeout(r, 500));
      expect(mailsFor(smtp, dispatchId)).toHaveLength(1);

      // The citizen did not find it after all: the employee sends it again, as the same dispatch.
      expect(retryDispatch(store, workstation, dispatchId, { mailConfigured: true, inboxDays: 30 })).toMatchObject({
        id: dispatchId,
        state: 'queued',
        failure: null,
      });
      mailer.wake();
      await waitFor(
        'the dispatch to be delivered',
        () => getDispatchRow(store, dispatchId),
        (row) => row?.state === 'delivered',
      );
      const ids = smtp.received.map((r) => r.mail.messageId);
      expect(ids).toEqual([`<${dispatchId}@kep-live-desk>`, `<${dispatchId}@kep-live-desk>`]);
      expect(getDispatchRow(store, dispatchId)!.failure).toBeNull();
    });
  });

  it('commits the claim and the handover mark before the mail server has the message, as another process sees them', async () => {
    const smtp = await startTestSmtp(0, { acceptDelayMs: 500 });
    await withQueuedMail(smtp, {}, async (store, dispatchId, mailer) => {
      // A second connection to the same file, as another hub process has.
      const other = new Database(store.db.name, { readonly: true });
      try {
        const seen = other.prepare<[string], { handed_over_at: string | null; claimed_until: string | null; attempts: number }>(
          'SELECT handed_over_at, claimed_until, attempts FROM dispatches WHERE id = ?',
        );
        mailer.start();
        const marked = await waitFor(
          'the handover mark',
          () => seen.get(dispatchId)!,
          (row) => row.handed_over_at !== null,
        );
        expect(mailsFor(smtp, dispatchId)).toHaveLength(0);
        expect(marked.attempts).toBe(1);
        expect(Date.parse(marked.claimed_until!)).toBeGreaterThan(Date.now());
        await waitFor(
          'the dispatch to be delivered',
          () => getDispatchRow(store, dispatchId),
          (row) => row?.state === 'delivered',
        );
        expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
      } finally {
        other.close();
      }
    });
  });

  it('a handover mark the store refuses leaves no claim behind: the next try sends the mail once, as its first attempt', async () => {
    const smtp = await startTestSmtp();
    await withQueuedMail(smtp, {}, async (store, dispatchId, mailer) => {
      const mark = failStatements(store, 'SET handed_over_at = ?', 1);
      mailer.wake();
      expect(mark.failed()).toBe(1);
      expect(getDispatchRow(store, dispatchId)).toMatchObject({ state: 'queued', claimed_until: null, handed_over_at: null, attempts: 0 });
      mailer.wake();
      const delivered = await waitFor(
        'the dispatch to be delivered',
        () => getDispatchRow(store, dispatchId),
        (row) => row?.state === 'delivered',
      );
      expect(delivered?.attempts).toBe(1);
      expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
    });
  });

  it('checkpoints the WAL once a mail is done: the database file alone has it delivered and its document dropped', async () => {
    const smtp = await startTestSmtp();
    await withQueuedMail(smtp, {}, async (store, dispatchId, mailer) => {
      mailer.start();
      await waitFor(
        'the dispatch to be delivered',
        () => getDispatchRow(store, dispatchId),
        (row) => row?.state === 'delivered',
      );
      // A copy of the database file without its WAL holds only what was checkpointed.
      const copy = `${store.db.name}.checkpointed`;
      await waitFor(
        'the checkpoint',
        () => {
          copyFileSync(store.db.name, copy);
          const file = new Database(copy, { readonly: true });
          try {
            // Until the first checkpoint the file has no tables at all.
            if (!file.prepare("SELECT 1 FROM sqlite_master WHERE name = 'dispatches'").get()) return { state: undefined, kept: -1 };
            return {
              state: file.prepare<[string], { state: string }>('SELECT state FROM dispatches WHERE id = ?').get(dispatchId)?.state,
              kept: file
                .prepare<[string], { n: number }>('SELECT count(*) AS n FROM dispatch_documents WHERE dispatch_id = ? AND data IS NOT NULL')
                .get(dispatchId)!.n,
            };
          } finally {
            file.close();
          }
        },
        (seen) => seen.state === 'delivered',
        2000,
      ).then((seen) => expect(seen.kept).toBe(0));
      expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
    });
  });

  it('a failing lease renewal is logged, not thrown: the hub lives on and the slow mail is delivered once', async () => {
    const smtp = await startTestSmtp(0, { acceptDelayMs: 2500 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      // Renewed every second; a lease of 3 s outlives one failed renewal.
      await withQueuedMail(smtp, { leaseMs: 3000 }, async (store, dispatchId, mailer) => {
        const renewal = failStatements(store, 'SET claimed_until = ? WHERE', 1);
        mailer.start();
        await waitFor(
          'the dispatch to be delivered',
          () => getDispatchRow(store, dispatchId),
          (row) => row?.state !== 'queued',
        );
        expect(getDispatchRow(store, dispatchId)).toMatchObject({ state: 'delivered', reason: null });
        expect(renewal.failed()).toBe(1);
        expect(uncaught).toEqual([]);
        expect(mailsFor(smtp, dispatchId)).toHaveLength(1);
      });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

// ---------------------------------------------------------------- without a mail server, inbox, post

describe('dispatch without a mail server, to the inbox, and by post', () => {
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    t = await startTestHub([], { inboxDays: 30 });
    token = t.tokens[KEP.id]!;
  });
  afterAll(() => t?.stop());

  it('e-mail fails at once when the hub has no mail server, and a retry says so again', async () => {
    const body = dispatchBody(bookAppointment(t.hub.store, KEP.id).id, 'email');
    const answer = await send(t.hub, token, body);
    expect(answer.body).toMatchObject({
      state: 'failed',
      reason: 'This hub has no mail server configured (smtp in hub-config.json).',
      failure: 'no_mail_server',
    });
    const retried = await call<DispatchStatus>(t.hub, '/dispatches/retry', token, { dispatchId: body.dispatchId });
    expect(retried.body).toMatchObject({
      state: 'failed',
      reason: 'This hub has no mail server configured (smtp in hub-config.json).',
      failure: 'no_mail_server',
    });
  });

  it('keeps an inbox document no longer than the appointment’s link works, and refuses one the link can no longer reach', async () => {
    // Links work 90 days after the call window; this appointment was 80 days ago.
    const late = bookAppointment(t.hub.store, KEP.id, -80 * 24 * 60, { status: 'completed' });
    const accepted = await send(t.hub, token, dispatchBody(late.id, 'inbox'));
    const linkEnds = Date.parse(late.endsAt) + 30 * 60_000 + 90 * 86_400_000;
    expect(Date.parse(accepted.body.expiresAt!)).toBe(linkEnds);
    const citizenToken = issueJoinToken(t.hub.store, late.id, 'citizen').token;
    expect((await inbox(t.hub, citizenToken)).status).toBe(200);

    // The inbox also says where each appointment stands, for the page's explanation of a refused link.
    const standing = async (appointmentId: string) =>
      ((await (await inbox(t.hub, issueJoinToken(t.hub.store, appointmentId, 'citizen').token)).json()) as InboxResponse).appointment;
    expect(await standing(late.id)).toBe('over');
    expect(await standing(bookAppointment(t.hub.store, KEP.id, 2 * 24 * 60).id)).toBe('upcoming');
    expect(await standing(bookAppointment(t.hub.store, KEP.id, 5).id)).toBe('open');
    expect(await standing(bookAppointment(t.hub.store, KEP.id, 60, { status: 'cancelled' }).id)).toBe('cancelled');

    const tooLate = bookAppointment(t.hub.store, KEP.id, -95 * 24 * 60, { status: 'completed' });
    const refused = await send(t.hub, token, dispatchBody(tooLate.id, 'inbox'));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/link for this appointment no longer works/) });
  });

  it('puts documents in the citizen’s inbox: listed and downloaded with their link, each download recorded', async () => {
    // A completed appointment long past its call window: the usual case for the inbox.
    const appointment = bookAppointment(t.hub.store, KEP.id, -24 * 60, { status: 'completed', deliveryMethod: 'inbox' });
    const citizenToken = issueJoinToken(t.hub.store, appointment.id, 'citizen').token;
    const data = pdf('inbox');
    const second = pdf('instructions');
    const body = dispatchBody(appointment.id, 'inbox', [{ data }, { name: 'Οδηγίες.pdf', data: second }]);

    const accepted = await send(t.hub, token, body);
    expect(accepted.body).toMatchObject({ state: 'sent', channel: 'inbox', deliveredAt: null, downloadedAt: null });
    expect(Date.parse(accepted.body.expiresAt!) - Date.parse(accepted.body.sentAt!)).toBe(30 * 86_400_000);

    const list = await inbox(t.hub, citizenToken);
    expect(list.status).toBe(200);
    const listed = (await list.json()) as InboxResponse;
    expect(listed.kepName).toBe(KEP.name);
    // The appointment was yesterday: the page says it is over rather than "too early".
    expect(listed.appointment).toBe('over');
    expect(listed.documents).toEqual([
      {
        dispatchId: body.dispatchId,
        index: 0,
        name: DOC_NAME,
        size: data.length,
        sha256: sha256(data),
        sentAt: accepted.body.sentAt,
        expiresAt: accepted.body.expiresAt,
        downloadedAt: null,
      },
      expect.objectContaining({ dispatchId: body.dispatchId, index: 1, name: 'Οδηγίες.pdf' }),
    ]);

    const cursor = t.hub.store.latestChange();
    const download = await inbox(t.hub, citizenToken, inboxDocumentPath(body.dispatchId, 0));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = download.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(DOC_NAME);
    expect(Buffer.from(await download.arrayBuffer()).equals(data)).toBe(true);

    // One document of two, even twice, is not the dispatch downloaded: the desks are not told yet.
    expect((await inbox(t.hub, citizenToken, inboxDocumentPath(body.dispatchId, 0))).status).toBe(200);
    expect(await statusOf(t.hub, token, body.dispatchId)).toMatchObject({ state: 'sent', downloadedAt: null });
    expect(t.hub.store.latestChange()).toBe(cursor);
    const partly = (await (await inbox(t.hub, citizenToken)).json()) as InboxResponse;
    expect(partly.documents.map((d) => d.downloadedAt === null)).toEqual([false, true]);

    // The last document not yet downloaded makes it downloaded, at that download.
    const last = await inbox(t.hub, citizenToken, inboxDocumentPath(body.dispatchId, 1));
    expect(last.status).toBe(200);
    expect(Buffer.from(await last.arrayBuffer()).equals(second)).toBe(true);
    const downloaded = await statusOf(t.hub, token, body.dispatchId);
    expect(downloaded).toMatchObject({ state: 'downloaded', downloadedAt: expect.any(String) });
    expect(t.hub.store.latestChange()).toBeGreaterThan(cursor);
    const records = t.hub.store.db
      .prepare<[string], { idx: number; at: string; address: string }>('SELECT idx, at, address FROM inbox_downloads WHERE dispatch_id = ? ORDER BY rowid')
      .all(body.dispatchId);
    expect(records).toEqual([
      { idx: 0, at: expect.any(String), address: expect.stringMatching(/127\.0\.0\.1/) },
      { idx: 0, at: expect.any(String), address: expect.stringMatching(/127\.0\.0\.1/) },
      { idx: 1, at: expect.any(String), address: expect.stringMatching(/127\.0\.0\.1/) },
    ]);
    expect(downloaded!.downloadedAt).toBe(records[2]!.at);

    // Later downloads are recorded and move nothing: not downloadedAt, not the change feed.
    const settled = t.hub.store.latestChange();
    expect((await inbox(t.hub, citizenToken, inboxDocumentPath(body.dispatchId, 1))).status).toBe(200);
    expect((await statusOf(t.hub, token, body.dispatchId))!.downloadedAt).toBe(downloaded!.downloadedAt);
    expect(t.hub.store.latestChange()).toBe(settled);
    expect(t.hub.store.db.prepare('SELECT count(*) AS n FROM inbox_downloads WHERE dispatch_id = ?').get(body.dispatchId)).toEqual({ n: 4 });
    // Each document's own downloadedAt stays its first download.
    const relisted = (await (await inbox(t.hub, citizenToken)).json()) as InboxResponse;
    expect(relisted.documents.map((d) => d.downloadedAt)).toEqual([records[0]!.at, records[2]!.at]);
  });

  it('lets only the citizen’s own link in', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed', category: 3, interpreterNeeded: true });
    const body = dispatchBody(appointment.id, 'inbox');
    await send(t.hub, token, body);
    const path = inboxDocumentPath(body.dispatchId, 0);
    const citizenToken = issueJoinToken(t.hub.store, appointment.id, 'citizen').token;

    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code, message: expect.any(String) });
    };
    const interpreter = issueJoinToken(t.hub.store, appointment.id, 'interpreter').token;
    await expectError(await inbox(t.hub, interpreter), 403, 'forbidden');
    await expectError(await inbox(t.hub, interpreter, path), 403, 'forbidden');
    await expectError(await inbox(t.hub, null), 401, 'unauthorized');
    await expectError(await inbox(t.hub, 'garbled.token-that-means-nothing'), 401, 'unauthorized');
    await expectError(await inbox(t.hub, `${citizenToken.slice(0, -2)}xx`), 401, 'unauthorized');
    await expectError(await inbox(t.hub, t.tokens[KEP.id]!), 401, 'unauthorized');
    // Another citizen's link does not reach this document, and sees an empty inbox.
    const stranger = issueJoinToken(t.hub.store, bookAppointment(t.hub.store, KEP.id).id, 'citizen').token;
    await expectError(await inbox(t.hub, stranger, path), 404, 'not_found');
    expect(((await (await inbox(t.hub, stranger)).json()) as InboxResponse).documents).toEqual([]);
    await expectError(await inbox(t.hub, citizenToken, inboxDocumentPath(body.dispatchId, 3)), 404, 'not_found');
    await expectError(await inbox(t.hub, citizenToken, '/inbox/documents/nope/0'), 404, 'not_found');
    await expectError(await inbox(t.hub, citizenToken, '/inbox', 'POST'), 405, 'invalid_input');
    expect(t.hub.store.db.prepare('SELECT count(*) AS n FROM inbox_downloads WHERE dispatch_id = ?').get(body.dispatchId)).toEqual({ n: 0 });
  });

  it('expires inbox documents: 410 when asked for, gone from the list, bytes purged', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const citizenToken = issueJoinToken(t.hub.store, appointment.id, 'citizen').token;
    const read = dispatchBody(appointment.id, 'inbox');
    const unread = dispatchBody(appointment.id, 'inbox');
    await send(t.hub, token, read);
    await send(t.hub, token, unread);
    expect((await inbox(t.hub, citizenToken, inboxDocumentPath(read.dispatchId, 0))).status).toBe(200);

    const past = new Date(Date.now() - 1000).toISOString();
    t.hub.store.db.prepare('UPDATE dispatches SET expires_at = ? WHERE id IN (?, ?)').run(past, read.dispatchId, unread.dispatchId);
    const gone = await inbox(t.hub, citizenToken, inboxDocumentPath(unread.dispatchId, 0));
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('expired');
    expect(((await (await inbox(t.hub, citizenToken)).json()) as InboxResponse).documents).toEqual([]);

    const cursor = t.hub.store.latestChange();
    expect(purgeDispatchDocuments(t.hub.store, 30)).toMatchObject({ expired: 1 });
    expect(t.hub.store.latestChange()).toBeGreaterThan(cursor);
    expect(await statusOf(t.hub, token, unread.dispatchId)).toMatchObject({ state: 'expired' });
    expect(await statusOf(t.hub, token, read.dispatchId)).toMatchObject({ state: 'downloaded' });
    expect(storedData(t.hub, read.dispatchId)).toEqual([null]);
    expect(storedData(t.hub, unread.dispatchId)).toEqual([null]);
    expect((await inbox(t.hub, citizenToken, inboxDocumentPath(read.dispatchId, 0))).status).toBe(410);
  });

  it('records a posted letter as sent on the day it was made, with its tracking number and no copy of the document', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed', deliveryMethod: 'post' });
    const madeAt = '2026-11-27T09:15:00Z';
    const body = dispatchBody(appointment.id, 'post', [{}], { madeAt, trackingNumber: 're 123456785 gr' });
    const answer = await send(t.hub, token, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'sent', channel: 'post', trackingNumber: 'RE123456785GR', sentAt: '2026-11-27T09:15:00.000Z', expiresAt: null });
    expect(storedData(t.hub, body.dispatchId)).toEqual([null]);

    const refused = await send(t.hub, token, dispatchBody(appointment.id, 'post', [{}], { trackingNumber: 'RE123456784GR' }));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/trackingNumber: Not a registered-mail tracking number/);
    expect((await send(t.hub, token, dispatchBody(appointment.id, 'post', [{}], { trackingNumber: null }))).body.error?.message).toMatch(
      /needs its tracking number/,
    );
    expect((await send(t.hub, token, dispatchBody(appointment.id, 'inbox', [{}], { trackingNumber: 'RE123456785GR' }))).status).toBe(400);
  });

  it('answers the status of the caller’s own KEP’s dispatches only', async () => {
    const mine = dispatchBody(bookAppointment(t.hub.store, KEP.id).id, 'inbox');
    const theirs = dispatchBody(bookAppointment(t.hub.store, OTHER_KEP.id).id, 'inbox');
    await send(t.hub, token, mine);
    await send(t.hub, t.tokens[OTHER_KEP.id]!, theirs);
    const answer = await call<{ dispatches: DispatchStatus[] }>(t.hub, '/dispatches/status', token, {
      ids: [mine.dispatchId, theirs.dispatchId, randomUUID()],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.dispatches.map((d) => d.id)).toEqual([mine.dispatchId]);
    expect((await call(t.hub, '/dispatches/status', token, { ids: [] })).status).toBe(400);
  });
});

describe('inbox rate limit', () => {
  it('limits inbox requests per link (citizens behind one address do not share a limit) and guesses per address', async () => {
    const t = await startTestHub([], { limits: { inboxRequestsBurst: 3, inboxRequestsPerMinute: 1 } });
    try {
      const citizenToken = issueJoinToken(t.hub.store, bookAppointment(t.hub.store, KEP.id).id, 'citizen').token;
      const neighbourToken = issueJoinToken(t.hub.store, bookAppointment(t.hub.store, KEP.id).id, 'citizen').token;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await inbox(t.hub, citizenToken)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await inbox(t.hub, neighbourToken)).status).toBe(200);
      const guesses: number[] = [];
      for (let i = 0; i < 4; i++) guesses.push((await inbox(t.hub, `${neighbourToken.slice(0, -4)}AAAA`)).status);
      expect(guesses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.stop();
    }
  });
});
