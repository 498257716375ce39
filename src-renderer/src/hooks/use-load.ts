import { useMemo, useSyncExternalStore } from 'react';
import { createLoadStore, type Listen, type LoadState, type LoadStore } from './load-store';

export interface Loaded<T> extends LoadState<T> {
  reload(): void;
  set(data: T): void;
}

/**
 * Data read from main for a screen: `{ data, error, reload }`. A new `read` or `listen` (give
 * them stable identities: useCallback) starts over; `listen` keeps it current from main's events.
 */
export function useLoad<T>(read: () => Promise<T>, listen?: Listen<T>): Loaded<T> {
  const store = useMemo(() => createLoadStore(read, listen), [read, listen]);
  return useLoadStore(store);
}

/** A load store made elsewhere (one shared, or one read early), as a screen's data. */
export function useLoadStore<T>(store: LoadStore<T>): Loaded<T> {
  const state = useSyncExternalStore(store.subscribe, store.get);
  return { ...state, reload: store.reload, set: store.set };
}
