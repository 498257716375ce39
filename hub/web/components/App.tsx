import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceResult } from '../../../src-shared/protocol/signaling';
import { useLatest } from '../../../src-web/hooks/use-latest';
import { stopStream } from '../../../src-web/media/local-media';
import { useInbox } from '../hooks/use-inbox';
import { useI18n } from '../i18n/i18n';
import { type RememberedCheck, rememberCheck, rememberedCheck, takeJoinToken } from '../join-token';
import { type AcquiredMedia, acquireMedia } from '../media';
import { ParticipantSession } from '../participant-session';
import { Connected } from './Connected';
import { DeviceCheck } from './DeviceCheck';
import { Documents } from './Documents';
import { Header } from './Header';
import { Intro } from './Intro';
import { PageError } from './PageError';
import { Steps } from './Steps';
import { YourBooking } from './YourBooking';

type Step = 'intro' | 'devices' | 'resuming' | 'lobby';

/** How long the first view waits for the citizen's documents before it shows without them. */
const INBOX_WAIT_MS = 1500;

export interface DeviceSelection {
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}

/**
 * The page in three steps (what will happen, the device check, waiting), then the call. The
 * camera and microphone are opened once at the device check and the same stream is used for the
 * call. After a reload in the same tab the page goes straight back to waiting.
 */
