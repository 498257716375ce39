import { join } from 'node:path';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { answerText, hubHttp } from '../../src-main/hub/hub-http';
import type { Appointment } from '../../src-shared/domain/appointment';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import { API_PREFIX, parseAppointmentsResponse } from '../../src-shared/protocol/hub-api';
import { BENCH_PASSWORD, type SyncBenchKep } from './sync-fixture';

/** One full sync of a fresh workstation, as the app does it. */
export interface AppSyncRun {
  /**
   * The app's start (`start()`, nobody signed in) until its first sync of an empty cache is done:
   * today (the benchmark's day) and the next working day. This is where a desk syncs whole days
   * it has not got: at its start, before anyone signs in.
   */
  startSyncMs: number;
  /** `session.signIn` through the IPC router (the hub's password check included). */
  signInMs: number;
  /**
   * `sync.now` on an empty cache right after a sign-in, in another fresh data directory: the
   * same sync with the sign-in's own requests (session, audit, outbox, realtime connection,
   * catalogue) in the same thread at the same time.
   */
  syncMs: number;
  /** `sync.now` again, every row already cached (what the periodic sync does all day). */
  resyncMs: number;
  /** `day.get` of the synced day, as the renderer asks for it. */
  dayGetMs: number;
  rows: number;
}

function unwrap<T>(result: Result<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits (up to 2 s) for the realtime connection to the hub, then a little more for its first pull. */
async function realtimeSettled(invoke: KepApp['invoke']): Promise<void> {
  const until = performance.now() + 2000;
  while (performance.now() < until) {
    const session = await invoke('session.get', undefined);
    if (session.ok && (session.value as { realtime?: string } | null)?.realtime === 'connected') break;
    await sleep(10);
  }
  await sleep(50);
}

/** A sync of a few thousand rows takes well under a second here: this long means it hangs. */
const SYNC_END_TIMEOUT_MS = 30_000;

/**
 * Resolves when the app's sync next ends idle; rejects when it ends otherwise, or has not ended
 * within SYNC_END_TIMEOUT_MS (the run's own guard would stop the bench later, naming less).
 */
function nextSyncEnd(app: KepApp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`The start's sync did not end within ${SYNC_END_TIMEOUT_MS / 1000} s.`));
    }, SYNC_END_TIMEOUT_MS);
    const stop = app.events.subscribe((event, payload) => {
      const status = payload as { state: string; lastError: unknown };
      if (event !== 'sync.changed' || status.state === 'syncing') return;
      stop();
      clearTimeout(timer);
      if (status.state === 'idle') resolve();
      else reject(new Error(`The start's sync ended in state ${status.state}: ${JSON.stringify(status.lastError)}`));
    });
  });
}

/**
 * Builds the app (main's services, no Electron) in fresh data directories under `dir` against
 * the hub, with a clock pinned to `now` so "today" is the benchmark's day, and times its syncs:
 * the start's, then, signed in, the hourly one (every row cached); and in a second fresh
 * directory a sign-in followed at once by `sync.now`.
 */
export async function timeAppSync(dir: string, hubUrl: string, kep: SyncBenchKep, date: IsoDate, now: Date): Promise<AppSyncRun> {
  const open = (name: string): KepApp => {
    const dataDir = join(dir, name);
    const config = loadMachineConfig(dataDir, {}, { hubUrl, workstationToken: kep.workstationToken });
    return createApp({ dataDir, config, version: 'bench', now: () => now });
  };
  const signIn = async (app: KepApp): Promise<number> =>
    (await timed(async () => unwrap(await app.invoke('session.signIn', { username: kep.username, password: BENCH_PASSWORD }), 'session.signIn')))[1];
  const syncNow = async (app: KepApp): Promise<number> => {
    const [status, ms] = await timed(async () => unwrap<{ state: string; lastError: unknown }>(await app.invoke('sync.now', undefined), 'sync.now'));
    if (status.state !== 'idle') throw new Error(`sync.now ended in state ${status.state}: ${JSON.stringify(status.lastError)}`);
    return ms;
  };

  const started = open('at-start');
  let startSyncMs: number;
  let resyncMs: number;
  let dayGetMs: number;
  let rows: number;
  try {
    const synced = nextSyncEnd(started);
    [, startSyncMs] = await timed(async () => {
      started.start();
      await synced;
    });
    await signIn(started);
    // Signing in opened the realtime connection; its first change pull follows. Let it settle,
    // so the next sync is timed alone.
    await realtimeSettled(started.invoke);
    resyncMs = await syncNow(started);
    let day: { appointments: Appointment[] };
    [day, dayGetMs] = await timed(async () => unwrap<{ appointments: Appointment[] }>(await started.invoke('day.get', { date }), 'day.get'));
    if (day.appointments.length !== kep.count) throw new Error(`day.get returned ${day.appointments.length} appointments, not ${kep.count}.`);
    rows = day.appointments.length;
  } finally {
    started.close();
  }

  const signedIn = open('after-sign-in');
  try {
    const signInMs = await signIn(signedIn);
    const syncMs = await syncNow(signedIn);
    return { startSyncMs, signInMs, syncMs, resyncMs, dayGetMs, rows };
  } finally {
    signedIn.close();
  }
}

/** The hub's answer for one day, taken apart: transfer and JSON, then the app's schema check. */
export interface HubFetchRun {
  /** GET /appointments until the body is parsed as JSON (the hub's own work included). */
  fetchMs: number;
  /** parseAppointmentsResponse of that body, as HubApiClient does it. */
  validateMs: number;
  bytes: number;
  appointments: Appointment[];
}

/** The day as HubApiClient asks for it: the app's own HTTP (hub-http.ts), then JSON.parse. */
export async function timeHubFetch(hubUrl: string, kep: SyncBenchKep, date: IsoDate): Promise<HubFetchRun> {
  const started = performance.now();
  const answer = await hubHttp({
    method: 'GET',
    url: new URL(`${hubUrl}${API_PREFIX}/appointments?date=${encodeURIComponent(date)}`),
    headers: { accept: 'application/json', authorization: `Bearer ${kep.workstationToken}` },
    timeoutMs: 30_000,
  });
  const text = answerText(answer.body);
  const body: unknown = JSON.parse(text);
  const fetchMs = performance.now() - started;
  if (answer.status !== 200) throw new Error(`GET /appointments answered ${answer.status}: ${text.slice(0, 200)}`);
  const validated = performance.now();
  const result = parseAppointmentsResponse(body);
  const validateMs = performance.now() - validated;
  if (!result.success) throw new Error(`The hub's day failed the app's check: ${JSON.stringify(result.error.issues.slice(0, 3))}`);
  const parsed = result.data;
  if (parsed.appointments.length !== kep.count) throw new Error(`The hub served ${parsed.appointments.length} appointments, not ${kep.count}.`);
  return { fetchMs, validateMs, bytes: answer.body.length, appointments: parsed.appointments };
}
