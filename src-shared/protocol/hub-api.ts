import { z } from 'zod';
import { appointmentSchema, kepIdSchema } from '../domain/appointment';
import { isIsoDate } from '../domain/athens-time';
import { ERROR_CODES } from '../errors';

/**
 * The hub's HTTP API as both sides see it. Every response body is validated by the app on
 * arrival, and every request by the hub: types alone validate nothing.
 */
export const API_PREFIX = '/api/v1';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'Expected a date like 2026-11-30' });

export const kepSchema = z.object({
  id: kepIdSchema,
  name: z.string().min(1).max(200),
});
export type Kep = z.infer<typeof kepSchema>;

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
});
export type AppointmentsResponse = z.infer<typeof appointmentsResponseSchema>;

export const apiErrorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
