import type { ParticipantRole } from '../../../src-shared/protocol/signaling';
import type { RemoteParty } from '../../../src-web/media/call-session';
import { VideoTile } from '../../../src-web/media/VideoTile';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { type I18n, useI18n } from '../i18n/i18n';
import type { ParticipantSession, SessionSnapshot } from '../participant-session';
import { Chat } from './Chat';
import { FileSend } from './FileSend';
import { Icon } from './Icon';

const ORDER: Record<ParticipantRole, number> = { employee: 0, interpreter: 1, citizen: 2 };

/** What a remote tile says over the picture: the connection first, then the camera. */
function overlayOf(remote: RemoteParty, t: I18n['t']): string | null {
  if (remote.state === 'reconnecting') return t('call.reconnecting');
  if (remote.state === 'connecting' || !remote.stream) return t('call.connecting');
  if (remote.media?.video === false) return t('call.cameraOff');
  return null;
}

export interface CallProps {
  session: ParticipantSession;
  state: SessionSnapshot;
  stream: MediaStream | null;
  speakerId: string | null;
}

/** The call: everyone else large, oneself small, the two switches, messages, and (citizens) a document. */
export function Call({ session, state, stream, speakerId }: CallProps): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const self = state.joined?.self;
  const remotes = [...state.remotes].sort((a, b) => ORDER[a.participant.role] - ORDER[b.participant.role]);
  const { audio, video } = state.media;
  const hasVideo = Boolean(stream?.getVideoTracks().length);

  return (
    <section className="call" data-testid="call" aria-labelledby="call-title">
      <h1 id="call-title" className="visually-hidden" ref={heading} tabIndex={-1}>
        {t('call.title')}
      </h1>
      {(state.connection === 'reconnecting' || state.connection === 'connecting') && (
        <p className="notice notice-warn" role="status" data-testid="call-hub-notice">
          {t('call.hubReconnecting')}
        </p>
      )}
      {state.connection === 'replaced' && (
        <div className="notice notice-warn call-notice" role="alert">
          <p>{t('error.replaced')}</p>
          <button type="button" className="button" onClick={() => session.retry()}>
            {t('error.continueHere')}
          </button>
        </div>
      )}
      {state.connection === 'refused' && (
        <p className="notice notice-error" role="alert">
          {t('error.linkTitle')}
        </p>
      )}
      <div className="call-layout">
        <div className="call-main">
          <div className={`stage stage-${Math.max(1, remotes.length)}`}>
            {remotes.length === 0 && (
              <p className="stage-empty" role="status">
                <span className="spinner" aria-hidden="true" />
                {t('call.waitingOthers')}
              </p>
            )}
            {remotes.map((remote) => (
              <div
                key={remote.participant.id}
                className="remote"
                data-testid="remote-video"
                data-role={remote.participant.role}
                data-state={remote.state}
                data-audio={remote.media?.audio === false ? 'off' : 'on'}
                data-camera={remote.media?.video === false ? 'off' : 'on'}
              >
                <VideoTile
                  stream={remote.stream}
                  label={t(`role.${remote.participant.role}`)}
                  overlay={overlayOf(remote, t)}
                  badges={remote.media?.audio === false ? [t('call.muted')] : []}
                  speakerId={speakerId}
                />
              </div>
            ))}
          </div>
          {/* Each button says what it will do now (open or close), so it is not also a pressed toggle. */}
          <div className="controls" role="group" aria-label={t('call.controls')}>
            <button
              type="button"
              className="button toggle"
              data-testid="toggle-audio"
              data-enabled={audio === true}
              disabled={audio === null}
              onClick={() => session.setMedia('audio', audio !== true)}
            >
              <Icon name="microphone" />
              {t(audio === false ? 'call.unmuteMic' : 'call.muteMic')}
            </button>
            <button
              type="button"
              className="button toggle"
              data-testid="toggle-video"
              data-enabled={video === true}
              // A citizen's camera stays on until the identity check passed (the hub enforces it too).
              disabled={video === null || (video === true && self?.role === 'citizen' && !state.cameraOptional)}
              onClick={() => session.setMedia('video', video !== true)}
            >
              <Icon name="camera" />
              {t(video === false ? 'call.openCamera' : 'call.closeCamera')}
            </button>
          </div>
          <ul className="media-state" aria-live="polite">
            <li className={audio === true ? 'on' : 'off'}>{t(audio === null ? 'call.noMic' : audio ? 'call.micOn' : 'call.micOff')}</li>
            <li className={video === true ? 'on' : 'off'}>{t(video === null ? 'call.noCam' : video ? 'call.camOn' : 'call.camOff')}</li>
          </ul>
          {self?.role === 'citizen' && video === true && (
            <p className="small" data-testid="camera-hint" data-optional={state.cameraOptional ? 'yes' : 'no'}>
              {t(state.cameraOptional ? 'call.cameraOptional' : 'call.keepCamera')}
            </p>
          )}
        </div>

        <aside className="side">
          <div className="self">
            <VideoTile
              stream={hasVideo ? stream : null}
              label={t('role.self')}
              self
              overlay={video === true ? null : t(video === null ? 'call.noCam' : 'call.camOff')}
              badges={audio === false ? [t('call.muted')] : []}
            />
          </div>
          {self?.role === 'citizen' && <FileSend session={session} remotes={state.remotes} />}
          <Chat session={session} messages={state.chat} selfId={self?.id ?? ''} />
        </aside>
      </div>
    </section>
  );
}
