import { resolve } from 'node:path';
import type { AppInfo } from '../../src-shared/contract/ipc';
import { formatAthensDate, type IsoDate } from '../../src-shared/domain/athens-time';
import type { Kep } from '../../src-shared/protocol/hub-api';
import type { Appointment } from '../../src-shared/domain/appointment';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import { AppError } from '../../src-shared/errors';
import { AppointmentStore } from '../appointments/appointment-store';
import { AuditLog } from '../audit/audit-log';
import { AuditedChanges } from '../audit/audited-changes';
import { checkTrailAtStart, type TrailAtStart } from '../audit/trail-at-start';
import { CallFiles } from '../call/call-files';
import { CallMessages } from '../call/call-messages';
import { CallService } from '../call/call-service';
import { CaseRecords } from '../case/case-records';
import type { MachineConfig } from '../config/machine-config';
import { openAppDatabase } from '../db/app-database';
import { CaseDocuments } from '../dispatch/case-documents';
import { DispatchService } from '../dispatch/dispatch-service';
import { DispatchStore } from '../dispatch/dispatch-store';
import { createPostLetters, type LetterSender } from '../dispatch/post-letters';
import { CatalogueCache } from '../booking/catalogue-cache';
import { CatalogueSync } from '../booking/catalogue-sync';
import { DeskBooking } from '../booking/desk-booking';
import { bookingHandlers } from '../features/booking/handlers';
import { callHandlers } from '../features/call/handlers';
import { caseHandlers } from '../features/case/handlers';
import { dayHandlers } from '../features/day/handlers';
import { dispatchHandlers } from '../features/dispatch/handlers';
import { documentHandlers } from '../features/documents/handlers';
import { sessionHandlers } from '../features/session/handlers';
import { settingsHandlers } from '../features/settings/handlers';
import { syncHandlers } from '../features/sync/handlers';
import { updateHandlers } from '../features/update/handlers';
import { verificationHandlers } from '../features/verification/handlers';
import { workstationHandlers } from '../features/workstation/handlers';
import { HubConnection } from '../hub/hub-connection';
import { NOT_CONFIGURED } from '../hub/not-configured';
import type { OsCipher } from '../hub/secret-file';
import { WorkstationLink } from '../hub/workstation-link';
import { EventBus } from '../ipc/event-bus';
import { gateEvents, type RendererEvents } from '../ipc/event-gate';
import { createIpcRouter, type IpcRouter, joinHandlers } from '../ipc/ipc-router';
import { purgePersonalData } from '../retention/retention';
import { SessionService } from '../session/session-service';
import { SettingsService } from '../settings/settings-service';
import { DaySync } from '../sync/day-sync';
import { Outbox } from '../sync/outbox';
import { OutboxEntries } from '../sync/outbox-entries';
import { FleetReporter } from '../fleet/fleet-reporter';
import { fleetHandlers } from '../features/fleet/handlers';
import { statsHandlers } from '../features/stats/handlers';
import { fontLoader } from '../pdf/pdf-fonts';
import { StatsCache } from '../stats/stats-cache';
import { StatsPeriods } from '../stats/stats-period';
import { todayFigures } from '../stats/today-figures';
import type { RoomState } from '../../src-shared/protocol/signaling';
import { appVersionSchema } from '../../src-shared/protocol/updates';
import { updatePlatform } from '../update/update-platform';
import { IDLE_UPDATE_STATE, NOT_SELF_UPDATING, type Updater, UpdateService } from '../update/update-service';
import { VerificationService } from '../verification/verification-service';
import { WorkStore } from '../work/work-store';
import { appointmentNeeds } from './appointment-needs';

/** How long a start waits for the page's first day.get before the background work starts anyway. */
export const PAGE_GRACE_MS = 2000;

export interface AppOptions {
  dataDir: string;
  config: MachineConfig;
  version: string;
  nativeBinding?: string;
  /** The OS's encryption for secrets at rest (Electron safeStorage); null keeps them in 0600 files. */
  cipher?: OsCipher | null;
  /** The app's resources folder (fonts for the post letters); the source tree's unless told. */
  resourcesDir?: string;
  /** electron-updater's updater in a packaged app; without it the desk does not update itself. */
  updater?: Updater;
  now?: () => Date;
}

