import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BOOKING_LEAD_MINUTES } from '../../src-shared/protocol/booking';
import { iceServerSchema } from '../../src-shared/protocol/signaling';
import { updatePolicySchema } from '../../src-shared/protocol/updates';
import { publicUrlProblem } from './http/public-url';
import { DEFAULT_LIMITS, type HubLimits } from './limits/limits';

/**
 * The hub's settings, from `<data dir>/hub-config.json` (all optional). STUN/TURN servers come
 * from here; with `turn.secret` set, TURN credentials are minted per participant and expire.
 */
const limitsSchema = z.object({
  connectionsBurst: z.number().int().positive(),
  connectionsPerSecond: z.number().positive(),
  signalsBurst: z.number().int().positive(),
  signalsPerSecond: z.number().positive(),
  roomOpsBurst: z.number().int().positive(),
  roomOpsPerSecond: z.number().positive(),
  addressEventsBurst: z.number().int().positive(),
  addressEventsPerSecond: z.number().positive(),
  maxViolations: z.number().int().positive(),
  authAttemptsBurst: z.number().int().positive(),
  authAttemptsPerMinute: z.number().positive(),
  inboxRequestsBurst: z.number().int().positive(),
  inboxRequestsPerMinute: z.number().positive(),
  trustProxy: z.boolean(),
});

/** The mail server the hub hands e-mail dispatches to (a submission server of the KEP's network). */
const smtpSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** TLS from the first byte (port 465); otherwise plain, upgraded with STARTTLS when offered. */
  secure: z.boolean().default(false),
  /** Refuse to send unless STARTTLS succeeds (for port 587). */
  requireTLS: z.boolean().default(false),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  /** The sender citizens see, e.g. "ΚΕΠ myKEPlive <no-reply@kep.example>". */
  from: z.string().regex(/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'smtp.from must be an address, or a name and <address>'),
  tlsRejectUnauthorized: z.boolean().default(true),
});
export type SmtpConfig = z.infer<typeof smtpSchema>;

/** How often the hub tries a mail server that cannot be reached, and how long it waits at first (doubling after each try). */
const mailRetrySchema = z.object({
  attempts: z.number().int().min(1).max(20),
  firstDelayMs: z.number().int().min(10).max(3_600_000),
});
export type MailRetry = z.infer<typeof mailRetrySchema>;
export const DEFAULT_MAIL_RETRY: MailRetry = { attempts: 6, firstDelayMs: 2000 };

/**
 * What the hub tells every desk's updater (PROTOCOL.md §10.3): when a downloaded update may be
 * installed without the employee quitting (null: only on quit), and how often to check.
 */
const updatesSchema = z.object({
  installWindow: updatePolicySchema.shape.installWindow.default(null),
  checkEveryMinutes: updatePolicySchema.shape.checkEveryMinutes.default(240),
});
export type UpdateSettings = z.infer<typeof updatesSchema>;

/**
 * How citizens sign in to book (OpenID Connect, authorization code with PKCE): gov.gr's provider
 * in production, the local test provider in the demo and tests. Claims are read by these names.
 */
const citizenSignInSchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scope: z.string().default('openid profile'),
  claims: z
    .object({ afm: z.string().min(1), firstName: z.string().min(1), lastName: z.string().min(1) })
    .default({ afm: 'afm', firstName: 'given_name', lastName: 'family_name' }),
});
export type CitizenSignInConfig = z.infer<typeof citizenSignInSchema>;

/** Booking rules IT may tune. */
const bookingSchema = z.object({
  /** A slot must start at least this long after it is booked or moved to. */
  leadMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(BOOKING_LEAD_MINUTES),
  /** Until this long before the slot, the citizen may cancel or move it from their link. */
  changeUntilMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  /** The day-before reminder goes this long before the slot; the second one 15 minutes before. */
  reminderDayBeforeMinutes: z
    .number()
    .int()
    .min(60)
    .max(72 * 60)
    .default(24 * 60),
  reminderSoonMinutes: z.number().int().min(5).max(120).default(15),
});
export type BookingSettings = z.infer<typeof bookingSchema>;

export const hubConfigSchema = z.object({
  iceServers: z.array(iceServerSchema).default([]),
  turn: z
    .object({ urls: z.array(z.string().regex(/^turns?:/)).min(1), secret: z.string().min(16), ttlSeconds: z.number().int().min(60).max(86_400).default(3600) })
    .optional(),
  /**
   * The address citizens reach the hub at (join links point there): https, or http on loopback
   * only. Required when the hub listens beyond loopback (startHub says so).
   */
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .check((ctx) => {
      const problem = publicUrlProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .optional(),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'redisUrl must start with redis:// or rediss://')
    .optional(),
  limits: limitsSchema.partial().default({}),
  /** Without it, e-mail dispatches are refused at once with a reason saying so. */
  smtp: smtpSchema.optional(),
  /** How long a document stays in a citizen's inbox after it was sent. */
  inboxDays: z.number().int().min(1).max(365).default(30),
  mailRetry: mailRetrySchema.optional(),
  updates: updatesSchema.prefault({}),
  /** Without it, the booking page says online booking is not available here (desks still book). */
  citizenSignIn: citizenSignInSchema.optional(),
  booking: bookingSchema.prefault({}),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;

export const HUB_CONFIG_FILE = 'hub-config.json';

export function loadHubConfig(dataDir: string): HubConfig {
  const file = join(dataDir, HUB_CONFIG_FILE);
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`${file} is not valid JSON.`);
    }
  }
  const parsed = hubConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export function effectiveLimits(config: HubConfig): HubLimits {
  return { ...DEFAULT_LIMITS, ...config.limits };
}
