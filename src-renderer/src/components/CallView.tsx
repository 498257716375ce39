import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallFile, DeviceSettings, SessionInfo } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import type { ChatMessage, RoomState } from '../../../src-shared/protocol/signaling';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useEscape } from '../hooks/use-escape';
import { useServiceName } from '../hooks/use-catalogue';
import { type I18n, useI18n } from '../i18n/i18n';
import { CategoryBadge } from './CategoryBadge';
import { call, onEvent, toErrorInfo } from '../kep';
import { fromBase64, toBase64 } from '../base64';
import { qualityLevel } from '../../../src-web/media/call-quality';
import { CallSession, type CallSessionListeners, type RemoteParty } from '../../../src-web/media/call-session';
import { isFileProblem } from '../../../src-web/media/file-transfer';
import { type LocalMedia, openLocalMedia, stopStream } from '../../../src-web/media/local-media';
import { VideoTile } from '../../../src-web/media/VideoTile';
import { CallChat } from './CallChat';
import { saveFile } from '../save-file';
import { CasePanel } from './CasePanel';
import { WhenPassed } from './CaseSection';
import { DispatchPanel } from './DispatchPanel';
import { VerificationPanel } from './VerificationPanel';
import { DeviceHelp } from './DeviceHelp';
import type { CallPreparer } from '../hooks/use-prepared-call';

interface Props {
  appointment: Appointment;
  devices: DeviceSettings;
  room: RoomState | undefined;
  realtime: SessionInfo['realtime'];
  /** Holds the session prepared before the click, if any (PROTOCOL.md §5.2a). */
  preparer?: CallPreparer;
  onEnded(): void;
}

/**
 * A line for the employee, written at render time so it follows a change of language; a transient
 * one (a file arrived) goes by itself, the rest stay until dismissed.
 */
interface Notice {
  text(i18n: I18n): string;
  transient: boolean;
}

/** Long enough to read a file's name, short enough not to pile up over the call. */
const TRANSIENT_NOTICE_MS = 8_000;

type Phase = { kind: 'starting' } | { kind: 'media-failed'; media: LocalMedia } | { kind: 'failed'; error: ErrorInfo } | { kind: 'live'; session: CallSession };

/**
 * The call with one citizen (and an interpreter): pictures, sound, controls, connection
 * quality, chat and files. The camera and microphone are opened here and released when it ends.
 */
