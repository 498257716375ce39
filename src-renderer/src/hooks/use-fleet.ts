import type { FleetResponse } from '../../../src-shared/protocol/fleet';
import { call } from '../kep';
import { type Loaded, useLoad } from './use-load';

const readFleet = (): Promise<FleetResponse> => call('fleet.get');

/** The KEP's desks as the hub last heard from them (IT only); read again on demand. */
export function useFleet(): Loaded<FleetResponse> {
  return useLoad(readFleet);
}
