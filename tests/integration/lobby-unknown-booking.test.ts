import { afterEach, beforeEach, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { type RunningHub, startHub } from '../../hub/src/server';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/ipc';
import type { Result } from '../../src-shared/errors';
import { bookAppointment } from '../support/booking';
import { connectSocket, type HubSocket } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const PASSWORD = 'a long enough password';

let hubDir: ReturnType<typeof makeTempDir>;
let appDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let app: KepApp;
let citizen: HubSocket | null = null;

const invoke = <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> =>
  app.invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  appDir = makeTempDir();
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep(KEP);
  await addUser(hub.store, { kepId: KEP.id, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  app = createApp({ dataDir: appDir.path, config: loadMachineConfig(appDir.path, {}), version: 'test' });
  app.start();
  const { code } = createEnrolmentCode(hub.store, KEP.id);
  value(await invoke('workstation.enrol', { hubUrl: hub.url, code, label: 'Γκισέ 1' }));
  value(await invoke('session.signIn', { username: 'maria', password: PASSWORD }));
});
afterEach(async () => {
  citizen?.close();
  app.close();
  await hub.close();
  hubDir.remove();
  appDir.remove();
});

it('a citizen waiting for a booking the desk has not got brings that booking to the day', async () => {
  const today = value(await invoke('app.info', undefined)).today;
  await expect.poll(async () => value(await invoke('sync.status', undefined)).state, { timeout: 10_000 }).toBe('idle');
  // A booking whose change never reached this desk (a push lost on the way, a feed behind):
  // only the lobby can tell the desk it exists.
  const booked = bookAppointment(hub.store, KEP.id, 0, { category: 1, interpreterNeeded: false });
  hub.store.db.prepare('DELETE FROM appointment_changes WHERE appointment_id = ?').run(booked.id);
  const ids = async () => value(await invoke('day.get', { date: today })).appointments.map((a) => a.id);
  expect(await ids()).not.toContain(booked.id);

  citizen = await connectSocket(hub.url, { kind: 'participant', joinToken: issueJoinToken(hub.store, booked.id, 'citizen').token });
  await citizen.timeout(5000).emitWithAck('room:join', {});
  await expect.poll(async () => value(await invoke('lobby.get', undefined)).map((r) => r.appointmentId), { timeout: 5000 }).toContain(booked.id);
  await expect.poll(ids, { timeout: 10_000 }).toContain(booked.id);
});
