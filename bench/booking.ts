/**
 * `npm run bench:booking`: how fast the hub finds a KEP's free slots and takes a booking, each
 * against a bare SQL baseline in the same run.
 *
 * 1. A hub data folder with BENCH_BOOKING_KEPS KEPs (133), each with 30 days of bookings from
 *    tomorrow at ~70 % of its desks' slots (bench/lib/booking-fixture.ts), then a real hub on it.
 * 2. One KEP's next 30 days of free slots: the hub's own search (searchSlots: schedule, one
 *    occupancy query, the grid) p50/p99 over BENCH_BOOKING_RUNS, taking turns with the baseline,
 *    a bare `GROUP BY starts_at` count over the same rows.
 * 3. Booking over HTTP (POST /api/v1/booking, a citizen session each, distinct free slots across
 *    the KEPs) p50/p99 over BENCH_BOOKING_HTTP_RUNS, against a bare INSERT of an appointment row.
 *
 * Loopback only; stops by itself after BENCH_TIMEOUT_S (300). The last line printed is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchRange } from '../hub/src/booking/free-slots';
import { searchSlots } from '../hub/src/booking/slot-search';
import { CITIZEN_COOKIE, startCitizenSession } from '../hub/src/citizen-auth/citizen-session';
import { type RunningHub, startHub } from '../hub/src/server';
import { addDays, formatAthensDate } from '../src-shared/domain/athens-time';
import { setLogLevel } from '../src-shared/log';
import { API_PREFIX } from '../src-shared/protocol/constants';
import { buildBookingHub } from './lib/booking-fixture';
import { guardRun } from './lib/run-guard';
import { setting } from './lib/settings';
import { round, secondsSince, summarize } from './lib/stats';

const DAYS = 30;
const OCCUPANCY = 0.7;

const time = <T>(work: () => T): [number, T] => {
  const start = performance.now();
  const result = work();
  return [performance.now() - start, result];
};

const p = (values: readonly number[]) => {
  const s = summarize(values);
  return { p50: round(s.p50, 3), p99: round(s.p99, 3) };
};

/** The hub's slot search against a bare GROUP BY of the same rows, taking turns after a warm-up of each. */
function measureSearch(hub: RunningHub, kepId: string, from: string, runs: number) {
  const { start, end } = searchRange(from, DAYS);
  const bare = hub.store.db.prepare(
    `SELECT starts_at, count(*) AS n FROM appointments
     WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? AND status NOT IN ('cancelled', 'rescheduled') GROUP BY starts_at`,
  );
  const args = [kepId, start.toISOString(), end.toISOString()] as const;
  let answer = searchSlots(hub.store, kepId, { from, days: DAYS });
  bare.all(...args);
  const search: number[] = [];
  const sql: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [ms, latest] = time(() => searchSlots(hub.store, kepId, { from, days: DAYS }));
    answer = latest;
    search.push(ms);
    sql.push(time(() => bare.all(...args))[0]);
  }
  return { answer, search: p(search), sql: p(sql) };
}

