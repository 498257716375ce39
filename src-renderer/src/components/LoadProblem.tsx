import type { ErrorInfo } from '../../../src-shared/errors';
import { useI18n } from '../i18n/i18n';

export type LoadSubject = 'day' | 'lobby' | 'owed' | 'outbox' | 'staff' | 'documents' | 'verification' | 'callFiles' | 'fleet' | 'stats';

/** Data that did not load: what is missing, why (in the UI's language), and a way to try again. */
export function LoadProblem({ subject, error, onRetry }: { subject: LoadSubject; error: ErrorInfo; onRetry(): void }): React.JSX.Element {
  const { t, errorText } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-testid="load-problem" data-subject={subject}>
      <p>
        {t(`load.failed.${subject}`)} {errorText(error)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t('load.retry')}
      </button>
    </div>
  );
}