export function CallView({ appointment: a, devices, room, realtime, preparer, onEnded }: Props): React.JSX.Element {
  const i18n = useI18n();
  const serviceName = useServiceName();
  const { t, errorText, time } = i18n;
  // By value: saving any setting (the language too) gives a new devices object, and only another
  // camera or microphone calls for opening the call again.
  const { cameraId, microphoneId } = devices;
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [, redraw] = useState(0);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [audio, setAudio] = useState(true);
  const [video, setVideo] = useState(true);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [files, setFiles] = useState<CallFile[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [ending, setEnding] = useState(false);
  const [invitation, setInvitation] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const sessionRef = useRef<CallSession | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const sideBody = useRef<HTMLDivElement>(null);

  // The call opened: its heading takes the focus, so the employee's place is the call.
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (!notice?.transient) return;
    const timer = setTimeout(() => setNotice(null), TRANSIENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const reloadRecord = useCallback(async () => {
    const record = await call('call.record', { appointmentId: a.id });
    setMessages(record.messages);
    setFiles(record.files);
  }, [a.id]);

  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | null = null;
    const listeners: CallSessionListeners = {
      onChange: () => redraw((n) => n + 1),
      onQuality: (from, quality) => void call('call.quality', { appointmentId: a.id, participantId: from.id, quality }).catch(() => undefined),
      onFile: (from, file) => {
        void call('call.saveFile', {
          appointmentId: a.id,
          fromRole: from.role,
          name: file.name,
          type: file.type as CallFile['type'],
          dataBase64: toBase64(file.data),
        }).then(
          () => setNotice({ text: ({ t }) => t('call.fileReceived', { name: file.name }), transient: true }),
          (e: unknown) => {
            const error = toErrorInfo(e);
            setNotice({ text: ({ t, errorText }) => t('call.fileRefused', { reason: errorText(error) }), transient: false });
          },
        );
      },
      onFileProblem: (_from, problem) => {
        console.warn(`A file from the call was refused: ${problem}`);
        setNotice({
          text: ({ t }) => t('call.fileRefused', { reason: t(`call.fileProblem.${isFileProblem(problem) ? problem : 'broken'}`) }),
          transient: false,
        });
      },
    };
    const live = (session: CallSession, room: RoomState): void => {
      sessionRef.current = session;
      session.update(room);
      setPhase({ kind: 'live', session });
      void reloadRecord();
    };
    const announceMedia = (): void => void call('call.media', { appointmentId: a.id, media: { audio: true, video: true } }).catch(() => undefined);
    const prepared = preparer?.take(a.id) ?? null;
    // Prepared: the citizen's picture is what the employee waits for, so the call opens at once
    // (the citizen starts sending on admission) and the desk's own camera opens alongside; its
    // tracks then go on the prepared peers. The camera is never opened before the click.
    const openPrepared = async (session: CallSession): Promise<void> => {
      session.listen(listeners);
      sessionRef.current = session;
      // Shown at once: the prepared peer has the citizen's (still empty) stream, and its first
      // frame arrives only after the hub has admitted them.
      setPhase({ kind: 'live', session });
      const media = openLocalMedia({ cameraId, microphoneId });
      try {
        const joined = await call('call.open', { appointmentId: a.id });
        if (cancelled) return;
        live(session, joined.room);
      } catch (e) {
        if (!cancelled) setPhase({ kind: 'failed', error: toErrorInfo(e) });
        void media.then((m) => m.ok && stopStream(m.stream));
        return;
      }
      const opened = await media;
      if (cancelled) return void (opened.ok && stopStream(opened.stream));
      if (!opened.ok) {
        // As without preparing, no call goes on without the desk's camera and microphone.
        await call('call.close', { appointmentId: a.id, outcome: 'technical' }).catch(() => undefined);
        return setPhase({ kind: 'media-failed', media: opened });
      }
      stream = opened.stream;
      setLocal(stream);
      session.startMedia(stream);
      announceMedia();
    };
    const openNew = async (): Promise<void> => {
      const media = await openLocalMedia({ cameraId, microphoneId });
      if (cancelled) return void (media.ok && stopStream(media.stream));
      if (!media.ok) return setPhase({ kind: 'media-failed', media });
      stream = media.stream;
      setLocal(stream);
      try {
        const joined = await call('call.open', { appointmentId: a.id });
        if (cancelled) return;
        const session = new CallSession({
          self: joined.self,
          iceServers: joined.iceServers,
          localStream: stream,
          signal: (to, connection, data) => void call('call.signal', { appointmentId: a.id, to, connection, data }).catch(() => undefined),
          ...listeners,
        });
        live(session, joined.room);
        announceMedia();
      } catch (e) {
        setPhase({ kind: 'failed', error: toErrorInfo(e) });
      }
    };
    void (prepared ? openPrepared(prepared) : openNew());
    return () => {
      cancelled = true;
      sessionRef.current?.close();
      sessionRef.current = null;
      stopStream(stream);
    };
  }, [a.id, cameraId, microphoneId, attempt, reloadRecord, preparer]);

  useEffect(() => {
    if (room && sessionRef.current) sessionRef.current.update(room);
  }, [room, phase]);

  useEffect(() => {
    const offSignal = onEvent('call.signal', (p) => {
      if (p.appointmentId === a.id) sessionRef.current?.receive(p.from, p.connection, p.data);
    });
    const offChat = onEvent('call.chat', (m) => {
      if (m.appointmentId === a.id) setMessages((all) => (all.some((x) => x.id === m.id) ? all : [...all, m]));
    });
    const offFiles = onEvent('call.filesChanged', (p) => {
      if (p.appointmentId === a.id) void reloadRecord();
    });
    return () => {
      offSignal();
      offChat();
      offFiles();
    };
  }, [a.id, reloadRecord]);

  const toggle = (kind: 'audio' | 'video'): void => {
    const session = sessionRef.current;
    if (!session) return;
    const next = { audio, video, [kind]: kind === 'audio' ? !audio : !video };
    session.setEnabled(kind, next[kind]);
    setAudio(next.audio);
    setVideo(next.video);
    void call('call.media', { appointmentId: a.id, media: next }).catch(() => undefined);
  };

  const end = async (outcome: CallOutcome): Promise<void> => {
    try {
      await call('call.close', { appointmentId: a.id, outcome });
      onEnded();
    } catch (e) {
      const error = toErrorInfo(e);
      setNotice({ text: ({ errorText }) => errorText(error), transient: false });
    }
  };

  const invite = async (): Promise<void> => {
    try {
      const { url } = await call('call.inviteInterpreter', { appointmentId: a.id });
      setInvitation(url);
    } catch (e) {
      const error = toErrorInfo(e);
      setNotice({ text: ({ errorText }) => errorText(error), transient: false });
    }
  };

  // Saved, not opened in a window: the desk's window policy denies new windows.
  const openFile = async (file: CallFile): Promise<void> => {
    const { dataBase64 } = await call('call.file', { id: file.id });
    saveFile(file.name, fromBase64(dataBase64), file.type);
  };

  const header = (
    <header className="call-head">
      <h2 ref={heading} tabIndex={-1}>
        {t('call.heading', { name: `${a.citizen.firstName} ${a.citizen.lastName}` })}
      </h2>
      <p className="call-summary" data-testid="call-summary">
        <span>
          {time(a.startsAt)}–{time(a.endsAt)}
        </span>
        <span>
          {t('detail.afm')} <span className="mono">{a.citizen.afm}</span>
        </span>
        <CategoryBadge category={a.category} />
        <span>{serviceName(a.serviceCode)}</span>
        <span>
          {t('detail.delivery')}: {t(`delivery.${a.deliveryMethod}`)}
        </span>
        {a.interpreterNeeded && <span className="interpreter-badge">{t('detail.interpreterBadge')}</span>}
      </p>
      {realtime !== 'connected' && (
        <p className="notice notice-warning" role="status" data-testid="call-hub-notice">
          {t('call.hubLost')}
        </p>
      )}
    </header>
  );

  if (phase.kind === 'starting') {
    return (
      <section className="call" data-testid="call" aria-busy="true">
        {header}
        <p role="status">{t('call.starting')}</p>
      </section>
    );
  }
  if (phase.kind === 'media-failed' || phase.kind === 'failed') {
    return (
      <section className="call" data-testid="call">
        {header}
        <div className="notice notice-error" role="alert" data-testid="call-error">
          {phase.kind === 'failed' ? <p>{errorText(phase.error)}</p> : <DeviceHelp check={phase.media.check} />}
        </div>
        <div className="call-actions">
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('call.retry')}
          </button>
          <button type="button" className="button" onClick={onEnded}>
            {t('call.back')}
          </button>
        </div>
      </section>
    );
  }

  const remotes = phase.session.remotes();
  const waitingCitizen = !remotes.some((r) => r.participant.role === 'citizen');
  // The sections scroll inside their own panel: scrollIntoView would scroll the window too.
  const showSection = (id: string): void => {
    const panel = sideBody.current;
    const target = document.getElementById(id);
    if (!panel || !target) return;
    panel.scrollTo({ top: target.offsetTop - panel.offsetTop });
    target.focus({ preventScroll: true });
  };
  return (
    <section className="call" data-testid="call" aria-label={t('call.heading', { name: `${a.citizen.firstName} ${a.citizen.lastName}` })}>
      {header}
      <div className="call-body">
        <div className="call-main">
          <div className="call-stage">
            <div className={`tiles tiles-${Math.max(1, remotes.length)}`}>
              {remotes.map((r) => (
                <RemoteTile key={r.participant.id} party={r} speakerId={devices.speakerId} />
              ))}
              {waitingCitizen && <p className="tiles-waiting">{t('call.waitingCitizen')}</p>}
            </div>
            <div className="call-bar">
              <div className="self-view">
                <VideoTile stream={local} self label={t('call.you')} overlay={video ? null : t('call.cameraOffSelf')} testId="local-video" />
              </div>
              <div className="call-controls" role="toolbar" aria-label={t('call.controls')}>
                <button type="button" className="button" data-testid="toggle-audio" aria-pressed={!audio} onClick={() => toggle('audio')}>
                  {audio ? t('call.mute') : t('call.unmute')}
                </button>
                <button type="button" className="button" data-testid="toggle-video" aria-pressed={!video} onClick={() => toggle('video')}>
                  {video ? t('call.cameraOff') : t('call.cameraOn')}
                </button>
                {a.category === 3 && (
                  <button type="button" className="button" data-testid="invite-interpreter" onClick={() => void invite()}>
                    {t('call.inviteInterpreter')}
                  </button>
                )}
                <button type="button" className="button button-danger" data-testid="end-call" onClick={() => setEnding(true)}>
                  {t('call.end')}
                </button>
              </div>
            </div>
            {invitation && (
              <div className="notice invitation-notice" role="status">
                <p>{t('call.invitation')}</p>
                <input
                  className="mono invitation"
                  readOnly
                  value={invitation}
                  data-testid="interpreter-link"
                  aria-label={t('call.invitation')}
                  onFocus={(e) => e.target.select()}
                />
                <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(invitation)}>
                  {t('call.copy')}
                </button>
              </div>
            )}
            {notice && (
              <div className="notice call-notice" role="status" data-testid="call-notice">
                <p>{notice.text(i18n)}</p>
                <button type="button" className="button button-small" data-testid="call-notice-dismiss" onClick={() => setNotice(null)}>
                  {t('call.dismiss')}
                </button>
              </div>
            )}
            {ending && <OutcomeDialog onCancel={() => setEnding(false)} onChoose={(o) => void end(o)} />}
          </div>
          <VerificationPanel appointmentId={a.id} />
        </div>
        <div className="call-side">
          <nav className="call-sections" aria-label={t('call.sections')}>
            {(['case', 'dispatch', 'chat'] as const).map((section) => (
              <button key={section} type="button" className="call-section-link" onClick={() => showSection(`call-section-${section}`)}>
                {t(`call.section.${section}`)}
              </button>
            ))}
          </nav>
          <div className="call-side-body" ref={sideBody}>
            <div id="call-section-case" className="call-section" tabIndex={-1}>
              <CasePanel appointment={a} files={files} />
            </div>
            <div id="call-section-dispatch" className="call-section" tabIndex={-1}>
              <WhenPassed appointmentId={a.id}>
                <DispatchPanel appointment={a} offline={realtime !== 'connected'} />
              </WhenPassed>
            </div>
            <div id="call-section-chat" className="call-section" tabIndex={-1}>
              <CallChat
                messages={messages}
                selfId={phase.session.self.id}
                disabled={realtime !== 'connected'}
                onSend={async (text) => {
                  try {
                    const message = await call('call.chat', { appointmentId: a.id, text });
                    setMessages((all) => (all.some((x) => x.id === message.id) ? all : [...all, message]));
                    return null;
                  } catch (e) {
                    return errorText(toErrorInfo(e));
                  }
                }}
              />
              <section className="call-files" aria-labelledby="call-files-heading">
                <h3 id="call-files-heading">{t('call.files')}</h3>
                {files.length === 0 ? (
                  <p className="muted">{t('call.filesEmpty')}</p>
                ) : (
                  <ul>
                    {files.map((f) => (
                      <li key={f.id} data-testid="call-file">
                        <button type="button" className="link" onClick={() => void openFile(f)}>
                          {f.name}
                        </button>{' '}
                        <span className="muted">
                          {t(`call.role.${f.fromRole}`)} · {Math.ceil(f.size / 1024)} kB
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}

function RemoteTile({ party, speakerId }: { party: RemoteParty; speakerId: string | null }): React.JSX.Element {
  const { t } = useI18n();
  const { participant, state, stream, media, quality } = party;
  const overlay =
    state === 'connecting'
      ? t('call.connecting')
      : state === 'reconnecting'
        ? t('call.reconnecting')
        : media?.video === false
          ? t('call.remoteCameraOff')
          : null;
  const level = qualityLevel(quality);
  return (
    <div
      className="remote"
      data-testid="remote-video"
      data-role={participant.role}
      data-state={state}
      data-camera={media?.video === false ? 'off' : 'on'}
      data-audio={media?.audio === false ? 'off' : 'on'}
    >
      <VideoTile
        stream={stream}
        label={t(`call.role.${participant.role}`)}
        overlay={overlay}
        badges={media?.audio === false ? [t('call.remoteMuted')] : []}
        speakerId={speakerId}
      />
      <p className={`quality quality-${level}`} data-testid="quality">
        {t(`call.quality.${level}`)}
        {quality?.rttMs !== null && quality?.rttMs !== undefined && (
          <span className="muted">
            {' '}
            · {t('call.rtt', { ms: quality.rttMs })} · {t('call.loss', { percent: quality.lossPercent ?? 0 })} ·{' '}
            {t('call.bitrate', { kbps: quality.kbpsIn ?? 0 })}
          </span>
        )}
      </p>
    </div>
  );
}

function OutcomeDialog({ onChoose, onCancel }: { onChoose(outcome: CallOutcome): void; onCancel(): void }): React.JSX.Element {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<CallOutcome>('completed');
  useEscape(onCancel);
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="outcome-heading">
      <h3 id="outcome-heading">{t('call.outcomeHeading')}</h3>
      <fieldset>
        <legend className="visually-hidden">{t('call.outcomeHeading')}</legend>
        {CALL_OUTCOMES.map((o, i) => (
          <label key={o} className="radio">
            <input type="radio" name="outcome" value={o} checked={outcome === o} autoFocus={i === 0} onChange={() => setOutcome(o)} />
            {t(`call.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <div className="dialog-actions">
        <button type="button" className="button button-danger" data-testid="confirm-end" onClick={() => onChoose(outcome)}>
          {t('call.endConfirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('call.keepGoing')}
        </button>
      </div>
    </div>
  );
}
