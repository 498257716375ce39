import { addDays, formatAthensDate, weekday } from '../../../src-shared/domain/athens-time';
import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import type { PeriodFigures, StatsQuery, StatsResponse } from '../../../src-shared/protocol/stats';
import type { HubStore } from '../store/hub-store';
import { durationFigures } from './duration-figures';
import { type GroupTally, newGroupTally, PeriodTally } from './period-tally';
import { addEncodedDay, type EncodedDay } from './tally-codec';

const figuresOf = (t: GroupTally): PeriodFigures => ({
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

const TOP_REASONS = 10;

function topReasons(counts: Map<string, number>): Array<{ reason: string; count: number }> {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .slice(0, TOP_REASONS);
}

/** Counts by position (CALL_OUTCOMES or FAIL_REASONS order) as a record by name. */
function byName<K extends string>(names: readonly K[], counts: Float64Array): Record<K, number> {
  const record = {} as Record<K, number>;
  names.forEach((name, i) => (record[name] = counts[i]!));
  return record;
}

/** The keys of a period's groups, in order: every day of it, the seven weekdays, or the 24 hours. */
function groupKeys(query: StatsQuery): string[] {
  if (query.groupBy === 'weekday') return ['1', '2', '3', '4', '5', '6', '7'];
  if (query.groupBy === 'hour') return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  const days: string[] = [];
  const last = Date.parse(`${query.to}T00:00:00Z`);
  for (let t = Date.parse(`${query.from}T00:00:00Z`); t <= last; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The tallies of the period's days that have facts. Past days' come stored (`stats_days`, kept
 * on every write) unless a filter narrows the rows; a filtered period's, and today's and later
 * (whose expected slots depend on `now`), are tallied from their facts rows now.
 */
function dayTallies(store: HubStore, kepId: string, query: StatsQuery, category: number | null, employee: string | null, now: number): EncodedDay[] {
  const today = formatAthensDate(new Date(now));
  const filtered = category !== null || employee !== null;
  const liveFrom = filtered || query.from > today ? query.from : today;
  const storedTo = addDays(liveFrom, -1) < query.to ? addDays(liveFrom, -1) : query.to;
  const stored = liveFrom > query.from ? store.statsDays.stored(kepId, query.from, storedTo) : [];
  const live = liveFrom <= query.to ? store.statsDays.computed({ kepId, from: liveFrom, to: query.to, category, employee }, now) : [];
  return stored.concat(live);
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
  const period = new PeriodTally();
  const groups = new Map<string, GroupTally>(
    query.groupBy === 'hour' ? keys.map((key) => [key, period.hourGroup(Number(key))]) : keys.map((key) => [key, newGroupTally()]),
  );
  for (const day of dayTallies(store, kepId, query, category, employee, now)) {
    const dayGroup = query.groupBy === 'day' ? groups.get(day.slotDate)! : query.groupBy === 'weekday' ? groups.get(String(weekday(day.slotDate) || 7))! : null;
    addEncodedDay(period, day, dayGroup);
  }

  const staff = new Map(store.listStaff(kepId).map((member) => [member.id, member.displayName]));
  const grouped = keys.map((key) => ({ key, figures: figuresOf(groups.get(key)!) }));
  return {
    kepId,
    query: { from: query.from, to: query.to, groupBy: query.groupBy, category, employee },
    computedAt: new Date(now).toISOString(),
    totals: figuresOf(period.totals),
    // Hours appear only when they have appointments; every day and weekday is shown.
    groups: query.groupBy === 'hour' ? grouped.filter((g) => g.figures.bookings > 0) : grouped,
    waitBands: period.waitBands,
    lateStart: durationFigures(period.lates),
    outcomes: byName(CALL_OUTCOMES, period.outcomes),
    verification: { passed: period.passed, failed: period.failed, failedByReason: byName(FAIL_REASONS, period.failures) },
    interpreterCalls: period.interpreter,
    cancelReasons: topReasons(period.cancelReasons),
    rescheduleReasons: topReasons(period.rescheduleReasons),
    documents: DISPATCH_CHANNELS.map((channel, i) => {
      const d = period.documents[i]!;
      return { channel, sent: d.sent, done: d.done, failed: d.failed, timeToDone: durationFigures(d.times) };
    }),
    // In id order first, as the tie between two same-named employees was always broken.
    employees: [...period.employees]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([userId, e]) => {
        const outcomes = byName(CALL_OUTCOMES, e.outcomes);
        return {
          userId,
          // A former employee's account is gone from the list of staff; the id still tells them apart.
          name: staff.get(userId) ?? userId,
          calls: e.outcomes.reduce((sum, n) => sum + n, 0),
          duration: durationFigures(e.durations),
          outcomes,
        };
      })
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
  };
}
