import { z } from 'zod';
import { appointmentSchema } from '../domain/appointment';
import { isoDateSchema, kepSchema } from '../protocol/hub-api';
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
  today: isoDateSchema,
  nextWorkingDay: isoDateSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const daySchema = z.object({
  date: isoDateSchema,
  appointments: z.array(appointmentSchema),
});
export type Day = z.infer<typeof daySchema>;

export const settingsSchema = z.object({ language: z.enum(LANGUAGES) });
export type Settings = z.infer<typeof settingsSchema>;

const noInput = z.undefined();

export const contract = {
  'app.info': { input: noInput, output: appInfoSchema },
  'day.get': { input: z.object({ date: isoDateSchema }).strict(), output: daySchema },
  'sync.status': { input: noInput, output: syncStatusSchema },
  'sync.now': { input: noInput, output: syncStatusSchema },
  'settings.get': { input: noInput, output: settingsSchema },
  'settings.update': { input: settingsSchema.partial().strict(), output: settingsSchema },
} as const satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

/** Pushed from main to the renderer; the renderer re-reads through channels, never trusts blindly. */
export const events = {
  'sync.changed': syncStatusSchema,
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
