import * as z from 'zod';

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 in hex');

/** One entry of a workstation's hash-chained audit trail, as the hub keeps a copy of it. */
export const auditEntrySchema = z
  .object({
    seq: z.number().int().min(1),
    at: z.iso.datetime(),
    actorId: z.string().max(64).nullable(),
    workstationId: z.string().max(64).nullable(),
    kind: z.string().min(1).max(64),
    appointmentId: z.uuid().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: hash,
    hash,
  })
  .strict();
export type AuditEntryPayload = z.infer<typeof auditEntrySchema>;

/** POST /api/v1/audit — one entry, in order; the hub keeps each workstation's chain whole. */
export const auditRequestSchema = z.object({ entry: auditEntrySchema }).strict();
export const auditResponseSchema = z.object({ stored: z.boolean(), duplicate: z.boolean() });
export type AuditResponse = z.infer<typeof auditResponseSchema>;
