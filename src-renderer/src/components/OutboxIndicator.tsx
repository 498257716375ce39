import type { OutboxStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

/** How many of this desk's changes still wait for the hub. */
export function OutboxIndicator({ outbox }: { outbox: OutboxStatus | null }): React.JSX.Element | null {
  const { t } = useI18n();
  if (!outbox) return null;
  return (
    <span className={`outbox ${outbox.pending > 0 ? 'outbox-pending' : ''}`} role="status" data-testid="outbox">
      {outbox.pending > 0 ? t('outbox.pending', { count: outbox.pending }) : t('outbox.allSent')}
    </span>
  );
}
