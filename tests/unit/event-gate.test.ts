import { describe, expect, it } from 'vitest';
import { contract, type EventName, events } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { EventBus } from '../../src-main/ipc/event-bus';
import { gateEvents } from '../../src-main/ipc/event-gate';

const APPOINTMENT = '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e';
const SYNC = { state: 'idle', lastSuccessAt: null, lastAttemptAt: null, lastError: null } as const;

function gated(role: () => Role | null): { bus: EventBus; seen: Array<{ event: EventName; payload: unknown }> } {
  const bus = new EventBus();
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  gateEvents(bus, role).subscribe((event, payload) => seen.push({ event, payload }));
  return { bus, seen };
}

function emitSome(bus: EventBus): void {
  bus.emit('session.changed', null);
  bus.emit('sync.changed', SYNC);
  bus.emit('lobby.changed', []);
  bus.emit('outbox.changed', { pending: 1, refused: [], refusedCount: 0, lastDeliveredAt: null } as never);
  bus.emit('day.changed', { dates: ['2026-11-30'] });
  bus.emit('dispatch.changed', { appointmentId: APPOINTMENT });
}

describe('event gate', () => {
  it('gives every event an access rule; only the sign-in screen’s and the sync’s are public', () => {
    const open = Object.entries(events)
      .filter(([, spec]) => spec.access === 'public')
      .map(([name]) => name);
    expect(open.sort()).toEqual(['session.changed', 'sync.changed']);
    // An event tells no more than the channel the renderer re-reads it through.
    expect(events['lobby.changed'].access).toEqual(contract['lobby.get'].access);
    expect(events['day.changed'].access).toEqual(contract['day.get'].access);
    expect(events['outbox.changed'].access).not.toContain('it-admin');
  });

  it('sends IT only the public events: no lobby, outbox, day or dispatch news', () => {
    const { bus, seen } = gated(() => 'it-admin');
    emitSome(bus);
    expect(seen.map((s) => s.event)).toEqual(['session.changed', 'sync.changed']);
  });

  it('sends staff everything, and no one signed in only the public events', () => {
    for (const role of ['employee', 'supervisor'] as const) {
      const { bus, seen } = gated(() => role);
      emitSome(bus);
      expect(seen.map((s) => s.event)).toEqual(['session.changed', 'sync.changed', 'lobby.changed', 'outbox.changed', 'day.changed', 'dispatch.changed']);
    }
    const { bus, seen } = gated(() => null);
    emitSome(bus);
    expect(seen.map((s) => s.event)).toEqual(['session.changed', 'sync.changed']);
  });

  it('reads the role when the event is sent, not when the transport subscribed', () => {
    let role: Role | null = 'employee';
    const { bus, seen } = gated(() => role);
    bus.emit('lobby.changed', []);
    role = 'it-admin';
    bus.emit('lobby.changed', []);
    expect(seen).toHaveLength(1);
  });

  it('does not send a payload outside its schema, and drops fields the schema does not name', () => {
    const { bus, seen } = gated(() => 'employee');
    bus.emit('dispatch.changed', { appointmentId: 'not-a-uuid' });
    bus.emit('sync.changed', { state: 'exploded' } as never);
    bus.emit('sync.changed', { ...SYNC, hubToken: 'secret' } as never);
    expect(seen).toEqual([{ event: 'sync.changed', payload: SYNC }]);
  });
});
