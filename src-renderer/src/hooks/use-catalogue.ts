import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { CachedCatalogue } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';
import { call, onEvent } from '../kep';
import { createLoadStore } from './load-store';

// One copy for every component that names a service: read once, re-read when main fetched a new one.
const store = createLoadStore<CachedCatalogue>(
  () => call('catalogue.get'),
  ({ reload }) => onEvent('catalogue.changed', reload),
);

/** The hub's catalogue as this desk last fetched it; null until main answers or before the first fetch. */
export function useCatalogue(): CachedCatalogue['catalogue'] {
  return useSyncExternalStore(store.subscribe, store.get).data?.catalogue ?? null;
}

/** A service's name in the UI language from the cached catalogue, or its code when it is not known. */
export function useServiceName(): (code: string) => string {
  const catalogue = useCatalogue();
  const { language } = useI18n();
  // A lookup table, not a search of the catalogue per row: a day's list names hundreds of services.
  const names = useMemo(() => new Map(catalogue?.services.map((s) => [s.code, s.name[language]])), [catalogue, language]);
  return useCallback((code: string) => names.get(code) ?? code, [names]);
}
