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

/**
 * Reads started before the screen that shows them is mounted, for that screen to take over.
 * Signing in mounts the whole workspace before its first effect can ask for anything; a read
 * started as the session arrives is answered while React renders, and the screen opens on it.
 * Until a screen takes it, the early read is subscribed to on its own, so that main's news in
 * the meantime (a re-read) is not missed.
 */
export interface EarlyLoads<K, T> {
  /** Starts reading `key` now, unless an early read of it is already waiting for its screen. */
  start(key: K): void;
  /** The store a screen should use for `key`: the early one if there is one, else a new one. */
  storeFor(key: K): LoadStore<T>;
  /** Called once the screen has subscribed to `store`: the early hold on it is let go. */
  taken(key: K, store: LoadStore<T>): void;
  /** Lets go of every early read no screen took (the session ended first). */
  drop(): void;
}

export function createEarlyLoads<K, T>(create: (key: K) => LoadStore<T>): EarlyLoads<K, T> {
  const waiting = new Map<K, { store: LoadStore<T>; release(): void }>();
  return {
    start: (key) => {
      if (waiting.has(key)) return;
      const store = create(key);
      waiting.set(key, { store, release: store.subscribe(() => undefined) });
    },
    storeFor: (key) => waiting.get(key)?.store ?? create(key),
    taken: (key, store) => {
      const early = waiting.get(key);
      if (early?.store !== store) return;
      waiting.delete(key);
      early.release();
    },
    drop: () => {
      waiting.forEach((early) => early.release());
      waiting.clear();
    },
  };
}
