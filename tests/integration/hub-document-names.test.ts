import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { InboxResponse } from '../../src-shared/protocol/dispatch';
import { inboxDocumentPath } from '../../src-shared/protocol/constants';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';

const KEP = DEMO_KEPS[0]!.id;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub([]);
});
afterAll(() => t.stop());

/** Sends one inbox dispatch of one document with this name, as a desk does. */
async function dispatch(
  appointmentId: string,
  name: string,
): Promise<{ status: number; body: { error?: { code: string; message: string } }; dispatchId: string }> {
  const dispatchId = randomUUID();
  const res = await fetch(`${t.hub.url}/api/v1/dispatches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.tokens[KEP]}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      dispatchId,
      appointmentId,
      actorId: 'user-maria',
      madeAt: new Date().toISOString(),
      channel: 'inbox',
      protocolNumber: 'ΚΕΠ-2026/1',
      trackingNumber: null,
      documents: [{ name, size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), dataBase64: PDF.toString('base64') }],
    }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as never, dispatchId };
}

const inbox = (token: string, path = '/inbox'): Promise<Response> =>
  fetch(`${t.hub.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });

describe('document names at the hub', () => {
  it('refuses DEL and C1 control characters, as it does C0 ones', async () => {
    const appointment = bookAppointment(t.hub.store, KEP, -60, { status: 'completed', deliveryMethod: 'inbox' });
    for (const c of ['\u0000', '\u007f', '\u0085', '\u009b']) {
      const { status, body } = await dispatch(appointment.id, `Βεβαίωση${c}.pdf`);
      expect(status, JSON.stringify(c)).toBe(400);
      expect(body.error?.code).toBe('invalid_input');
    }
  });

  it('gives a lone surrogate back as one U+FFFD, in the inbox and in the download’s Content-Disposition', async () => {
    const appointment = bookAppointment(t.hub.store, KEP, -60, { status: 'completed', deliveryMethod: 'inbox' });
    const link = issueJoinToken(t.hub.store, appointment.id, 'citizen').token;
    const { status, dispatchId } = await dispatch(appointment.id, 'Βεβαίωση \uD800 x.pdf');
    expect(status).toBe(200);

    const listed = (await (await inbox(link)).json()) as InboxResponse;
    expect(listed.documents.map((d) => d.name)).toEqual(['Βεβαίωση \uFFFD x.pdf']);

    const download = await inbox(link, inboxDocumentPath(dispatchId, 0));
    expect(download.status).toBe(200);
    const disposition = download.headers.get('content-disposition')!;
    const [, fallback, encoded] = /^attachment; filename="([^"]*)"; filename\*=UTF-8''(\S+)$/.exec(disposition)!;
    expect(decodeURIComponent(encoded!)).toBe('Βεβαίωση \uFFFD x.pdf');
    expect(fallback).toBe('________ _ x.pdf'); // one _ for the one U+FFFD
  });
});
