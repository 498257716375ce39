import { addDays, formatAthensDate, weekday } from '../../../src-shared/domain/athens-time';
import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import { type PeriodFigures, type StatsQuery, type StatsResponse, WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../../src-shared/protocol/stats';
import type { HubStore } from '../store/hub-store';
import { type DayTally, type HourTally, zeroFailures, zeroOutcomes } from './day-tally';
import { durationFigures } from './duration-figures';

/** What one group, or the whole period, adds up from its days' hours. */
interface Tally {
  bookings: number;
  completed: number;
  noShows: number;
  expected: number;
  cancelled: number;
  rescheduled: number;
  calls: number;
  waits: number[];
  durations: number[];
}

function append(into: number[], values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) into.push(values[i]!);
}

const newTally = (): Tally => ({ bookings: 0, completed: 0, noShows: 0, expected: 0, cancelled: 0, rescheduled: 0, calls: 0, waits: [], durations: [] });

function add(t: Tally, h: HourTally): void {
  t.bookings += h.bookings;
  t.completed += h.completed;
  t.noShows += h.noShows;
  t.expected += h.expected;
  t.cancelled += h.cancelled;
  t.rescheduled += h.rescheduled;
  t.calls += h.calls;
  append(t.waits, h.waits);
  append(t.durations, h.durations);
}

const figuresOf = (t: Tally): PeriodFigures => ({
  bookings: t.bookings,
  completed: t.completed,
  noShows: t.noShows,
  noShowRate: t.expected === 0 ? null : t.noShows / t.expected,
  cancelled: t.cancelled,
  rescheduled: t.rescheduled,
  calls: t.calls,
  wait: durationFigures(t.waits),
  duration: durationFigures(t.durations),
});

const WAIT_BAND_MS = WAIT_BAND_MINUTES * 60_000;
const TOP_REASONS = 10;

function countReasons(into: Map<string, number>, reasons: ReadonlyArray<[string, number]>): void {
  for (const [reason, count] of reasons) into.set(reason, (into.get(reason) ?? 0) + count);
}

function topReasons(counts: Map<string, number>): Array<{ reason: string; count: number }> {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .slice(0, TOP_REASONS);
}

