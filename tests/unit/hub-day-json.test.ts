import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { appointmentsResponseSchema } from '../../src-shared/protocol/hub-api';
import { makeDay } from '../../bench/lib/sync-fixture';

const KEP = 'kep-day-json';
const DAY = '2026-11-30';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeWith(appointments: readonly Appointment[]): HubStore {
  const dir = mkdtempSync(join(tmpdir(), 'hub-day-json-'));
  dirs.push(dir);
  const store = new HubStore(dir);
  store.upsertKep({ id: KEP, name: 'ΚΕΠ JSON' });
  store.insertAppointments(appointments);
  return store;
}

/** Every kind of value a row holds: nulls and not, both bookers, an interpreter, text JSON must escape. */
function variedDay(): Appointment[] {
  const day = makeDay(KEP, DAY, 40, '2026-11-29T10:00:00.000Z');
  const at = (i: number): Appointment => day[i] as Appointment;
  day[1] = { ...at(1), bookedBy: { via: 'online', employeeName: null } };
  day[2] = { ...at(2), bookedBy: { via: 'desk', employeeName: 'Μαρία «Π.» \\ "Δ."' } };
  day[3] = { ...at(3), subject: 'γραμμή\nδεύτερη\t"εισαγωγικά" \\ \u0001 \u2028 😀 </script>', statusReason: 'λόγος' };
  day[4] = { ...at(4), citizen: { ...at(4).citizen, email: null, phone: null, postalAddress: null } };
  day[5] = { ...at(5), subject: '' };
  return day;
}

describe("the hub's day as JSON written by SQLite", () => {
  it('is the day listAppointments gives, value for value and in its order', () => {
    const store = storeWith(variedDay());
    try {
      const { json, ids } = store.appointmentsJson(KEP, DAY);
      const listed = store.listAppointments(KEP, DAY);
      expect(listed.some((a) => a.interpreterNeeded)).toBe(true);
      // Byte for byte what JSON.stringify made of the day before: the wire did not change.
      expect(json.toString('utf8')).toBe(JSON.stringify(listed));
      expect(ids).toEqual(listed.map((a) => a.id));
      expect(
        appointmentsResponseSchema.parse({ kepId: KEP, date: DAY, serverTime: new Date().toISOString(), appointments: JSON.parse(json.toString('utf8')) })
          .appointments,
      ).toEqual(listed);
    } finally {
      store.close();
    }
  });

  it('is an empty array for a day without appointments', () => {
    const store = storeWith([]);
    try {
      expect(store.appointmentsJson(KEP, DAY)).toEqual({ json: Buffer.from('[]'), ids: [] });
    } finally {
      store.close();
    }
  });
});
