import { useEffect, useMemo, useRef } from 'react';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { Appointment } from '../../../src-shared/domain/appointment';
import type { RoomState } from '../../../src-shared/protocol/signaling';
import { call, onEvent } from '../kep';
import { ARRIVAL_CHIME, playTones } from '../../../src-web/media/sounds';
import type { Listen } from './load-store';
import { useLoad } from './use-load';

const readLobby = (): Promise<RoomState[]> => call('lobby.get');
const listenLobby: Listen<RoomState[]> = ({ set }) => onEvent('lobby.changed', set);

/** The KEP's rooms with someone in them, by appointment id, kept current by main's pushes. */
export function useLobby(): { lobby: Map<string, RoomState>; error: ErrorInfo | null; reload(): void } {
  const { data, error, reload } = useLoad(readLobby, listenLobby);
  const lobby = useMemo(() => new Map((data ?? []).map((s) => [s.appointmentId, s])), [data]);
  return { lobby, error, reload };
}

/**
 * Hard to miss: a chime and a system notification when a citizen of a booked appointment arrives
 * in the lobby. Each arrival alerts once; a citizen who reloads the page is not a new arrival.
 */
export function useArrivalAlert(
  lobby: Map<string, RoomState>,
  appointments: readonly Appointment[],
  text: (a: Appointment) => { title: string; body: string },
  speakerId: string | null,
): void {
  const announced = useRef(new Set<string>());
  useEffect(() => {
    for (const a of appointments) {
      const waiting = lobby.get(a.id)?.waiting.find((p) => p.role === 'citizen');
      if (!waiting || a.status !== 'booked' || announced.current.has(`${a.id}:${waiting.since}`)) continue;
      announced.current.add(`${a.id}:${waiting.since}`);
      void playTones(ARRIVAL_CHIME, speakerId);
      const { title, body } = text(a);
      if ('Notification' in window) {
        const show = () => new Notification(title, { body, tag: `arrival-${a.id}` });
        if (Notification.permission === 'granted') show();
        else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
      }
    }
  }, [lobby, appointments, text, speakerId]);
}
