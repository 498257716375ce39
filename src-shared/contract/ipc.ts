import * as z from 'zod';
import { appointmentSchema } from '../domain/appointment';
import { ROLES, type Role } from '../domain/roles';
import { appointmentWorkSchema, CALL_OUTCOMES, workChangeSchema } from '../protocol/changes';
import { CALL_FILE_TYPES, MAX_CALL_FILE_BYTES, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_DISPATCH } from '../protocol/limits';
import { DISPATCH_CHANNELS, DISPATCH_FAILURES, DISPATCH_STATES, documentNameSchema, trackingNumberSchema } from '../protocol/dispatch';
import {
  chatMessageSchema,
  iceServerSchema,
  mediaStateSchema,
  participantSchema,
  PARTICIPANT_ROLES,
  roomStateSchema,
  signalDataSchema,
  signalSchema,
} from '../protocol/signaling';
import { isoDateSchema, kepSchema, sessionUserSchema } from '../protocol/hub-api';
import { fleetResponseSchema } from '../protocol/fleet';
import { STATS_EXPORT_FORMATS, statsQuerySchema, statsResponseSchema, todayFiguresSchema } from '../protocol/stats';
import { updatePolicySchema, updateStateSchema } from '../protocol/updates';
import { ERROR_CODES, ERROR_REASONS, type Result } from '../errors';
import { catalogueSchema, CONFIRMATION_STATES, deskBookingRequestSchema, MAX_SLOT_SEARCH_DAYS, slotsResponseSchema } from '../protocol/booking';
import { CHECK_ITEMS, FAIL_REASONS } from '../domain/verification';
import { HUB_ADDRESS_MESSAGES, hubAddressProblem } from '../domain/hub-address';
import type { Channel, EventName } from './names';

export { CALL_FILE_TYPES, MAX_CALL_FILE_BYTES } from '../protocol/limits';
export { CHANNELS, EVENT_NAMES, ipcChannelName, ipcEventName, isChannel, isEventName } from './names';
export type { Channel, EventName } from './names';

/**
 * The one contract between the renderer and main. Each channel has a schema for its input and
 * its output. The preload, the Electron binding and the browser shell are all built from this
 * table; nothing else may cross the boundary.
 */
export const LANGUAGES = ['el', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const errorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), reason: z.enum(ERROR_REASONS).optional() });

