import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { DISPATCH_UPLOAD_TYPE, type DispatchStatus } from '../../src-shared/protocol/dispatch';
import { MAX_DOCUMENT_BYTES } from '../../src-shared/protocol/limits';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

const KEP = DEMO_KEPS[0]!;
const OTHER_KEP = DEMO_KEPS[1]!;
const UPLOAD_PATH = '/api/v1/dispatches/upload';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
/** A PDF as far as the hub checks (its first bytes), `size` bytes, different every time. */
const pdf = (size: number): Buffer => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size - 9)]);

interface Doc {
  name: string;
  size: number;
  sha256: string;
}

const head = (appointmentId: string, docs: Doc[], extra: Record<string, unknown> = {}) => ({
  dispatchId: randomUUID(),
  appointmentId,
  actorId: 'user-maria',
  madeAt: new Date().toISOString(),
  channel: 'email',
  protocolNumber: 'ΚΕΠ-2026/77',
  documents: docs,
  ...extra,
});
const declare = (data: Buffer, name = 'Βεβαίωση.pdf'): Doc => ({ name, size: data.length, sha256: sha256(data) });
const line = (h: unknown): Buffer => Buffer.from(`${JSON.stringify(h)}\n`, 'utf8');

type Answer = { status: number; body: DispatchStatus & { error?: { code: string; message: string; reason?: string } } };

/**
 * Sends an upload with node:http, piece by piece, and keeps sending `endless` bytes (if any)
 * until the hub answers: the answer must come while the body is still arriving.
 */
function upload(t: TestHub, token: string, parts: Buffer[], options: { endless?: boolean; length?: number } = {}): Promise<Answer & { sentBytes: number }> {
  const url = new URL(`${t.hub.url}${UPLOAD_PATH}`);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': DISPATCH_UPLOAD_TYPE,
          ...(options.length === undefined ? {} : { 'content-length': String(options.length) }),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never, sentBytes }));
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    for (const part of parts) {
      sentBytes += part.length;
      req.write(part);
    }
    if (!options.endless) return void req.end();
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const more = (): void => {
      if (answered || req.destroyed) return;
      sentBytes += chunk.length;
      if (req.write(chunk)) setImmediate(more);
      else req.once('drain', more);
    };
    more();
  });
}

const rows = (t: TestHub, dispatchId: string) => ({
  dispatches: t.hub.store.db.prepare('SELECT count(*) AS n FROM dispatches WHERE id = ?').get(dispatchId),
  documents: t.hub.store.db.prepare('SELECT count(*) AS n FROM dispatch_documents WHERE dispatch_id = ?').get(dispatchId),
});
const nothingStored = { dispatches: { n: 0 }, documents: { n: 0 } };

