import { useCallback } from 'react';
import type { ChannelOutput } from '../../../src-shared/contract/ipc';
import type { StatsQuery, TodayFigures } from '../../../src-shared/protocol/stats';
import { call, onEvent } from '../kep';
import type { Listen } from './load-store';
import { type Loaded, useLoad } from './use-load';

/** The longest wait shown on the panel ticks by the minute; a re-read every 30 s keeps it honest. */
const TODAY_REFRESH_MS = 30_000;

const readToday = (): Promise<TodayFigures> => call('stats.today');
const listenToday: Listen<TodayFigures> = ({ reload }) => {
  const offs = [onEvent('day.changed', reload), onEvent('lobby.changed', reload), onEvent('dispatch.changed', reload)];
  const timer = setInterval(reload, TODAY_REFRESH_MS);
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
};

/** Today at the KEP, from the desk's cache and lobby: it moves as the day, the lobby and the dispatches do. */
export function useTodayStats(): Loaded<TodayFigures> {
  return useLoad(readToday, listenToday);
}

export type PeriodAnswer = ChannelOutput<'stats.period'>;

/** A period's figures (from the hub, or its cached answer); null asks nothing (a range not valid yet). */
export function usePeriodStats(query: StatsQuery | null): Loaded<PeriodAnswer | null> {
  const key = query === null ? null : JSON.stringify(query);
  const read = useCallback(
    (): Promise<PeriodAnswer | null> => (key === null ? Promise.resolve(null) : call('stats.period', JSON.parse(key) as StatsQuery)),
    [key],
  );
  return useLoad(read);
}