/** Bookings over HTTP, one after another, each a new citizen session and a distinct free slot. */
async function measureBooking(hub: RunningHub, kepIds: readonly string[], from: string, runs: number) {
  const targets: Array<{ kepId: string; startsAt: string }> = [];
  for (const kepId of kepIds) {
    if (targets.length > runs) break;
    const free = searchSlots(hub.store, kepId, { from, days: DAYS }).days.flatMap((d) => d.slots);
    for (const slot of free.slice(0, 3)) targets.push({ kepId, startsAt: slot.startsAt });
  }
  const book = async (target: { kepId: string; startsAt: string }): Promise<number> => {
    const { token } = startCitizenSession(hub.store, { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783' });
    const body = {
      kepId: target.kepId,
      category: 1,
      serviceCode: 'C1-BIRTH-CERT',
      description: 'Πιστοποιητικό γέννησης για τον γάμο μου.',
      interpreterNeeded: false,
      startsAt: target.startsAt,
      email: 'eleni@example.com',
      phone: null,
      deliveryMethod: 'email',
      postalAddress: null,
    };
    const start = performance.now();
    const res = await fetch(`${hub.url}${API_PREFIX}/booking`, {
      method: 'POST',
      headers: { cookie: `${CITIZEN_COOKIE}=${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.json();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`POST /booking answered ${res.status}`);
    return ms;
  };
  const [warmUp, ...measured] = targets.slice(0, runs + 1);
  if (!warmUp || measured.length < runs) throw new Error(`only ${targets.length} free slots found for ${runs + 1} bookings`);
  await book(warmUp);
  const http: number[] = [];
  for (const target of measured) http.push(await book(target));

  const kepId = kepIds[0]!;
  const insert = hub.store.db.prepare(
    `INSERT INTO appointments (id, kep_id, starts_at, ends_at, category, service_code, subject, citizen_first_name, citizen_last_name,
       citizen_afm, citizen_email, interpreter_needed, delivery_method, status, created_at, updated_at, booked_via)
     VALUES (?, ?, ?, ?, 1, 'C1-BIRTH-CERT', 'x', 'Ελένη', 'Μακρή', '123456783', 'eleni@example.com', 0, 'email', 'booked', ?, ?, 'online')`,
  );
  const inserts: number[] = [];
  const at = new Date(`${addDays(from, DAYS + 1)}T06:00:00.000Z`).toISOString();
  for (let i = 0; i < runs; i++) inserts.push(time(() => insert.run(randomUUID(), kepId, at, at, at, at))[0]);
  return { http: p(http), insert: p(inserts) };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const s = {
    keps: setting('BENCH_BOOKING_KEPS', 133, 1),
    runs: setting('BENCH_BOOKING_RUNS', 50, 1),
    httpRuns: setting('BENCH_BOOKING_HTTP_RUNS', 50, 1),
    timeoutS: setting('BENCH_TIMEOUT_S', 300, 10),
  };
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-booking-'));
  let hub: RunningHub | null = null;
  let phase = 'building the hub';
  guardRun(
    'bench:booking',
    s.timeoutS,
    () => {
      hub?.store.close();
      rmSync(work, { recursive: true, force: true });
    },
    () => `phase: ${phase}`,
  );
  try {
    const from = addDays(formatAthensDate(new Date()), 1);
    const dataDir = join(work, 'hub');
    const buildStart = performance.now();
    const fixture = buildBookingHub(dataDir, s.keps, from, DAYS, OCCUPANCY);
    const buildS = secondsSince(buildStart);
    console.log(
      `hub: ${s.keps} KEPs × ${DAYS} days from ${from} at ~${OCCUPANCY * 100} % of their desks: ${fixture.appointments} bookings; built in ${buildS} s`,
    );

    phase = 'searching slots';
    hub = await startHub({ dataDir, port: 0, host: '127.0.0.1' });
    const kepId = fixture.kepIds[Math.floor(fixture.kepIds.length / 2)]!;
    const search = measureSearch(hub, kepId, from, s.runs);
    const freeSlots = search.answer.days.reduce((n, d) => n + d.slots.length, 0);
    const searchRatio = round(search.search.p50 / search.sql.p50, 2);
    console.log(
      `${kepId}, ${DAYS} days (${freeSlots} free slots): search p50 ${search.search.p50} ms, p99 ${search.search.p99} ms; bare GROUP BY p50 ${search.sql.p50} ms, p99 ${search.sql.p99} ms; ratio of p50s ${searchRatio}`,
    );

    phase = 'booking over HTTP';
    const booking = await measureBooking(hub, fixture.kepIds, from, s.httpRuns);
    const bookingRatio = round(booking.http.p50 / booking.insert.p50, 1);
    console.log(
      `booking over HTTP (${s.httpRuns}): p50 ${booking.http.p50} ms, p99 ${booking.http.p99} ms; bare INSERT p50 ${booking.insert.p50} ms, p99 ${booking.insert.p99} ms; ratio of p50s ${bookingRatio}`,
    );
    console.log(
      `load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores; whole run ${secondsSince(started)} s`,
    );
    console.log(
      JSON.stringify({
        bench: 'booking',
        keps: s.keps,
        bookings: fixture.appointments,
        buildS,
        slotSearch: { days: DAYS, freeSlots, ...search.search },
        booking: booking.http,
        baseline: { slotSearchSql: search.sql, bookingInsert: booking.insert },
        ratio: { slotSearch: searchRatio, booking: bookingRatio },
      }),
    );
  } finally {
    await hub?.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench:booking failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
