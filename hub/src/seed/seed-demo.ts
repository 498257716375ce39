import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { HubStore } from '../store/hub-store';
import { demoAppointments } from './demo-appointments';
import { DEMO_KEPS, DEMO_SCHEDULES } from './demo-keps';

export interface SeedSummary {
  kepId: string;
  date: IsoDate;
  inserted: number;
  skipped: boolean;
}

/** A seed from a text (FNV-1a): the same KEP and day give the same demo data. */
export function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * Fills the demo KEPs' days with bookings. A day that already has appointments is left alone,
 * so seeding twice, or seeding a hub in use, never overwrites or duplicates anything; a demo
 * KEP gets its schedule when it is created, so one IT changed keeps its own.
 */
export function seedDemo(store: HubStore, dates: readonly IsoDate[], seed = 1): SeedSummary[] {
  const summary: SeedSummary[] = [];
  for (const kep of DEMO_KEPS) {
    const isNew = !store.getKep(kep.id);
    store.upsertKep({ id: kep.id, name: kep.name, postalAddress: kep.postalAddress });
    const schedule = DEMO_SCHEDULES[kep.id];
    if (isNew && schedule) store.keps.setHours(kep.id, { ...schedule, municipality: kep.city });
    for (const date of dates) {
      if (store.countAppointments(kep.id, date) > 0) {
        summary.push({ kepId: kep.id, date, inserted: 0, skipped: true });
        continue;
      }
      const appointments = demoAppointments(kep, date, hash(`${seed}:${kep.id}:${date}`));
      store.insertAppointments(appointments);
      summary.push({ kepId: kep.id, date, inserted: appointments.length, skipped: false });
    }
  }
  return summary;
}
