import type { DeviceResult } from '../../../src-shared/protocol/signaling';
import { useI18n } from '../i18n/i18n';
import { Icon, type IconName } from './Icon';

const ICONS: Record<DeviceResult, IconName> = { ok: 'check', denied: 'cross', missing: 'cross', failed: 'cross', untested: 'question' };

/**
 * One device's result in words, with an icon and a colour beside them (never colour alone).
 * `data-result` carries the result as the hub receives it; null while the check is running.
 */
export function DeviceResultLine({ testId, result }: { testId: string; result: DeviceResult | null }): React.JSX.Element {
  const { t } = useI18n();
  if (result === null) {
    return (
      <p className="result result-checking" data-testid={testId}>
        <span className="spinner" aria-hidden="true" />
        {t('devices.checkingShort')}
      </p>
    );
  }
  return (
    <p className={`result result-${result}`} data-testid={testId} data-result={result}>
      <Icon name={ICONS[result]} className="result-icon" />
      {t(`result.${result}`)}
    </p>
  );
}
