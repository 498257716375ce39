import type { Catalogue } from '../../../../src-shared/protocol/booking';
import { useI18n } from '../../i18n/i18n';
import type { Draft } from '../draft';
import { BookingSummary } from './BookingSummary';

/** Everything chosen, to read once more before booking. */
export function ReviewStep({ catalogue, draft }: { catalogue: Catalogue; draft: Draft }): React.JSX.Element {
  const { t, day, time, language } = useI18n();
  const service = catalogue.services.find((s) => s.code === draft.serviceCode);
  const category = catalogue.categories.find((c) => c.code === draft.category);
  return (
    <BookingSummary
      rows={[
        [t('book.review.when'), draft.startsAt ? `${day(draft.startsAt)}, ${time(draft.startsAt)}` : ''],
        [t('book.review.kep'), !draft.kep ? '' : draft.kep.municipality === draft.kep.name ? draft.kep.name : `${draft.kep.name} (${draft.kep.municipality})`],
        [t('book.review.service'), `${service?.name[language] ?? ''}${category ? ` · ${category.name[language]}` : ''}`],
        ...(category?.interpreterOffered ? [[t('book.review.interpreter'), t(draft.interpreterNeeded ? 'book.yes' : 'book.no')] as const] : []),
        [t('book.review.description'), <span className="pre-wrap">{draft.description.trim()}</span>],
        [t('book.review.email'), draft.email.trim()],
        ...(draft.phone.trim() ? [[t('book.review.phone'), draft.phone.trim()] as const] : []),
        [
          t('book.review.delivery'),
          draft.deliveryMethod === 'post' ? `${t('book.delivery.post')}: ${draft.postalAddress.trim()}` : t(`book.delivery.${draft.deliveryMethod}`),
        ],
      ]}
    />
  );
}
