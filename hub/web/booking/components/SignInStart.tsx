import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useI18n } from '../../i18n/i18n';
import { SIGN_IN_URL } from '../booking-api';

/** Before sign-in: what the service is, and one way in. `expired`: the session ended mid-booking. */
export function SignInStart({ expired }: { expired: boolean }): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card booking-start" aria-labelledby="book-start-title" data-testid={expired ? 'book-expired' : 'book-start'}>
      <h1 id="book-start-title" ref={heading} tabIndex={-1}>
        {t(expired ? 'book.expired.title' : 'book.start.title')}
      </h1>
      {expired ? (
        <p className="notice notice-warn" role="alert">
          {t('book.expired.text')}
        </p>
      ) : (
        <>
          <p className="lead">{t('book.start.lead')}</p>
          <p>{t('book.start.how')}</p>
        </>
      )}
      <div className="actions">
        <a className="button button-primary" href={SIGN_IN_URL} data-testid="book-sign-in">
          {t('book.start.signIn')}
        </a>
      </div>
    </section>
  );
}