export function App(): React.JSX.Element {
  const { t } = useI18n();
  const [token] = useState(takeJoinToken);
  const [remembered] = useState(rememberedCheck);
  const [step, setStep] = useState<Step>(() => (token.ok && remembered ? 'resuming' : 'intro'));
  const [media, setMedia] = useState<AcquiredMedia | null>(null);
  const [checking, setChecking] = useState(false);
  const [selection, setSelection] = useState<DeviceSelection>(() => ({
    cameraId: remembered?.cameraId ?? null,
    microphoneId: remembered?.microphoneId ?? null,
    speakerId: remembered?.speakerId ?? null,
  }));
  const [speaker, setSpeaker] = useState<DeviceResult>(remembered?.speaker ?? 'untested');
  const [session, setSession] = useState<ParticipantSession | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const inbox = useInbox(token.ok ? token.token : null);
  // The first view waits for the inbox's first answer (a moment, at most INBOX_WAIT_MS), so
  // documents shown above it do not push it down while the person starts reading.
  const [inboxWait, setInboxWait] = useState(true);
  const firstInbox = useLatest(inbox);
  useEffect(() => {
    firstInbox.current?.refresh();
    const timer = setTimeout(() => setInboxWait(false), INBOX_WAIT_MS);
    return () => clearTimeout(timer);
  }, [firstInbox]); // once, for the page
  const firstViewShown = useRef(false);
  const documentsShownFirst = useRef(false);

  /** (Re)opens camera and microphone with the chosen devices; the previous stream is stopped first. */
  const acquire = useCallback(async (choice: { cameraId: string | null; microphoneId: string | null }, speakerResult: DeviceResult) => {
    setChecking(true);
    stopStream(streamRef.current);
    streamRef.current = null;
    setMedia(null);
    let result = await acquireMedia(choice, speakerResult);
    // A device remembered from before may be gone: then whatever the browser offers.
    if ((result.check.camera === 'missing' || result.check.microphone === 'missing') && (choice.cameraId || choice.microphoneId)) {
      stopStream(result.stream);
      result = await acquireMedia({ cameraId: null, microphoneId: null }, speakerResult);
    }
    streamRef.current = result.stream;
    setMedia(result);
    setChecking(false);
    return result;
  }, []);

  // The camera light goes off when the page goes away.
  useEffect(() => {
    const stop = (): void => stopStream(streamRef.current);
    window.addEventListener('pagehide', stop);
    return () => {
      window.removeEventListener('pagehide', stop);
      stop();
    };
  }, []);

  // The devices as chosen when a step is entered: choosing again later does not re-enter it.
  const chosen = useLatest({ selection, speaker, media });

  // After a reload: open the same devices again and go back to waiting if they work.
  useEffect(() => {
    if (step !== 'resuming') return;
    let cancelled = false;
    const { selection, speaker } = chosen.current;
    void acquire({ cameraId: selection.cameraId, microphoneId: selection.microphoneId }, speaker).then((result) => {
      if (cancelled) return;
      setStep(result.check.camera === 'ok' && result.check.microphone === 'ok' ? 'lobby' : 'devices');
    });
    return () => {
      cancelled = true;
    };
  }, [step, acquire, chosen]); // only when the step is entered

  // The device check starts by asking for the camera and the microphone.
  useEffect(() => {
    const { selection, speaker, media } = chosen.current;
    if (step === 'devices' && !streamRef.current && !media) void acquire({ cameraId: selection.cameraId, microphoneId: selection.microphoneId }, speaker);
  }, [step, acquire, chosen]); // only when the step is entered

  // Waiting and the call: one connection to the hub for as long as the page stays there.
  useEffect(() => {
    if (step !== 'lobby' || !token.ok || !media) return;
    const next = new ParticipantSession({ token: token.token, stream: media.stream, devices: media.check });
    setSession(next);
    next.start();
    return () => {
      next.close();
      setSession(null);
    };
  }, [step, token, media]);

  const continueToLobby = (): void => {
    if (!media) return;
    const check: RememberedCheck = { speaker: speaker === 'ok' || speaker === 'failed' ? speaker : 'untested', ...selection };
    rememberCheck(check);
    setMedia({ ...media, check: { ...media.check, speaker } });
    setStep('lobby');
  };

  // Before the call the inbox is shown too: someone who comes back with their link for a document
  // sees it first, above what the call needs; an empty inbox stays below, out of the way. Once
  // first, it stays there (a document that expires does not make the section jump).
  if (inbox?.data?.documents.length) documentsShownFirst.current = true;
  const documentsFirst = documentsShownFirst.current;
  const holding = step === 'intro' && inboxWait && inbox !== null && !inbox.data && !inbox.error;
  // The first view's heading takes the focus once; documents arriving later never take it.
  const focusDocuments = documentsFirst && !firstViewShown.current;
  let content: React.JSX.Element;
  if (!token.ok) {
    content = (
      <PageError title={t(token.reason === 'missing' ? 'token.missingTitle' : 'token.incompleteTitle')}>
        <p>{t(token.reason === 'missing' ? 'token.missing' : 'token.incomplete')}</p>
        <p>{t('token.help')}</p>
      </PageError>
    );
  } else if (holding) {
    content = <></>;
  } else if (step === 'intro') {
    content = <Intro onStart={() => setStep('devices')} focus={!documentsFirst} />;
  } else if (step === 'resuming') {
    content = (
      <p className="loading" role="status">
        {t('lobby.connecting')}
      </p>
    );
  } else if (step === 'devices') {
    content = (
      <DeviceCheck
        media={media}
        checking={checking}
        selection={selection}
        speaker={speaker}
        onAcquire={(choice) => {
          setSelection((s) => ({ ...s, ...choice }));
          void acquire(choice, speaker);
        }}
        onSpeakerChoice={(speakerId) => {
          setSelection((s) => ({ ...s, speakerId }));
          setSpeaker('untested');
        }}
        onSpeakerResult={setSpeaker}
        onContinue={continueToLobby}
      />
    );
  } else if (session) {
    content = <Connected session={session} stream={media?.stream ?? null} devices={media?.check ?? null} speakerId={selection.speakerId} inbox={inbox} />;
  } else {
    content = <p className="loading">{t('app.loading')}</p>;
  }

  useEffect(() => {
    if (step !== 'intro' || !holding) firstViewShown.current = true;
  });

  const showSteps = token.ok && (step === 'intro' || step === 'devices') && !holding;
  const documents = step === 'intro' && inbox && (inbox.data || inbox.error) ? <Documents inbox={inbox} focus={focusDocuments} askNow={false} /> : null;
  return (
    <div className="page">
      <Header />
      <main className="main" id="main">
        {documentsFirst && documents}
        {showSteps && <Steps current={step === 'intro' ? 1 : 2} />}
        {content}
        {token.ok && step === 'intro' && !holding && <YourBooking token={token.token} />}
        {!documentsFirst && documents}
      </main>
    </div>
  );
}
