import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { initiates, type MeshPeer, PeerMesh } from '../../src-shared/call/peer-mesh';
import type { Participant, RoomMember, RoomState, SignalData } from '../../src-shared/protocol/signaling';

/**
 * The mesh's decisions (who offers, which signals count, when to try again) in Node. The peers
 * here only record what the mesh asks of them; real WebRTC runs in the e2e tests in Chromium.
 */
class RecordingPeer extends EventEmitter implements MeshPeer {
  readonly received: SignalData[] = [];
  destroyed = false;
  constructor(readonly initiator: boolean) {
    super();
  }
  signal(data: SignalData): void {
    this.received.push(data);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const EMPLOYEE: Participant = { id: 'employee-0001', role: 'employee' };
const CITIZEN: Participant = { id: 'citizen-00001', role: 'citizen' };
const INTERPRETER: Participant = { id: 'interpreter-01', role: 'interpreter' };
const member = (p: Participant): RoomMember => ({ ...p, since: '2026-11-30T07:00:00.000Z', devices: null, media: null });
const room = (open: boolean, ...people: Participant[]): RoomState => ({
  appointmentId: '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e',
  open,
  participants: open ? people.map(member) : [],
  waiting: [],
});
const OFFER: SignalData = { type: 'offer', sdp: 'v=0' };

function mesh(self: Participant) {
  const peers: RecordingPeer[] = [];
  const sent: Array<{ to: string; connection: string; data: SignalData }> = [];
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  let ids = 0;
  const m = new PeerMesh<RecordingPeer>({
    self,
    createPeer: ({ initiator }) => {
      const peer = new RecordingPeer(initiator);
      peers.push(peer);
      return peer;
    },
    send: (s) => sent.push(s),
    onChange: () => undefined,
    newConnectionId: () => `conn-${++ids}`,
    schedule: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const runTimers = () =>
    timers
      .splice(0)
      .filter((t) => !t.cancelled)
      .forEach((t) => t.fn());
  return { m, peers, sent, timers, runTimers };
}

describe('peer mesh', () => {
  it('agrees on who offers: the employee, then the interpreter', () => {
    expect(initiates(EMPLOYEE, CITIZEN)).toBe(true);
    expect(initiates(CITIZEN, EMPLOYEE)).toBe(false);
    expect(initiates(INTERPRETER, CITIZEN)).toBe(true);
    expect(initiates(INTERPRETER, EMPLOYEE)).toBe(false);
  });

  it('offers to every member it ranks above, and answers the others', () => {
    const { m, peers } = mesh(INTERPRETER);
    m.update(room(true, EMPLOYEE, CITIZEN, INTERPRETER));
    expect(peers.map((p) => p.initiator)).toEqual([true]); // to the citizen
    m.receive(EMPLOYEE.id, 'from-employee', OFFER);
    expect(peers.map((p) => p.initiator)).toEqual([true, false]);
    expect(peers[1]!.received).toEqual([OFFER]);
    expect(
      m
        .list()
        .map((l) => l.remote.role)
        .sort(),
    ).toEqual(['citizen', 'employee']);
  });

  it('drops signals of a replaced connection, and replaces its peer on a new offer', () => {
    const { m, peers } = mesh(CITIZEN);
    m.update(room(true, EMPLOYEE, CITIZEN));
    m.receive(EMPLOYEE.id, 'first', OFFER);
    m.receive(EMPLOYEE.id, 'second', OFFER);
    expect(peers[0]!.destroyed).toBe(true);
    m.receive(EMPLOYEE.id, 'first', { type: 'candidate', candidate: { candidate: 'old' } });
    expect(peers[0]!.received).toEqual([OFFER]);
    m.receive(EMPLOYEE.id, 'unknown', { type: 'answer', sdp: 'stray' });
    expect(peers).toHaveLength(2);
    expect(peers[1]!.received).toEqual([OFFER]);
  });

  it('sets up a new peer after a failure while both are in the call, with growing pauses', () => {
    const { m, peers, timers, runTimers } = mesh(EMPLOYEE);
    m.update(room(true, EMPLOYEE, CITIZEN));
    peers[0]!.emit('connect');
    expect(m.list()[0]!.state).toBe('connected');
    peers[0]!.emit('error', new Error('ICE failed'));
    expect(peers[0]!.destroyed).toBe(true);
    expect(m.list()[0]!.state).toBe('reconnecting');
    const retry = timers.find((t) => !t.cancelled && t.ms < 20_000)!;
    expect(retry.ms).toBe(500);
    runTimers();
    expect(peers).toHaveLength(2);
    peers[1]!.emit('close');
    expect(timers.find((t) => !t.cancelled && t.ms < 20_000)!.ms).toBe(1000);
  });

  it('keeps a connected peer when the hub goes quiet or the room looks empty, and never retries for someone who left', () => {
    const { m, peers, runTimers } = mesh(EMPLOYEE);
    m.update(room(true, EMPLOYEE, CITIZEN));
    peers[0]!.emit('connect');
    m.update(room(false)); // a hub restart: nobody is listed for a moment
    expect(peers[0]!.destroyed).toBe(false);
    expect(m.list()).toHaveLength(1);
    peers[0]!.emit('close'); // now the citizen really leaves
    runTimers();
    expect(peers).toHaveLength(1);
    expect(m.list()).toHaveLength(0);
  });

  it('replaces a peer that does not connect in time', () => {
    const { m, peers, timers } = mesh(EMPLOYEE);
    m.update(room(true, EMPLOYEE, CITIZEN));
    const timeout = timers.find((t) => t.ms === 20_000)!;
    timeout.fn();
    expect(peers[0]!.destroyed).toBe(true);
    expect(m.list()[0]!.state).toBe('reconnecting');
  });

  it('prepares a peer before the call and keeps it as the call’s link when the call opens', () => {
    const { m, peers, sent } = mesh(EMPLOYEE);
    m.prepareLinks([CITIZEN]);
    expect(peers).toHaveLength(1);
    expect(peers[0]!.initiator).toBe(true);
    peers[0]!.emit('signal', OFFER);
    expect(sent).toEqual([{ to: CITIZEN.id, connection: 'conn-1', data: OFFER }]);
    peers[0]!.emit('connect');
    m.update(room(false));
    expect(m.list()[0]).toMatchObject({ state: 'connected', connection: 'conn-1' });
    m.update(room(true, EMPLOYEE, CITIZEN));
    expect(peers).toHaveLength(1);
    expect(peers[0]!.destroyed).toBe(false);
    expect(m.list()[0]).toMatchObject({ state: 'connected', connection: 'conn-1' });
  });

  it('answers a prepared desk’s offer before the call, and nobody else’s', () => {
    const { m, peers } = mesh(CITIZEN);
    m.receive(EMPLOYEE.id, 'conn-1', OFFER);
    expect(peers).toHaveLength(0);
    m.prepareLinks([EMPLOYEE]);
    m.receive(INTERPRETER.id, 'conn-2', OFFER);
    expect(peers).toHaveLength(0);
    m.receive(EMPLOYEE.id, 'conn-1', OFFER);
    expect(peers).toHaveLength(1);
    expect(peers[0]!.received).toEqual([OFFER]);
  });

  it('re-establishes a prepared peer that failed, and ends it when no longer prepared', () => {
    const { m, peers, runTimers } = mesh(EMPLOYEE);
    m.prepareLinks([CITIZEN]);
    peers[0]!.emit('close');
    runTimers();
    expect(peers).toHaveLength(2);
    m.prepareLinks([]);
    expect(peers[1]!.destroyed).toBe(true);
    expect(m.isEmpty()).toBe(true);
  });
});
