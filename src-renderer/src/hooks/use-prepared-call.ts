import { useEffect, useRef } from 'react';
import type { Participant, RoomState } from '../../../src-shared/protocol/signaling';
import { CallSession } from '../../../src-web/media/call-session';
import { call, onEvent } from '../kep';

/**
 * The desk's prepared call (PROTOCOL.md §5.2a): while the employee is on an appointment whose
 * citizen waits inside the call window, peers with the waiting participants are set up with no
 * media, so "start call" only admits them and starts the tracks. The call view takes the session
 * over at the click; moving on ends it, and the hub tells the participants.
 */
export class CallPreparer {
  private current: { appointmentId: string; session: CallSession | null; waiting: Participant[] } | null = null;

  /** The appointment to prepare now (null: none), with who waits for it. */
  want(appointmentId: string | null, waiting: Participant[]): void {
    if (this.current && this.current.appointmentId !== appointmentId) this.end();
    if (!appointmentId) return;
    if (this.current) {
      this.current.waiting = waiting;
      this.current.session?.prepareLinks(waiting);
      return;
    }
    const current: NonNullable<CallPreparer['current']> = { appointmentId, session: null, waiting };
    this.current = current;
    call('call.prepare', { appointmentId }).then(
      ({ self, iceServers }) => {
        if (this.current !== current) return;
        current.session = new CallSession({
          self,
          iceServers,
          localStream: null,
          signal: (to, connection, data) => void call('call.signal', { appointmentId, to, connection, data }).catch(() => undefined),
          onChange: () => undefined,
        });
        current.session.prepareLinks(current.waiting);
      },
      (error: unknown) => {
        // Not preparing costs only time: the click then sets the call up as without it.
        if (this.current === current) this.current = null;
        console.warn('Could not prepare the call', error);
      },
    );
  }

  /** The prepared session of the appointment, handed over to its call view (its call is opened next). */
  take(appointmentId: string): CallSession | null {
    const current = this.current;
    if (!current?.session || current.appointmentId !== appointmentId) return null;
    this.current = null;
    return current.session;
  }

  receive(payload: { appointmentId: string; from: string; connection: string; data: Parameters<CallSession['receive']>[2] }): void {
    if (this.current?.appointmentId === payload.appointmentId) this.current.session?.receive(payload.from, payload.connection, payload.data);
  }

  end(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    current.session?.close();
    void call('call.unprepare', { appointmentId: current.appointmentId }).catch(() => undefined);
  }
}

/**
 * Prepares the call of `appointmentId` (null: none) while a citizen waits for it in `room`. The
 * call view runs its effects before this hook's, so it takes the session before it would end.
 */
export function usePreparedCall(appointmentId: string | null, room: RoomState | undefined): CallPreparer {
  const preparer = useRef<CallPreparer | null>(null);
  preparer.current ??= new CallPreparer();
  const waiting = room && !room.open ? room.waiting : [];
  const target = waiting.some((p) => p.role === 'citizen') ? appointmentId : null;
  // Followed by who waits (ids and roles), not by each new room state object.
  const key = waiting.map((p) => `${p.id}:${p.role}`).join(',');
  const latest = useRef(waiting);
  latest.current = waiting;

  useEffect(
    () =>
      preparer.current?.want(
        target,
        latest.current.map((p) => ({ id: p.id, role: p.role })),
      ),
    [target, key],
  );
  useEffect(() => {
    const current = preparer.current;
    const off = onEvent('call.signal', (p) => current?.receive(p));
    return () => {
      off();
      current?.end();
    };
  }, []);
  return preparer.current;
}
