import * as z from 'zod';
import { appVersionSchema, UPDATE_PLATFORMS, updateChannelSchema, updateStateSchema } from './updates';

/**
 * Every desk reports how it stands to its hub (issue 14), and IT reads the fleet: its own KEP's
 * desks in the app (IT role), every KEP with the hub CLI. No citizen data travels here.
 */

/** `POST /fleet/report`, every few minutes and whenever the update state changes. */
export const fleetReportSchema = z
  .object({
    version: appVersionSchema,
    platform: z.enum(UPDATE_PLATFORMS),
    channel: updateChannelSchema.nullable(),
    update: updateStateSchema,
    outbox: z.object({ pending: z.number().int().min(0), refused: z.number().int().min(0) }).strict(),
    auditTrail: z.object({ intact: z.boolean(), unaudited: z.number().int().min(0) }).strict(),
    /** The desk's clock when it sent the report: the hub compares it with its own. */
    sentAt: z.iso.datetime(),
  })
  .strict();
export type FleetReport = z.infer<typeof fleetReportSchema>;

export const fleetReportResponseSchema = z.object({
  /** The hub's clock minus the desk's `sentAt`, in milliseconds (network time included). */
  clockOffsetMs: z.number().int(),
});

export const fleetDeskSchema = z.object({
  workstationId: z.string(),
  label: z.string(),
  /** Null until its first report. */
  lastSeenAt: z.iso.datetime().nullable(),
  report: fleetReportSchema.nullable(),
  clockOffsetMs: z.number().int().nullable(),
  /** Why IT should look at it, or null: not seen for a day, update failing, stuck downloading, behind the offered version, audit trail broken, changes refused or piling up. */
  attention: z.array(z.enum(['not_seen', 'update_error', 'update_stuck', 'behind', 'audit_broken', 'outbox_refused', 'outbox_backlog', 'clock_off'])),
});
export type FleetDesk = z.infer<typeof fleetDeskSchema>;

/** `GET /fleet`: the workstation's own KEP, for its IT staff. */
export const fleetResponseSchema = z.object({
  kepId: z.string(),
  channel: updateChannelSchema,
  /** The version the channel offers now (fully or in stages), or null. */
  current: appVersionSchema.nullable(),
  desks: z.array(fleetDeskSchema),
  /** Per day (Athens), how many of the KEP's desks reported each version: adoption over time. */
  adoption: z.array(z.object({ date: z.string(), version: appVersionSchema, desks: z.number().int().min(0) })),
});
export type FleetResponse = z.infer<typeof fleetResponseSchema>;
