import { formatAthensDate, type IsoDate } from '../../src-shared/domain/athens-time';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import { AppError, type ErrorInfo } from '../../src-shared/errors';
import { AppointmentStore } from '../appointments/appointment-store';
import type { MachineConfig } from '../config/machine-config';
import { openAppDatabase } from '../db/app-database';
import { createDispatcher, type Dispatch, type Handlers } from '../ipc/dispatcher';
import { EventBus } from '../ipc/event-bus';
import { SettingsService } from '../settings/settings-service';
import { DaySync } from '../sync/day-sync';
import { HubApiClient } from '../sync/hub-api-client';

const NOT_CONFIGURED: ErrorInfo = {
  code: 'not_configured',
  message: 'No hub is configured for this workstation. Ask IT to enrol it.',
};

export interface AppOptions {
  dataDir: string;
  config: MachineConfig;
  version: string;
  nativeBinding?: string;
  now?: () => Date;
}

export interface KepApp {
  dispatch: Dispatch;
  events: EventBus;
  /** Starts the background work (the first sync and its schedule). */
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
  const db = openAppDatabase(options.dataDir, { nativeBinding: options.nativeBinding });
  const events = new EventBus();
  const store = new AppointmentStore(db);
  const settings = new SettingsService(db);
  const { hubUrl, workstationToken } = options.config;
  const client = hubUrl && workstationToken ? new HubApiClient({ baseUrl: hubUrl, token: workstationToken }) : null;
  const sync = client ? new DaySync({ db, client, store, events, now }) : null;

  const today = (): IsoDate => formatAthensDate(now());
  const syncDates = (): IsoDate[] => [today(), nextWorkingDay(today())];
  const requireSync = (): DaySync => {
    if (!sync) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
    return sync;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      version: options.version,
      kep: sync?.kep() ?? null,
      hubUrl: hubUrl ?? '',
      today: today(),
      nextWorkingDay: nextWorkingDay(today()),
    }),
    'day.get': ({ date }) => {
      const kep = sync?.kep();
      return { date, appointments: kep ? store.listDay(kep.id, date) : [] };
    },
    'sync.status': () => sync?.status() ?? { state: 'error', lastSuccessAt: null, lastAttemptAt: null, lastError: NOT_CONFIGURED },
    'sync.now': () => requireSync().sync(syncDates()),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };

  return {
    dispatch: createDispatcher(handlers),
    events,
    start() {
      sync?.startPeriodic(syncDates, options.config.syncIntervalSeconds * 1000, options.config.syncRetrySeconds * 1000);
    },
    close() {
      sync?.stop();
      db.close();
    },
  };
}
