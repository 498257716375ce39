import type { SyncStatus } from '../../src-shared/contract/ipc';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { AppError, type ErrorInfo } from '../../src-shared/errors';
import type { StaffResponse } from '../../src-shared/protocol/changes';
import { type AppointmentsResponse, type Kep, kepSchema, type WorkstationResponse } from '../../src-shared/protocol/hub-api';
import { createLogger } from '../../src-shared/log';
import type { AppointmentStore } from '../appointments/appointment-store';
import type { SqliteDatabase } from '../db/open-database';
import type { EventBus } from '../ipc/event-bus';
import { KeyValueStore } from '../settings/key-value-store';
import type { HubApiClient } from '../hub/hub-api-client';
import type { WorkStore } from '../work/work-store';

const log = createLogger('day-sync');

/**
 * Pulling changes after a gap longer than this becomes a full sync of the days; so does a
 * periodic sync this long after the last full one (it also brings the KEP's staff anew).
 */
const FULL_SYNC_AFTER_MS = 60 * 60_000;

/** What a caller still waiting on a sync hears once the app has shut down. */
const STOPPED: SyncStatus = { state: 'never', lastSuccessAt: null, lastAttemptAt: null, lastError: null };

export interface DaySyncDeps {
  db: SqliteDatabase;
  work: WorkStore;
  /** The hub client of the current credential; null before enrolment. */
  client: () => HubApiClient | null;
  store: AppointmentStore;
  events: EventBus;
  now?: () => Date;
}

/**
 * Pulls the workstation's KEP's appointments for given days into the cache. The hub owns
 * booking data, so a synced day is replaced whole. What the sync last achieved is kept in
 * SQLite, so an app started without the hub can still say when it last saw it.
 */
export class DaySync {
  private readonly state: KeyValueStore;
  private running: Promise<void> | null = null;
  private pulling: Promise<void> | null = null;
  /** The days a pull asked for while another was in flight, to pull once that one is done. */
  private pullAgain: readonly IsoDate[] | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private periodic = false;
  /** Set by stop(): a run still waiting on the network must not touch a closed database. */
  private stopped = false;
  private readonly now: () => Date;
  private readonly changedListeners = new Set<(ids: readonly string[]) => void>();

  constructor(private readonly deps: DaySyncDeps) {
    this.state = new KeyValueStore(deps.db, 'sync_state');
    this.now = deps.now ?? (() => new Date());
  }

  /** Told which appointments the hub's change feed named, after they are stored. */
  onAppointmentsChanged(listener: (ids: readonly string[]) => void): () => void {
    this.changedListeners.add(listener);
    return () => this.changedListeners.delete(listener);
  }

