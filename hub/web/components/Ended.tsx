import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { useI18n } from '../i18n/i18n';

/** After the employee ends the call. The page stays connected: a new call opens by itself. */
export function Ended(): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card ended" data-testid="call-ended" aria-labelledby="ended-title">
      <h1 id="ended-title" ref={heading} tabIndex={-1}>
        {t('ended.title')}
      </h1>
      <p className="lead">{t('ended.thanks')}</p>
      <p>{t('ended.next')}</p>
    </section>
  );
}
