import { describe, expect, it } from 'vitest';
import { makeDay } from '../../bench/lib/sync-fixture';
import { appointmentSchema, citizenSchema } from '../../src-shared/domain/appointment';
import { quickAppointment } from '../../src-shared/domain/appointment-quick-check';
import { appointmentsResponseSchema, parseAppointmentsResponse } from '../../src-shared/protocol/hub-api';

type Json = Record<string, unknown>;

/** A row as the hub sends it: a plain JSON object. */
const base = (): Json => JSON.parse(JSON.stringify(makeDay('kep-quick-01', '2026-11-30', 1, '2026-11-29T10:00:00.000Z')[0])) as Json;

const repeat = (n: number): string => 'α'.repeat(n);

/** Values around every rule of the schema: each edge from both sides, wrong types, nulls, missing. */
const FIELD_VALUES: Record<string, unknown[]> = {
  id: [
    '6f1c2a4e-9b3d-4c8e-a1f0-2b3c4d5e6f70',
    '6F1C2A4E-9B3D-4C8E-A1F0-2B3C4D5E6F70',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '6f1c2a4e-9b3d-9c8e-a1f0-2b3c4d5e6f70',
    '6f1c2a4e-9b3d-4c8e-c1f0-2b3c4d5e6f70',
    '6f1c2a4e9b3d4c8ea1f02b3c4d5e6f70',
    '',
    1,
    null,
  ],
  kepId: ['abc', 'ab', 'a'.repeat(64), 'a'.repeat(65), 'Kep-1', 'kep_1', 'kep-1\n', null, 5],
  startsAt: [
    '2026-11-30T07:00:00Z',
    '2026-11-30T07:00:00.1234567Z',
    '2026-11-30T07:00:00+02:00',
    '2026-11-30T07:00Z',
    '2026-11-30 07:00:00Z',
    '2028-02-29T07:00:00Z',
    '2026-02-29T07:00:00Z',
    '2026-11-31T07:00:00Z',
    '2026-11-30T24:00:00Z',
    'x',
    null,
  ],
  endsAt: ['2026-11-30T05:00:00.000Z', '2026-11-30T23:59:59.999Z', '2026-11-30T07:00:00Z', '2026-12-01T00:00:00Z', 0],
  updatedAt: ['2026-11-29T10:00:00Z', '2026-11-29T10:00:00.000z', '2026-11-29T10:00:00.000', undefined],
  category: [1, 2, 3, 4, 0, 5, 1.5, '1', null, Number.NaN],
  serviceCode: ['', 'a', 'a'.repeat(64), 'a'.repeat(65), 7, null],
  subject: ['', repeat(1000), repeat(1001), null, 3],
  interpreterNeeded: [true, false, 0, 1, 'true', null],
  deliveryMethod: ['email', 'inbox', 'post', 'fax', 'EMAIL', null],
  status: ['booked', 'cancelled', 'completed', 'no_show', 'failed_verification', 'rescheduled', 'gone', null],
  statusReason: [null, '', repeat(500), repeat(501), undefined, 3],
  bookedBy: [
    null,
    undefined,
    { via: 'online', employeeName: null },
    { via: 'desk', employeeName: repeat(200) },
    { via: 'desk', employeeName: repeat(201) },
    { via: 'phone', employeeName: null },
    { via: 'desk' },
    { via: 'desk', employeeName: null, extra: 1 },
    'online',
    [],
  ],
};

const CITIZEN_VALUES: Record<string, unknown[]> = {
  firstName: ['', 'Α', repeat(100), repeat(101), null, 1],
  lastName: ['', 'Β', repeat(100), repeat(101), undefined],
  afm: ['094014201', '094014202', '000000000', '09401420', '0940142011', 94014201, null],
  email: [
    null,
    'a@b.gr',
    'a.b+c@mail.example.com',
    'a..b@x.gr',
    'a@b',
    'α@β.gr',
    `${'a'.repeat(243)}@example.com`,
    `${'a'.repeat(244)}@example.com`,
    '',
    undefined,
  ],
  phone: [null, '+30 210 1234567', '123456', '12345', '1'.repeat(20), '1'.repeat(21), '+30-210', '', undefined],
  postalAddress: [null, '', repeat(300), repeat(301), 3, undefined],
};