  /** The KEP this workstation belongs to, as the hub last said. */
  kep(): Kep | null {
    const raw = this.state.get('kep');
    if (!raw) return null;
    const parsed = kepSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  status(): SyncStatus {
    const lastError = this.state.get('lastError');
    return {
      state: this.running ? 'syncing' : ((this.state.get('state') as SyncStatus['state'] | null) ?? 'never'),
      lastSuccessAt: this.state.get('lastSuccessAt'),
      lastAttemptAt: this.state.get('lastAttemptAt'),
      lastError: lastError ? (JSON.parse(lastError) as ErrorInfo) : null,
    };
  }

  /** Syncs the given days; concurrent callers share one run. Resolves with the status after it. */
  sync(dates: readonly IsoDate[]): Promise<SyncStatus> {
    if (!this.running) {
      const run = this.run(dates);
      this.running = run;
      // Registered first, so it runs before any caller's continuation sees the status.
      void run.then(() => {
        this.running = null;
        if (!this.stopped) this.deps.events.emit('sync.changed', this.status());
      });
      this.deps.events.emit('sync.changed', this.status());
    }
    return this.running.then(() => (this.stopped ? STOPPED : this.status()));
  }

  /**
   * Syncs now and then every `intervalMs` (sooner, every `retryMs`, while the hub is away).
   * Live push replaces most of this polling once the hub sends events.
   */
  startPeriodic(dates: () => readonly IsoDate[], intervalMs: number, retryMs: number): void {
    this.periodic = true;
    const tick = async (): Promise<void> => {
      const status = await this.refresh(dates()).catch(() => null);
      if (!this.periodic || !status) return;
      this.timer = setTimeout(() => void tick(), status.state === 'idle' ? intervalMs : retryMs);
      this.timer.unref?.();
    };
    void tick();
  }

  /**
   * The periodic sync: only what changed since the cursor while the last full sync covered
   * these days and is recent; the whole days otherwise (the first run, a new day, an hour on).
   */
  private async refresh(dates: readonly IsoDate[]): Promise<SyncStatus> {
    const covered = new Set<string>(JSON.parse(this.state.get('fullSyncDates') ?? '[]') as string[]);
    if (this.running || !dates.every((d) => covered.has(d))) return this.sync(dates);
    // It falls back to the whole days itself when the last full sync is old or the feed resets.
    await this.pullChanges(dates);
    return this.status();
  }

  stop(): void {
    this.stopped = true;
    this.periodic = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Applies what changed at the hub since the last position (live pushes call this): bookings
   * upserted, work taken unless a local change is pending. A gap the hub cannot bridge means a
   * full sync of the days.
   */
  pullChanges(dates: readonly IsoDate[]): Promise<void> {
    if (this.pulling) {
      // The pull in flight may have read the feed before the change this caller heard of: once
      // it is done, one more pull follows for all who asked meanwhile.
      this.pullAgain = dates;
      return this.pulling;
    }
    this.pulling = this.pullUntilCurrent(dates).finally(() => {
      this.pulling = null;
      this.pullAgain = null;
    });
    return this.pulling;
  }

  private async pullUntilCurrent(dates: readonly IsoDate[]): Promise<void> {
    let next: readonly IsoDate[] | null = dates;
    while (next && !this.stopped) {
      this.pullAgain = null;
      await this.pull(next);
      next = this.pullAgain;
    }
  }

  private async pull(dates: readonly IsoDate[]): Promise<void> {
    const client = this.deps.client();
    const kep = this.kep();
    const since = Number(this.state.get('cursor') ?? NaN);
    const lastFull = this.state.get('fullSyncAt');
    // After a long gap the whole days are cheaper and surer than a long list of changes.
    const stale = !lastFull || this.now().getTime() - new Date(lastFull).getTime() > FULL_SYNC_AFTER_MS;
    if (!client || !kep || !Number.isInteger(since) || stale) {
      // A running sync may have read the hub before the change this pull was asked for: once it
      // is done (and has left a cursor), the changes since are pulled too.
      const joined = this.running !== null;
      await this.sync(dates);
      if (joined && !this.stopped && Number.isInteger(Number(this.state.get('cursor') ?? NaN))) await this.pull(dates);
      return;
    }
    try {
      const feed = await client.changes(since);
      if (this.stopped) return;
      if (feed.reset) {
        await this.sync(dates);
        return;
      }
      const foreign = feed.appointments.filter((a) => a.kepId !== kep.id);
      if (foreign.length > 0)
        throw new AppError('hub_error', 'The hub sent appointments of another KEP; nothing was stored.', { reason: 'sync.foreign_appointments' });
      const wasIdle = this.state.get('state') === 'idle';
      const syncedAt = this.now().toISOString();
      this.deps.db.transaction(() => {
        this.deps.store.upsertMany(feed.appointments, syncedAt);
        this.deps.work.acceptFromHub(feed.work);
        this.state.set('cursor', String(feed.cursor));
        // The cache is as current as a full sync would make it.
        this.state.set('state', 'idle');
        this.state.set('lastSuccessAt', syncedAt);
        this.state.set('lastError', '');
      })();
      if (!wasIdle) this.deps.events.emit('sync.changed', this.status());
      if (feed.appointments.length > 0 || feed.work.length > 0) this.deps.events.emit('day.changed', { dates: [...dates] });
      if (feed.appointments.length > 0) for (const listener of this.changedListeners) listener(feed.appointments.map((a) => a.id));
    } catch (error) {
      if (this.stopped) return;
      log.warn('pulling changes failed', { error: String(error) });
      this.recordFailure(error);
      this.deps.events.emit('sync.changed', this.status());
    }
  }

  /**
   * The hub's answers a full sync needs, asked together, the days first (the hub answers in
   * turn, and the desk reads the largest answer while the rest come); null without a hub. A
   * client that cannot be made (a credential that cannot be read) is a rejected promise.
   */
  private ask(dates: readonly IsoDate[]): Promise<[AppointmentsResponse[], WorkstationResponse, StaffResponse]> | null {
    let client: HubApiClient | null;
    try {
      client = this.deps.client();
    } catch (error) {
      return Promise.reject(error);
    }
    return client && Promise.all([Promise.all(dates.map((date) => client.appointments(date))), client.workstation(), client.staff()]);
  }

  /** Never rejects: every failure is recorded as the sync's state. */
  private async run(dates: readonly IsoDate[]): Promise<void> {
    const attemptAt = this.now().toISOString();
    // Asked before the attempt is recorded: that write is made durable while the hub answers.
    const asked = this.ask(dates);
    // Awaited below; handled here too, so a failing write before that leaves no rejection unhandled.
    void asked?.catch(() => undefined);
    try {
      this.state.set('lastAttemptAt', attemptAt);
      if (!asked) throw new AppError('not_configured', 'No hub is configured for this workstation. Ask IT to enrol it.');
      const [days, { kep }, { staff }] = await asked;
      if (this.stopped) return;
      for (const day of days) {
        if (day.kepId !== kep.id || day.appointments.some((a) => a.kepId !== kep.id)) {
          throw new AppError('hub_error', 'The hub sent appointments of another KEP; nothing was stored.', { reason: 'sync.foreign_appointments' });
        }
      }
      // The earliest position seen: changes after it are pulled again, none is skipped.
      const cursor = days.length ? Math.min(...days.map((d) => d.cursor)) : null;
      const syncedAt = this.now().toISOString();
      // One commit (one fsync) for the days, the staff and the sync's state: each write alone is one.
      this.deps.db.transaction(() => {
        this.state.set('kep', JSON.stringify(kep));
        this.deps.store.replaceStaff(kep.id, staff);
        days.forEach((day, i) => {
          this.deps.store.replaceDay(kep.id, dates[i] as IsoDate, day.appointments, syncedAt);
          this.deps.work.acceptFromHub(day.work);
        });
        if (cursor !== null) this.state.set('cursor', String(cursor));
        this.state.set('state', 'idle');
        this.state.set('lastSuccessAt', syncedAt);
        this.state.set('lastError', '');
        this.state.set('fullSyncAt', syncedAt);
        this.state.set('fullSyncDates', JSON.stringify(dates));
      })();
      this.deps.events.emit('day.changed', { dates: [...dates] });
    } catch (error) {
      if (this.stopped) return;
      if (!(error instanceof AppError)) log.error('sync failed', { error: String(error) });
      else log.warn('sync failed', { ...error.toInfo() });
      this.recordFailure(error);
    }
  }

  /** A failed sync or pull, as the status shows it: the hub away, or an error to act on. */
  private recordFailure(error: unknown): void {
    const info: ErrorInfo = error instanceof AppError ? error.toInfo() : { code: 'internal', message: 'The sync failed unexpectedly.' };
    this.state.set('state', info.code === 'hub_unreachable' ? 'offline' : 'error');
    this.state.set('lastError', JSON.stringify(info));
  }
}
