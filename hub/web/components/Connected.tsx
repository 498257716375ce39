import { useSyncExternalStore } from 'react';
import type { DeviceCheck } from '../../../src-shared/protocol/signaling';
import type { Inbox } from '../hooks/use-inbox';
import { useI18n } from '../i18n/i18n';
import type { ParticipantSession } from '../participant-session';
import { Call } from './Call';
import { Documents } from './Documents';
import { Ended } from './Ended';
import { Lobby } from './Lobby';
import { PageError } from './PageError';

export interface ConnectedProps {
  session: ParticipantSession;
  stream: MediaStream | null;
  devices: DeviceCheck | null;
  speakerId: string | null;
  /** The citizen's documents, shown once the call is over or the link no longer opens one. */
  inbox: Inbox | null;
}

/** Everything after the device check, as the hub says it stands: waiting, in the call, or done. */
export function Connected({ session, stream, devices, speakerId, inbox }: ConnectedProps): React.JSX.Element {
  const { t } = useI18n();
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);

  // A call keeps going on its peer connections while the hub is away; the call view says so.
  if (state.inCall) return <Call session={session} state={state} stream={stream} speakerId={speakerId} />;
  // Mounted afresh when the call ends or the link is refused, so the list is asked for again then.
  const documents = inbox ? <Documents inbox={inbox} /> : null;
  if (state.connection === 'refused') {
    // The hub's refusal does not say why; the inbox answer says where the appointment stands.
    const standing = inbox?.data?.appointment ?? 'upcoming';
    const title = standing === 'over' ? t('error.overTitle') : standing === 'cancelled' ? t('error.cancelledTitle') : t('error.linkTitle');
    return (
      <>
        <PageError title={title}>
          {standing === 'over' && <p data-testid="appointment-over">{t('error.over')}</p>}
          {standing !== 'over' && standing !== 'cancelled' && <p>{t('error.link')}</p>}
          {standing !== 'over' && <p>{t('error.linkCancelled')}</p>}
          {Boolean(inbox?.data?.documents.length) && <p data-testid="documents-below">{t('error.documentsBelow')}</p>}
          {standing !== 'over' && (
            <div className="actions">
              <button type="button" className="button" onClick={() => session.retry()}>
                {t('error.retryNow')}
              </button>
            </div>
          )}
        </PageError>
        {documents}
      </>
    );
  }
  if (state.connection === 'replaced') {
    return (
      <PageError title={t('error.replacedTitle')}>
        <p>{t('error.replaced')}</p>
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => session.retry()}>
            {t('error.continueHere')}
          </button>
        </div>
      </PageError>
    );
  }
  if (state.ended) {
    return (
      <>
        <Ended />
        {documents}
      </>
    );
  }
  return <Lobby state={state} stream={stream} devices={devices} />;
}