/** The keys of a period's groups, in order: every day of it, the seven weekdays, or the 24 hours. */
function groupKeys(query: StatsQuery): string[] {
  if (query.groupBy === 'weekday') return ['1', '2', '3', '4', '5', '6', '7'];
  if (query.groupBy === 'hour') return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  const days: string[] = [];
  for (let d = query.from; d <= query.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * The tallies of the period's days that have facts. Past days' come stored (`stats_days`, kept
 * on every write) unless a filter narrows the rows; a filtered period's, and today's and later
 * (whose expected slots depend on `now`), are tallied from their facts rows now.
 */
function dayTallies(
  store: HubStore,
  kepId: string,
  query: StatsQuery,
  category: number | null,
  employee: string | null,
  now: number,
): Array<[string, DayTally]> {
  const today = formatAthensDate(new Date(now));
  const filtered = category !== null || employee !== null;
  const liveFrom = filtered || query.from > today ? query.from : today;
  const storedTo = addDays(liveFrom, -1) < query.to ? addDays(liveFrom, -1) : query.to;
  const stored = liveFrom > query.from ? [...store.statsDays.stored(kepId, query.from, storedTo)] : [];
  const live = liveFrom <= query.to ? [...store.statsDays.computed({ kepId, from: liveFrom, to: query.to, category, employee }, now)] : [];
  return [...stored, ...live];
}

/**
 * A KEP's figures over a period (PROTOCOL.md §11): its days' tallies merged, grouped by day,
 * weekday (the date's) or hour (the tallies' hours); percentiles by nearest rank on the merged
 * values. `now` decides which slots have started (a no-show is possible only then).
 */
export function computeStats(store: HubStore, kepId: string, query: StatsQuery, now = Date.now()): StatsResponse {
  const category = query.category === undefined ? null : Number(query.category);
  const employee = query.employee ?? null;
  const keys = groupKeys(query);
  const groups = new Map(keys.map((key) => [key, newTally()]));
  const totals = newTally();
  const waitBands = new Array<number>(WAIT_BAND_COUNT).fill(0);
  const late: number[] = [];
  const outcomes = zeroOutcomes();
  const failedByReason = zeroFailures();
  let passed = 0;
  let failed = 0;
  let interpreterCalls = 0;
  const cancelReasons = new Map<string, number>();
  const rescheduleReasons = new Map<string, number>();
  const employees = new Map<string, { outcomes: Record<CallOutcome, number>; durations: number[] }>();
  const documents = new Map(DISPATCH_CHANNELS.map((channel) => [channel, { sent: 0, done: 0, failed: 0, times: [] as number[] }]));

  for (const [date, day] of dayTallies(store, kepId, query, category, employee, now)) {
    const dayGroup = query.groupBy === 'day' ? groups.get(date)! : query.groupBy === 'weekday' ? groups.get(String(weekday(date) || 7))! : null;
    for (const hour of day.hours) {
      add(totals, hour);
      add(dayGroup ?? groups.get(String(hour.hour).padStart(2, '0'))!, hour);
      for (let i = 0; i < hour.waits.length; i++) waitBands[Math.min(WAIT_BAND_COUNT - 1, Math.floor(hour.waits[i]! / WAIT_BAND_MS))]!++;
    }
    append(late, day.lates);
    passed += day.passed;
    failed += day.failed;
    for (const r of FAIL_REASONS) failedByReason[r] += day.failedByReason[r];
    for (const o of CALL_OUTCOMES) outcomes[o] += day.outcomes[o];
    interpreterCalls += day.interpreter;
    countReasons(cancelReasons, day.cancelReasons);
    countReasons(rescheduleReasons, day.rescheduleReasons);
    for (const e of day.employees) {
      let into = employees.get(e.employee);
      if (!into) {
        into = { outcomes: zeroOutcomes(), durations: [] };
        employees.set(e.employee, into);
      }
      for (const o of CALL_OUTCOMES) into.outcomes[o] += e.outcomes[o];
      append(into.durations, e.durations);
    }
    for (const d of day.documents) {
      const into = documents.get(d.channel)!;
      into.sent += d.sent;
      into.done += d.done;
      into.failed += d.failed;
      append(into.times, d.times);
    }
  }

  const grouped = keys.map((key) => ({ key, figures: figuresOf(groups.get(key)!) }));
  return {
    kepId,
    query: { from: query.from, to: query.to, groupBy: query.groupBy, category, employee },
    computedAt: new Date(now).toISOString(),
    totals: figuresOf(totals),
    // Hours appear only when they have appointments; every day and weekday is shown.
    groups: query.groupBy === 'hour' ? grouped.filter((g) => g.figures.bookings > 0) : grouped,
    waitBands,
    lateStart: durationFigures(late),
    outcomes,
    verification: { passed, failed, failedByReason },
    interpreterCalls,
    cancelReasons: topReasons(cancelReasons),
    rescheduleReasons: topReasons(rescheduleReasons),
    documents: DISPATCH_CHANNELS.map((channel) => {
      const d = documents.get(channel)!;
      return { channel, sent: d.sent, done: d.done, failed: d.failed, timeToDone: durationFigures(d.times) };
    }),
    // In id order first, as the tie between two same-named employees was always broken.
    employees: [...employees]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([userId, e]) => {
        const user = store.users.findActive(userId);
        return {
          userId,
          // A former employee's account is gone from the list of staff; the id still tells them apart.
          name: user && user.kep_id === kepId ? user.display_name : userId,
          calls: Object.values(e.outcomes).reduce((sum, n) => sum + n, 0),
          duration: durationFigures(e.durations),
          outcomes: e.outcomes,
        };
      })
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
  };
}