export interface KepApp {
  /** Calls a channel as the renderer does. */
  invoke: IpcRouter;
  /** Events for the renderer, gated like `invoke` by the signed-in role and the contract's schemas. */
  events: RendererEvents;
  /**
   * Starts the background work: the first sync and its schedule, and resuming a stored session.
   * With `afterFirstDay`, it waits until the page has been served its first day (or that many ms,
   * when no page asks): what the employee sees first is the cached day, and the start's sync,
   * session refresh and reports, all on main's one thread, would otherwise delay it.
   */
  start(options?: { afterFirstDay?: number }): void;
  close(): void;
}

/**
 * The composition root of main's services: what is built from what, and who follows whom. It
 * knows nothing of Electron: the Electron layer and the browser shell both build the app here
 * and differ only in how they carry `invoke` and `events` to the renderer. The channels are
 * handled by feature (src-main/features/), each service announcing its own changes.
 */
export function createApp(options: AppOptions): KepApp {
  const now = options.now ?? (() => new Date());
  const cipher = options.cipher ?? null;
  const today = (): IsoDate => formatAthensDate(now());
  const syncDates = (): IsoDate[] => [today(), nextWorkingDay(today())];

  // Storage, and the tables' owners.
  const db = openAppDatabase(options.dataDir, { nativeBinding: options.nativeBinding });
  const events = new EventBus();
  const appointments = new AppointmentStore(db);
  const settings = new SettingsService(db);
  const outboxEntries = new OutboxEntries(db);
  const work = new WorkStore(db, outboxEntries, appointments);
  const cases = new CaseRecords(db, events, now);
  const documents = new CaseDocuments(db, events);
  const dispatchStore = new DispatchStore(db, outboxEntries);
  const callMessages = new CallMessages(db);
  const callFiles = new CallFiles(db, events);
  const audit = new AuditLog(db, now);
  const catalogue = new CatalogueCache(db);

  // The hub: the workstation's credential, the signed-in person, the live connection.
  const link = new WorkstationLink(options.config, options.dataDir, cipher);
  const client = () => link.client();
  // Session expiry is the hub's wall-clock business, not the app's notion of "today".
  const session = new SessionService({ dataDir: options.dataDir, cipher, client, events });
  // The connection and the calls over it need each other: its handlers run only once it connects
  // (it follows the session, below), when everything they name is built.
  const connection = new HubConnection((state) => session.setRealtime(state), {
    // Live: the hub says the KEP's appointments changed; a (re)connection may have missed some.
    onChanged: () => void sync.pullChanges(syncDates()),
    onConnected: () => {
      void catalogueSync.refresh();
      void dispatches.refresh();
      void sync.pullChanges(syncDates());
      void outbox.retryNow();
      void calls.onConnected();
    },
  });

  // What the desk does, and how it reaches the hub.
  const outbox = new Outbox({ db, entries: outboxEntries, work, client, events, now });
  const changes = new AuditedChanges({ db, audit, outbox, session, workstationId: () => link.endpoint()?.workstationId ?? null });
  const sync = new DaySync({ db, work, client, store: appointments, events, now });
  const catalogueSync = new CatalogueSync({ client, cache: catalogue, events, now });
  // A booking arrives in the day as every hub change does: through the change feed, pulled now.
  const booking = new DeskBooking({ client, accessToken: () => session.hubAccessToken(), onBooked: () => void sync.pullChanges(syncDates()) });
  const kepId = (): string | null => sync.kep()?.id ?? null;
  const currentKep = (): Kep => {
    const kep = sync.kep();
    if (!kep) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
    return kep;
  };
  const appointmentOf = (appointmentId: string): Appointment => {
    const appointment = appointments.get(appointmentId, currentKep().id);
    if (!appointment) throw new AppError('not_found', 'There is no such appointment at this KEP.', { reason: 'appointment.not_found' });
    return appointment;
  };
  const fontsDir = resolve(options.resourcesDir ?? resolve(__dirname, '../../resources'), 'fonts');
  const dispatches = new DispatchService({
    db,
    documents,
    store: dispatchStore,
    cases,
    outbox,
    client,
    letters: createPostLetters(fontsDir),
    events,
    audit: changes,
    serviceName: (code) => catalogue.serviceName(code),
    now,
  });
  const calls = new CallService({
    messages: callMessages,
    connection,
    events,
    checkCallable: (appointmentId) => {
      const appointment = appointmentOf(appointmentId);
      if (appointment.status !== 'booked')
        throw new AppError('conflict', `The appointment is ${appointment.status}; it cannot be called.`, { reason: 'call.not_callable' });
    },
  });
  const verification = new VerificationService({ db, calls, events, now });
  const updates = options.updater
    ? new UpdateService({
        updater: options.updater,
        policy: () => {
          const hub = client();
          if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
          return hub.updatePolicy(updatePlatform());
        },
        feed: () => link.endpoint(),
        inCall: () => calls.anyOpen(),
        now,
        events,
      })
    : null;

  // The trail is checked at every start, as the start's own work: once the first day is served,
  // or sooner if app.info or the fleet report needs it (a walk since the last start is a few
  // thousand hashes, which the employee would otherwise wait for before seeing the day).
  let trailChecked: TrailAtStart | null = null;
  const trail = (): TrailAtStart => (trailChecked ??= checkTrailAtStart(audit, db));

  // Who follows whom.
  // A refused change leaves the cache ahead of the hub: take the hub's days back whole.
  outbox.onRefused(() => void sync.sync(syncDates()));
  // A dispatch's news reaches the desk as a change of its appointment: ask the hub about those only.
  sync.onAppointmentsChanged((ids) => void dispatches.refresh(ids));
  // Sooner still: the hub pushes a mail's outcome as it records it; the feed above stays the fallback.
  connection.subscribe('dispatch:state', (status) => dispatches.applyPushed(status));
  session.onChange(() => {
    const endpoint = link.endpoint();
    const accessToken = session.hubAccessToken();
    connection.follow(endpoint && accessToken ? { hubUrl: endpoint.hubUrl, workstationToken: endpoint.token, accessToken } : null);
  });
  if (updates) calls.onClosed(() => updates.callClosed());
  // When the hub is back for the sync, it is back for the session and the outbox too.
  events.subscribe((event, payload) => {
    if (event === 'sync.changed' && (payload as { state: string }).state === 'idle') {
      void catalogueSync.refreshIfStale();
      void session.resume();
      void outbox.retryNow();
      void dispatches.refresh();
    }
  });

  // A citizen waits for a booking this desk has not got (a push missed, a feed behind): the lobby is
  // the hub's word that it exists, so the days are synced whole, once for each such booking.
  const fetchedForLobby = new Set<string>();
  events.subscribe((event, payload) => {
    const kep = event === 'lobby.changed' ? sync.kep() : null;
    if (!kep) return;
    const missing = (payload as readonly RoomState[]).filter((r) => !fetchedForLobby.has(r.appointmentId) && !appointments.get(r.appointmentId, kep.id));
    if (missing.length === 0) return;
    for (const room of missing) fetchedForLobby.add(room.appointmentId);
    void sync.sync(syncDates());
  });

  // Personal data of past appointments is purged at start and every few hours, by the app's clock
  // (the one its tests set): by the machine's, a test's fixed day ages into the purge.
  const purge = (): void =>
    void purgePersonalData(
      { db, appointments, work, outbox: outboxEntries, callMessages, callFiles, dispatches: dispatchStore, documents, cases },
      options.config.retentionDays,
      now(),
    );
  let purgeTimer: NodeJS.Timeout | undefined;

  // How this desk stands, for IT's fleet view (hub/PROTOCOL.md §10). A build without a release
  // version (tests, `version: 'test'`) has nothing IT could compare, so it does not report.
  const fleet = new FleetReporter({
    snapshot: () => {
      if (!link.endpoint() || !appVersionSchema.safeParse(options.version).success) return null;
      const queue = outbox.status({ contents: false });
      return {
        version: options.version,
        platform: updatePlatform(),
        channel: updates?.channel() ?? null,
        update: updates?.state() ?? IDLE_UPDATE_STATE,
        outbox: { pending: queue.pending, refused: queue.refusedCount },
        auditTrail: { intact: trail().check.intact, unaudited: trail().unaudited },
      };
    },
    send: (report) => {
      const hub = client();
      if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
      return hub.fleetReport(report);
    },
    now,
    everyMs: 5 * 60_000,
  });
  events.subscribe((event) => {
    if (event === 'update.changed') fleet.changed();
  });

  // What every start does once, enrolled or not: check the trail, purge, and keep purging.
  let startWorkDone = false;
  const startWork = (): void => {
    if (startWorkDone) return;
    startWorkDone = true;
    trail();
    purge();
    purgeTimer = setInterval(purge, 6 * 3600_000);
    purgeTimer.unref();
  };

  let background = false;
  const startBackground = (): void => {
    if (background || !link.endpoint()) return;
    background = true;
    sync.startPeriodic(syncDates, options.config.syncIntervalSeconds * 1000, options.config.syncRetrySeconds * 1000);
    void session.resume();
    void outbox.flush();
    updates?.start();
    fleet.start();
  };

  const appInfo = (): AppInfo => {
    const endpoint = link.endpoint();
    const { check: auditCheck, unaudited } = trail();
    return {
      version: options.version,
      kep: sync.kep(),
      hubUrl: endpoint?.hubUrl ?? '',
      enrolled: endpoint !== null,
      workstationId: endpoint?.workstationId ?? null,
      credentialProtection: link.protection(),
      today: today(),
      nextWorkingDay: nextWorkingDay(today()),
      auditTrail: { intact: auditCheck.intact, entries: auditCheck.entries, firstBroken: auditCheck.intact ? null : auditCheck.firstBroken, unaudited },
    };
  };

  // The channels, by feature; the router checks each one's access and needs before its handler.
  const actorId = (): string => session.actor().id;
  const signatory = (): LetterSender['signatory'] => {
    const user = session.info()?.user;
    if (!user || user.role === 'it-admin') throw new AppError('forbidden', 'Only staff sign the letters.');
    return { name: user.displayName, role: user.role };
  };
  const handlers = joinHandlers(
    workstationHandlers({
      link,
      session,
      info: appInfo,
      enrolled: () => {
        if (background) void sync.sync(syncDates());
        startBackground();
      },
    }),
    sessionHandlers({ session, changes }),
    dayHandlers({ appointments, work, changes, audit, kepId, actor: () => session.actor(), now }),
    syncHandlers({ link, sync, outbox, session, syncDates }),
    settingsHandlers({ settings }),
    callHandlers({ calls, callFiles, changes, now }),
    verificationHandlers({ verification, calls, changes, actorId }),
    caseHandlers({ cases, changes, appointment: appointmentOf, actorId }),
    documentHandlers({ documents, changes, actorId, now }),
    dispatchHandlers({ dispatches, store: dispatchStore, changes, appointment: appointmentOf, kep: currentKep, actorId, signatory }),
    updateHandlers({ updates: updates ?? { status: () => NOT_SELF_UPDATING } }),
    fleetHandlers({ client, accessToken: () => session.hubAccessToken(), ownReport: () => fleet.firstReport() }),
    statsHandlers({
      today: () => {
        const kep = currentKep();
        const owed = new Set(dispatchStore.owed(kep.id).map((o) => o.appointmentId));
        return todayFigures({ db, kepId: kep.id, now: now(), rooms: calls.lobbyStates(), owedAppointmentIds: owed });
      },
      periods: new StatsPeriods({ client, accessToken: () => session.hubAccessToken(), cache: new StatsCache(db), now }),
      kep: currentKep,
      fonts: fontLoader(fontsDir),
    }),
    bookingHandlers({ catalogue, booking }),
  );
  const needs = appointmentNeeds({ appointments, kepId, calls, verification, documents, callFiles, dispatches: dispatchStore });

  const route = createIpcRouter(handlers, { role: () => session.role(), needs });
  let dayServed: () => void = () => undefined;
  let startTimer: NodeJS.Timeout | undefined;
  let startNext: NodeJS.Immediate | undefined;

  return {
    invoke: async (channel, input) => {
      const result = await route(channel, input);
      if (channel === 'day.get') dayServed();
      return result;
    },
    events: gateEvents(events, () => session.role()),
    start(options) {
      if (options?.afterFirstDay === undefined) {
        startWork();
        return startBackground();
      }
      // The fleet report waits too (its first request loads Node's fetch): IT's view asks for it
      // itself when opened sooner (fleet.get).
      const go = (): void => {
        clearTimeout(startTimer);
        dayServed = () => undefined;
        startWork();
        startBackground();
      };
      // After the answer: its caller sends it on in a microtask (the shell's WebSocket, Electron's IPC reply).
      dayServed = () => {
        dayServed = () => undefined;
        startNext = setImmediate(go);
      };
      startTimer = setTimeout(go, options.afterFirstDay);
    },
    close() {
      clearTimeout(startTimer);
      clearImmediate(startNext);
      clearInterval(purgeTimer);
      updates?.stop();
      fleet.stop();
      sync.stop();
      catalogueSync.stop();
      outbox.stop();
      calls.stop();
      session.stop();
      connection.close();
      db.close();
    },
  };
}
