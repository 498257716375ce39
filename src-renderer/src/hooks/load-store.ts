import type { ErrorInfo } from '../../../src-shared/errors';
import { toErrorInfo } from '../error-info';

export interface LoadState<T> {
  /** The last data read or pushed; null until the first arrives. */
  data: T | null;
  /** Why the last read failed, for the screen to say; null once a read succeeds. */
  error: ErrorInfo | null;
}

/** How a store is kept current besides its first read: main's events re-read it or push its new value. */
export type Listen<T> = (update: { reload(): void; set(data: T): void }) => () => void;

export interface LoadStore<T> {
  get(): LoadState<T>;
  /** The first subscriber starts the read and the listening; the last one to leave stops both. */
  subscribe(onChange: () => void): () => void;
  reload(): void;
  set(data: T): void;
}

/**
 * Data the renderer reads from main, with the failure kept rather than swallowed. Only the newest
 * read may answer: an older one that arrives late is dropped. Nothing is re-read on a timer
 * unless `listen` sets one.
 */
export function createLoadStore<T>(read: () => Promise<T>, listen?: Listen<T>): LoadStore<T> {
  let state: LoadState<T> = { data: null, error: null };
  let latest = 0;
  let stopListening: (() => void) | null = null;
  const subscribers = new Set<() => void>();
  const change = (next: LoadState<T>): void => {
    state = next;
    subscribers.forEach((notify) => notify());
  };
  const reload = (): void => {
    const mine = ++latest;
    read().then(
      (data) => {
        if (mine === latest) change({ data, error: null });
      },
      (error: unknown) => {
        if (mine === latest) change({ data: state.data, error: toErrorInfo(error) });
      },
    );
  };
  const set = (data: T): void => {
    latest++;
    change({ data, error: null });
  };
  return {
    get: () => state,
    subscribe: (onChange) => {
      subscribers.add(onChange);
      if (subscribers.size === 1) {
        reload();
        stopListening = listen?.({ reload, set }) ?? null;
      }
      return () => {
        subscribers.delete(onChange);
        if (subscribers.size > 0) return;
        latest++;
        stopListening?.();
        stopListening = null;
      };
    },
    reload,
    set,
  };
}
