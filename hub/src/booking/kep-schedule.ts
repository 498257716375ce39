import type { KepSchedule } from '../../../src-shared/protocol/booking';
import type { HubStore } from '../store/hub-store';

/** A KEP's whole schedule (its row and its closed dates), or null for an unknown KEP. */
export function kepSchedule(store: HubStore, kepId: string): KepSchedule | null {
  const hours = store.keps.hours(kepId);
  return hours ? { ...hours, closedDates: store.kepClosedDates.list(kepId) } : null;
}

/** Sets a KEP's whole schedule at once; false when there is no such KEP. */
export function setKepSchedule(store: HubStore, kepId: string, schedule: KepSchedule): boolean {
  return store.transaction(() => {
    const { closedDates, ...hours } = schedule;
    if (!store.keps.setHours(kepId, hours)) return false;
    store.kepClosedDates.replace(kepId, closedDates);
    return true;
  });
}
