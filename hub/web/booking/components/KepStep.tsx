import { useEffect, useState } from 'react';
import type { BookableKep } from '../../../../src-shared/protocol/booking';
import { ApiCallError, isAbort } from '../../api-client';
import { useI18n } from '../../i18n/i18n';
import { searchKeps } from '../booking-api';

const DEBOUNCE_MS = 300;

export interface KepStepProps {
  kep: BookableKep | null;
  onKep(kep: BookableKep): void;
  /** The session ended while searching. */
  onExpired(): void;
}

/** The search box and its results as radio buttons; the count is read out as it changes. */
export function KepStep({ kep, onKep, onExpired }: KepStepProps): React.JSX.Element {
  const { t } = useI18n();
  const [q, setQ] = useState(kep?.municipality ?? '');
  const [keps, setKeps] = useState<BookableKep[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      searchKeps(q, controller.signal).then(
        (answer) => {
          setKeps(answer.keps);
          setFailed(false);
          setSearching(false);
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          setSearching(false);
          if (error instanceof ApiCallError && error.status === 401) onExpired();
          else setFailed(true);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, onExpired]);

  // The chosen KEP stays listed even when the search no longer finds it.
  const shown = keps && kep && !keps.some((k) => k.id === kep.id) ? [kep, ...keps] : (keps ?? []);
  return (
    <>
      <div className="field">
        <label htmlFor="kep-search">{t('book.kep.search')}</label>
        <input
          id="kep-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-describedby="kep-search-hint"
          autoComplete="address-level2"
          data-testid="kep-search"
        />
        <p id="kep-search-hint" className="hint">
          {t('book.kep.hint')}
        </p>
      </div>
      <p className="small" aria-live="polite" role="status">
        {searching
          ? t('book.kep.searching')
          : failed
            ? t('book.loadFailed')
            : keps
              ? keps.length
                ? t('book.kep.found', { count: keps.length })
                : t('book.kep.none', { q })
              : ''}
      </p>
      {shown.length > 0 && (
        <fieldset className="choice-list">
          <legend>{t('book.kep.results')}</legend>
          {shown.map((k) => (
            <label key={k.id} className="choice" data-testid={`kep-${k.id}`}>
              <input type="radio" name="kep" value={k.id} checked={kep?.id === k.id} onChange={() => onKep(k)} />
              <span className="choice-text">
                <span className="choice-name">{k.name}</span>
                {k.municipality !== k.name && <span className="choice-detail">{k.municipality}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
