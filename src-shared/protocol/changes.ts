import * as z from 'zod';
import { appointmentSchema, utcInstantSchema } from '../domain/appointment';
import { FAIL_REASONS } from '../domain/verification';
import { ROLES } from '../domain/roles';

/**
 * The KEP's own work on an appointment (preparation, assignment, notes, no-show). It is made
 * at a workstation first, kept in its SQLite, and delivered to the hub through the outbox; the
 * hub shares it with the KEP's other workstations.
 */
/** How a call ended, as the employee records it. Only 'completed' completes the appointment. */
export const CALL_OUTCOMES = ['completed', 'incomplete', 'citizen_left', 'technical'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const appointmentWorkSchema = z.object({
  appointmentId: z.uuid(),
  assignedTo: z.string().nullable(),
  preparedAt: utcInstantSchema.nullable(),
  notes: z.string().max(4000),
  noShowAt: utcInstantSchema.nullable(),
  /** The last call's outcome and when it ended (null before any call). */
  callOutcome: z.enum(CALL_OUTCOMES).nullable().default(null),
  callEndedAt: utcInstantSchema.nullable().default(null),
  updatedAt: utcInstantSchema,
});
export type AppointmentWork = z.infer<typeof appointmentWorkSchema>;

/** A change made at a workstation, as the outbox delivers it. */
export const workChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('work.assign'), appointmentId: z.uuid(), userId: z.string().max(64).nullable() }).strict(),
  z.object({ kind: z.literal('work.prepare'), appointmentId: z.uuid(), prepared: z.boolean() }).strict(),
  z.object({ kind: z.literal('work.notes'), appointmentId: z.uuid(), notes: z.string().max(4000) }).strict(),
  z.object({ kind: z.literal('work.noShow'), appointmentId: z.uuid() }).strict(),
  /** Takes back a no-show recorded by mistake: the same day, by its author or a supervisor. */
  z.object({ kind: z.literal('work.noShowUndo'), appointmentId: z.uuid() }).strict(),
  z.object({ kind: z.literal('call.end'), appointmentId: z.uuid(), outcome: z.enum(CALL_OUTCOMES) }).strict(),
  z.object({ kind: z.literal('verification.fail'), appointmentId: z.uuid(), reason: z.enum(FAIL_REASONS) }).strict(),
  z.object({ kind: z.literal('booking.cancel'), appointmentId: z.uuid(), reason: z.string().trim().min(3).max(500) }).strict(),
  z
    .object({
      kind: z.literal('booking.reschedule'),
      appointmentId: z.uuid(),
      startsAt: utcInstantSchema,
      endsAt: utcInstantSchema,
      reason: z.string().trim().min(3).max(500),
    })
    .strict(),
]);
export type WorkChange = z.infer<typeof workChangeSchema>;

/** An Ed25519 signature (64 bytes) in canonical base64url. */
export const actorSignatureSchema = z.string().regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'Expected an Ed25519 signature in base64url (86 characters)');

/** POST /api/v1/changes — one outbox entry; applied once per idempotency key. */
export const changeRequestSchema = z
  .object({
    idempotencyKey: z.uuid(),
    actorId: z.string().min(1).max(64),
    madeAt: utcInstantSchema,
    change: workChangeSchema,
    /** The actor's session key at this workstation (the `actorKeyId` of its sign-in). */
    actorKeyId: z.uuid(),
    /** Ed25519 over `changeSigningText`, by that session's private key. */
    signature: actorSignatureSchema,
  })
  .strict();
export type ChangeRequest = z.infer<typeof changeRequestSchema>;
export type UnsignedChange = Omit<ChangeRequest, 'actorKeyId' | 'signature'>;

/**
 * What an actor signs for a change: everything that decides its effect, in one fixed spelling
 * (the change's keys sorted), so the hub can check it whatever order the JSON arrived in.
 */
export function changeSigningText({ idempotencyKey, actorId, madeAt, change }: UnsignedChange): string {
  const fields = Object.entries(change as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return ['kep-change-v1', idempotencyKey, actorId, madeAt, JSON.stringify(Object.fromEntries(fields))].join('\n');
}

export const changeResponseSchema = z.object({
  applied: z.boolean(),
  duplicate: z.boolean(),
  /** Why a change was refused for good (it will not be retried). */
  reason: z.string().nullable(),
});
export type ChangeResponse = z.infer<typeof changeResponseSchema>;

/** GET /api/v1/changes?since=N — what changed at the caller's KEP after cursor N. */
export const changeFeedResponseSchema = z.object({
  cursor: z.number().int().min(0),
  /** true when the hub cannot say what changed since N: the app syncs its days whole instead. */
  reset: z.boolean(),
  appointments: z.array(appointmentSchema),
  work: z.array(appointmentWorkSchema),
});
export type ChangeFeedResponse = z.infer<typeof changeFeedResponseSchema>;

/** GET /api/v1/staff — the KEP's people, for assignment. */
export const staffResponseSchema = z.object({
  staff: z.array(z.object({ id: z.string(), displayName: z.string(), role: z.enum(ROLES) })),
});
export type StaffResponse = z.infer<typeof staffResponseSchema>;