async function untilDelivered(t: TestHub, token: string, id: string): Promise<DispatchStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${t.hub.url}/api/v1/dispatches/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [id] }),
    });
    const status = ((await res.json()) as { dispatches: DispatchStatus[] }).dispatches[0];
    if (status?.state === 'delivered') return status;
    if (Date.now() > deadline) throw new Error(`dispatch ${id} is ${JSON.stringify(status)}, not delivered`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('POST /dispatches/upload: documents as raw bytes after a JSON head', () => {
  let smtp: TestSmtp;
  let t: TestHub;
  let token: string;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestHub([], { smtp: smtp.config(), mailRetry: { attempts: 2, firstDelayMs: 50 } });
    token = t.tokens[KEP.id]!;
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });
  const mailsFor = (id: string) => smtp.received.filter((r) => r.mail.messageId === `<${id}@kep-live-desk>`);

  it('mails the documents byte for byte, once; the same upload again is answered as stored and sends nothing', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const big = pdf(2 * 1024 * 1024 + 3);
    const small = pdf(5000);
    const h = head(appointment.id, [declare(big, 'Βεβαίωση.pdf'), declare(small, 'Παράρτημα.pdf')]);
    const body = [line(h), big, small];
    const length = body.reduce((n, b) => n + b.length, 0);

    const first = await upload(t, token, body, { length });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: h.dispatchId, appointmentId: appointment.id, channel: 'email', state: 'queued', reason: null });
    const delivered = await untilDelivered(t, token, h.dispatchId);

    const [mail, ...more] = mailsFor(h.dispatchId);
    expect(more).toHaveLength(0);
    expect(mail!.envelopeTo).toEqual(['eleni@example.com']);
    expect(mail!.mail.attachments.map((a) => a.filename)).toEqual(['Βεβαίωση.pdf', 'Παράρτημα.pdf']);
    expect(Buffer.compare(mail!.mail.attachments[0]!.content, big)).toBe(0);
    expect(Buffer.compare(mail!.mail.attachments[1]!.content, small)).toBe(0);

    // The outbox sending it again (its answer was lost): the stored status, nothing sent again.
    const again = await upload(t, token, body, { length });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(delivered);
    // Chunked, without a length: the same.
    expect((await upload(t, token, body)).body).toEqual(delivered);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsFor(h.dispatchId)).toHaveLength(1);

    // Another KEP cannot use the same dispatch id.
    const foreign = await upload(t, t.tokens[OTHER_KEP.id]!, [line({ ...h, appointmentId: bookAppointment(t.hub.store, OTHER_KEP.id).id }), big, small]);
    expect(foreign.status).toBe(409);
    expect(foreign.body.error).toMatchObject({ code: 'conflict', message: 'This dispatch id belongs to another KEP.' });
  });

  it('refuses a document over 10 MB with 413 before reading its bytes, and bytes beyond the declared ones while they arrive', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const declaredTooLarge = head(appointment.id, [{ name: 'Τεράστιο.pdf', size: MAX_DOCUMENT_BYTES + 1, sha256: '0'.repeat(64) }]);
    const refused = await upload(t, token, [line(declaredTooLarge)], { endless: true });
    expect(refused.status).toBe(413);
    expect(refused.body.error).toEqual({
      code: 'invalid_input',
      message: 'Document 1 (Τεράστιο.pdf) is larger than 10 MB; it cannot be sent.',
      reason: 'document.too_large',
    });
    // The hub stopped reading: far less than the declared document came in before the answer.
    expect(refused.sentBytes).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(rows(t, declaredTooLarge.dispatchId)).toEqual(nothingStored);

    // Declared small, but the bytes keep coming: cut off past the declared ones, not read to the end.
    const data = pdf(1000);
    const lying = head(appointment.id, [declare(data)]);
    const cut = await upload(t, token, [line(lying), data], { endless: true });
    expect(cut.status).toBe(413);
    expect(cut.body.error).toEqual({ code: 'invalid_input', message: 'The upload carries more bytes than its documents declare.' });
    expect(cut.sentBytes).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(rows(t, lying.dispatchId)).toEqual(nothingStored);

    // All together over 15 MB.
    const three = head(
      appointment.id,
      [1, 2].map((i) => ({ name: `${i}.pdf`, size: MAX_DOCUMENT_BYTES, sha256: '0'.repeat(64) })),
    );
    const total = await upload(t, token, [line(three)], { endless: true });
    expect(total.status).toBe(413);
    expect(total.body.error).toMatchObject({ code: 'invalid_input', reason: 'dispatch.too_large' });
  });

  it('refuses a wrong hash, a file that is not a PDF, a short body and a bad head, storing nothing', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const data = pdf(3000);
    const big = pdf(4 * 1024 * 1024);

    const wrongHash = head(appointment.id, [{ ...declare(data), sha256: sha256(Buffer.from('something else')) }]);
    const damaged = await upload(t, token, [line(wrongHash), data]);
    expect(damaged.status).toBe(400);
    expect(damaged.body.error).toEqual({
      code: 'invalid_input',
      message: 'Document 1 (Βεβαίωση.pdf) does not match its SHA-256; it was damaged on the way, send it again.',
    });
    expect(rows(t, wrongHash.dispatchId)).toEqual(nothingStored);

    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(500)]);
    const notPdf = head(appointment.id, [declare(png, 'photo.pdf')]);
    const refused = await upload(t, token, [line(notPdf), png]);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toBe('Document 1 (photo.pdf) is not a PDF; only PDF documents can be sent to citizens.');
    expect(rows(t, notPdf.dispatchId)).toEqual(nothingStored);

    const short = head(appointment.id, [declare(data)]);
    const ended = await upload(t, token, [line(short), data.subarray(0, 1000)]);
    expect(ended.status).toBe(400);
    expect(ended.body.error?.message).toBe('The upload ended before its documents were whole; send it again.');
    expect(rows(t, short.dispatchId)).toEqual(nothingStored);

    const post = await upload(t, token, [line({ ...head(appointment.id, [declare(data)]), channel: 'post' }), data]);
    expect(post.status).toBe(400);
    expect(post.body.error?.message).toMatch(/^Invalid request: channel: /);

    // The head is checked as any JSON body is: its nesting first, before it is parsed.
    const deep = await upload(t, token, [Buffer.from(`${'['.repeat(40)}${']'.repeat(40)}\n`), data]);
    expect(deep.status).toBe(400);
    expect(deep.body.error?.message).toBe('The upload’s head nests arrays and objects deeper than 32 levels.');

    const json = await fetch(`${t.hub.url}${UPLOAD_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(head(appointment.id, [declare(data)])),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as Answer['body']).error?.message).toBe(
      `Send the upload as ${DISPATCH_UPLOAD_TYPE}: one line of JSON, then the documents' bytes.`,
    );

    // Not the KEP's appointment: refused on the head, the bytes read past (not kept) so the answer is read on a sound connection.
    const foreign = head(bookAppointment(t.hub.store, OTHER_KEP.id).id, [declare(big)]);
    const notFound = await upload(t, token, [line(foreign), big], { length: line(foreign).length + big.length });
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toEqual({ code: 'not_found', message: 'There is no such appointment at this KEP.' });
    expect(rows(t, foreign.dispatchId)).toEqual(nothingStored);
    // The same through the desk's own client (fetch): it gets the refusal, not a broken connection.
    const client = new HubApiClient({ baseUrl: t.hub.url, token });
    await expect(client.uploadDispatch({ ...foreign, channel: 'email' }, [big])).rejects.toMatchObject({ code: 'not_found' });

    // Without the workstation credential nothing is read at all.
    const anonymous = await upload(t, 'x'.repeat(43), [line(head(appointment.id, [declare(data)])), data]);
    expect(anonymous.status).toBe(401);
  });

  it('an upload cut off halfway leaves nothing behind; sent again whole, it goes once', async () => {
    const appointment = bookAppointment(t.hub.store, KEP.id, -60, { status: 'completed' });
    const data = pdf(1024 * 1024);
    const h = head(appointment.id, [declare(data)]);
    const url = new URL(`${t.hub.url}${UPLOAD_PATH}`);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': DISPATCH_UPLOAD_TYPE, 'content-length': String(line(h).length + data.length) },
    });
    req.on('error', () => undefined);
    req.write(line(h));
    req.write(data.subarray(0, 300_000));
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(rows(t, h.dispatchId)).toEqual(nothingStored);

    const whole = await upload(t, token, [line(h), data]);
    expect(whole.status).toBe(200);
    await untilDelivered(t, token, h.dispatchId);
    expect(mailsFor(h.dispatchId)).toHaveLength(1);
    expect(Buffer.compare(mailsFor(h.dispatchId)[0]!.mail.attachments[0]!.content, data)).toBe(0);
  });
});
