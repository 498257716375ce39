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

/**
 * A mail's documents are megabytes of WAL: SQLite's automatic checkpoint would copy them into the
 * database file (and fsync it) inside the commit that stored them or the claim just before the
 * send. Both commits leave them in the WAL; the mailer checkpoints once the mail is done.
 */
describe('the WAL while an e-mail dispatch goes out', () => {
  let cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  const setUp = async (): Promise<{ store: HubStore; smtp: TestSmtp; dispatchId: string; size: number }> => {
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
    const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(6 * MB)]);
    const request = dispatchRequestSchema.parse({
      dispatchId: randomUUID(),
      appointmentId: appointment.id,
      actorId: 'user-maria',
      madeAt: new Date().toISOString(),
      channel: 'email',
      protocolNumber: '',
      trackingNumber: null,
      documents: [{ name: 'large.pdf', size: data.length, sha256: createHash('sha256').update(data).digest('hex'), dataBase64: data.toString('base64') }],
    });
    expect(acceptDispatch(store, workstation, request, { mailConfigured: true, inboxDays: 30 }).state).toBe('queued');
    return { store, smtp, dispatchId: request.dispatchId, size: data.length };
  };

  const fileSize = (store: HubStore): number => statSync(store.db.name).size;

  it('keeps a stored mail document in the WAL through the claim, with the automatic checkpoint set back', async () => {
    const { store, smtp, dispatchId, size } = await setUp();
    expect(fileSize(store)).toBeLessThan(size);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    const mailer = new DispatchMailer(store, { smtp: { ...smtp.config() }, retry: { attempts: 2, firstDelayMs: 50 } });
    cleanup.push(() => mailer.close());
    mailer.wake(); // claims and marks it handed over (a commit) before it returns
    expect(getDispatchRow(store, dispatchId)?.handed_over_at).not.toBeNull();
    expect(fileSize(store)).toBeLessThan(size);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    const until = Date.now() + 10_000;
    while (getDispatchRow(store, dispatchId)?.state !== 'delivered' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(getDispatchRow(store, dispatchId)?.state).toBe('delivered');
    expect(smtp.received).toHaveLength(1);
  });
});
