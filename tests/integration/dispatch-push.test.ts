import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { addUser } from '../../hub/src/auth/users';
import { kepRoom } from '../../hub/src/realtime/room-names';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { type RunningHub, startHub } from '../../hub/src/server';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/ipc';
import type { Result } from '../../src-shared/errors';
import { bookAppointment } from '../support/booking';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const PASSWORD = 'a long enough password';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% Βεβαίωση\n'), Buffer.alloc(200_000, 7), Buffer.from('\n%%EOF\n')]);
/** The mail server takes its time, as with a large attachment: the desk's own questions about the dispatch come and go meanwhile. */
const SMTP_ACCEPT_MS = 1200;

let hubDir: ReturnType<typeof makeTempDir>;
let appDir: ReturnType<typeof makeTempDir>;
let smtp: TestSmtp;
let hub: RunningHub;
let app: KepApp;
/** The hub's HTTP requests, by path and when they arrived. */
let requests: { path: string; at: number }[];

const invoke = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
  const result = (await app.invoke(channel, input)) as Result<ChannelOutput<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
};
const deskSockets = async (): Promise<number> => (await hub.io.in(kepRoom(KEP.id)).fetchSockets()).length;

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  appDir = makeTempDir();
  smtp = await startTestSmtp(0, { acceptDelayMs: SMTP_ACCEPT_MS });
  hub = await startHub({ dataDir: hubDir.path, port: 0, config: { smtp: smtp.config(), mailRetry: { attempts: 2, firstDelayMs: 50 } } });
  requests = [];
  hub.io.httpServer.on('request', (req: IncomingMessage) => requests.push({ path: (req.url ?? '').split('?')[0]!, at: Date.now() }));
  hub.store.upsertKep(KEP);
  await addUser(hub.store, { kepId: KEP.id, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  app = createApp({ dataDir: appDir.path, config: loadMachineConfig(appDir.path, {}), version: 'test' });
  app.start();
  const { code } = createEnrolmentCode(hub.store, KEP.id);
  await invoke('workstation.enrol', { hubUrl: hub.url, code, label: 'Γκισέ 1' });
  await invoke('session.signIn', { username: 'maria', password: PASSWORD });
  await expect.poll(deskSockets, { timeout: 10_000 }).toBe(1);
});
afterEach(async () => {
  app.close();
  await hub.close();
  await smtp.stop();
  hubDir.remove();
  appDir.remove();
});

/** A booking the desk has, its identity check passed, a PDF attached. */
async function ready(): Promise<{ appointmentId: string; documentId: string }> {
  const apt = bookAppointment(hub.store, KEP.id, 0);
  await expect.poll(async () => (await app.invoke('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);
  const db = new Database(join(appDir.path, APP_DATABASE_FILE));
  db.prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'passed', NULL, ?, 'u-test')").run(
    apt.id,
    new Date().toISOString(),
  );
  db.close();
  const doc = await invoke('document.attach', { appointmentId: apt.id, name: 'Βεβαίωση.pdf', dataBase64: PDF.toString('base64') });
  return { appointmentId: apt.id, documentId: doc.id };
}

/**
 * When the desk first says `state` for the dispatch: the time of the app's own event after which
 * its dispatch.list says so (stamped as the event is emitted, before anything it sets off).
 */
function deskSees(appointmentId: string, dispatchId: string, state: string): Promise<number> {
  return new Promise((resolve) => {
    let done = false;
    const unsubscribe = app.events.subscribe((event, payload) => {
      if (event !== 'dispatch.changed' || (payload as { appointmentId: string }).appointmentId !== appointmentId) return;
      const at = Date.now();
      void invoke('dispatch.list', { appointmentId }).then((list) => {
        // An earlier event's answer may already read the new state: the one that counts came after it at the hub.
        if (done || list.find((d) => d.id === dispatchId)?.state !== state || !(hubUpdatedAt(dispatchId) <= at)) return;
        done = true;
        unsubscribe();
        resolve(at);
      });
    });
  });
}

const hubUpdatedAt = (dispatchId: string): number => {
  const row = hub.store.db.prepare<[string], { updated_at: string }>('SELECT updated_at FROM dispatches WHERE id = ?').get(dispatchId);
  return row ? Date.parse(row.updated_at) : Number.NaN;
};
const deliveredAtHub = (dispatchId: string): number => {
  const row = hub.store.db.prepare<[string], { delivered_at: string | null }>('SELECT delivered_at FROM dispatches WHERE id = ?').get(dispatchId);
  return row?.delivered_at ? Date.parse(row.delivered_at) : Number.NaN;
};

describe('the dispatch state pushed to the desk', () => {
  it('shows «delivered» as the hub records it, before the desk asks the hub anything', async () => {
    const { appointmentId, documentId } = await ready();
    const made = await invoke('dispatch.create', { appointmentId, channel: 'email', documentIds: [documentId] });
    const seen = deskSees(appointmentId, made.id, 'delivered');
    const seenAt = await seen;
    const deliveredAt = deliveredAtHub(made.id);
    expect(smtp.messages).toHaveLength(1);
    // Nothing the desk asked after the hub recorded the delivery can have told it: the push did.
    const asked = requests.filter((r) => r.at >= deliveredAt && (r.path.endsWith('/dispatches/status') || r.path.endsWith('/changes')));
    expect(asked.filter((r) => r.at <= seenAt)).toEqual([]);
    expect(seenAt - deliveredAt).toBeLessThan(1000);
  });

  /**
   * Takes the desk's socket down until `back()` while HTTP keeps working: the hub ends the
   * connection (so it comes back as a new session, with nothing replayed) and refuses the
   * desk's attempts to come back.
   */
  async function socketDown(): Promise<{ back(): void }> {
    let blocked = true;
    hub.io.engine.opts.allowRequest = (_req, callback) => callback(blocked ? 'the test keeps the desk off the socket' : null, !blocked);
    hub.io.in(kepRoom(KEP.id)).disconnectSockets(true);
    await expect.poll(deskSockets).toBe(0);
    return { back: () => void (blocked = false) };
  }

  /** Sends a dispatch while the socket is down and waits until the hub recorded it delivered. */
  async function deliveredWhileDown(appointmentId: string, documentId: string): Promise<string> {
    const made = await invoke('dispatch.create', { appointmentId, channel: 'email', documentIds: [documentId] });
    await expect.poll(() => smtp.messages.length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => deliveredAtHub(made.id), { timeout: 5000 }).not.toBeNaN();
    // The push reached no one: the desk still has the hub's first answer.
    await new Promise((r) => setTimeout(r, 300));
    expect((await invoke('dispatch.list', { appointmentId }))[0]?.state).toBe('queued');
    return made.id;
  }

  it('with the socket down, the state still arrives through the change feed and the status once it is back', async () => {
    const { appointmentId, documentId } = await ready();
    const down = await socketDown();
    const dispatchId = await deliveredWhileDown(appointmentId, documentId);
    const seen = deskSees(appointmentId, dispatchId, 'delivered');
    down.back();
    await seen;
    expect(await deskSockets()).toBe(1);
    // Told by asking: the old path.
    expect(requests.some((r) => r.path.endsWith('/dispatches/status') && r.at > deliveredAtHub(dispatchId))).toBe(true);
    expect(smtp.messages).toHaveLength(1);
  });
});
