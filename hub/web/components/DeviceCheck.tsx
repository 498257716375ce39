import { useEffect, useState } from 'react';
import type { DeviceResult } from '../../../src-shared/protocol/signaling';
import { listDevices, type MediaDeviceLists } from '../../../src-web/media/local-media';
import { playTones, SPEAKER_TEST } from '../../../src-web/media/sounds';
import { useAudioLevel } from '../../../src-web/media/use-audio-level';
import { VideoTile } from '../../../src-web/media/VideoTile';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { useI18n } from '../i18n/i18n';
import { type AcquiredMedia, mediaSupport } from '../media';
import type { DeviceSelection } from './App';
import { DeviceResultLine } from './DeviceResultLine';

export interface DeviceCheckProps {
  media: AcquiredMedia | null;
  checking: boolean;
  selection: DeviceSelection;
  speaker: DeviceResult;
  onAcquire(choice: { cameraId: string | null; microphoneId: string | null }): void;
  onSpeakerChoice(speakerId: string | null): void;
  onSpeakerResult(result: DeviceResult): void;
  onContinue(): void;
}

const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Camera, microphone and sound, each with what it found in words, what to do when it failed,
 * and a choice of device where there is more than one. Continuing is always possible: the
 * result goes to the employee as it is.
 */
export function DeviceCheck(props: DeviceCheckProps): React.JSX.Element {
  const { media, checking, selection, speaker } = props;
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const stream = media?.stream ?? null;
  const level = useAudioLevel(stream);
  const [devices, setDevices] = useState<MediaDeviceLists>({ cameras: [], microphones: [], speakers: [] });
  const [playing, setPlaying] = useState(false);
  const [asking, setAsking] = useState(false);

  // Device names are readable only once the browser has given access: list them after each opening.
  useEffect(() => {
    if (!media || !navigator.mediaDevices?.enumerateDevices) return;
    let cancelled = false;
    void listDevices()
      .then((lists) => !cancelled && setDevices(lists))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [media]);

  const camera = media?.check.camera;
  const microphone = media?.check.microphone;
  const hasVideo = Boolean(stream?.getVideoTracks().length);
  // Without capture at all the per-device advice would mislead: the one notice says why.
  const support = mediaSupport();
  const advise = support === 'ok';
  const problems = media !== null && (camera !== 'ok' || microphone !== 'ok' || speaker === 'failed');

  const playSound = async (): Promise<void> => {
    setPlaying(true);
    setAsking(false);
    await playTones(SPEAKER_TEST, selection.speakerId);
    setPlaying(false);
    setAsking(true);
  };

  const answer = (heard: boolean): void => {
    setAsking(false);
    props.onSpeakerResult(heard ? 'ok' : 'failed');
  };

  const currentChoice = { cameraId: selection.cameraId, microphoneId: selection.microphoneId };
  const activeId = (kind: 'video' | 'audio'): string =>
    (kind === 'video' ? stream?.getVideoTracks()[0] : stream?.getAudioTracks()[0])?.getSettings().deviceId ?? '';

  return (
    <section className="card devices" aria-labelledby="devices-title" aria-busy={checking}>
      <h1 id="devices-title" ref={heading} tabIndex={-1}>
        {t('devices.title')}
      </h1>
      <p className="lead">{t('devices.lead')}</p>
      {checking && (
        <p className="notice notice-info" role="status">
          {t('devices.checking')}
        </p>
      )}
      {support !== 'ok' && (
        <p className="notice notice-error" role="alert">
          {t(support === 'insecure' ? 'intro.insecure' : 'intro.noMedia')}
        </p>
      )}

      <div className="devices-grid">
        <div className="devices-preview">
          <VideoTile stream={hasVideo ? stream : null} label={t('devices.preview')} self overlay={!checking && !hasVideo ? t('devices.noPicture') : null} />
          <div className="check">
            <h2 className="check-title">{t('devices.camera')}</h2>
            <DeviceResultLine testId="device-result-camera" result={checking ? null : (camera ?? null)} />
            {camera === 'ok' && <p className="hint">{t('devices.cameraHint')}</p>}
            {advise && camera && camera !== 'ok' && camera !== 'untested' && <p className="help">{t(`help.camera.${camera}`)}</p>}
            {!checking && media && camera !== 'ok' && (
              <div className="check-actions">
                <button type="button" className="button" onClick={() => props.onAcquire(currentChoice)} data-testid="retry-camera">
                  {t('devices.retry')}
                </button>
              </div>
            )}
            {devices.cameras.length > 1 && (
              <DevicePicker
                id="camera-choice"
                label={t('devices.choose.camera')}
                devices={devices.cameras}
                value={activeId('video') || selection.cameraId || ''}
                disabled={checking}
                onChange={(cameraId) => props.onAcquire({ ...currentChoice, cameraId })}
              />
            )}
          </div>
        </div>

        <div className="devices-checks">
          <div className="check">
            <h2 className="check-title">{t('devices.microphone')}</h2>
            <DeviceResultLine testId="device-result-microphone" result={checking ? null : (microphone ?? null)} />
            {microphone === 'ok' && (
              <>
                <p className="hint" id="mic-hint">
                  {t('devices.micHint')}
                </p>
                <div
                  className="meter"
                  role="meter"
                  aria-label={t('devices.micLevel')}
                  aria-describedby="mic-hint"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(level * 100)}
                >
                  <div className="meter-fill" style={{ transform: `scaleX(${Math.max(0.02, level)})` }} />
                </div>
              </>
            )}
            {advise && microphone && microphone !== 'ok' && microphone !== 'untested' && <p className="help">{t(`help.microphone.${microphone}`)}</p>}
            {!checking && media && microphone !== 'ok' && (
              <div className="check-actions">
                <button type="button" className="button" onClick={() => props.onAcquire(currentChoice)} data-testid="retry-microphone">
                  {t('devices.retry')}
                </button>
              </div>
            )}
            {devices.microphones.length > 1 && (
              <DevicePicker
                id="microphone-choice"
                label={t('devices.choose.microphone')}
                devices={devices.microphones}
                value={activeId('audio') || selection.microphoneId || ''}
                disabled={checking}
                onChange={(microphoneId) => props.onAcquire({ ...currentChoice, microphoneId })}
              />
            )}
          </div>

          <div className="check">
            <h2 className="check-title">{t('devices.speaker')}</h2>
            <DeviceResultLine testId="device-result-speaker" result={speaker} />
            <div className="check-actions">
              <button type="button" className="button" onClick={() => void playSound()} disabled={playing} data-testid="play-sound">
                {playing ? t('devices.playing') : speaker === 'untested' && !asking ? t('devices.playSound') : t('devices.playAgain')}
              </button>
            </div>
            {asking && (
              <fieldset className="question">
                <legend>{t('devices.heardQuestion')}</legend>
                <div className="question-answers">
                  <button type="button" className="button button-yes" onClick={() => answer(true)} data-testid="speaker-heard">
                    {t('devices.heard')}
                  </button>
                  <button type="button" className="button button-no" onClick={() => answer(false)} data-testid="speaker-not-heard">
                    {t('devices.notHeard')}
                  </button>
                </div>
              </fieldset>
            )}
            {speaker === 'failed' && !asking && <p className="help">{t('devices.speakerFailedHelp')}</p>}
            {canChooseSpeaker && devices.speakers.length > 1 && (
              <DevicePicker
                id="speaker-choice"
                label={t('devices.choose.speaker')}
                devices={devices.speakers}
                value={selection.speakerId ?? ''}
                onChange={(speakerId) => props.onSpeakerChoice(speakerId)}
              />
            )}
          </div>
        </div>
      </div>

      {problems && !checking && <p className="notice notice-warn">{t(camera === 'ok' ? 'devices.problemsNoteCameraOk' : 'devices.problemsNote')}</p>}
      {!problems && !checking && !asking && speaker === 'untested' && <p className="notice notice-info">{t('devices.speakerUntestedNote')}</p>}
      <div className="actions">
        <button type="button" className="button button-primary" data-testid="device-continue" disabled={checking || !media} onClick={props.onContinue}>
          {t('devices.continue')}
        </button>
      </div>
    </section>
  );
}

function DevicePicker(props: {
  id: string;
  label: string;
  devices: MediaDeviceInfo[];
  value: string;
  disabled?: boolean;
  onChange(deviceId: string | null): void;
}): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="picker">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value || null)}>
        {props.devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || t('devices.unnamed', { n: i + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
