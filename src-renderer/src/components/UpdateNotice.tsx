import { useUpdate } from '../hooks/use-update';
import { useI18n } from '../i18n/i18n';
import { updateNotice } from '../i18n/update-texts';

/** A calm line under the header while an update downloads or waits to be installed. */
export function UpdateNotice({ forIt }: { forIt: boolean }): React.JSX.Element | null {
  const { t } = useI18n();
  const { data } = useUpdate();
  const text = data ? updateNotice(data, forIt, t) : null;
  if (!text) return null;
  return (
    <div className={`notice notice-update${data?.state === 'error' ? ' notice-error' : ''}`} role="status" data-testid="update-notice" data-state={data?.state}>
      <p>{text}</p>
    </div>
  );
}
