import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addUser } from '../../hub/src/auth/users';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import { HubStore } from '../../hub/src/store/hub-store';
import { afmCheckDigit } from '../../src-shared/domain/afm';
import type { Appointment } from '../../src-shared/domain/appointment';
import { athensToUtc, type IsoDate } from '../../src-shared/domain/athens-time';
import { SERVICES } from '../../src-shared/domain/services';

/** The password of every benchmark user. */
export const BENCH_PASSWORD = 'a long enough bench password';

/** A KEP of the benchmark hub: its day of `count` appointments, one desk credential and one employee. */
export interface SyncBenchKep {
  kepId: string;
  name: string;
  count: number;
  workstationToken: string;
  username: string;
  displayName: string;
}

const FIRST_NAMES = ['Ελένη', 'Γιώργος', 'Μαρία', 'Νίκος', 'Κατερίνα', 'Δημήτρης', 'Σοφία', 'Αντώνης'];
const LAST_NAMES = ['Μακρή', 'Παπαδόπουλος', 'Νικολάου', 'Γεωργίου', 'Οικονόμου', 'Βασιλείου', 'Κωνσταντίνου'];
/** The opening hours the appointments are spread over, in Athens. */
const DAY_OPENS = '07:00';
const OPEN_MINUTES = 14 * 60;

/** A valid, distinct AFM per index: eight digits and their check digit. */
export function benchAfm(index: number): string {
  const body = String(10_000_000 + ((index * 7919) % 89_999_999)).padStart(8, '0');
  return `${body}${afmCheckDigit(body)}`;
}

/**
 * `count` bookings of one KEP on one Athens day, spread over 07:00–21:00 (several may share a
 * start time), 20 minutes each, across every service of the catalogue so the rows vary as a
 * real day's do.
 */
export function makeDay(kepId: string, date: IsoDate, count: number, updatedAt: string): Appointment[] {
  const opens = athensToUtc(date, DAY_OPENS).getTime();
  return Array.from({ length: count }, (_, i): Appointment => {
    const service = SERVICES[i % SERVICES.length] as (typeof SERVICES)[number];
    const start = opens + Math.floor((i * OPEN_MINUTES) / count) * 60_000;
    return {
      id: randomUUID(),
      kepId,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 20 * 60_000).toISOString(),
      category: service.category,
      serviceCode: service.code,
      subject: `${service.name.el}: αίτηση ${i + 1}`,
      citizen: {
        firstName: FIRST_NAMES[i % FIRST_NAMES.length] as string,
        lastName: LAST_NAMES[i % LAST_NAMES.length] as string,
        afm: benchAfm(i),
        email: i % 5 === 4 ? null : `citizen${i}@example.com`,
        phone: i % 3 === 0 ? `+30 210 ${String(1_000_000 + i).slice(-7)}` : null,
        postalAddress: i % 4 === 0 ? `Οδός Αθηνάς ${(i % 200) + 1}, 105 51 Αθήνα` : null,
      },
      interpreterNeeded: service.category === 3 && i % 2 === 0,
      deliveryMethod: (['email', 'inbox', 'post'] as const)[i % 3] as Appointment['deliveryMethod'],
      status: i % 17 === 16 ? 'cancelled' : 'booked',
      statusReason: i % 17 === 16 ? 'Ακυρώθηκε από τον πολίτη' : null,
      bookedBy: null,
      updatedAt,
    };
  });
}

/**
 * Fills a fresh hub data directory: one KEP per entry of `sizes`, each with that many bookings
 * on `date`, a workstation credential and an employee (one scrypt hash each). The sign-in limit
 * is raised, since every sign-in of the benchmark comes from 127.0.0.1.
 */
export async function prepareSyncHub(dataDir: string, date: IsoDate, sizes: readonly number[]): Promise<SyncBenchKep[]> {
  writeFileSync(
    join(dataDir, HUB_CONFIG_FILE),
    `${JSON.stringify({ limits: { authAttemptsBurst: 1000, authAttemptsPerMinute: 1000, connectionsBurst: 1000 } }, null, 2)}\n`,
  );
  const store = new HubStore(dataDir);
  try {
    const updatedAt = new Date().toISOString();
    return await Promise.all(
      sizes.map(async (count, i): Promise<SyncBenchKep> => {
        const kepId = `kep-bench-sync-${i + 1}`;
        const name = `ΚΕΠ Benchmark ${i + 1} (${count})`;
        store.upsertKep({ id: kepId, name });
        const { token } = store.addWorkstation(kepId, `bench desk ${i + 1}`);
        const username = `bench-${i + 1}`;
        const displayName = `Υπάλληλος ${count}`;
        await addUser(store, { kepId, username, displayName, role: 'employee', password: BENCH_PASSWORD });
        store.insertAppointments(makeDay(kepId, date, count, updatedAt));
        return { kepId, name, count, workstationToken: token, username, displayName };
      }),
    );
  } finally {
    store.close();
  }
}
