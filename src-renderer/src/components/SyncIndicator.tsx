import type { SyncStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

const LABEL = {
  never: 'sync.never',
  syncing: 'sync.syncing',
  idle: 'sync.online',
  offline: 'sync.offline',
  error: 'sync.error',
} as const;

/** Always-visible connection state with the time of the last successful sync. */
export function SyncIndicator({ sync, onSyncNow }: { sync: SyncStatus; onSyncNow: () => void }): React.JSX.Element {
  const { t, dateTime } = useI18n();
  return (
    <div className="sync-indicator">
      <span className={`sync-pill sync-${sync.state}`} role="status" aria-live="polite" data-testid="sync-state">
        <span className="sync-dot" aria-hidden="true" />
        {t(LABEL[sync.state])}
      </span>
      <span className="sync-last" data-testid="last-sync">
        {sync.lastSuccessAt ? t('sync.lastSuccess', { time: dateTime(sync.lastSuccessAt) }) : t('sync.noSuccessYet')}
      </span>
      <button type="button" className="button" onClick={onSyncNow} disabled={sync.state === 'syncing'}>
        {t('sync.now')}
      </button>
    </div>
  );
}
