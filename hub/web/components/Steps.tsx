import { useI18n } from '../i18n/i18n';

const STEPS = ['steps.intro', 'steps.devices', 'steps.lobby'] as const;

/** Where the person is: step 1, 2 or 3 of getting ready for the call. */
export function Steps({ current }: { current: 1 | 2 | 3 }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="steps">
      <p className="steps-progress">{t('steps.progress', { n: current })}</p>
      <ol className="steps-list" aria-label={t('steps.label')}>
        {STEPS.map((key, i) => (
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
