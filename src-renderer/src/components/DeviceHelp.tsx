import type { DeviceCheck, DeviceResult } from '../../../src-shared/protocol/signaling';
import { useI18n } from '../i18n/i18n';

/** What went wrong with the camera or microphone, and what the person can do about it. */
export function DeviceHelp({ check }: { check: DeviceCheck }): React.JSX.Element {
  const { t } = useI18n();
  const lines: Array<[string, DeviceResult]> = [
    [t('devices.camera'), check.camera],
    [t('devices.microphone'), check.microphone],
  ];
  return (
    <ul className="device-help">
      {lines
        .filter(([, result]) => result !== 'ok')
        .map(([device, result]) => (
          <li key={device} data-result={result}>
            <strong>{device}:</strong> {t(`devices.help.${result}`)}
          </li>
        ))}
    </ul>
  );
}
