import type { SyncStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

/** The banner that says why the day may be out of date and what happens next. */
export function SyncNotice({ sync, onRetry }: { sync: SyncStatus; onRetry: () => void }): React.JSX.Element | null {
  const { t, dateTime, errorText } = useI18n();
  if (sync.state !== 'offline' && sync.state !== 'error') return null;
  const text =
    sync.state === 'offline'
      ? sync.lastSuccessAt
        ? t('sync.offlineNotice', { time: dateTime(sync.lastSuccessAt) })
        : t('sync.offlineNoticeNever')
      : t('sync.errorNotice', { message: sync.lastError ? errorText(sync.lastError) : '' });
  return (
    <div className={`notice notice-${sync.state}`} role="alert" data-testid="sync-notice">
      <p>{text}</p>
      {sync.lastError?.code !== 'not_configured' && (
        <button type="button" className="button" onClick={onRetry}>
          {t('sync.retry')}
        </button>
      )}
    </div>
  );
}
