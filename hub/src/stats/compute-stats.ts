import { addDays } from '../../../src-shared/domain/athens-time';
import { FAIL_REASONS, type FailReason } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import { type PeriodFigures, type StatsQuery, type StatsResponse, WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../../src-shared/protocol/stats';
import type { HubStore } from '../store/hub-store';
import { type FactGroupRow, TEXT_SEPARATOR } from '../store/tables/appointment-facts';
import { durationFigures } from './duration-figures';

/** What one group, or the whole period, adds up from the scan's rows. */
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

const newTally = (): Tally => ({ bookings: 0, completed: 0, noShows: 0, expected: 0, cancelled: 0, rescheduled: 0, calls: 0, waits: [], durations: [] });

/** Comma-joined ms (SQLite's group_concat) as numbers. */
const numbers = (joined: string | null): number[] => (joined === null ? [] : joined.split(',').map(Number));

function add(t: Tally, { bookings, counts }: FactGroupRow, waits: readonly number[], durations: readonly number[]): void {
  t.bookings += bookings;
  t.completed += counts.completed;
  t.noShows += counts.noShows;
  t.expected += counts.expected;
  t.cancelled += counts.cancelled;
  t.rescheduled += counts.rescheduled;
  t.calls += counts.calls;
  for (const w of waits) t.waits.push(w);
  for (const d of durations) t.durations.push(d);
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

const zeroOutcomes = (): Record<CallOutcome, number> => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;

function addOutcomes(into: Record<CallOutcome, number>, counts: FactGroupRow['counts']): void {
  for (const o of CALL_OUTCOMES) into[o] += counts[`outcome:${o}`];
}

const WAIT_BAND_MS = WAIT_BAND_MINUTES * 60_000;
const TOP_REASONS = 10;

/** Counts a row's reasons: cancellations' (marked 'c') and reschedules' ('r'). */
function countReasons(cancel: Map<string, number>, reschedule: Map<string, number>, joined: string | null): void {
  if (joined === null) return;
  for (const marked of joined.split(TEXT_SEPARATOR)) {
    if (marked === '') continue;
    const counts = marked[0] === 'c' ? cancel : reschedule;
    const reason = marked.slice(1);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
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
 * A KEP's figures over a period (PROTOCOL.md §11): one range scan of its appointment facts and
 * one of its dispatch facts, and one of the calls per employee. SQLite adds each up per group as it scans; what a
 * percentile needs comes back as the values themselves. `now` decides which slots have started
 * (a no-show is possible only then).
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
  const failedByReason = Object.fromEntries(FAIL_REASONS.map((r) => [r, 0])) as Record<FailReason, number>;
  let passed = 0;
  let failed = 0;
  let interpreterCalls = 0;
  const cancelReasons = new Map<string, number>();
  const rescheduleReasons = new Map<string, number>();
  const scan = { kepId, from: query.from, to: query.to, groupBy: query.groupBy, category, employee, now };

  for (const row of store.appointmentFacts.scan(scan)) {
    const key = query.groupBy === 'hour' ? String(row.key).padStart(2, '0') : query.groupBy === 'weekday' ? String(row.weekday) : String(row.key);
    const waits = numbers(row.waits);
    const durations = numbers(row.durations);
    add(totals, row, waits, durations);
    add(groups.get(key)!, row, waits, durations);
    for (const w of waits) waitBands[Math.min(WAIT_BAND_COUNT - 1, Math.floor(w / WAIT_BAND_MS))]!++;
    for (const l of numbers(row.lates)) late.push(l);
    passed += row.counts.passed;
    failed += row.counts.failed;
    for (const r of FAIL_REASONS) failedByReason[r] += row.counts[`fail:${r}`];
    interpreterCalls += row.counts.interpreter;
    countReasons(cancelReasons, rescheduleReasons, row.reasons);
    addOutcomes(outcomes, row.counts);
  }

  const documents = new Map(store.dispatchFacts.scan(kepId, query.from, query.to, category, employee).map((d) => [d.channel, d]));
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
      const d = documents.get(channel);
      return { channel, sent: d?.sent ?? 0, done: d?.done ?? 0, failed: d?.failed ?? 0, timeToDone: durationFigures(numbers(d?.times ?? null)) };
    }),
    employees: store.appointmentFacts
      .scanEmployees(scan)
      .map(({ employee: userId, outcomes: employeeOutcomes, durations }) => {
        const user = store.users.findActive(userId);
        return {
          userId,
          // A former employee's account is gone from the list of staff; the id still tells them apart.
          name: user && user.kep_id === kepId ? user.display_name : userId,
          calls: Object.values(employeeOutcomes).reduce((sum, n) => sum + n, 0),
          duration: durationFigures(numbers(durations)),
          outcomes: employeeOutcomes,
        };
      })
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
  };
}
