import type { DeviceCheck } from '../../../src-shared/protocol/signaling';
import { KEP_TIME_ZONE } from '../../../src-shared/domain/athens-time';
import { VideoTile } from '../../../src-web/media/VideoTile';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { useNow } from '../hooks/use-now';
import { useI18n } from '../i18n/i18n';
import type { SessionSnapshot } from '../participant-session';
import { Icon } from './Icon';
import { Steps } from './Steps';

const MINUTE = 60_000;
/** The page says "Greek time" only to someone whose own clock is elsewhere. */
const elsewhere = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone !== KEP_TIME_ZONE;
  } catch {
    return true;
  }
})();

/** Waiting for the employee: when the appointment is, how long they have waited, that all is well. */
export function Lobby({ state, stream, devices }: { state: SessionSnapshot; stream: MediaStream | null; devices: DeviceCheck | null }): React.JSX.Element {
  const { t, day, time } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const now = useNow();
  const appointment = state.joined?.appointment ?? null;
  const interpreter = state.joined?.self.role === 'interpreter';
  const hasVideo = Boolean(stream?.getVideoTracks().length);

  const startsIn = appointment ? Math.ceil((new Date(appointment.startsAt).getTime() - now) / MINUTE) : null;
  const waited = state.me ? Math.max(0, Math.floor((now - new Date(state.me.since).getTime()) / MINUTE)) : null;
  const failing = devices
    ? (['camera', 'microphone', 'speaker'] as const).filter((d) => devices[d] !== 'ok' && !(d === 'speaker' && devices[d] === 'untested'))
    : [];

  const connection =
    state.connection === 'connected' ? (
      <p className="status status-ok" role="status" data-testid="lobby-connection" data-state="connected">
        <Icon name="check" className="status-icon" />
        {t('lobby.connected')}
      </p>
    ) : state.connection === 'reconnecting' ? (
      <div className="status status-warn" role="status" data-testid="lobby-connection" data-state="reconnecting">
        <p>
          <span className="spinner" aria-hidden="true" />
          {t('lobby.reconnecting')}
        </p>
        <p className="small">{t('lobby.reconnectingHelp')}</p>
      </div>
    ) : (
      <p className="status" role="status" data-testid="lobby-connection" data-state="connecting">
        <span className="spinner" aria-hidden="true" />
        {t('lobby.connecting')}
      </p>
    );

  return (
    <>
      <Steps current={3} />
      <section className="card lobby" data-testid="lobby" aria-labelledby="lobby-title">
        <h1 id="lobby-title" ref={heading} tabIndex={-1}>
          {t('lobby.title')}
        </h1>
        <p className="lead">{t(interpreter ? 'lobby.leadInterpreter' : 'lobby.lead')}</p>
        {connection}

        <div className={hasVideo ? 'lobby-grid lobby-grid-preview' : 'lobby-grid'}>
          <div className="lobby-info">
            {appointment && (
              <div className="appointment" data-testid="appointment">
                <h2>{t(interpreter ? 'lobby.appointmentInterpreter' : 'lobby.appointment')}</h2>
                <dl>
                  <div>
                    <dt>{t('lobby.date')}</dt>
                    <dd data-testid="appointment-day">{day(appointment.startsAt)}</dd>
                  </div>
                  <div>
                    <dt>{t('lobby.time')}</dt>
                    <dd data-testid="appointment-time">
                      <span className="appointment-time">
                        {time(appointment.startsAt)} – {time(appointment.endsAt)}
                      </span>
                      {elsewhere && <span className="small"> {t('lobby.greekTime')}</span>}
                    </dd>
                  </div>
                  {appointment.kepName && (
                    <div>
                      <dt>{t('lobby.kep')}</dt>
                      <dd data-testid="appointment-kep">{appointment.kepName}</dd>
                    </div>
                  )}
                </dl>
              </div>
            )}
            <p className="waiting" data-testid="waiting-time">
              {startsIn !== null && startsIn > 0 && <span>{t('lobby.startsIn', { count: startsIn })} </span>}
              {startsIn !== null && startsIn <= 0 && <span>{t('lobby.startsNow')} </span>}
              {waited !== null && <span className="waited">{waited === 0 ? t('lobby.waitingJustNow') : t('lobby.waitingFor', { count: waited })}</span>}
            </p>
            {!interpreter && (
              <p className="note note-id">
                <Icon name="idCard" className="note-icon" />
                <strong>{t('lobby.idReminder')}</strong>
              </p>
            )}
            {failing.length > 0 && (
              <p className="notice notice-warn">
                {t('lobby.devicesProblem', { devices: failing.map((d) => t(`devices.${d}`).toLocaleLowerCase()).join(', ') })}
              </p>
            )}
          </div>
          {hasVideo && (
            <div className="lobby-preview">
              <VideoTile stream={stream} label={t('lobby.preview')} self />
            </div>
          )}
        </div>
      </section>
    </>
  );
}
