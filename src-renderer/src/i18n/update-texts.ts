import type { UpdateStatus } from '../../../src-shared/contract/ipc';
import type { I18n } from './create-i18n';

/**
 * What the header says of the desk's own update, or null when there is nothing to say. Only IT
 * hears of a failure: the employee can do nothing about it, and the next check tries again.
 */
export function updateNotice(status: UpdateStatus, forIt: boolean, t: I18n['t']): string | null {
  switch (status.state) {
    case 'downloading':
      return t('update.downloading', { version: status.version ?? '', percent: status.percent ?? 0 });
    case 'ready':
      return status.installWindow ? t('update.readyWindow', { time: status.installWindow.from }) : t('update.ready');
    case 'installing':
      return t('update.installing');
    case 'error':
      return forIt ? t('update.error', { message: status.message ?? '' }) : null;
    default:
      return null;
  }
}

/** IT's row: the version running, where its updater stands (the failure in its own English words), when it last asked the hub. */
export function updateSummary(running: string, status: UpdateStatus, { t, dateTime }: Pick<I18n, 't' | 'dateTime'>): string {
  if (!status.selfUpdating) return t('it.updates.notSelfUpdating', { running });
  const params = { running, version: status.version ?? '—', percent: status.percent ?? 0, message: status.message ?? '' };
  const checked = status.checkedAt ? t('it.updates.checkedAt', { time: dateTime(status.checkedAt) }) : t('it.updates.neverChecked');
  return `${t(`it.updates.${status.state}`, params)} · ${checked}`;
}
