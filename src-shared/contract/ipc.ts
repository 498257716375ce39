import { z } from 'zod';
import { appointmentSchema } from '../domain/appointment';
import { ROLES, type Role } from '../domain/roles';
import { appointmentWorkSchema, workChangeSchema } from '../protocol/changes';
import { isoDateSchema, kepSchema, sessionUserSchema } from '../protocol/hub-api';
import { ERROR_CODES, type Result } from '../errors';
import type { Channel, EventName } from './names';

export { CHANNELS, EVENT_NAMES, ipcChannelName, ipcEventName, isChannel, isEventName } from './names';
export type { Channel, EventName } from './names';

/**
 * The one contract between the renderer and main. Each channel has a schema for its input and
 * its output. The preload, the Electron binding and the browser shell are all built from this
 * table; nothing else may cross the boundary.
 */
export const LANGUAGES = ['el', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const errorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

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
});
export type AppInfo = z.infer<typeof appInfoSchema>;

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

export const enrolInputSchema = z
  .object({
    hubUrl: z.url({ protocol: /^https?$/, message: 'Enter the hub address, e.g. https://hub.kep.gov.gr' }),
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
  lastDeliveredAt: z.iso.datetime().nullable(),
});
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

export const staffMemberSchema = z.object({ id: z.string(), displayName: z.string(), role: z.enum(ROLES) });
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const settingsSchema = z.object({ language: z.enum(LANGUAGES) });
export type Settings = z.infer<typeof settingsSchema>;

const noInput = z.undefined();

/**
 * Who may call a channel: anyone at the workstation (`public`), or only a signed-in user with
 * one of the roles. IT staff configure the workstation but never see citizens' data.
 */
export type Access = 'public' | readonly Role[];
const STAFF = ['employee', 'supervisor'] as const satisfies readonly Role[];
const EVERYONE_SIGNED_IN = ROLES;

export const contract = {
  'app.info': { access: 'public', input: noInput, output: appInfoSchema },
  'workstation.enrol': { access: 'public', input: enrolInputSchema, output: appInfoSchema },
  'session.get': { access: 'public', input: noInput, output: sessionInfoSchema.nullable() },
  'session.signIn': { access: 'public', input: signInInputSchema, output: sessionInfoSchema },
  'session.signOut': { access: 'public', input: noInput, output: z.null() },
  'day.get': { access: STAFF, input: z.object({ date: isoDateSchema }).strict(), output: daySchema },
  'appointment.change': { access: STAFF, input: z.object({ change: workChangeSchema }).strict(), output: z.object({ idempotencyKey: z.uuid() }) },
  'outbox.status': { access: EVERYONE_SIGNED_IN, input: noInput, output: outboxStatusSchema },
  'staff.list': { access: STAFF, input: noInput, output: z.array(staffMemberSchema) },
  'sync.status': { access: 'public', input: noInput, output: syncStatusSchema },
  'sync.now': { access: EVERYONE_SIGNED_IN, input: noInput, output: syncStatusSchema },
  'settings.get': { access: 'public', input: noInput, output: settingsSchema },
  'settings.update': { access: 'public', input: settingsSchema.partial().strict(), output: settingsSchema },
} as const satisfies Record<Channel, { access: Access; input: z.ZodType; output: z.ZodType }>;

/** Pushed from main to the renderer; the renderer re-reads through channels, never trusts blindly. */
export const events = {
  'sync.changed': syncStatusSchema,
  'session.changed': sessionInfoSchema.nullable(),
  'outbox.changed': outboxStatusSchema,
  'day.changed': z.object({ dates: z.array(isoDateSchema) }),
} as const satisfies Record<EventName, z.ZodType>;

export type ChannelInput<C extends Channel> = z.input<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof contract)[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

type InvokeArgs<C extends Channel> = undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** What the renderer sees as `window.kep`. */
export interface KepApi {
  invoke<C extends Channel>(channel: C, ...args: InvokeArgs<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
