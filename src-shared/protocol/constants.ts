/**
 * Names and values of the hub's protocol that every side agrees on: paths, event names and the
 * enumerations a page shows. Apart from the schemas (routes.ts, socket-events.ts) and free of the schema
 * library, so the citizen's page can use them without bundling it; the schemas build on these.
 */
export * from './limits';

export const API_PREFIX = '/api/v1';

/** The citizen's and interpreter's page. The token travels in the fragment, which no server logs. */
export const JOIN_PATH = '/join';
export const joinUrl = (base: string, token: string): string => `${base.replace(/\/+$/, '')}${JOIN_PATH}#${token}`;

/** Where the citizen's inbox lives under the API prefix. */
export const INBOX_PATH = '/inbox';
export const inboxDocumentPath = (dispatchId: string, index: number): string => `${INBOX_PATH}/documents/${dispatchId}/${index}`;

/**
 * Where the appointment stands, so the page can say why its link no longer opens a call:
 * upcoming (before the call window), open, over (held, missed, or past its window), cancelled
 * (or moved).
 */
export const APPOINTMENT_STANDINGS = ['upcoming', 'open', 'over', 'cancelled'] as const;
export type AppointmentStanding = (typeof APPOINTMENT_STANDINGS)[number];

export const PARTICIPANT_ROLES = ['employee', 'citizen', 'interpreter'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** What a participant's device check found, reported by their page before they wait. */
export const DEVICE_RESULTS = ['ok', 'denied', 'missing', 'failed', 'untested'] as const;
export type DeviceResult = (typeof DEVICE_RESULTS)[number];

/** Socket.IO events a client sends (each answered through its ack), in the order PROTOCOL.md §5.3 grew. */
export const CLIENT_EVENTS = [
  'room:open',
  'room:close',
  'room:join',
  'kep:rooms',
  'signal',
  'devices:report',
  'media:state',
  'chat:send',
  'interpreter:invite',
  'verification:passed',
  'room:prepare',
  'room:unprepare',
] as const;
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/** Socket.IO events the hub sends (§5.4). */
export const SERVER_EVENTS = [
  'room:state',
  'appointments:changed',
  'signal',
  'chat:message',
  'camera:optional',
  'call:ended',
  'call:prepare',
  'call:unprepared',
  'dispatch:state',
] as const;
export type ServerEvent = (typeof SERVER_EVENTS)[number];

/** The update feed, under the API prefix: electron-updater's generic provider is pointed here (PROTOCOL.md §10). */
export const UPDATES_PATH = '/updates';
/** An artifact's URL as the feed writes it: relative, so the updater resolves it against the feed's URL. */
export const updateFileUrl = (releaseId: string, fileName: string): string => `files/${releaseId}/${fileName}`;

/** The header in which the desk proves a signed-in session for routes that need one (its access token). */
export const SESSION_HEADER = 'x-kep-session';
