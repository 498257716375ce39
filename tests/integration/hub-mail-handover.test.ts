import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptDispatch } from '../../hub/src/dispatch/accept-dispatch';
import { getDispatchRow } from '../../hub/src/dispatch/dispatch-status';
import { DispatchMailer } from '../../hub/src/dispatch/mail-sender';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { HubStore } from '../../hub/src/store/hub-store';
import { dispatchRequestSchema } from '../../src-shared/protocol/dispatch';
import { bookAppointment } from '../support/booking';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const MB = 1024 * 1024;

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * A mail's documents are megabytes of WAL: SQLite's automatic checkpoint would copy them into the
 * database file (and fsync it) inside the commit that stored them or the claim just before the
 * send. Both commits leave them in the WAL; the mailer checkpoints once the mail is done.
 */
interface Queued {
  dispatchId: string;
  data: Buffer;
}

describe('an e-mail dispatch on its way to the mail server', () => {
  let cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  /** A store with `sizes.length` queued mails, one PDF each, due one ms apart in this order, and a real SMTP server. */
  const setUp = async (sizes: number[]): Promise<{ store: HubStore; smtp: TestSmtp; mailer: DispatchMailer; queued: Queued[] }> => {
    const dir = makeTempDir('kep-hub-');
    cleanup.push(() => dir.remove());
    const store = new HubStore(dir.path);
    cleanup.push(() => store.close());
    seedDemo(store, []);
    store.checkpoint();
    const { workstation } = store.addWorkstation(KEP.id, 'test desk');
    const appointment = bookAppointment(store, KEP.id, -30, { status: 'completed' });
    const smtp = await startTestSmtp();
    cleanup.push(() => smtp.stop());
    const start = Date.now();
    const queued = sizes.map((size, i): Queued => {
      const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size)]);
      const request = dispatchRequestSchema.parse({
        dispatchId: randomUUID(),
        appointmentId: appointment.id,
        actorId: 'user-maria',
        madeAt: new Date(start).toISOString(),
        channel: 'email',
        protocolNumber: '',
        trackingNumber: null,
        documents: [{ name: `doc ${i}.pdf`, size: data.length, sha256: sha256(data), dataBase64: data.toString('base64') }],
      });
      expect(acceptDispatch(store, workstation, request, { mailConfigured: true, inboxDays: 30 }, start + i).state).toBe('queued');
      return { dispatchId: request.dispatchId, data };
    });
    const mailer = new DispatchMailer(store, { smtp: smtp.config(), retry: { attempts: 2, firstDelayMs: 50 } });
    cleanup.push(() => mailer.close());
    return { store, smtp, mailer, queued };
  };

  const delivered = async (store: HubStore, ids: string[]): Promise<void> => {
    const until = Date.now() + 10_000;
    while (ids.some((id) => getDispatchRow(store, id)?.state === 'queued') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const id of ids) expect(getDispatchRow(store, id)?.state).toBe('delivered');
  };

  /** The sha256 of the one attachment of each message the server got, by dispatch id. */
  const attachments = (smtp: TestSmtp): Record<string, string[]> =>
    Object.fromEntries(smtp.messages.map((m) => [m.messageId?.replace(/^<|@kep-live-desk>$/g, '') ?? '', m.attachments.map((a) => sha256(a.content))]));

  const fileSize = (store: HubStore): number => statSync(store.db.name).size;

  /**
   * A mail's documents are megabytes of WAL: SQLite's automatic checkpoint would copy them into
   * the database file (and fsync it) inside the commit that stored them or the claim just before
   * the send. Both commits leave them in the WAL; the mailer checkpoints once the mail is done.
   */
  it('keeps a stored mail document in the WAL through the claim, with the automatic checkpoint set back', async () => {
    const { store, smtp, mailer, queued } = await setUp([6 * MB]);
    const [mail] = queued as [Queued];
    expect(fileSize(store)).toBeLessThan(mail.data.length);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    mailer.wake(); // claims and marks it handed over (a commit) before it returns
    expect(getDispatchRow(store, mail.dispatchId)?.handed_over_at).not.toBeNull();
    expect(fileSize(store)).toBeLessThan(mail.data.length);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    await delivered(store, [mail.dispatchId]);
    expect(attachments(smtp)).toEqual({ [mail.dispatchId]: [sha256(mail.data)] });
  });

  it('sends the documents it is woken with for the mail just stored, without reading them back', async () => {
    const { store, smtp, mailer, queued } = await setUp([1000]);
    const [mail] = queued as [Queued];
    // Were they read back, the mail would fail as documents_gone.
    store.dispatches.dropDocumentData(mail.dispatchId);
    mailer.wake({ dispatchId: mail.dispatchId, documents: [{ name: 'doc 0.pdf', size: mail.data.length, data: mail.data }] });
    await delivered(store, [mail.dispatchId]);
    expect(attachments(smtp)).toEqual({ [mail.dispatchId]: [sha256(mail.data)] });
  });

  it('sends each mail its own stored documents when the one due first is not the one it was woken for', async () => {
    const { store, smtp, mailer, queued } = await setUp([1000, 2000]);
    const [older, newer] = queued as [Queued, Queued];
    const stranger = Buffer.from('%PDF-1.4\nnot any dispatch of this store\n');
    mailer.wake({ dispatchId: newer.dispatchId, documents: [{ name: 'doc 1.pdf', size: stranger.length, data: stranger }] });
    await delivered(store, [older.dispatchId, newer.dispatchId]);
    // The older one went first and took no documents of the newer one; the newer one was read back.
    expect(attachments(smtp)).toEqual({ [older.dispatchId]: [sha256(older.data)], [newer.dispatchId]: [sha256(newer.data)] });
  });
});
