import { useI18n } from '../../i18n/i18n';
import type { BookingStep } from '../draft';

const NAMES = ['book.steps.kep', 'book.steps.case', 'book.steps.time', 'book.steps.contact', 'book.steps.review'] as const;

/** Where the citizen is among the five steps, drawn like the join page's steps. */
export function BookingStepper({ current }: { current: BookingStep }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="steps booking-stepper">
      <p className="steps-progress">{t('book.steps.progress', { n: current })}</p>
      <ol className="steps-list" aria-label={t('book.steps.label')}>
        {NAMES.map((key, i) => (
          <li
            key={key}
            className={i + 1 === current ? 'step step-current' : i + 1 < current ? 'step step-done' : 'step'}
            aria-current={i + 1 === current ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              {i + 1 < current ? '✓' : i + 1}
            </span>
            <span className="step-name">{t(key)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
