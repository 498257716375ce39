import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { type RunningHub, startHub } from '../../hub/src/server';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/ipc';
import { CHECK_ITEMS } from '../../src-shared/domain/verification';
import type { Result } from '../../src-shared/errors';
import type { Ack, JoinedRoom } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { connectSocket, type HubSocket } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
const PASSWORD = 'a long enough password';

let hubDir: ReturnType<typeof makeTempDir>;
let appDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub | null;
let port = 0;
let app: KepApp;
const sockets: HubSocket[] = [];

const startTheHub = async (): Promise<RunningHub> => {
  hub = await startHub({ dataDir: hubDir.path, port });
  port = Number(new URL(hub.url).port);
  return hub;
};

const invoke = <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> =>
  app.invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  appDir = makeTempDir();
  port = 0;
  const running = await startTheHub();
  running.store.upsertKep(KEP);
  await addUser(running.store, { kepId: KEP.id, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  app = createApp({ dataDir: appDir.path, config: loadMachineConfig(appDir.path, {}), version: 'test' });
  app.start();
  const { code } = createEnrolmentCode(running.store, KEP.id);
  value(await invoke('workstation.enrol', { hubUrl: running.url, code, label: 'Γκισέ 1' }));
  value(await invoke('session.signIn', { username: 'maria', password: PASSWORD }));
  await expect.poll(async () => value(await invoke('session.get', undefined))?.realtime, { timeout: 10_000 }).toBe('connected');
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  app.close();
  await hub?.close();
  hubDir.remove();
  appDir.remove();
});

const passedAtHub = (appointmentId: string): boolean =>
  hub?.store.db.prepare('SELECT 1 FROM verifications_passed WHERE appointment_id = ?').get(appointmentId) !== undefined;

describe('the identity check’s pass reaches the hub', () => {
  it('is sent again once the hub is back when the hub was away at the last tick', async () => {
    const apt = bookAppointment(hub!.store, KEP.id, 0);
    await expect.poll(async () => (await invoke('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);
    const citizen = await connectSocket(hub!.url, { kind: 'participant', joinToken: issueJoinToken(hub!.store, apt.id, 'citizen').token });
    sockets.push(citizen);
    const joined = await new Promise<Ack<JoinedRoom>>((resolve) => citizen.emit('room:join', {}, resolve));
    if (!joined.ok) throw new Error(joined.error.message);
    const citizenId = joined.value.self.id;
    value(await invoke('call.open', { appointmentId: apt.id }));
    await expect.poll(async () => value(await invoke('verification.get', { appointmentId: apt.id })).video.reason).toBe('no_stats');

    let frames = 0;
    /** The renderer's statistics while the citizen's video moves. */
    const videoMoves = async (): Promise<void> => {
      for (let i = 0; i < 2; i += 1) {
        frames += 25;
        value(
          await invoke('call.quality', {
            appointmentId: apt.id,
            participantId: citizenId,
            quality: { rttMs: 20, lossPercent: 0, kbpsIn: 500, kbpsOut: 500, framesDecoded: frames, frameWidth: 640, frameHeight: 480, at: Date.now() },
          }),
        );
      }
    };
    for (const item of CHECK_ITEMS.slice(0, -1)) {
      await videoMoves();
      value(await invoke('verification.tick', { appointmentId: apt.id, item }));
    }

    // The hub goes away just before the last tick; the desk still sees the video it last measured.
    await hub!.close();
    hub = null;
    await videoMoves();
    const state = value(await invoke('verification.tick', { appointmentId: apt.id, item: CHECK_ITEMS.at(-1)! }));
    expect(state.outcome).toBe('passed');

    await startTheHub();
    await expect.poll(() => passedAtHub(apt.id), { timeout: 15_000 }).toBe(true);
  }, 45_000);
});
