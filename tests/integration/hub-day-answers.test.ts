import { request } from 'node:http';
import { crc32, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { type RunningHub, startHub } from '../../hub/src/server';
import { HubStore } from '../../hub/src/store/hub-store';
import { answerText } from '../../src-main/hub/hub-http';
import { type AppointmentsResponse, parseAppointmentsResponse } from '../../src-shared/protocol/hub-api';
import { makeTempDir } from '../support/temp-dir';

const TODAY = '2026-11-30';
const EMPTY_DAY = '2026-12-24';
const ATHENS = (DEMO_KEPS[0] as { id: string }).id;

let dir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let token: string;
beforeAll(async () => {
  dir = makeTempDir('kep-hub-day-answers-');
  hub = await startHub({ dataDir: dir.path, port: 0 });
  seedDemo(hub.store, [TODAY]);
  token = hub.store.addWorkstation(ATHENS, 'test desk').token;
});
afterAll(async () => {
  await hub.close();
  dir.remove();
});

/** A raw GET: the answer as the hub sent it, and its JSON (gunzipped when it came gzipped). */
function get(date: string, acceptEncoding?: string): Promise<{ gzipped: boolean; text: Buffer; body: AppointmentsResponse }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
    request(`${hub.url}/api/v1/appointments?date=${date}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        expect(Number(res.headers['content-length'])).toBe(raw.length);
        const gzipped = res.headers['content-encoding'] === 'gzip';
        const text = gzipped ? gunzipSync(raw) : raw;
        // One gzip member: its trailer covers the whole JSON (a decoder that reads one member,
        // as curl and Python's zlib do, gets all of it).
        if (gzipped && (raw.readUInt32LE(raw.length - 8) !== crc32(text) || raw.readUInt32LE(raw.length - 4) !== text.length))
          return reject(new Error('The gzipped day is not one gzip member: its trailer does not cover the whole JSON.'));
        const parsed = parseAppointmentsResponse(JSON.parse(text.toString('utf8')));
        if (!parsed.success) return reject(new Error(JSON.stringify(parsed.error.issues.slice(0, 3))));
        resolve({ gzipped, text, body: parsed.data });
      });
    })
      .on('error', reject)
      .end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const statusOf = (day: AppointmentsResponse, id: string): string | undefined => day.appointments.find((a) => a.id === id)?.status;

describe('GET /appointments, a day made once while nothing changes', () => {
  it('answers the same day again, with its own serverTime, gzipped or not', async () => {
    const first = await get(TODAY, 'gzip');
    await sleep(5);
    const again = await get(TODAY, 'gzip');
    const plain = await get(TODAY);
    expect(first.gzipped && again.gzipped && !plain.gzipped).toBe(true);
    expect(first.body.appointments.length).toBeGreaterThan(0);
    expect(again.body.serverTime > first.body.serverTime).toBe(true);
    expect({ ...again.body, serverTime: '' }).toEqual({ ...first.body, serverTime: '' });
    expect({ ...plain.body, serverTime: '' }).toEqual({ ...first.body, serverTime: '' });
  });

  it('shows a write at once, made in this hub process or in another one on the same database', async () => {
    const before = await get(TODAY, 'gzip');
    const [a, b] = before.body.appointments.filter((x) => x.status === 'booked');
    if (!a || !b) throw new Error('the demo day has too few booked appointments');

    hub.store.setAppointmentStatus(a.id, 'cancelled', 'test');
    const afterOwn = await get(TODAY, 'gzip');
    expect(statusOf(afterOwn.body, a.id)).toBe('cancelled');
    expect(afterOwn.body.cursor).toBeGreaterThan(before.body.cursor);
    expect(statusOf((await get(TODAY)).body, a.id)).toBe('cancelled');

    const other = new HubStore(dir.path);
    try {
      other.setAppointmentStatus(b.id, 'completed');
    } finally {
      other.close();
    }
    const afterOther = await get(TODAY, 'gzip');
    expect(statusOf(afterOther.body, b.id)).toBe('completed');
    expect(afterOther.body.cursor).toBeGreaterThan(afterOwn.body.cursor);
  });

  it('shows a write the change feed was not told of (raw SQL, an operator’s tool)', async () => {
    const before = await get(TODAY, 'gzip');
    const [first, second] = before.body.appointments;
    if (!first || !second) throw new Error('the demo day has too few appointments');
    hub.store.db.prepare('UPDATE appointments SET subject = ? WHERE id = ?').run('διορθώθηκε', first.id);
    expect((await get(TODAY, 'gzip')).body.appointments.find((a) => a.id === first.id)?.subject).toBe('διορθώθηκε');
    hub.store.db.prepare('DELETE FROM appointments WHERE id = ?').run(second.id);
    const after = await get(TODAY, 'gzip');
    expect(after.body.appointments.map((a) => a.id)).not.toContain(second.id);
    expect(after.body.cursor).toBe(before.body.cursor);
  });

  it('shows a change of an appointment’s work at once', async () => {
    const before = await get(TODAY, 'gzip');
    const appointment = before.body.appointments[0];
    if (!appointment) throw new Error('the demo day is empty');
    hub.store.updateWork(appointment, { notes: 'φάκελος έτοιμος' });
    const after = await get(TODAY, 'gzip');
    expect(after.body.work.find((w) => w.appointmentId === appointment.id)?.notes).toBe('φάκελος έτοιμος');
  });

  it('sends the day’s Greek, and characters beyond U+FFFF, as UTF-8 the desk reads back as the same text', async () => {
    const appointment = (await get(TODAY, 'gzip')).body.appointments[0];
    if (!appointment) throw new Error('the demo day is empty');
    hub.store.db.prepare('UPDATE appointments SET subject = ? WHERE id = ?').run('Βεβαίωση μόνιμης κατοικίας 🏠', appointment.id);
    for (const encoding of ['gzip', undefined]) {
      const day = await get(TODAY, encoding);
      expect(day.text.includes(Buffer.from('Βεβαίωση μόνιμης κατοικίας 🏠'))).toBe(true);
      const read = parseAppointmentsResponse(JSON.parse(answerText(day.text)));
      expect(read.success && read.data).toEqual(day.body);
      expect(day.body.appointments.find((a) => a.id === appointment.id)?.subject).toBe('Βεβαίωση μόνιμης κατοικίας 🏠');
    }
  });

  it('sends a small day plain, and the desk’s fetch reads a large one', async () => {
    const empty = await get(EMPTY_DAY, 'gzip');
    expect(empty.gzipped).toBe(false);
    expect(empty.body.appointments).toEqual([]);
    const response = await fetch(`${hub.url}/api/v1/appointments?date=${TODAY}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const parsed = parseAppointmentsResponse(await response.json());
    expect(parsed.success && parsed.data.appointments.length).toBeGreaterThan(0);
  });
});
