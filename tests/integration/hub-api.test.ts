import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DAY } from '../../hub/src/seed/demo-appointments';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { isValidAfm } from '../../src-shared/domain/afm';
import { formatAthensTime } from '../../src-shared/domain/athens-time';
import { findService } from '../../src-shared/domain/services';
import { appointmentsResponseSchema, workstationResponseSchema } from '../../src-shared/protocol/hub-api';
import { startTestHub, type TestHub } from '../support/hub';

const DATES = ['2026-11-30', '2026-12-01'];
const [ATHENS, THESSALONIKI] = DEMO_KEPS.map((k) => k.id) as [string, string];
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub(DATES);
});
afterAll(() => t.stop());

const get = (path: string, token?: string): Promise<Response> => fetch(`${t.hub.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('hub appointments API', () => {
  it('answers only with a valid workstation credential', async () => {
    expect((await get('/api/v1/appointments?date=2026-11-30')).status).toBe(401);
    const wrong = await get('/api/v1/appointments?date=2026-11-30', 'not-a-real-token-at-all-0000');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'A valid workstation credential is required.' } });
  });

  it('tells a workstation which KEP it belongs to', async () => {
    const body = workstationResponseSchema.parse(await (await get('/api/v1/workstation', t.tokens[ATHENS])).json());
    expect(body.kep.id).toBe(ATHENS);
    expect(body.kep.name).toBe('ΚΕΠ Δήμου Αθηναίων – Κέντρο');
  });

  it("serves the caller's KEP only, whatever the request says", async () => {
    const res = await get(`/api/v1/appointments?date=2026-11-30&kepId=${THESSALONIKI}`, t.tokens[ATHENS]);
    const body = appointmentsResponseSchema.parse(await res.json());
    expect(body.kepId).toBe(ATHENS);
    expect(body.appointments.length).toBeGreaterThan(0);
    expect(body.appointments.every((a) => a.kepId === ATHENS)).toBe(true);
    const other = appointmentsResponseSchema.parse(await (await get('/api/v1/appointments?date=2026-11-30', t.tokens[THESSALONIKI])).json());
    const ids = new Set(body.appointments.map((a) => a.id));
    expect(other.appointments.some((a) => ids.has(a.id))).toBe(false);
  });

  it('rejects a bad date with a clear error', async () => {
    for (const q of ['date=2026-02-30', 'date=30/11/2026', '']) {
      const res = await get(`/api/v1/appointments?${q}`, t.tokens[ATHENS]);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
  });

  it('answers unknown paths and methods with coded errors', async () => {
    expect((await get('/api/v1/nothing', t.tokens[ATHENS])).status).toBe(404);
    const post = await fetch(`${t.hub.url}/api/v1/appointments`, { method: 'POST', headers: { authorization: `Bearer ${t.tokens[ATHENS]}` } });
    expect(post.status).toBe(405);
  });
});

describe('demo seed', () => {
  it('books realistic days: valid AFMs, all categories, 20-minute slots in KEP hours, interpreters only in category 3', async () => {
    const all = [];
    for (const kep of DEMO_KEPS) {
      for (const date of DATES) {
        const body = appointmentsResponseSchema.parse(await (await get(`/api/v1/appointments?date=${date}`, t.tokens[kep.id])).json());
        all.push(...body.appointments);
      }
    }
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map((a) => a.category))).toEqual(new Set([1, 2, 3, 4]));
    expect(all.every((a) => isValidAfm(a.citizen.afm))).toBe(true);
    expect(all.every((a) => findService(a.serviceCode)?.category === a.category)).toBe(true);
    expect(all.some((a) => a.interpreterNeeded)).toBe(true);
    expect(all.filter((a) => a.interpreterNeeded).every((a) => a.category === 3)).toBe(true);
    for (const a of all) {
      expect(new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime()).toBe(DEMO_DAY.slotMinutes * 60_000);
      const start = formatAthensTime(new Date(a.startsAt));
      expect(start >= DEMO_DAY.from && start < DEMO_DAY.to).toBe(true);
      expect(a.citizen.firstName).toMatch(/^[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]+$/u);
    }
  });

  it('never overwrites or duplicates a day that already has bookings', () => {
    const before = t.hub.store.listAppointments(ATHENS, '2026-11-30');
    const summary = seedDemo(t.hub.store, ['2026-11-30']);
    expect(summary.every((s) => s.skipped)).toBe(true);
    expect(t.hub.store.listAppointments(ATHENS, '2026-11-30')).toEqual(before);
  });
});
