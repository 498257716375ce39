import { useEffect, useId, useRef, useState } from 'react';
import type { DeviceSettings as Devices } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';
import { type LocalMedia, listDevices, type MediaDeviceLists, openLocalMedia, stopStream } from '../../../src-web/media/local-media';
import { playTones, SPEAKER_TEST } from '../../../src-web/media/sounds';
import { useAudioLevel } from '../../../src-web/media/use-audio-level';
import { useModalDialog } from '../hooks/use-modal-dialog';
import { VideoTile } from '../../../src-web/media/VideoTile';
import { DeviceHelp } from './DeviceHelp';

interface Props {
  devices: Devices;
  onSave(devices: Devices): Promise<void>;
  onClose(): void;
}

/** Camera, microphone and speaker of this desk, with a preview, a level meter and a test sound. */
export function DeviceSettings({ devices, onSave, onClose }: Props): React.JSX.Element {
  const { t } = useI18n();
  const id = useId();
  const [choice, setChoice] = useState<Devices>(devices);
  const [media, setMedia] = useState<LocalMedia | null>(null);
  const [lists, setLists] = useState<MediaDeviceLists>({ cameras: [], microphones: [], speakers: [] });
  const stream = media?.ok ? media.stream : null;
  const level = useAudioLevel(stream);
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog, onClose);

  const { cameraId, microphoneId } = choice;
  useEffect(() => {
    let current: MediaStream | null = null;
    let cancelled = false;
    void openLocalMedia({ cameraId, microphoneId }).then(async (m) => {
      if (cancelled) return m.ok && stopStream(m.stream);
      current = m.ok ? m.stream : null;
      setMedia(m);
      // Device names are readable only once access is granted.
      setLists(await listDevices());
    });
    return () => {
      cancelled = true;
      stopStream(current);
    };
  }, [cameraId, microphoneId]);

  const select = (label: string, key: keyof Devices, options: MediaDeviceInfo[]) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        autoFocus={key === 'cameraId'}
        data-testid={`device-${key}`}
        value={choice[key] ?? ''}
        onChange={(e) => setChoice({ ...choice, [key]: e.target.value || null })}
      >
        <option value="">{t('devices.systemDefault')}</option>
        {options
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `${label} ${i + 1}`}
            </option>
          ))}
      </select>
    </div>
  );

  return (
    <dialog ref={dialog} className="dialog dialog-wide" aria-labelledby={`${id}-heading`} data-testid="device-settings">
      <h2 id={`${id}-heading`}>{t('devices.heading')}</h2>
      <div className="device-grid">
        <div>
          <VideoTile stream={stream} self label={t('devices.preview')} overlay={media && !media.ok ? t('devices.noPreview') : null} />
          <div className="meter" role="meter" aria-label={t('devices.level')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
            <span className="meter-fill" style={{ width: `${Math.round(level * 100)}%` }} />
          </div>
          <p className="muted">{t('devices.levelHint')}</p>
        </div>
        <div>
          {select(t('devices.camera'), 'cameraId', lists.cameras)}
          {select(t('devices.microphone'), 'microphoneId', lists.microphones)}
          {select(t('devices.speaker'), 'speakerId', lists.speakers)}
          <button type="button" className="button" onClick={() => void playTones(SPEAKER_TEST, choice.speakerId)}>
            {t('devices.testSound')}
          </button>
          {media && !media.ok && (
            <div className="notice notice-error" role="alert">
              <DeviceHelp check={media.check} />
            </div>
          )}
        </div>
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="device-save"
          onClick={() => {
            void onSave(choice).then(onClose);
          }}
        >
          {t('devices.save')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('devices.cancel')}
        </button>
      </div>
    </dialog>
  );
}
