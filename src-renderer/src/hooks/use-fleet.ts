import type { FleetResponse } from '../../../src-shared/protocol/fleet';
import { call } from '../kep';
import type { Listen } from './load-store';
import { type Loaded, useLoad } from './use-load';

/** Desks report every five minutes or when their updater moves; IT watching the table sees that within a minute. */
const REFRESH_MS = 60_000;

const readFleet = (): Promise<FleetResponse> => call('fleet.get');
const refreshEveryMinute: Listen<FleetResponse> = ({ reload }) => {
  const timer = setInterval(reload, REFRESH_MS);
  return () => clearInterval(timer);
};

/** The KEP's desks as the hub last heard from them (IT only); read again every minute and on demand. */
export function useFleet(): Loaded<FleetResponse> {
  return useLoad(readFleet, refreshEveryMinute);
}
