import { resolve } from 'node:path';
import { formatAthensDate, type IsoDate } from '../../src-shared/domain/athens-time';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import { AppError, type ErrorInfo } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { AppointmentStore } from '../appointments/appointment-store';
import type { MachineConfig } from '../config/machine-config';
import { openAppDatabase } from '../db/app-database';
import { type AuditEvent, AuditLog } from '../audit/audit-log';
import { unauditedChanges } from '../audit/audit-coverage';
import { CallFiles } from '../call/call-files';
import { CallService } from '../call/call-service';
import { VerificationService } from '../verification/verification-service';
import { CaseDocuments } from '../dispatch/case-documents';
import { DispatchService } from '../dispatch/dispatch-service';
import { DispatchStore } from '../dispatch/dispatch-store';
import { createPostLetters } from '../dispatch/post-letters';
import { HubConnection } from '../hub/hub-connection';
import type { OsCipher } from '../hub/secret-file';
import { WorkstationLink } from '../hub/workstation-link';
import { createDispatcher, type Dispatch, type Handlers } from '../ipc/dispatcher';
import { EventBus } from '../ipc/event-bus';
import { gateEvents, type RendererEvents } from '../ipc/event-gate';
import { SessionService } from '../session/session-service';
import { SettingsService } from '../settings/settings-service';
import { purgePersonalData } from '../retention/retention';
import { DaySync } from '../sync/day-sync';
import { Outbox } from '../sync/outbox';
import { WorkStore } from '../work/work-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { mayChange } from '../../src-shared/domain/work-permissions';
import type { WorkChange } from '../../src-shared/protocol/changes';

const log = createLogger('app');

const NOT_CONFIGURED: ErrorInfo = {
  code: 'not_configured',
  message: 'No hub is configured for this workstation. Ask IT to enrol it.',
};

export interface AppOptions {
  dataDir: string;
  config: MachineConfig;
  version: string;
  nativeBinding?: string;
  /** The OS's encryption for secrets at rest (Electron safeStorage); null keeps them in 0600 files. */
  cipher?: OsCipher | null;
  /** The app's resources folder (fonts for the post letters); the source tree's unless told. */
  resourcesDir?: string;
  now?: () => Date;
}

export interface KepApp {
  dispatch: Dispatch;
  /** Events for the renderer, gated like `dispatch` by the signed-in role and the contract's schemas. */
  events: RendererEvents;
  /** Starts the background work: the first sync and its schedule, and resuming a stored session. */
  start(): void;
  close(): void;
}

/**
 * The composition root of main's services. It knows nothing of Electron: the Electron layer and
 * the browser shell both build the app here and differ only in how they carry `dispatch` and
 * `events` to the renderer.
 */
