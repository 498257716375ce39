/**
 * The names of the contract's channels and events, apart from their schemas, so the preload
 * can check names without bundling the schema library. contract/ipc.ts must define exactly
 * these (the compiler checks).
 */
export const CHANNELS = [
  'app.info',
  'workstation.enrol',
  'session.get',
  'session.signIn',
  'session.signOut',
  'day.get',
  'appointment.change',
  'outbox.status',
  'staff.list',
  'sync.status',
  'sync.now',
  'settings.get',
  'settings.update',
  'lobby.get',
  'call.prepare',
  'call.unprepare',
  'call.open',
  'call.close',
  'call.signal',
  'call.media',
  'call.chat',
  'call.record',
  'call.saveFile',
  'call.file',
  'call.quality',
  'call.inviteInterpreter',
  'verification.get',
  'verification.tick',
  'verification.fail',
  'case.get',
  'case.update',
  'document.list',
  'document.attach',
  'document.remove',
  'document.get',
  'dispatch.list',
  'dispatch.create',
  'dispatch.postLetters',
  'dispatch.recordPosting',
  'dispatch.retry',
  'dispatch.cancel',
  'dispatch.owed',
  'update.status',
  'fleet.get',
  'stats.today',
  'stats.period',
  'stats.export',
  'catalogue.get',
  'booking.slots',
  'booking.create',
] as const;
export const EVENT_NAMES = [
  'sync.changed',
  'session.changed',
  'outbox.changed',
  'day.changed',
  'lobby.changed',
  'call.signal',
  'call.chat',
  'call.filesChanged',
  'verification.changed',
  'dispatch.changed',
  'update.changed',
  'catalogue.changed',
] as const;

export type Channel = (typeof CHANNELS)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** Electron IPC names carry a prefix so nothing else on ipcMain can be reached by accident. */
export const ipcChannelName = (channel: Channel): string => `kep:${channel}`;
export const ipcEventName = (event: EventName): string => `kep-event:${event}`;
