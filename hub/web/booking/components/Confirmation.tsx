import type { BookingResponse, Catalogue } from '../../../../src-shared/protocol/booking';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useI18n } from '../../i18n/i18n';
import { BookingSummary } from './BookingSummary';

export interface ConfirmationProps {
  result: BookingResponse;
  kepName: string;
  catalogue: Catalogue;
  onAnother(): void;
}

/** Booked: when and where, the link itself (the e-mail may be slow or land in spam), and until when it can change. */
export function Confirmation({ result, kepName, catalogue, onAnother }: ConfirmationProps): React.JSX.Element {
  const { t, day, time, dateTime, language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { appointment } = result;
  const service = catalogue.services.find((s) => s.code === appointment.serviceCode);
  return (
    <section className="card booking-done" aria-labelledby="book-done-title" data-testid="book-done">
      <h1 id="book-done-title" ref={heading} tabIndex={-1}>
        {t('book.done.title')}
      </h1>
      <BookingSummary
        rows={[
          [t('book.review.when'), `${day(appointment.startsAt)}, ${time(appointment.startsAt)}`],
          [t('book.review.kep'), kepName],
          [t('book.review.service'), service ? service.name[language] : appointment.serviceCode],
        ]}
      />
      <p className={result.confirmation === 'queued' ? 'notice notice-info' : 'notice notice-warn'}>
        {t(result.confirmation === 'queued' ? 'book.done.mailed' : 'book.done.noMail')}
      </p>
      <h2>{t('book.done.link')}</h2>
      <p className="join-link">
        <a href={result.joinUrl} data-testid="book-join-link">
          {result.joinUrl}
        </a>
      </p>
      <p className="hint">{t('book.done.linkHint')}</p>
      <p>{t('book.done.changeUntil', { when: dateTime(result.changeUntil) })}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onAnother}>
          {t('book.done.another')}
        </button>
      </div>
    </section>
  );
}
