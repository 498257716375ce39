import type { Appointment } from '../../../src-shared/domain/appointment';
import { type DisplayState, waitsInLobby } from '../../../src-shared/domain/appointment-state';
import type { RoomMember, RoomState } from '../../../src-shared/protocol/signaling';
import { useI18n } from '../i18n/i18n';

interface Props {
  lobby: Map<string, RoomState>;
  appointments: readonly Appointment[];
  states: ReadonlyMap<string, DisplayState>;
  now: Date;
  onSelect(appointmentId: string): void;
}

/** Who is waiting to be called, for how long, and whether their camera and microphone work. */
export function LobbyPanel({ lobby, appointments, states, now, onSelect }: Props): React.JSX.Element | null {
  const { t, time } = useI18n();
  const waiting = appointments
    .map((a) => ({ a, citizen: lobby.get(a.id)?.waiting.find((p) => p.role === 'citizen') }))
    .filter((w): w is { a: Appointment; citizen: RoomMember } => Boolean(w.citizen) && waitsInLobby(states.get(w.a.id) ?? 'booked'))
    .sort((x, y) => x.citizen.since.localeCompare(y.citizen.since));
  if (waiting.length === 0) return null;
  return (
    <section className="lobby" aria-labelledby="lobby-heading" data-testid="lobby-panel">
      <h2 id="lobby-heading">{t('lobby.heading', { count: waiting.length })}</h2>
      <ul>
        {waiting.map(({ a, citizen }) => {
          const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(citizen.since)) / 60_000));
          const devices = citizen.devices;
          const fine = devices && devices.camera === 'ok' && devices.microphone === 'ok';
          return (
            <li key={a.id} data-testid="lobby-entry" data-appointment-id={a.id}>
              <button type="button" className="lobby-entry" onClick={() => onSelect(a.id)}>
                <span className="lobby-name">
                  {time(a.startsAt)} · {a.citizen.firstName} {a.citizen.lastName}
                </span>
                <span className="lobby-since">{minutes < 1 ? t('lobby.justArrived') : t('lobby.waitingFor', { minutes })}</span>
                <span className={`lobby-devices ${fine ? 'ok' : 'warn'}`} data-testid="lobby-devices" data-ok={fine ? 'yes' : 'no'}>
                  {!devices
                    ? t('lobby.devicesUnchecked')
                    : fine
                      ? t('lobby.devicesOk')
                      : t('lobby.devicesProblem', { camera: t(`devices.result.${devices.camera}`), microphone: t(`devices.result.${devices.microphone}`) })}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
