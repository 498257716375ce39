import type { ReactNode } from 'react';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useI18n } from '../../i18n/i18n';

export interface StepCardProps {
  id: string;
  title: string;
  /** Why the step cannot go on yet, or why the hub refused: read out at once. */
  error: string | null;
  onBack?: () => void;
  onNext?: () => void;
  nextLabel?: string;
  busy?: boolean;
  children: ReactNode;
}

/** One step of the booking: its heading takes the focus when it appears, then the fields, then back / continue. */
export function StepCard({ id, title, error, onBack, onNext, nextLabel, busy = false, children }: StepCardProps): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card booking-step" aria-labelledby={`${id}-title`} data-testid={`book-step-${id}`}>
      <h1 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
      <div aria-live="assertive">
        {error && (
          <p className="notice notice-error" role="alert" data-testid="book-error">
            {error}
          </p>
        )}
      </div>
      <div className="actions booking-actions">
        {onNext && (
          <button type="button" className="button button-primary" onClick={onNext} disabled={busy} data-testid="book-next">
            {nextLabel ?? t('book.next')}
          </button>
        )}
        {onBack && (
          <button type="button" className="button" onClick={onBack} disabled={busy} data-testid="book-back">
            {t('book.back')}
          </button>
        )}
      </div>
    </section>
  );
}
