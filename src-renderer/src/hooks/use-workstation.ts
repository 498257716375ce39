import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, Day, SessionInfo, Settings, SyncStatus } from '../../../src-shared/contract/ipc';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import { call, onEvent, toErrorInfo } from '../kep';
import { createEarlyLoads, createLoadStore, type LoadStore } from './load-store';
import { type Loaded, useLoadStore } from './use-load';

export interface WorkstationState {
  info: AppInfo | null;
  settings: Settings | null;
  sync: SyncStatus | null;
  /** undefined while loading; null when nobody is signed in. */
  session: SessionInfo | null | undefined;
  /** The last failure of a start-up read or an action, for the UI to show. */
  error: ErrorInfo | null;
  syncNow(): void;
  updateSettings(patch: Partial<Settings>): void;
  /** Form actions: they resolve with the error to show, or null on success. */
  enrol(input: { hubUrl: string; code: string; label: string }): Promise<ErrorInfo | null>;
  signIn(input: { username: string; password: string }): Promise<ErrorInfo | null>;
  signOut(): void;
}

/** What the whole window needs from main: who we are, settings, and the sync's state. */
export function useWorkstation(): WorkstationState {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const today = useRef<IsoDate | null>(null);
  const signedIn = useRef<string | null>(null);

  // A new person signed in: today's day is asked for now, first of the workspace's reads, while
  // React still renders the workspace; its list opens on the answer (load-store.ts).
  const showSession = useCallback((next: SessionInfo | null) => {
    const person = next?.user.id ?? null;
    if (person !== signedIn.current) {
      signedIn.current = person;
      earlyDays.drop();
      if (next && today.current && readsTheDay(next)) earlyDays.start(today.current);
    }
    setSession(next);
  }, []);

  useEffect(() => {
    Promise.all([call('app.info'), call('settings.get'), call('sync.status'), call('session.get')])
      .then(([i, s, st, se]) => {
        today.current = i.today;
        setInfo(i);
        setSettings(s);
        setSync(st);
        showSession(se);
      })
      .catch((e: unknown) => setError(toErrorInfo(e)));
    const offSync = onEvent('sync.changed', (status) => {
      setSync(status);
      // The KEP becomes known with the first successful sync.
      if (status.state === 'idle') void call('app.info').then(setInfo, (e: unknown) => setError(toErrorInfo(e)));
    });
    const offSession = onEvent('session.changed', showSession);
    return () => {
      offSync();
      offSession();
    };
  }, [showSession]);

  useEffect(() => {
    if (info) today.current = info.today;
  }, [info]);

  const enrol = useCallback(async (input: { hubUrl: string; code: string; label: string }) => {
    try {
      setInfo(await call('workstation.enrol', input));
      setSync(await call('sync.status'));
      return null;
    } catch (e) {
      return toErrorInfo(e);
    }
  }, []);

  const signIn = useCallback(
    async (input: { username: string; password: string }) => {
      try {
        showSession(await call('session.signIn', input));
        return null;
      } catch (e) {
        return toErrorInfo(e);
      }
    },
    [showSession],
  );

  const signOut = useCallback(() => {
    void call('session.signOut').then(
      () => showSession(null),
      (e: unknown) => setError(toErrorInfo(e)),
    );
  }, [showSession]);

  const syncNow = useCallback(() => {
    setError(null);
    void call('sync.now').then(setSync, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  const updateSettings = useCallback((patch: Partial<Settings>) => {
    void call('settings.update', patch).then(setSettings, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  return { info, settings, sync, session, error, syncNow, updateSettings, enrol, signIn, signOut };
}

/** Only the roles that work the day read it: IT staff never see citizens' data. */
const readsTheDay = (session: SessionInfo): boolean => session.user.role !== 'it-admin';

/** The cached appointments of one day, re-read whenever main says the day changed. */
function createDayStore(date: IsoDate): LoadStore<Day> {
  return createLoadStore(
    () => call('day.get', { date }),
    ({ reload }) =>
      onEvent('day.changed', ({ dates }) => {
        if (dates.includes(date)) reload();
      }),
  );
}

const earlyDays = createEarlyLoads(createDayStore);

/** The cached appointments of one day, reloaded whenever main says the day changed. */
export function useDay(date: IsoDate): Loaded<Day> {
  const store = useMemo(() => earlyDays.storeFor(date), [date]);
  const loaded = useLoadStore(store);
  // After useLoadStore's own subscription (effects run in order): the store is never left alone.
  useEffect(() => earlyDays.taken(date, store), [date, store]);
  return loaded;
}
