import { randomUUID } from 'node:crypto';
import { afmCheckDigit } from '../../src-shared/domain/afm';
import { addDays, type IsoDate } from '../../src-shared/domain/athens-time';
import { slotGrid } from '../../hub/src/booking/free-slots';
import { kepSchedule } from '../../hub/src/booking/kep-schedule';
import { createRandom } from '../../hub/src/seed/demo-appointments';
import { HubStore } from '../../hub/src/store/hub-store';

export interface BookingFixture {
  kepIds: string[];
  appointments: number;
}

/**
 * A hub whose `keps` KEPs (the default schedule: 2 desks, 20-minute slots, Mon–Fri 08:00–15:00)
 * have `days` days of bookings from `from`, each desk of each slot taken with `occupancy`
 * probability: written straight into `appointments`, one transaction per KEP.
 */
export function buildBookingHub(dataDir: string, keps: number, from: IsoDate, days: number, occupancy: number, seed = 17): BookingFixture {
  const store = new HubStore(dataDir);
  const random = createRandom(seed);
  const kepIds: string[] = [];
  let appointments = 0;
  try {
    const insert = store.db.prepare(
      `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name,
         citizen_afm, citizen_email, interpreter_needed, delivery_method, status, created_at, updated_at, booked_via)
       VALUES (?, ?, ?, ?, 1, 'C1-BIRTH-CERT', 'Πιστοποιητικό γέννησης', 'Ελένη', 'Μακρή', ?, 'eleni@example.com', 0, 'email', 'booked', ?, ?, 'online')`,
    );
    const now = new Date().toISOString();
    const afmBody = '12345678';
    const afm = afmBody + String(afmCheckDigit(afmBody));
    for (let k = 1; k <= keps; k++) {
      const kepId = `kep-bench-${String(k).padStart(3, '0')}`;
      kepIds.push(kepId);
      store.upsertKep({ id: kepId, name: `ΚΕΠ Δήμου ${k}` });
      const schedule = kepSchedule(store, kepId)!;
      store.transaction(() => {
        for (let d = 0; d < days; d++) {
          for (const slot of slotGrid(schedule, addDays(from, d))) {
            for (let desk = 0; desk < schedule.desks; desk++) {
              if (random() >= occupancy) continue;
              insert.run(randomUUID(), kepId, new Date(slot.start).toISOString(), new Date(slot.end).toISOString(), afm, now, now);
              appointments += 1;
            }
          }
        }
      });
    }
  } finally {
    store.close();
  }
  return { kepIds, appointments };
}
