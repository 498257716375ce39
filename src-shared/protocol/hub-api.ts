import * as z from 'zod';
import { type Appointment, appointmentSchema, kepIdSchema } from '../domain/appointment';
import { quickAppointment } from '../domain/appointment-quick-check';
import { isIsoDate } from '../domain/athens-time';
import { ROLES } from '../domain/roles';
import { appointmentWorkSchema } from './changes';
import { ERROR_CODES, ERROR_REASONS } from '../errors';

/**
 * The hub's HTTP API as both sides see it. Every response body is validated by the app on
 * arrival, and every request by the hub: types alone validate nothing.
 */
export { API_PREFIX, JOIN_PATH, joinUrl } from './constants';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'Expected a date like 2026-11-30' });

export const kepSchema = z.object({
  id: kepIdSchema,
  name: z.string().min(1).max(200),
  /** The sender on its envelopes, lines separated by commas; absent from hubs before it was kept. */
  postalAddress: z.string().min(1).max(300).nullable().default(null),
});
export type Kep = z.infer<typeof kepSchema>;
/** A KEP as it is written: an address left out is kept as it was. */
export type KepInput = z.input<typeof kepSchema>;

/** GET /api/v1/workstation — who the presented credential belongs to. */
export const workstationResponseSchema = z.object({
  kep: kepSchema,
  workstationId: z.string().min(1).max(64),
});
export type WorkstationResponse = z.infer<typeof workstationResponseSchema>;

/** GET /api/v1/appointments?date=YYYY-MM-DD — the caller's KEP only. */
export const appointmentsQuerySchema = z.object({ date: isoDateSchema });

export const appointmentsResponseSchema = z.object({
  kepId: kepIdSchema,
  date: isoDateSchema,
  serverTime: z.iso.datetime(),
  appointments: z.array(appointmentSchema),
  /** The KEP's work on these appointments, as the hub last received it. */
  work: z.array(appointmentWorkSchema).default([]),
  /** The change-feed position this answer reflects: pull changes after it. */
  cursor: z.number().int().min(0).default(0),
});
export type AppointmentsResponse = z.infer<typeof appointmentsResponseSchema>;

/** The answer but its appointments, which parseAppointmentsResponse checks on the quick road. */
const dayEnvelopeSchema = appointmentsResponseSchema.extend({ appointments: z.array(z.never()).length(0) });

/**
 * appointmentsResponseSchema.safeParse, the same answer for every input, quicker for a day of
 * rows quickAppointment can vouch for. One row it cannot (a refusal, an unknown key) sends the
 * whole answer to zod, so refusals keep zod's issues.
 */
export function parseAppointmentsResponse(payload: unknown): z.ZodSafeParseResult<AppointmentsResponse> {
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && 'appointments' in payload && Array.isArray(payload.appointments)) {
    const rows: readonly unknown[] = payload.appointments;
    const appointments: Appointment[] = [];
    for (const row of rows) {
      const appointment = quickAppointment(row);
      if (!appointment) return appointmentsResponseSchema.safeParse(payload);
      appointments.push(appointment);
    }
    const envelope = dayEnvelopeSchema.safeParse({ ...payload, appointments: [] });
    if (envelope.success) return { success: true, data: { ...envelope.data, appointments } };
  }
  return appointmentsResponseSchema.safeParse(payload);
}

export const apiErrorSchema = z.object({
  /** `reason` tells apart refusals that share a code (a slot just taken, a booking too late to move). */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), reason: z.enum(ERROR_REASONS).optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** POST /api/v1/enrol — no credential yet: the one-time code is the credential. */
export const enrolRequestSchema = z
  .object({
    code: z.string().trim().min(8).max(64),
    label: z.string().trim().min(1).max(100),
  })
  .strict();
export const enrolResponseSchema = z.object({
  workstationId: z.string(),
  kep: kepSchema,
  workstationToken: z.string().min(16),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/** POST /api/v1/auth/sign-in — with the workstation's credential; the user must belong to its KEP. */
/** 32 random bytes (or an Ed25519 public key) in canonical base64url. */
const base64Url32 = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'Expected 32 bytes in base64url (43 characters)');

export const signInRequestSchema = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
    /** The public half of an Ed25519 key made for this session: the changes it signs are this person's. */
    actorKey: base64Url32.optional(),
  })
  .strict();
export const refreshRequestSchema = z.object({ refreshToken: z.string().min(16).max(200) }).strict();
/**
 * A refresh names the token that will replace the one it presents, so a desk that stored the
 * successor before asking can ask again after a crash without looking like a thief.
 */
export const rotateRequestSchema = refreshRequestSchema.extend({ nextRefreshToken: base64Url32.optional() }).strict();

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({
  user: sessionUserSchema,
  accessToken: z.string(),
  accessExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
  refreshExpiresAt: z.iso.datetime(),
  /** The session's signing key (null when sign-in named none): changes must carry it. */
  actorKeyId: z.uuid().nullable().default(null),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
