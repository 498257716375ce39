import type { SessionInfo, SyncStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

const LABEL = {
  never: 'sync.never',
  syncing: 'sync.syncing',
  idle: 'sync.online',
  offline: 'sync.offline',
  error: 'sync.error',
} as const;

/**
 * Always-visible connection state with the time of the last successful sync. A live connection
 * that dropped since the last sync shows as reconnecting, not as connected.
 */
export function SyncIndicator({
  sync,
  realtime,
  onSyncNow,
}: {
  sync: SyncStatus;
  realtime: SessionInfo['realtime'] | null;
  onSyncNow: () => void;
}): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const reconnecting = sync.state === 'idle' && realtime === 'connecting';
  return (
    <div className="sync-indicator">
      <span className={`sync-pill sync-${reconnecting ? 'syncing' : sync.state}`} role="status" aria-live="polite" data-testid="sync-state">
        <span className="sync-dot" aria-hidden="true" />
        {reconnecting ? t('sync.reconnecting') : t(LABEL[sync.state])}
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
