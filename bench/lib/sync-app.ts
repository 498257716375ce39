import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { Appointment } from '../../src-shared/domain/appointment';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import type { Result } from '../../src-shared/errors';
import { API_PREFIX, parseAppointmentsResponse } from '../../src-shared/protocol/hub-api';
import { BENCH_PASSWORD, type SyncBenchKep } from './sync-fixture';

/** One full sync of a fresh workstation, as the app does it. */
export interface AppSyncRun {
  /** `session.signIn` through the IPC router (the hub's password check included). */
  signInMs: number;
  /** `sync.now` on an empty cache: today (the benchmark's day) and the next working day. */
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

/**
 * Builds the app (main's services, no Electron) in a fresh `dataDir` against the hub, with a
 * clock pinned to `now` so "today" is the benchmark's day, signs in and times the syncs.
 */
export async function timeAppSync(dataDir: string, hubUrl: string, kep: SyncBenchKep, date: IsoDate, now: Date): Promise<AppSyncRun> {
  const config = loadMachineConfig(dataDir, {}, { hubUrl, workstationToken: kep.workstationToken });
  const app = createApp({ dataDir, config, version: 'bench', now: () => now });
  try {
    const [, signInMs] = await timed(async () =>
      unwrap(await app.invoke('session.signIn', { username: kep.username, password: BENCH_PASSWORD }), 'session.signIn'),
    );
    const check = (status: { state: string; lastError: unknown }): void => {
      if (status.state !== 'idle') throw new Error(`sync.now ended in state ${status.state}: ${JSON.stringify(status.lastError)}`);
    };
    const [first, syncMs] = await timed(async () => unwrap<{ state: string; lastError: unknown }>(await app.invoke('sync.now', undefined), 'sync.now'));
    check(first);
    // Signing in opened the realtime connection; its first change pull joins the sync above or
    // follows it. Let it settle, so the second sync is timed alone.
    await realtimeSettled(app.invoke);
    const [second, resyncMs] = await timed(async () => unwrap<{ state: string; lastError: unknown }>(await app.invoke('sync.now', undefined), 'sync.now'));
    check(second);
    const [day, dayGetMs] = await timed(async () => unwrap<{ appointments: Appointment[] }>(await app.invoke('day.get', { date }), 'day.get'));
    if (day.appointments.length !== kep.count) throw new Error(`day.get returned ${day.appointments.length} appointments, not ${kep.count}.`);
    return { signInMs, syncMs, resyncMs, dayGetMs, rows: day.appointments.length };
  } finally {
    app.close();
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

export async function timeHubFetch(hubUrl: string, kep: SyncBenchKep, date: IsoDate): Promise<HubFetchRun> {
  const started = performance.now();
  const response = await fetch(`${hubUrl}${API_PREFIX}/appointments?date=${encodeURIComponent(date)}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${kep.workstationToken}` },
  });
  const text = await response.text();
  const body: unknown = JSON.parse(text);
  const fetchMs = performance.now() - started;
  if (!response.ok) throw new Error(`GET /appointments answered ${response.status}: ${text.slice(0, 200)}`);
  const validated = performance.now();
  const result = parseAppointmentsResponse(body);
  const validateMs = performance.now() - validated;
  if (!result.success) throw new Error(`The hub's day failed the app's check: ${JSON.stringify(result.error.issues.slice(0, 3))}`);
  const parsed = result.data;
  if (parsed.appointments.length !== kep.count) throw new Error(`The hub served ${parsed.appointments.length} appointments, not ${kep.count}.`);
  return { fetchMs, validateMs, bytes: Buffer.byteLength(text), appointments: parsed.appointments };
}