/** Every variation: one field changed (or dropped) at a time, plus shapes zod strips or refuses. */
function variations(): unknown[] {
  const out: unknown[] = [base()];
  for (const [field, values] of Object.entries(FIELD_VALUES)) {
    for (const value of values) {
      const row = base();
      if (value === undefined) delete row[field];
      else row[field] = value;
      out.push(row);
    }
  }
  for (const [field, values] of Object.entries(CITIZEN_VALUES)) {
    for (const value of values) {
      const row = base();
      const citizen = { ...(row.citizen as Json) };
      if (value === undefined) delete citizen[field];
      else citizen[field] = value;
      out.push({ ...row, citizen });
    }
  }
  const withInterpreter = (category: number): Json => ({ ...base(), category, interpreterNeeded: true });
  out.push(withInterpreter(3), withInterpreter(2));
  out.push({ ...base(), unknown: 1 }, { ...base(), citizen: { ...(base().citizen as Json), extra: 'x' } });
  out.push({ ...base(), statusReason: undefined }, { ...base(), bookedBy: undefined });
  out.push(null, [], 'row', 7, { ...base(), citizen: null }, { ...base(), citizen: [] });
  return out;
}

describe('quickAppointment', () => {
  it("accepts what appointmentSchema accepts, giving zod's own result, and vouches for nothing it refuses", () => {
    let vouched = 0;
    let refused = 0;
    for (const row of variations()) {
      const zod = appointmentSchema.safeParse(row);
      const quick = quickAppointment(row);
      if (!zod.success) refused += 1;
      if (quick) {
        vouched += 1;
        expect(zod.success, JSON.stringify(row)).toBe(true);
        expect(quick).toStrictEqual(zod.data);
      }
    }
    // The check is worth having: it vouches for the valid rows of every kind (not just the base one).
    expect(vouched).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it('leaves to zod only rows zod refuses or strips keys of', () => {
    const known = (keys: readonly string[], value: unknown): boolean => Object.keys(value as Json).every((k) => keys.includes(k));
    let valid = 0;
    for (const row of variations()) {
      const zod = appointmentSchema.safeParse(row);
      if (!zod.success) continue;
      const { citizen, bookedBy } = row as Json;
      const strips =
        !known(Object.keys(appointmentSchema.shape), row) ||
        !known(Object.keys(citizenSchema.shape), citizen) ||
        !known(['via', 'employeeName'], bookedBy ?? {});
      if (strips) continue;
      valid += 1;
      expect(quickAppointment(row), JSON.stringify(row)).not.toBeNull();
    }
    expect(valid).toBeGreaterThan(50);
  });
});

describe('parseAppointmentsResponse', () => {
  const answer = (appointments: unknown[], extra: Json = {}): Json => ({
    kepId: 'kep-quick-01',
    date: '2026-11-30',
    serverTime: '2026-11-30T08:00:00.000Z',
    appointments,
    ...extra,
  });

  it('answers as appointmentsResponseSchema.safeParse does, for a whole day and for each kind of row in it', () => {
    const day = makeDay('kep-quick-01', '2026-11-30', 50, '2026-11-29T10:00:00.000Z').map((a) => JSON.parse(JSON.stringify(a)) as unknown);
    const payloads: unknown[] = [
      answer(day),
      answer([]),
      answer(day, { work: [], cursor: 12, extra: true }),
      answer(day, { cursor: -1 }),
      answer(day, { date: '2026-02-30' }),
      answer(day, { kepId: 'KEP' }),
      { ...answer(day), serverTime: undefined },
      ...variations().map((row) => answer([...day.slice(0, 3), row])),
      null,
      [],
      Object.assign([], answer(day)),
      { appointments: 'none' },
    ];
    for (const payload of payloads) {
      const quick = parseAppointmentsResponse(payload);
      const zod = appointmentsResponseSchema.safeParse(payload);
      expect(quick.success).toBe(zod.success);
      if (zod.success) expect(quick.data).toStrictEqual(zod.data);
      else expect(quick.error?.issues).toStrictEqual(zod.error.issues);
    }
  });
});
