import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { CallMessages } from '../../src-main/call/call-messages';
import { CallService } from '../../src-main/call/call-service';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { HubConnection } from '../../src-main/hub/hub-connection';
import { EventBus } from '../../src-main/ipc/event-bus';
import { VerificationService } from '../../src-main/verification/verification-service';
import type { VerificationState } from '../../src-shared/contract/ipc';
import { LIVE_VIDEO_MAX_AGE_MS } from '../../src-shared/domain/verification';
import type { Ack, JoinedRoom } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor, connectSocket, type HubSocket } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
let hub: TestHub;
let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let connection: HubConnection;
let calls: CallService;
let seen: VerificationState['video'][];
const sockets: HubSocket[] = [];

beforeEach(async () => {
  hub = await startTestHub([]);
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
  const events = new EventBus();
  seen = [];
  events.subscribe((event, payload) => {
    if (event === 'verification.changed') seen.push((payload as VerificationState).video);
  });
  let connected = (): void => undefined;
  connection = new HubConnection(() => undefined, { onChanged: () => undefined, onConnected: () => connected() });
  calls = new CallService({ messages: new CallMessages(db), connection, events, checkCallable: () => undefined });
  new VerificationService({ db, calls, events, now: () => new Date() });
  const ready = new Promise<void>((resolve) => {
    connected = () => void calls.onConnected().then(resolve);
  });
  const workstationToken = hub.tokens[KEP]!;
  connection.follow({ hubUrl: hub.hub.url, workstationToken, accessToken: await accessTokenFor(hub.hub.store, workstationToken) });
  await ready;
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  connection.close();
  db.close();
  await hub.stop();
  dir.remove();
});

async function citizenJoins(appointmentId: string): Promise<{ socket: HubSocket; id: string }> {
  const socket = await connectSocket(hub.hub.url, { kind: 'participant', joinToken: issueJoinToken(hub.hub.store, appointmentId, 'citizen').token });
  sockets.push(socket);
  const joined = await new Promise<Ack<JoinedRoom>>((resolve) => socket.emit('room:join', {}, resolve));
  if (!joined.ok) throw new Error(joined.error.message);
  return { socket, id: joined.value.self.id };
}

const quality = (framesDecoded: number) => ({
  rttMs: 20,
  lossPercent: 0,
  kbpsIn: 500,
  kbpsOut: 500,
  framesDecoded,
  frameWidth: 640,
  frameHeight: 480,
  at: Date.now(),
});

describe('the citizen’s video liveness, as main tells the renderer', () => {
  it('announces verification.changed each time the video turns live or not live, with the new reason', async () => {
    const apt = bookAppointment(hub.hub.store, KEP, 0);
    const citizen = await citizenJoins(apt.id);
    await calls.open(apt.id);
    await expect.poll(() => seen.at(-1)).toEqual({ live: false, reason: 'no_stats' });

    calls.recordQuality(apt.id, citizen.id, quality(10));
    calls.recordQuality(apt.id, citizen.id, quality(20));
    expect(seen.at(-1)).toEqual({ live: true, reason: null });
    const whenLive = seen.length;
    // Still live: nothing to announce.
    calls.recordQuality(apt.id, citizen.id, quality(30));
    expect(seen.length).toBe(whenLive);

    calls.recordQuality(apt.id, citizen.id, quality(30));
    expect(seen.at(-1)).toEqual({ live: false, reason: 'frozen' });
    calls.recordQuality(apt.id, citizen.id, quality(40));
    expect(seen.at(-1)).toEqual({ live: true, reason: null });

    // Statistics that stop arriving go stale on their own, with no call from the renderer.
    await expect.poll(() => seen.at(-1), { timeout: LIVE_VIDEO_MAX_AGE_MS + 3000 }).toEqual({ live: false, reason: 'no_stats' });

    citizen.socket.close();
    await expect.poll(() => seen.at(-1)).toEqual({ live: false, reason: 'no_citizen' });
    await calls.close(apt.id);
    expect(seen.at(-1)).toEqual({ live: false, reason: 'no_call' });
    // Each announcement is a change: never the same reading twice in a row.
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).not.toEqual(seen[i - 1]);
  });
});
