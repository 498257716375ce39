import * as z from 'zod';
import { FAIL_REASONS } from '../domain/verification';
import { CALL_OUTCOMES } from './changes';
import { DISPATCH_CHANNELS } from './dispatch';
import { isoDateSchema } from './hub-api';

/**
 * A KEP's figures for its supervisors (issue 15): the hub answers `GET /stats` for the
 * workstation's own KEP and a supervisor's session only. No figure carries a citizen's name, AFM
 * or contact; employees are named (they are the KEP's staff, and only its supervisors see this).
 *
 * Every appointment counts in the period of its slot (Athens date), whatever day something
 * happened to it: a document posted on Monday for Friday's call counts on Friday.
 */

export const STATS_GROUPINGS = ['day', 'weekday', 'hour'] as const;
export type StatsGrouping = (typeof STATS_GROUPINGS)[number];

/** The longest period one request may ask for, in days (a year and a month, for "the same month last year"). */
export const MAX_STATS_DAYS = 400;

/**
 * Waiting-time bands, in minutes: [0, 2), [2, 4), … [18, 20), then 20 and over. Counts per band
 * in `waitBands`, in this order.
 */
export const WAIT_BAND_MINUTES = 2;
export const WAIT_BAND_COUNT = 11;

/** A query's parameters as strings (a GET's query); the desk sends the same object over IPC. */
export const statsQuerySchema = z
  .object({
    from: isoDateSchema,
    /** Inclusive. */
    to: isoDateSchema,
    groupBy: z.enum(STATS_GROUPINGS),
    /** One category, or all when absent. */
    category: z.enum(['1', '2', '3', '4']).optional(),
    /** One employee's (user id) appointments, or all when absent. */
    employee: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'The period must not end before it starts (from ≤ to).', path: ['to'] })
  .refine((q) => (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 < MAX_STATS_DAYS, {
    message: `A period may cover at most ${MAX_STATS_DAYS} days.`,
    path: ['to'],
  });
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const count = z.number().int().min(0);
const seconds = z.number().min(0).nullable();

/** p50 and p90 of a duration, in seconds, over `count` values; null when there are none. */
export const durationFiguresSchema = z.object({ count, p50: seconds, p90: seconds });
export type DurationFigures = z.infer<typeof durationFiguresSchema>;

/** What one group (a day, a weekday, an hour of day) or the whole period counts. */
export const periodFiguresSchema = z.object({
  /** Appointments whose slot is in the period, cancelled ones included. */
  bookings: count,
  completed: count,
  noShows: count,
  /** No-shows over appointments whose citizen was expected (neither cancelled nor rescheduled away); null when none was. */
  noShowRate: z.number().min(0).max(1).nullable(),
  cancelled: count,
  /** Appointments moved to another slot (each counts once, at its final slot). */
  rescheduled: count,
  /** Calls opened. */
  calls: count,
  /** Citizen in the lobby → admitted to the call. */
  wait: durationFiguresSchema,
  /** Call opened → call ended. */
  duration: durationFiguresSchema,
});
export type PeriodFigures = z.infer<typeof periodFiguresSchema>;

const reasonCountSchema = z.object({ reason: z.string(), count });

export const statsResponseSchema = z.object({
  kepId: z.string(),
  query: z.object({
    from: isoDateSchema,
    to: isoDateSchema,
    groupBy: z.enum(STATS_GROUPINGS),
    category: z.number().int().min(1).max(4).nullable(),
    employee: z.string().nullable(),
  }),
  /** When the hub computed the answer. */
  computedAt: z.iso.datetime(),
  totals: periodFiguresSchema,
  /**
   * The period by `groupBy`: days as 2026-12-01 (every day of the period, empty ones too),
   * weekdays as 1 (Monday) … 7 (Sunday), hours as 00 … 23 (Athens; only hours with an appointment).
   */
  groups: z.array(z.object({ key: z.string(), figures: periodFiguresSchema })),
  /** Citizens admitted, by how long they had waited: WAIT_BAND_COUNT bands of WAIT_BAND_MINUTES. */
  waitBands: z.array(count).length(WAIT_BAND_COUNT),
  /** Call opened minus the slot's start (0 when early or on time). */
  lateStart: durationFiguresSchema,
  /** Closed calls by outcome. */
  outcomes: z.object(Object.fromEntries(CALL_OUTCOMES.map((o) => [o, count])) as Record<(typeof CALL_OUTCOMES)[number], typeof count>),
  verification: z.object({
    passed: count,
    failed: count,
    failedByReason: z.object(Object.fromEntries(FAIL_REASONS.map((r) => [r, count])) as Record<(typeof FAIL_REASONS)[number], typeof count>),
  }),
  /** Calls a sign-language interpreter joined. */
  interpreterCalls: count,
  /** Reasons as staff typed them, most frequent first (at most 10), for cancellations and reschedules. */
  cancelReasons: z.array(reasonCountSchema),
  rescheduleReasons: z.array(reasonCountSchema),
  /** Documents sent, per channel: how many, how many reached the citizen, failed, and call end → delivered/downloaded/posted. */
  documents: z.array(
    z.object({
      channel: z.enum(DISPATCH_CHANNELS),
      sent: count,
      /** Delivered (e-mail), downloaded (inbox) or posted (post). */
      done: count,
      failed: count,
      timeToDone: durationFiguresSchema,
    }),
  ),
  /** Per employee who closed a call in the period. */
  employees: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      calls: count,
      duration: durationFiguresSchema,
      outcomes: z.object(Object.fromEntries(CALL_OUTCOMES.map((o) => [o, count])) as Record<(typeof CALL_OUTCOMES)[number], typeof count>),
    }),
  ),
});
export type StatsResponse = z.infer<typeof statsResponseSchema>;

/** Today at the desk, from its own cache and the lobby (`stats.today`): nothing here asks the hub. */
export const todayFiguresSchema = z.object({
  date: isoDateSchema,
  /** When the desk computed it. */
  at: z.iso.datetime(),
  /** Today's appointments, cancelled ones excluded. */
  booked: count,
  /** Completed calls. */
  served: count,
  inCallNow: count,
  waitingNow: count,
  /** Since when the citizen waiting longest has waited, or null when nobody waits. */
  longestWaitSince: z.iso.datetime().nullable(),
  noShows: count,
  failedChecks: count,
  /** Today's appointments whose document is still owed. */
  documentsOwed: count,
  /** Appointments whose slot starts in the next 60 minutes, per category. */
  nextHour: z.object({ total: count, byCategory: z.object({ 1: count, 2: count, 3: count, 4: count }) }),
  /** Today's appointments per hour of their slot (Athens, 00–23), for the day's load chart. */
  byHour: z.array(z.object({ hour: z.string(), booked: count, served: count })),
});
export type TodayFigures = z.infer<typeof todayFiguresSchema>;

export const STATS_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type StatsExportFormat = (typeof STATS_EXPORT_FORMATS)[number];
