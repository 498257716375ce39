import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { useI18n } from '../i18n/i18n';
import { mediaSupport } from '../media';
import { Icon } from './Icon';

/**
 * What will happen, before the browser asks for the camera. `focus`: the heading takes the
 * keyboard focus (not when the citizen's documents are shown above it: they come first).
 */
export function Intro({ onStart, focus = true }: { onStart(): void; focus?: boolean }): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  const support = mediaSupport();
  return (
    <section className="card intro" aria-labelledby="intro-title">
      <h1 id="intro-title" ref={heading} tabIndex={-1}>
        {t('intro.title')}
      </h1>
      <p className="lead">{t('intro.lead')}</p>
      <h2>{t('intro.whatHappens')}</h2>
      <ol className="intro-steps">
        <li>{t('intro.step1')}</li>
        <li>{t('intro.step2')}</li>
        <li>{t('intro.step3')}</li>
        <li>{t('intro.step4')}</li>
      </ol>
      <p className="note note-id">
        <Icon name="idCard" className="note-icon" />
        <strong>{t('intro.idCard')}</strong>
      </p>
      <p className="note note-privacy">
        <Icon name="lock" className="note-icon" />
        {t('intro.privacy')}
      </p>
      <p className="small">{t('intro.interpreter')}</p>
      {support !== 'ok' && (
        <p className="notice notice-error" role="alert">
          {t(support === 'insecure' ? 'intro.insecure' : 'intro.noMedia')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" data-testid="citizen-start" onClick={onStart}>
          {t('intro.start')}
        </button>
      </div>
    </section>
  );
}
