import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { AppointmentStore } from '../../src-main/appointments/appointment-store';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { EventBus } from '../../src-main/ipc/event-bus';
import { DaySync } from '../../src-main/sync/day-sync';
import { OutboxEntries } from '../../src-main/sync/outbox-entries';
import { WorkStore } from '../../src-main/work/work-store';
import { startTestHub, type TestHub } from '../support/hub';
import { makeAppointment } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

const TODAY = '2026-11-30';
const NEXT = '2026-12-01';
const LATER = '2026-12-02';
const ATHENS = (DEMO_KEPS[0] as { id: string }).id;
const INTERVAL_MS = 40;

let hub: TestHub;
let dataDir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
let sync: DaySync;
let store: AppointmentStore;
let clock: Date;

beforeEach(async () => {
  hub = await startTestHub([TODAY, NEXT, LATER]);
  dataDir = makeTempDir();
  db = openAppDatabase(dataDir.path);
  store = new AppointmentStore(db);
  const work = new WorkStore(db, new OutboxEntries(db), store);
  const client = new HubApiClient({ baseUrl: hub.hub.url, token: hub.tokens[ATHENS] as string });
  clock = new Date('2026-11-30T06:30:00Z');
  sync = new DaySync({ db, work, client: () => client, store, events: new EventBus(), now: () => clock });
});
afterEach(async () => {
  sync.stop();
  db.close();
  await hub.stop();
  dataDir.remove();
});

/** Gone from the hub without a change recorded: only a full sync of its day notices. */
function removeSilently(date: IsoDate): string {
  const [first] = hub.hub.store.listAppointments(ATHENS, date);
  hub.hub.store.db.prepare('DELETE FROM appointments WHERE id = ?').run(first?.id);
  return first?.id as string;
}

const cached = (date: IsoDate): string[] => store.listDay(ATHENS, date).map((a) => a.id);

/**
 * Replaces `sync` with one whose hub client holds the first answer of `method` once the hub has
 * given it, until `release()`: what the desk read stays read while the hub moves on.
 */
function holdFirstAnswer(method: 'appointments' | 'changes'): { hubAnswered: Promise<void>; release: () => void } {
  const client = new HubApiClient({ baseUrl: hub.hub.url, token: hub.tokens[ATHENS] as string });
  let answered: () => void = () => undefined;
  const hubAnswered = new Promise<void>((resolve) => (answered = resolve));
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  const slow = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== method || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const answer = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        if (holding) {
          holding = false;
          answered();
          await held;
        }
        return answer;
      };
    },
  });
  sync.stop();
  sync = new DaySync({ db, work: new WorkStore(db, new OutboxEntries(db), store), client: () => slow, store, events: new EventBus(), now: () => clock });
  return { hubAnswered, release };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('periodic sync', () => {
  it('pulls the change feed between full syncs of the same days', async () => {
    const dates = [TODAY, NEXT] as IsoDate[];
    expect((await sync.sync(dates)).state).toBe('idle');
    const removed = removeSilently(TODAY);
    const [cancelled] = hub.hub.store.listAppointments(ATHENS, NEXT);
    hub.hub.store.setAppointmentStatus(cancelled?.id as string, 'cancelled', 'Ακυρώθηκε');

    sync.startPeriodic(() => dates, INTERVAL_MS, INTERVAL_MS);
    await until(() => store.get(cancelled?.id as string, ATHENS)?.status === 'cancelled');
    // The feed brought the change; no full sync ran, or the silently removed booking would be gone.
    expect(cached(TODAY)).toContain(removed);
    expect(sync.status().state).toBe('idle');
  });

  it('syncs whole days for a day the last full sync did not cover, and an hour on', async () => {
    expect((await sync.sync([TODAY, NEXT] as IsoDate[])).state).toBe('idle');
    const removedToday = removeSilently(TODAY);
    const removedNext = removeSilently(NEXT);

    let dates = [NEXT, LATER] as IsoDate[];
    sync.startPeriodic(() => dates, INTERVAL_MS, INTERVAL_MS);
    await until(() => cached(LATER).length > 0);
    await until(() => !cached(NEXT).includes(removedNext));

    clock = new Date(clock.getTime() + 61 * 60_000);
    dates = [TODAY, NEXT] as IsoDate[];
    await until(() => !cached(TODAY).includes(removedToday));
  });

  it('shows the hub away when a pull between full syncs fails', async () => {
    const dates = [TODAY] as IsoDate[];
    expect((await sync.sync(dates)).state).toBe('idle');
    await hub.stop();
    sync.startPeriodic(() => dates, INTERVAL_MS, INTERVAL_MS);
    await until(() => sync.status().state === 'offline');
    expect(sync.status().lastError?.code).toBe('hub_unreachable');
    // Stopped by afterEach.
    hub = await startTestHub([TODAY]);
  });
  it('does not lose a change made while a full sync it joined was reading the hub', async () => {
    // The first sync of a fresh desk, held after the hub has answered its day: a pull asked for
    // now (a push, a reconnection) joins it, and a booking made meanwhile is not in its answer.
    const { hubAnswered, release } = holdFirstAnswer('appointments');
    const first = sync.sync([TODAY]);
    await hubAnswered;
    const late = makeAppointment(ATHENS, new Date('2026-11-30T09:00:00Z'));
    hub.hub.store.insertAppointments([late]);
    const pulled = sync.pullChanges([TODAY]);
    release();
    await Promise.all([first, pulled]);
    expect(cached(TODAY)).toContain(late.id);
  });

  it('does not lose a change made while a pull it joined was reading the feed', async () => {
    // Two pushes close together: the second asks for a pull while the first is still waiting on
    // the hub's answer, which was read before the second booking was made.
    expect((await sync.sync([TODAY] as IsoDate[])).state).toBe('idle');
    const { hubAnswered, release } = holdFirstAnswer('changes');
    const first = makeAppointment(ATHENS, new Date('2026-11-30T08:00:00Z'));
    hub.hub.store.insertAppointments([first]);
    const firstPull = sync.pullChanges([TODAY]);
    await hubAnswered;
    const second = makeAppointment(ATHENS, new Date('2026-11-30T09:00:00Z'));
    hub.hub.store.insertAppointments([second]);
    const secondPull = sync.pullChanges([TODAY]);
    release();
    await Promise.all([firstPull, secondPull]);
    expect(cached(TODAY)).toContain(first.id);
    expect(cached(TODAY)).toContain(second.id);
  });
});

describe('a sync that cannot start', () => {
  it('records a credential that cannot be read as a failed attempt, and resolves', async () => {
    sync.stop();
    sync = new DaySync({
      db,
      work: new WorkStore(db, new OutboxEntries(db), store),
      client: () => {
        throw new Error('The workstation credential cannot be decrypted.');
      },
      store,
      events: new EventBus(),
      now: () => clock,
    });
    const status = await sync.sync([TODAY]);
    expect(status).toMatchObject({ state: 'error', lastAttemptAt: clock.toISOString(), lastError: { code: 'internal' } });
  });
});
