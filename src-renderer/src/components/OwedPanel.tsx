import { useId } from 'react';
import type { OwedDocument } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

/** Appointments of any day whose document the citizen is still owed, so none is forgotten after the call. */
export function OwedPanel({ owed, onOpen }: { owed: readonly OwedDocument[]; onOpen(item: OwedDocument): void }): React.JSX.Element | null {
  const { t, shortDate, time } = useI18n();
  const id = useId();
  if (owed.length === 0) return null;
  return (
    <section className="owed" aria-labelledby={`${id}-h`} data-testid="owed-documents">
      <h3 id={`${id}-h`}>{t('owed.heading', { count: owed.length })}</h3>
      <ul>
        {owed.map((o) => {
          const when = `${shortDate(o.date)} ${time(o.startsAt)}`;
          return (
            <li key={o.appointmentId} data-testid="owed-item" data-reason={o.reason}>
              {/* Named by what it shows (WCAG 2.5.3): the spaces keep the parts apart when read; the grid ignores them. */}
              <button type="button" className="owed-open" onClick={() => onOpen(o)}>
                <span className="owed-when">{when}</span> <span className="owed-name">{o.citizenName}</span>{' '}
                <span className={`owed-reason owed-reason-${o.reason}`}>{t(`owed.reason.${o.reason}`)}</span>
                {o.detail && (
                  <>
                    {' '}
                    <span className="muted owed-detail">{o.detail}</span>
                  </>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
