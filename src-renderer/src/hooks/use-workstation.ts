import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, Day, Settings, SyncStatus } from '../../../src-shared/contract/ipc';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import { call, onEvent, toErrorInfo } from '../kep';

export interface WorkstationState {
  info: AppInfo | null;
  settings: Settings | null;
  sync: SyncStatus | null;
  /** The last failure of a start-up read or an action, for the UI to show. */
  error: ErrorInfo | null;
  syncNow(): void;
  updateSettings(patch: Partial<Settings>): void;
}

/** What the whole window needs from main: who we are, settings, and the sync's state. */
export function useWorkstation(): WorkstationState {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    Promise.all([call('app.info'), call('settings.get'), call('sync.status')])
      .then(([i, s, st]) => {
        setInfo(i);
        setSettings(s);
        setSync(st);
      })
      .catch((e: unknown) => setError(toErrorInfo(e)));
    return onEvent('sync.changed', (status) => {
      setSync(status);
      // The KEP becomes known with the first successful sync.
      if (status.state === 'idle') void call('app.info').then(setInfo, () => undefined);
    });
  }, []);

  const syncNow = useCallback(() => {
    setError(null);
    void call('sync.now').then(setSync, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  const updateSettings = useCallback((patch: Partial<Settings>) => {
    void call('settings.update', patch).then(setSettings, (e: unknown) => setError(toErrorInfo(e)));
  }, []);

  return { info, settings, sync, error, syncNow, updateSettings };
}

/** The cached appointments of one day, reloaded whenever main says the day changed. */
export function useDay(date: IsoDate | null): { day: Day | null; error: ErrorInfo | null } {
  const [day, setDay] = useState<Day | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    if (!date) return undefined;
    let current = true;
    const load = (): void => {
      call('day.get', { date }).then(
        (d) => {
          if (!current) return;
          setDay(d);
          setError(null);
        },
        (e: unknown) => {
          if (current) setError(toErrorInfo(e));
        },
      );
    };
    load();
    const unsubscribe = onEvent('day.changed', ({ dates }) => {
      if (dates.includes(date)) load();
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [date]);

  return { day: day?.date === date ? day : null, error };
}
