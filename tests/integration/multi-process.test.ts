import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Ack, JoinedRoom } from '../../src-shared/protocol/signaling';
import { bookAppointment } from '../support/booking';
import { startProcess, type StartedProcess } from '../support/processes';
import { startRedis } from '../support/redis';
import { accessTokenFor, connectSocket, type HubSocket, nextEvent, roomStateWhere } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

const KEP = 'kep-athina-kentro';
let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: ReturnType<typeof makeTempDir>;
let hubs: StartedProcess[] = [];
let appointmentId: string;
let joinToken: string;
let workstationToken: string;
let accessToken: string;
const sockets: HubSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = makeTempDir('kep-cluster-');
  const store = new HubStore(dir.path);
  store.upsertKep({ id: KEP, name: 'ΚΕΠ' });
  workstationToken = store.addWorkstation(KEP, 'desk').token;
  accessToken = await accessTokenFor(store, workstationToken);
  const apt = bookAppointment(store, KEP, 5);
  appointmentId = apt.id;
  joinToken = issueJoinToken(store, apt.id, 'citizen').token;
  store.close();
  writeFileSync(join(dir.path, HUB_CONFIG_FILE), JSON.stringify({ redisUrl: redis.url }));
  // Two real hub processes on one store, sharing rooms through Redis.
  hubs = await Promise.all([0, 1].map(() => startProcess('hub/src/cli.ts', ['serve', '--data-dir', dir.path, '--port', '0'])));
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(hubs.map((h) => h.stop()));
  await redis?.stop();
  dir?.remove();
});

const ask = <T>(socket: HubSocket, event: string, payload: unknown): Promise<Ack<T>> =>
  new Promise((resolve) => (socket.emit as (e: string, p: unknown, a: (r: Ack<T>) => void) => void)(event, payload, resolve));

describe('two hub processes with Redis', () => {
  it('lets a citizen on one process and the employee on another complete signaling', async () => {
    const [a, b] = hubs.map((h) => String(h.ready.url)) as [string, string];
    expect(a).not.toBe(b);
    const citizen = await connectSocket(b, { kind: 'participant', joinToken });
    sockets.push(citizen);
    const desk = await connectSocket(a, { kind: 'workstation', workstationToken, accessToken });
    sockets.push(desk);

    // The citizen, on the other process, ends up in the open call and hears so.
    const opened = roomStateWhere(citizen, (state) => state.open && state.participants.length === 2);
    const ack = await ask<JoinedRoom>(desk, 'room:open', { appointmentId });
    expect(ack).toMatchObject({ ok: true });
    if (!ack.ok) return;
    // Presence crosses processes: the employee's process sees the citizen connected to the other one.
    expect(ack.value.room.participants.map((p) => p.role).sort()).toEqual(['citizen', 'employee']);
    expect((await opened).participants.map((p) => p.role).sort()).toEqual(['citizen', 'employee']);

    const citizenId = ack.value.room.participants.find((p) => p.role === 'citizen')?.id as string;
    const offer = nextEvent(citizen, 'signal', 5000);
    expect(
      await ask(desk, 'signal', { appointmentId, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: 'cross-process offer' } }),
    ).toMatchObject({ ok: true });
    expect((await offer).data).toEqual({ type: 'offer', sdp: 'cross-process offer' });

    const answer = nextEvent(desk, 'signal', 5000);
    expect(
      await ask(citizen, 'signal', { appointmentId, to: ack.value.self.id, connection: 'conn-test-1', data: { type: 'answer', sdp: 'cross-process answer' } }),
    ).toMatchObject({ ok: true });
    expect((await answer).from).toBe(citizenId);
  });
});