export function createApp(options: AppOptions): KepApp {
  const now = options.now ?? (() => new Date());
  const cipher = options.cipher ?? null;
  const db = openAppDatabase(options.dataDir, { nativeBinding: options.nativeBinding });
  const events = new EventBus();
  const store = new AppointmentStore(db);
  const settings = new SettingsService(db);
  const link = new WorkstationLink(options.config, options.dataDir, cipher);
  const client = () => link.client();
  const work = new WorkStore(db);
  // A dispatch's news reaches the desk as a change of its appointment: ask the hub about those only.
  const sync = new DaySync({ db, work, client, store, events, now, onAppointmentsChanged: (ids) => void dispatches.refresh(ids) });
  const documents = new CaseDocuments(db);
  const dispatchStore = new DispatchStore(db);
  const dispatches: DispatchService = new DispatchService({
    db,
    documents,
    store: dispatchStore,
    outbox: () => outbox,
    client,
    letters: createPostLetters(resolve(options.resourcesDir ?? resolve(__dirname, '../../resources'), 'fonts')),
    changed: (appointmentId) => events.emit('dispatch.changed', { appointmentId }),
    audit: (kind, appointmentId, details, actorId = null) => record(kind, appointmentId, details, actorId),
    now,
  });
  // A refused change leaves the cache ahead of the hub: take the hub's days back whole.
  const outbox: Outbox = new Outbox({ db, work, client, events, now, onRefused: () => void sync.sync(syncDates()), tagged: dispatches.deliveries() });
  // Session expiry is the hub's wall-clock business, not the app's notion of "today".
  const session = new SessionService({ dataDir: options.dataDir, cipher, client, events });
  const connection = new HubConnection((state) => session.setRealtime(state), {
    // Live: the hub says the KEP's appointments changed; a (re)connection may have missed some.
    onChanged: () => void sync.pullChanges(syncDates()),
    onConnected: () => {
      void dispatches.refresh();
      void sync.pullChanges(syncDates());
      void outbox.retryNow();
      void calls.onConnected();
    },
  });
  const currentKep = (): string => {
    const kep = sync.kep();
    if (!kep) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
    return kep.id;
  };
  const calls = new CallService({
    db,
    connection,
    events,
    checkCallable: (appointmentId) => {
      const appointment = store.get(appointmentId, currentKep());
      if (!appointment) throw new AppError('not_found', 'There is no such appointment at this KEP.');
      if (appointment.status !== 'booked') throw new AppError('conflict', `The appointment is ${appointment.status}; it cannot be called.`);
    },
  });
  const callFiles = new CallFiles(db);
  const verification = new VerificationService(db, calls, now);
  const audit = new AuditLog(db, now);
  // The chain is checked at every start; a broken one is logged and shown to IT, never repaired.
  const auditCheck = audit.verify();
  if (!auditCheck.intact) log.error('the audit trail is broken', { firstBroken: auditCheck.firstBroken, reason: auditCheck.reason });
  const unaudited = unauditedChanges(db).length;
  if (unaudited > 0) log.error('changes without an audit entry', { count: unaudited });
  /**
   * Runs writes and their audit entries as one transaction, then lets the outbox deliver: a
   * change never reaches the hub without its entry, whatever moment the app dies. Inside a
   * transaction already open (a service writing its own), it joins it; that owner delivers.
   */
  const commit = <T>(work: () => T): T => {
    if (db.inTransaction) return work();
    const result = db.transaction(work)();
    outbox.queued();
    return result;
  };
  // Each entry is written and queued for the hub's copy together: none is lost or sent twice.
  const record = (kind: string, appointmentId: string | null, details: AuditEvent['details'] = {}, actorId = session.info()?.user.id ?? null): void =>
    commit(() => outbox.enqueueAudit(audit.append({ kind, actorId, workstationId: link.endpoint()?.workstationId ?? null, appointmentId, details })));
  const requireOwn = (appointmentId: string): void => {
    if (!store.belongsTo(appointmentId, currentKep())) throw new AppError('not_found', 'There is no such appointment at this KEP.');
  };
  /** Case documents and dispatches: this KEP's appointment, and only after the identity check passed. */
  const requireCase = (appointmentId: string): Appointment => {
    const appointment = store.get(appointmentId, currentKep());
    if (!appointment) throw new AppError('not_found', 'There is no such appointment at this KEP.');
    verification.requirePassed(appointmentId);
    return appointment;
  };
  const signedIn = (): string => session.actor().id;
  /** Queues a change signed by the signed-in person, with its audit entry, in one transaction. */
  const recordChange = (change: WorkChange, details: AuditEvent['details'] = {}, kind: string = change.kind): string => {
    const actor = session.actor();
    if (!mayChange(actor.role, change.kind)) throw new AppError('forbidden', `The ${actor.role} role may not make this change.`);
    return commit(() => {
      const idempotencyKey = outbox.record(change, actor);
      record(kind, change.appointmentId, { ...details, idempotencyKey }, actor.id);
      return idempotencyKey;
    });
  };

  const followSession = (): void => {
    const endpoint = link.endpoint();
    const accessToken = session.hubAccessToken();
    connection.follow(endpoint && accessToken ? { hubUrl: endpoint.hubUrl, workstationToken: endpoint.token, accessToken } : null);
  };
  session.onChange(followSession);
  // When the hub is back for the sync, it is back for the session and the outbox too.
  events.subscribe((event, payload) => {
    if (event === 'sync.changed' && (payload as { state: string }).state === 'idle') {
      void session.resume();
      void outbox.retryNow();
      void dispatches.refresh();
    }
  });

  // Personal data of past appointments is purged at start and every few hours.
  const purge = (): void => void purgePersonalData(db, options.config.retentionDays);
  purge();
  const purgeTimer = setInterval(purge, 6 * 3600_000);
  purgeTimer.unref();

  let background = false;
  const startBackground = (): void => {
    if (background || !link.endpoint()) return;
    background = true;
    sync.startPeriodic(syncDates, options.config.syncIntervalSeconds * 1000, options.config.syncRetrySeconds * 1000);
    void session.resume();
    void outbox.flush();
  };

  const today = (): IsoDate => formatAthensDate(now());
  const syncDates = (): IsoDate[] => [today(), nextWorkingDay(today())];
  const appInfo = () => {
    const endpoint = link.endpoint();
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

  const handlers: Handlers = {
    'app.info': appInfo,
    'workstation.enrol': async ({ hubUrl, code, label }) => {
      // Enrolling again replaces the credential: only IT may do that on an enrolled workstation.
      if (link.endpoint() && session.role() !== 'it-admin') {
        throw new AppError('forbidden', 'This workstation is already enrolled; only IT staff can enrol it again.');
      }
      await link.enrol(hubUrl, code, label);
      await session.signOut();
      if (background) void sync.sync(syncDates());
      startBackground();
      return appInfo();
    },
    'session.get': () => session.info(),
    'session.signIn': async ({ username, password }) => {
      const info = await session.signIn(username, password);
      record('session.signIn', null, { role: info.user.role }, info.user.id);
      return info;
    },
    'session.signOut': async () => {
      const user = session.info()?.user.id ?? null;
      await session.signOut();
      if (user) record('session.signOut', null, {}, user);
      return null;
    },
    'day.get': ({ date }) => {
      const kep = sync.kep();
      const appointments = kep ? store.listDay(kep.id, date) : [];
      return { date, appointments, work: work.list(appointments.map((a) => a.id)) };
    },
    'appointment.change': ({ change }) => {
      if (change.kind === 'booking.reschedule' && new Date(change.endsAt).getTime() <= new Date(change.startsAt).getTime()) {
        throw new AppError('invalid_input', 'The new slot must end after it starts.');
      }
      const kep = sync.kep();
      if (!kep || !store.belongsTo(change.appointmentId, kep.id)) throw new AppError('not_found', 'There is no such appointment at this KEP.');
      // Outcomes of the call and of the identity check are recorded by their own channels only.
      if (change.kind === 'call.end' || change.kind === 'verification.fail') throw new AppError('invalid_input', 'This outcome is recorded by ending the call or the identity check.');
      return { idempotencyKey: recordChange(change) };
    },
    // IT keeps the desk running but never sees citizens' data: counts only.
    'outbox.status': () => outbox.status({ contents: session.role() !== 'it-admin' }),
    'staff.list': () => {
      const kep = sync.kep();
      return kep ? store.listStaff(kep.id) : [];
    },
    'sync.status': () =>
      link.endpoint() ? sync.status() : { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: NOT_CONFIGURED },
    'sync.now': () => {
      if (!link.endpoint()) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
      return sync.sync(syncDates());
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'lobby.get': () => calls.lobbyStates(),
    'call.open': async ({ appointmentId }) => {
      const joined = await calls.open(appointmentId);
      record('call.open', appointmentId);
      return joined;
    },
    'call.close': async ({ appointmentId, outcome }) => {
      await calls.close(appointmentId);
      recordChange({ kind: 'call.end', appointmentId, outcome }, { outcome });
      return null;
    },
    'call.signal': (payload) => {
      calls.signal(payload);
      return null;
    },
    'call.media': async ({ appointmentId, media }) => {
      await calls.media(appointmentId, media);
      return null;
    },
    'call.chat': ({ appointmentId, text }) => calls.chat(appointmentId, text),
    'call.record': ({ appointmentId }) => {
      if (!store.belongsTo(appointmentId, currentKep())) throw new AppError('not_found', 'There is no such appointment at this KEP.');
      return { messages: calls.messages(appointmentId), files: callFiles.list(appointmentId) };
    },
    'call.saveFile': ({ appointmentId, fromRole, name, type, dataBase64 }) => {
      // Files arrive only during the call they belong to.
      if (!calls.isActive(appointmentId)) throw new AppError('conflict', 'No call is open for this appointment at this desk.');
      const file = callFiles.save({ appointmentId, fromRole, name, type, data: Buffer.from(dataBase64, 'base64') }, now());
      record('call.fileReceived', appointmentId, { fileId: file.id, fromRole, type, size: file.size, sha256: file.sha256 });
      events.emit('call.filesChanged', { appointmentId });
      return file;
    },
    'call.file': ({ id }) => {
      const file = callFiles.get(id);
      if (!file || !store.belongsTo(file.appointmentId, currentKep())) throw new AppError('not_found', 'There is no such file.');
      const { data, ...meta } = file;
      return { ...meta, dataBase64: data.toString('base64') };
    },
    'call.quality': ({ appointmentId, participantId, quality }) => {
      calls.recordQuality(appointmentId, participantId, quality);
      return null;
    },
    'verification.get': ({ appointmentId }) => {
      requireOwn(appointmentId);
      return verification.state(appointmentId);
    },
    'verification.tick': async ({ appointmentId, item }) => {
      requireOwn(appointmentId);
      const actor = signedIn();
      const { state, passedNow, evidence } = verification.tick(appointmentId, item, actor);
      record('verification.tick', appointmentId, { item, videoLive: true, evidence });
      if (passedNow) {
        record('verification.passed', appointmentId);
        // The citizen's page learns the camera is optional; if the hub is away it learns on the next pass.
        await calls.verificationPassed(appointmentId).catch((error: unknown) => log.warn('could not tell the hub the check passed', { error: String(error) }));
      }
      events.emit('verification.changed', state);
      return state;
    },
    'verification.fail': async ({ appointmentId, reason }) => {
      requireOwn(appointmentId);
      const actor = signedIn();
      // A failed check ends the appointment: the outcome, its change for the hub and its audit entry at once; then the call closes.
      const state = commit(() => {
        const failed = verification.fail(appointmentId, reason, actor);
        recordChange({ kind: 'verification.fail', appointmentId, reason }, { reason }, 'verification.failed');
        return failed;
      });
      if (calls.isActive(appointmentId)) await calls.close(appointmentId);
      events.emit('verification.changed', state);
      return state;
    },
    'case.get': ({ appointmentId }) => {
      requireOwn(appointmentId);
      return verification.caseRecord(appointmentId);
    },
    'case.update': (input) => {
      const appointment = store.get(input.appointmentId, currentKep());
      if (!appointment) throw new AppError('not_found', 'There is no such appointment at this KEP.');
      const saved = commit(() => {
        const result = verification.saveCase(input, appointment.category, signedIn());
        record('case.update', input.appointmentId, { protocolNumber: result.protocolNumber, actions: result.actions.length, status: result.status });
        return result;
      });
      // The case's status decides whether a document is owed.
      events.emit('dispatch.changed', { appointmentId: input.appointmentId });
      return saved;
    },
    'document.list': ({ appointmentId }) => {
      requireCase(appointmentId);
      return documents.list(appointmentId);
    },
    'document.attach': ({ appointmentId, name, dataBase64 }) => {
      requireCase(appointmentId);
      const doc = commit(() => {
        const attached = documents.attach({ appointmentId, name, data: Buffer.from(dataBase64, 'base64') }, signedIn(), now());
        record('document.attached', appointmentId, { documentId: attached.id, size: attached.size, sha256: attached.sha256 });
        return attached;
      });
      events.emit('dispatch.changed', { appointmentId });
      return doc;
    },
    'document.remove': ({ id }) => {
      const doc = documents.get(id);
      if (!doc) throw new AppError('not_found', 'There is no such document.');
      requireCase(doc.appointmentId);
      signedIn();
      commit(() => {
        documents.remove(id);
        record('document.removed', doc.appointmentId, { documentId: id, sha256: doc.sha256 });
      });
      events.emit('dispatch.changed', { appointmentId: doc.appointmentId });
      return null;
    },
    'document.get': ({ id }) => {
      const doc = documents.get(id);
      if (!doc) throw new AppError('not_found', 'There is no such document.');
      requireCase(doc.appointmentId);
      return { ...doc, dataBase64: documents.data(id).toString('base64') };
    },
    'dispatch.list': ({ appointmentId }) => {
      requireCase(appointmentId);
      return dispatches.list(appointmentId);
    },
    'dispatch.create': async ({ appointmentId, channel, documentIds }) => {
      const appointment = requireCase(appointmentId);
      const dispatch = await dispatches.create(appointment, channel, documentIds, signedIn(), sync.kep()?.name ?? '');
      events.emit('dispatch.changed', { appointmentId });
      return dispatch;
    },
    'dispatch.postLetters': async ({ dispatchId }) => {
      const dispatch = dispatches.get(dispatchId);
      const appointment = requireCase(dispatch.appointmentId);
      const { coverLetter, label } = await dispatches.postLetters(dispatch, appointment, sync.kep()?.name ?? '');
      record('dispatch.lettersPrinted', appointment.id, { dispatchId });
      return { coverLetterBase64: Buffer.from(coverLetter).toString('base64'), labelBase64: Buffer.from(label).toString('base64') };
    },
    'dispatch.recordPosting': ({ dispatchId, trackingNumber }) => {
      requireCase(dispatches.get(dispatchId).appointmentId);
      const dispatch = commit(() => {
        const posted = dispatches.recordPosting(dispatchId, trackingNumber, signedIn());
        record('dispatch.posted', posted.appointmentId, { dispatchId, trackingNumber });
        return posted;
      });
      events.emit('dispatch.changed', { appointmentId: dispatch.appointmentId });
      return dispatch;
    },
    'dispatch.retry': ({ dispatchId }) => {
      requireCase(dispatches.get(dispatchId).appointmentId);
      const dispatch = commit(() => {
        const retried = dispatches.retry(dispatchId, signedIn());
        record('dispatch.retried', retried.appointmentId, { dispatchId });
        return retried;
      });
      events.emit('dispatch.changed', { appointmentId: dispatch.appointmentId });
      return dispatch;
    },
    'dispatch.cancel': ({ dispatchId }) => {
      requireCase(dispatches.get(dispatchId).appointmentId);
      signedIn();
      const dispatch = commit(() => {
        const cancelled = dispatches.cancel(dispatchId);
        record('dispatch.cancelled', cancelled.appointmentId, { dispatchId, state: cancelled.state });
        return cancelled;
      });
      events.emit('dispatch.changed', { appointmentId: dispatch.appointmentId });
      return null;
    },
    'dispatch.owed': () => dispatchStore.owed(currentKep()),
    'call.inviteInterpreter': async ({ appointmentId }) => {
      const invitation = await calls.inviteInterpreter(appointmentId);
      record('call.interpreterInvited', appointmentId);
      return invitation;
    },
  };

  return {
    dispatch: createDispatcher(handlers, () => session.role()),
    events: gateEvents(events, () => session.role()),
    start: startBackground,
    close() {
      clearInterval(purgeTimer);
      sync.stop();
      outbox.stop();
      session.stop();
      connection.close();
      db.close();
    },
  };
}