export const syncStatusSchema = z.object({
  /** idle: last attempt succeeded; offline: hub not reachable; error: hub answered with an error. */
  state: z.enum(['never', 'syncing', 'idle', 'offline', 'error']),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastError: errorInfoSchema.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  kep: kepSchema.nullable(),
  hubUrl: z.string(),
  /** Has this workstation a hub credential (from enrolment, or set by IT in its configuration)? */
  enrolled: z.boolean(),
  workstationId: z.string().nullable(),
  /** os: encrypted by the OS keychain; file: readable by this OS user only; config: set in config.json or the environment. */
  credentialProtection: z.enum(['os', 'file', 'config']).nullable(),
  today: isoDateSchema,
  nextWorkingDay: isoDateSchema,
  /** The audit trail's chain as checked at start: IT must be told when it is broken. */
  auditTrail: z.object({
    intact: z.boolean(),
    entries: z.number().int(),
    firstBroken: z.number().int().nullable(),
    /** Changes and dispatches this desk holds that no audit entry names (each must have one). */
    unaudited: z.number().int().min(0),
  }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** The desk's updater as the employee's notice reads it: its state, and IT's install window when there is one. */
export const updateStatusSchema = updateStateSchema.extend({
  installWindow: updatePolicySchema.shape.installWindow,
  /** False in a development build or the browser shell: nothing here ever updates itself. */
  selfUpdating: z.boolean(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const daySchema = z.object({
  date: isoDateSchema,
  appointments: z.array(appointmentSchema),
  /** The KEP's work on them, local changes included. */
  work: z.array(appointmentWorkSchema),
});
export type Day = z.infer<typeof daySchema>;

export const sessionInfoSchema = z.object({
  user: sessionUserSchema,
  /** online: signed in at the hub; offline: a session resumed while the hub was unreachable. */
  mode: z.enum(['online', 'offline']),
  /** The live connection to the hub's signaling. */
  realtime: z.enum(['connected', 'connecting', 'disconnected']),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** The hub's address, in configuration and at enrolment: https://, or http:// to this computer only. */
export const hubUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = hubAddressProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: HUB_ADDRESS_MESSAGES[problem] });
  });

export const enrolInputSchema = z
  .object({
    hubUrl: hubUrlSchema,
    code: z.string().trim().min(8, 'The enrolment code has 12 characters, e.g. ABCD-EFGH-JKLM').max(64),
    label: z.string().trim().min(1, 'Give the workstation a name, e.g. Γκισέ 2').max(100),
  })
  .strict();

export const signInInputSchema = z
  .object({
    username: z.string().trim().min(1, 'Enter your username').max(100),
    password: z.string().min(1, 'Enter your password').max(200),
  })
  .strict();

export const outboxStatusSchema = z.object({
  /** Changes made here that the hub has not confirmed yet. */
  pending: z.number().int().min(0),
  /** Changes the hub refused for good, newest first, with its reason. */
  refused: z.array(z.object({ change: workChangeSchema, reason: z.string(), madeAt: z.iso.datetime() })),
  /** How many were refused in all (IT sees this count, never the changes themselves). */
  refusedCount: z.number().int().min(0),
  lastDeliveredAt: z.iso.datetime().nullable(),
});
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

export const staffMemberSchema = z.object({ id: z.string(), displayName: z.string(), role: z.enum(ROLES) });
export type StaffMember = z.infer<typeof staffMemberSchema>;

const deviceId = z.string().max(512).nullable();
/** The desk's camera, microphone and speaker (null: the system's default). */
export const deviceSettingsSchema = z.object({ cameraId: deviceId, microphoneId: deviceId, speakerId: deviceId }).strict();
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

export const settingsSchema = z.object({
  language: z.enum(LANGUAGES),
  devices: deviceSettingsSchema.default({ cameraId: null, microphoneId: null, speakerId: null }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const verificationStateSchema = z.object({
  appointmentId: z.uuid(),
  ticks: z.array(z.object({ item: z.enum(CHECK_ITEMS), at: z.iso.datetime(), by: z.string() })),
  outcome: z.enum(['passed', 'failed']).nullable(),
  reason: z.enum(FAIL_REASONS).nullable(),
  decidedAt: z.iso.datetime().nullable(),
  /** Whether the citizen's video is arriving now, as main judges it from the call's statistics. */
  video: z.object({ live: z.boolean(), reason: z.enum(['no_call', 'no_citizen', 'camera_off', 'no_stats', 'frozen']).nullable() }),
});
export type VerificationState = z.infer<typeof verificationStateSchema>;

export const CASE_STATUSES = ['in_progress', 'awaiting_document', 'completed'] as const;
export const caseRecordSchema = z.object({
  appointmentId: z.uuid(),
  protocolNumber: z.string().trim().max(64),
  actions: z.array(z.string().trim().min(1).max(500)).max(50),
  notes: z.string().max(8000),
  formData: z.record(z.string().max(64), z.string().trim().max(2000)),
  /** in_progress while being worked on; awaiting_document when only the document is owed. */
  status: z.enum(CASE_STATUSES),
  updatedAt: z.iso.datetime().nullable(),
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;

/** A document the KEP issued for a case (PDF only), kept at the desk until it has been sent. */
export const caseDocumentSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  addedAt: z.iso.datetime(),
  /** Part of a dispatch that was not failed: it can no longer be removed. */
  dispatched: z.boolean(),
});
export type CaseDocument = z.infer<typeof caseDocumentSchema>;

const nullableInstant = z.iso.datetime().nullable();
/** The hub's causes of a failure, and the one only the desk knows (a letter's record refused). */
export const DESK_DISPATCH_FAILURES = [...DISPATCH_FAILURES, 'record_refused'] as const;
export type DeskDispatchFailure = (typeof DESK_DISPATCH_FAILURES)[number];

export const dispatchSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  channel: z.enum(DISPATCH_CHANNELS),
  state: z.enum(DISPATCH_STATES),
  /** The e-mail or postal address it goes to (the inbox: the citizen's link). */
  recipient: z.string(),
  trackingNumber: z.string().nullable(),
  reason: z.string().nullable(),
  /**
   * Why it failed: the hub's cause as it last said (outcome_unknown: the citizen may have it), or
   * the desk's own record_refused: a letter in the post whose record the hub did not take.
   */
  failure: z.enum(DESK_DISPATCH_FAILURES).nullable(),
  documents: z.array(z.object({ id: z.uuid(), name: z.string(), size: z.number().int(), sha256: z.string() })),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  updatedAt: z.iso.datetime(),
  sentAt: nullableInstant,
  deliveredAt: nullableInstant,
  downloadedAt: nullableInstant,
  expiresAt: nullableInstant,
  /** When the employee decided a failed or expired dispatch will not be sent again. */
  dismissedAt: nullableInstant,
});
export type Dispatch = z.infer<typeof dispatchSchema>;

/** Why an appointment still owes the citizen a document. */
export const OWED_REASONS = ['awaiting_document', 'awaiting_posting', 'failed', 'outcome_unknown', 'expired'] as const;
export const owedDocumentSchema = z.object({
  appointmentId: z.uuid(),
  date: isoDateSchema,
  startsAt: z.iso.datetime(),
  citizenName: z.string(),
  subject: z.string(),
  deliveryMethod: z.enum(DISPATCH_CHANNELS),
  reason: z.enum(OWED_REASONS),
  /** The failure's reason, when a dispatch failed. */
  detail: z.string().nullable(),
});
export type OwedDocument = z.infer<typeof owedDocumentSchema>;

/** The hub's catalogue as this desk last fetched it; null before the first fetch (services then show by code). */
export const cachedCatalogueSchema = z.object({ catalogue: catalogueSchema.nullable(), fetchedAt: z.iso.datetime().nullable() });
export type CachedCatalogue = z.infer<typeof cachedCatalogueSchema>;

export const bookingSlotsInputSchema = z
  .object({
    category: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    from: isoDateSchema.optional(),
    days: z.number().int().min(1).max(MAX_SLOT_SEARCH_DAYS).optional(),
  })
  .strict();

/** A booking made by phone, as the employee's dialog confirms it (the citizen's link went by e-mail only). */
export const deskBookedSchema = z.object({
  appointmentId: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  changeUntil: z.iso.datetime(),
  confirmation: z.enum(CONFIRMATION_STATES),
});
export type DeskBooked = z.infer<typeof deskBookedSchema>;

const noInput = z.undefined();
const appointmentRef = z.object({ appointmentId: z.uuid() }).strict();

export const callJoinedSchema = z.object({ self: participantSchema, room: roomStateSchema, iceServers: z.array(iceServerSchema) });
export type CallJoined = z.infer<typeof callJoinedSchema>;
/** A prepared link's side at the desk (PROTOCOL.md §5.2a): who the desk is to the citizen, and the ICE servers. */
export const callPreparedSchema = z.object({ self: participantSchema, iceServers: z.array(iceServerSchema) });
export type CallPrepared = z.infer<typeof callPreparedSchema>;

export const callFileSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  fromRole: z.enum(PARTICIPANT_ROLES),
  name: z.string(),
  type: z.enum(CALL_FILE_TYPES),
  size: z.number().int(),
  sha256: z.string(),
  receivedAt: z.iso.datetime(),
});
export type CallFile = z.infer<typeof callFileSchema>;

/** The connection to one remote participant, from the renderer's getStats. */
export const callQualitySchema = z
  .object({
    rttMs: z.number().min(0).max(60_000).nullable(),
    lossPercent: z.number().min(0).max(100).nullable(),
    kbpsIn: z.number().min(0).max(1_000_000).nullable(),
    kbpsOut: z.number().min(0).max(1_000_000).nullable(),
    framesDecoded: z.number().int().min(0),
    frameWidth: z.number().int().min(0).max(16_384).nullable(),
    frameHeight: z.number().int().min(0).max(16_384).nullable(),
    at: z.number(),
  })
  .strict();
export type CallQuality = z.infer<typeof callQualitySchema>;

/**
 * Who may call a channel or receive an event: anyone at the workstation (`public`), or only a
 * signed-in user with one of the roles. IT staff configure the workstation but never see citizens' data.
 */
export type Access = 'public' | readonly Role[];
const STAFF = ['employee', 'supervisor'] as const satisfies readonly Role[];
const EVERYONE_SIGNED_IN = ROLES;

/**
 * What a channel needs of the appointment its input names, beyond its access: that it is this
 * KEP's (`own_appointment`), that its call is open at this desk (`open_call`), that it is open or being prepared here (`call_link`), that its identity
 * check passed (`passed_check`). Main checks them, in this order, before the handler runs.
 */
export const NEEDS = ['own_appointment', 'open_call', 'call_link', 'passed_check'] as const;
export type Need = (typeof NEEDS)[number];
/** How the input names the appointment: itself, a change to it, or a document, call file or dispatch of it. */
export type Subject = 'appointment' | 'change' | 'document' | 'call_file' | 'dispatch';
export interface Needs {
  subject: Subject;
  checks: readonly Need[];
}
/** Where in the input each subject's id is. */
export const SUBJECT_PATHS = {
  appointment: ['appointmentId'],
  change: ['change', 'appointmentId'],
  document: ['id'],
  call_file: ['id'],
  dispatch: ['dispatchId'],
} as const satisfies Record<Subject, readonly string[]>;

const OWN = { subject: 'appointment', checks: ['own_appointment'] } as const satisfies Needs;
const IN_CALL = { subject: 'appointment', checks: ['open_call'] } as const satisfies Needs;
const CALL_LINK = { subject: 'appointment', checks: ['call_link'] } as const satisfies Needs;
const CASE = { subject: 'appointment', checks: ['own_appointment', 'passed_check'] } as const satisfies Needs;
const CASE_DOCUMENT = { subject: 'document', checks: ['own_appointment', 'passed_check'] } as const satisfies Needs;
const CASE_DISPATCH = { subject: 'dispatch', checks: ['own_appointment', 'passed_check'] } as const satisfies Needs;

/** One channel: who may call it, what it needs of the appointment it names, its input and its output. */
export interface ChannelSpec {
  access: Access;
  needs?: Needs;
  input: z.ZodType;
  output: z.ZodType;
  /**
   * Why the router may send the output unchecked: only for data validated where it entered the
   * desk and read back by typed code, when checking it again costs the employee time.
   */
  outputCheckedAtEntry?: string;
}

export const contract = {
  'app.info': { access: 'public', input: noInput, output: appInfoSchema },
  'workstation.enrol': { access: 'public', input: enrolInputSchema, output: appInfoSchema },
  'session.get': { access: 'public', input: noInput, output: sessionInfoSchema.nullable() },
  'session.signIn': { access: 'public', input: signInInputSchema, output: sessionInfoSchema },
  'session.signOut': { access: 'public', input: noInput, output: z.null() },
  'day.get': {
    access: STAFF,
    input: z.object({ date: isoDateSchema }).strict(),
    output: daySchema,
    // A day of 2,000 checked again took 100–170 ms of the desk's first screen (bench:start).
    outputCheckedAtEntry: 'the hub’s answer at sync (src-main/hub) and the renderer’s changes at this router',
  },
  'appointment.change': {
    access: STAFF,
    needs: { subject: 'change', checks: ['own_appointment'] },
    input: z.object({ change: workChangeSchema }).strict(),
    output: z.object({ idempotencyKey: z.uuid() }),
  },
  'outbox.status': { access: EVERYONE_SIGNED_IN, input: noInput, output: outboxStatusSchema },
  'staff.list': { access: STAFF, input: noInput, output: z.array(staffMemberSchema) },
  'sync.status': { access: 'public', input: noInput, output: syncStatusSchema },
  'sync.now': { access: EVERYONE_SIGNED_IN, input: noInput, output: syncStatusSchema },
  'settings.get': { access: 'public', input: noInput, output: settingsSchema },
  'settings.update': { access: 'public', input: settingsSchema.partial().strict(), output: settingsSchema },
  'lobby.get': { access: STAFF, input: noInput, output: z.array(roomStateSchema) },
  /** Before the call, while its citizen waits: peers with no media (PROTOCOL.md §5.2a). */
  'call.prepare': { access: STAFF, input: appointmentRef, output: callPreparedSchema },
  'call.unprepare': { access: STAFF, input: appointmentRef, output: z.null() },
  'call.open': { access: STAFF, input: appointmentRef, output: callJoinedSchema },
  'call.close': { access: STAFF, needs: IN_CALL, input: z.object({ appointmentId: z.uuid(), outcome: z.enum(CALL_OUTCOMES) }).strict(), output: z.null() },
  'call.signal': { access: STAFF, needs: CALL_LINK, input: signalSchema, output: z.null() },
  'call.media': { access: STAFF, needs: IN_CALL, input: z.object({ appointmentId: z.uuid(), media: mediaStateSchema }).strict(), output: z.null() },
  'call.chat': {
    access: STAFF,
    needs: IN_CALL,
    input: z.object({ appointmentId: z.uuid(), text: z.string().trim().min(1).max(2000) }).strict(),
    output: chatMessageSchema,
  },
  /** What a call left with the appointment: its chat and the files received. */
  'call.record': {
    access: STAFF,
    needs: OWN,
    input: appointmentRef,
    output: z.object({ messages: z.array(chatMessageSchema), files: z.array(callFileSchema) }),
  },
  'call.saveFile': {
    access: STAFF,
    needs: IN_CALL,
    input: z
      .object({
        appointmentId: z.uuid(),
        fromRole: z.enum(PARTICIPANT_ROLES),
        name: z.string().trim().min(1).max(200),
        type: z.enum(CALL_FILE_TYPES),
        // base64 of at most MAX_CALL_FILE_BYTES: the file crosses IPC as base64
        dataBase64: z.base64().max(Math.ceil(MAX_CALL_FILE_BYTES / 3) * 4),
      })
      .strict(),
    output: callFileSchema,
  },
  'call.file': {
    access: STAFF,
    needs: { subject: 'call_file', checks: ['own_appointment'] },
    input: z.object({ id: z.uuid() }).strict(),
    output: callFileSchema.extend({ dataBase64: z.string() }),
  },
  'call.quality': {
    access: STAFF,
    needs: IN_CALL,
    input: z.object({ appointmentId: z.uuid(), participantId: z.string().max(64), quality: callQualitySchema }).strict(),
    output: z.null(),
  },
  'verification.get': { access: STAFF, needs: OWN, input: appointmentRef, output: verificationStateSchema },
  'verification.tick': {
    access: STAFF,
    needs: OWN,
    input: z.object({ appointmentId: z.uuid(), item: z.enum(CHECK_ITEMS) }).strict(),
    output: verificationStateSchema,
  },
  'verification.fail': {
    access: STAFF,
    needs: OWN,
    input: z.object({ appointmentId: z.uuid(), reason: z.enum(FAIL_REASONS) }).strict(),
    output: verificationStateSchema,
  },
  /** The case record; refused (locked) until the appointment's identity check has passed. */
  'case.get': { access: STAFF, needs: CASE, input: appointmentRef, output: caseRecordSchema },
  'case.update': { access: STAFF, needs: CASE, input: caseRecordSchema.omit({ updatedAt: true }).strict(), output: caseRecordSchema },
  'call.inviteInterpreter': {
    access: STAFF,
    input: appointmentRef,
    output: z.object({ url: z.string(), validFrom: z.iso.datetime(), validUntil: z.iso.datetime() }),
  },
  'document.list': { access: STAFF, needs: CASE, input: appointmentRef, output: z.array(caseDocumentSchema) },
  'document.attach': {
    access: STAFF,
    needs: CASE,
    input: z.object({ appointmentId: z.uuid(), name: documentNameSchema, dataBase64: z.base64().max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4) }).strict(),
    output: caseDocumentSchema,
  },
  'document.remove': { access: STAFF, needs: CASE_DOCUMENT, input: z.object({ id: z.uuid() }).strict(), output: z.null() },
  'document.get': {
    access: STAFF,
    needs: CASE_DOCUMENT,
    input: z.object({ id: z.uuid() }).strict(),
    output: caseDocumentSchema.extend({ dataBase64: z.string() }),
  },
  'dispatch.list': { access: STAFF, needs: CASE, input: appointmentRef, output: z.array(dispatchSchema) },
  /** Sends documents by a channel; refused (locked) until the identity check has passed. */
  'dispatch.create': {
    access: STAFF,
    needs: CASE,
    input: z
      .object({ appointmentId: z.uuid(), channel: z.enum(DISPATCH_CHANNELS), documentIds: z.array(z.uuid()).min(1).max(MAX_DOCUMENTS_PER_DISPATCH) })
      .strict(),
    output: dispatchSchema,
  },
  /** The cover letter and envelope label of a posted dispatch, as PDF. */
  'dispatch.postLetters': {
    access: STAFF,
    needs: CASE_DISPATCH,
    input: z.object({ dispatchId: z.uuid() }).strict(),
    output: z.object({ coverLetterBase64: z.string(), labelBase64: z.string() }),
  },
  'dispatch.recordPosting': {
    access: STAFF,
    needs: CASE_DISPATCH,
    input: z.object({ dispatchId: z.uuid(), trackingNumber: trackingNumberSchema }).strict(),
    output: dispatchSchema,
  },
  'dispatch.retry': { access: STAFF, needs: CASE_DISPATCH, input: z.object({ dispatchId: z.uuid() }).strict(), output: dispatchSchema },
  /** Withdraws a letter not yet posted, or stops owing a failed or expired dispatch. */
  'dispatch.cancel': { access: STAFF, needs: CASE_DISPATCH, input: z.object({ dispatchId: z.uuid() }).strict(), output: z.null() },
  /** Appointments of any day whose document is still owed to the citizen. */
  'dispatch.owed': { access: STAFF, input: noInput, output: z.array(owedDocumentSchema) },
  // Public: it says nothing of anyone, and a desk nobody has signed in to may be updating.
  'update.status': { access: 'public', input: noInput, output: updateStatusSchema },
  /** The KEP's desks as its hub sees them (hub/PROTOCOL.md §10.6): IT only, never citizens' data. */
  'fleet.get': { access: ['it-admin'], input: noInput, output: fleetResponseSchema },
  /** Today at this KEP from the desk's cache and the lobby: supervisors only, works offline. */
  'stats.today': { access: ['supervisor'], input: noInput, output: todayFiguresSchema },
  /** A period's figures from the hub (hub/PROTOCOL.md), or the last answer to the same question when the hub is away. */
  'stats.period': {
    access: ['supervisor'],
    input: statsQuerySchema,
    output: z.object({
      stats: statsResponseSchema,
      /** When the desk received this answer from the hub. */
      fetchedAt: z.iso.datetime(),
      /** True when the hub could not be asked and this is the cached answer. */
      cached: z.boolean(),
    }),
  },
  /** A period's figures as a file: CSV (UTF-8 with BOM), XLSX, or the monthly report as PDF, in the UI language. */
  'stats.export': {
    access: ['supervisor'],
    input: z.object({ query: statsQuerySchema, format: z.enum(STATS_EXPORT_FORMATS), language: z.enum(LANGUAGES) }).strict(),
    output: z.object({ fileName: z.string(), mimeType: z.string(), dataBase64: z.string() }),
  },
  // Names of services and documents, no one's data: every signed-in role may read it.
  'catalogue.get': { access: EVERYONE_SIGNED_IN, input: noInput, output: cachedCatalogueSchema },
  /** Free times at this KEP, asked of the hub live (never cached: a slot is only as good as the hub's answer). */
  'booking.slots': { access: STAFF, input: bookingSlotsInputSchema, output: slotsResponseSchema },
  /** Books for a citizen who phoned, with the signed-in person's session at the hub; never queued offline. */
  'booking.create': { access: STAFF, input: deskBookingRequestSchema, output: deskBookedSchema },
} as const satisfies Record<Channel, ChannelSpec>;

/**
 * Pushed from main to the renderer; the renderer re-reads through channels, never trusts blindly.
 * Each event has the same kind of access rule as a channel, and main sends only payloads that
 * match its schema (src-main/ipc/event-gate.ts, for every transport).
 */
export const events = {
  'sync.changed': { access: 'public', payload: syncStatusSchema },
  // Public: the sign-in screen follows it.
  'session.changed': { access: 'public', payload: sessionInfoSchema.nullable() },
  // Refused changes carry citizens' notes and reasons: staff only (IT reads its counts through outbox.status).
  'outbox.changed': { access: STAFF, payload: outboxStatusSchema },
  'day.changed': { access: STAFF, payload: z.object({ dates: z.array(isoDateSchema) }) },
  'lobby.changed': { access: STAFF, payload: z.array(roomStateSchema) },
  'call.signal': { access: STAFF, payload: z.object({ appointmentId: z.uuid(), from: z.string(), connection: z.string(), data: signalDataSchema }) },
  'call.chat': { access: STAFF, payload: chatMessageSchema },
  'call.filesChanged': { access: STAFF, payload: appointmentRef },
  'verification.changed': { access: STAFF, payload: verificationStateSchema },
  'dispatch.changed': { access: STAFF, payload: appointmentRef },
  'update.changed': { access: EVERYONE_SIGNED_IN, payload: updateStatusSchema },
  // Staff name services in the day; IT's screens name none, so they are not told.
  'catalogue.changed': { access: STAFF, payload: z.object({ fetchedAt: z.iso.datetime() }) },
} as const satisfies Record<EventName, { access: Access; payload: z.ZodType }>;

export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof contract)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

type InvokeArgs<C extends Channel> = undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** What the renderer sees as `window.kep`. */
export interface KepApi {
  invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
