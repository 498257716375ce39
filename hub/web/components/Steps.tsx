import { useI18n } from '../i18n/i18n';

/** Getting ready for the call (the join page), or booking one (the booking page). */
const STEPS = {
  call: { names: ['steps.intro', 'steps.devices', 'steps.lobby'], progress: 'steps.progress', label: 'steps.label' },
  booking: {
    names: ['book.steps.kep', 'book.steps.case', 'book.steps.time', 'book.steps.contact', 'book.steps.review'],
    progress: 'book.steps.progress',
    label: 'book.steps.label',
  },
} as const;

/** Where the person is among the steps: `current` from 1. */
export function Steps({ current, kind = 'call' }: { current: number; kind?: keyof typeof STEPS }): React.JSX.Element {
  const { t } = useI18n();
  const steps = STEPS[kind];
  return (
    <div className={kind === 'booking' ? 'steps booking-stepper' : 'steps'}>
      <p className="steps-progress">{t(steps.progress, { n: current })}</p>
      <ol className="steps-list" aria-label={t(steps.label)}>
        {steps.names.map((key, i) => (
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
