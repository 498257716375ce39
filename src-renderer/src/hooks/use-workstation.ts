import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, Day, SessionInfo, Settings, SyncStatus } from '../../../src-shared/contract/ipc';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import { call, onEvent, toErrorInfo } from '../kep';
import { type Loaded, useLoad } from './use-load';

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

  useEffect(() => {
    Promise.all([call('app.info'), call('settings.get'), call('sync.status'), call('session.get')])
      .then(([i, s, st, se]) => {
        setInfo(i);
        setSettings(s);
        setSync(st);
        setSession(se);
      })
      .catch((e: unknown) => setError(toErrorInfo(e)));
    const offSync = onEvent('sync.changed', (status) => {
      setSync(status);
      // The KEP becomes known with the first successful sync.
      if (status.state === 'idle') void call('app.info').then(setInfo, (e: unknown) => setError(toErrorInfo(e)));
    });
    const offSession = onEvent('session.changed', setSession);
    return () => {
      offSync();
      offSession();
    };
  }, []);

  const enrol = useCallback(async (input: { hubUrl: string; code: string; label: string }) => {
    try {
      setInfo(await call('workstation.enrol', input));
      setSync(await call('sync.status'));
      return null;
    } catch (e) {
      return toErrorInfo(e);
    }
  }, []);

  const signIn = useCallback(async (input: { username: string; password: string }) => {
    try {
      setSession(await call('session.signIn', input));
      return null;
    } catch (e) {
      return toErrorInfo(e);
    }
  }, []);

  const signOut = useCallback(() => {
    void call('session.signOut').then(
      () => setSession(null),
      (e: unknown) => setError(toErrorInfo(e)),
    );
  }, []);

  const syncNow = useCallback(() => {
    setError(null);
    void call('sync.now').then(setSync, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  const updateSettings = useCallback((patch: Partial<Settings>) => {
    void call('settings.update', patch).then(setSettings, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  return { info, settings, sync, session, error, syncNow, updateSettings, enrol, signIn, signOut };
}

/** The cached appointments of one day, reloaded whenever main says the day changed. */
export function useDay(date: IsoDate): Loaded<Day> {
  const read = useCallback(() => call('day.get', { date }), [date]);
  const listen = useCallback(
    ({ reload }: { reload(): void }) =>
      onEvent('day.changed', ({ dates }) => {
        if (dates.includes(date)) reload();
      }),
    [date],
  );
  return useLoad(read, listen);
}
