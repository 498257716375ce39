import * as z from 'zod';

/**
 * The desk's updates come from its hub (issue 14): no other server. The wire contract the hub
 * serves and the desk reads; PROTOCOL.md §10 describes it for a person.
 *
 * The feed is electron-updater's generic provider pointed at `<hub>/api/v1/updates/`: the desk
 * asks `latest.yml` (Windows) or `latest-linux.yml` (Linux) with its workstation credential, and
 * the hub answers the release this workstation is to run (its KEP's channel, the staging
 * decision for this workstation, a rollback). Artifact URLs in it are relative
 * (`files/<releaseId>/<file name>`). The hub computes every sha512 itself.
 */

/** A channel's name: lower-case letters, digits and dashes (`pilot`, `stable`). */
export const updateChannelSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'A channel is 1–32 lower-case letters, digits or dashes, e.g. pilot or stable.');

/** Semantic version as electron-builder writes it (1.4.0, 1.5.0-beta.2). */
export const appVersionSchema = z.string().regex(/^\d{1,5}\.\d{1,5}\.\d{1,5}(-[0-9A-Za-z.-]{1,40})?$/, 'A version is like 1.4.0.');

export const UPDATE_PLATFORMS = ['win', 'linux'] as const;
export type UpdatePlatform = (typeof UPDATE_PLATFORMS)[number];

/** The feed file each platform's updater asks for. */
export const FEED_FILES: Record<UpdatePlatform, string> = { win: 'latest.yml', linux: 'latest-linux.yml' };

/** `GET /updates/policy?platform=win|linux`: the offer depends on the platform (a version may be published for one only). */
export const updatePolicyQuerySchema = z.object({ platform: z.enum(UPDATE_PLATFORMS) });

/**
 * `GET /updates/policy`: what this workstation's hub wants of its updater. The desk asks it
 * before every check and sets its updater's `allowDowngrade` to `rollback`.
 */
export const updatePolicySchema = z.object({
  channel: updateChannelSchema,
  /** The version the feed offers this workstation now, or null when it offers none. */
  offered: appVersionSchema.nullable(),
  /** The offered version is older than the newest published and IT rolled back to it: install it although it is older. */
  rollback: z.boolean(),
  /**
   * When a downloaded update may be installed without the employee quitting (local time at the
   * KEP, HH:MM–HH:MM; may wrap past midnight), or null: only on quit.
   */
  installWindow: z.object({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) }).nullable(),
  /** How often to check, in minutes. */
  checkEveryMinutes: z
    .number()
    .int()
    .min(15)
    .max(24 * 60),
});
export type UpdatePolicy = z.infer<typeof updatePolicySchema>;

/** Where the desk's updater stands, as it reports it (fleet) and shows it (the employee's notice). */
export const UPDATE_STATES = ['idle', 'checking', 'downloading', 'ready', 'installing', 'error'] as const;
export const updateStateSchema = z.object({
  state: z.enum(UPDATE_STATES),
  /** The version being downloaded, ready or installing. */
  version: appVersionSchema.nullable(),
  /** Downloading: 0–100. */
  percent: z.number().min(0).max(100).nullable(),
  /** Error: what went wrong, in English, for IT. */
  message: z.string().max(500).nullable(),
  /** When the updater last asked the hub. */
  checkedAt: z.iso.datetime().nullable(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;
