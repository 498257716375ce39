import { addDays } from '../../../src-shared/domain/athens-time';
import { FAIL_REASONS, type FailReason } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS, type DispatchChannel } from '../../../src-shared/protocol/dispatch';
import { type PeriodFigures, type StatsQuery, type StatsResponse, WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../../src-shared/protocol/stats';
import type { HubStore } from '../store/hub-store';
import { durationFigures } from './duration-figures';

/** What one group, or the whole period, adds up while the rows go by. */
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

const HOUR_KEYS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const WAIT_BAND_MS = WAIT_BAND_MINUTES * 60_000;
const TOP_REASONS = 10;

function topReasons(counts: Map<string, number>): Array<{ reason: string; count: number }> {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .slice(0, TOP_REASONS);
}

/** The groups a period starts with: every day of it, or every weekday; hours appear as appointments do. */
function initialGroups(query: StatsQuery): Map<string, Tally> {
  const groups = new Map<string, Tally>();
  if (query.groupBy === 'day') for (let d = query.from; d <= query.to; d = addDays(d, 1)) groups.set(d, newTally());
  if (query.groupBy === 'weekday') for (let w = 1; w <= 7; w++) groups.set(String(w), newTally());
  return groups;
}

/**
 * A KEP's figures over a period (PROTOCOL.md §11): one range scan of its appointment facts and
 * one of its dispatch facts, each added up in a single pass. `now` decides which slots have
 * started (a no-show is possible only then).
 */
export function computeStats(store: HubStore, kepId: string, query: StatsQuery, now = Date.now()): StatsResponse {
  const category = query.category === undefined ? null : Number(query.category);
  const employee = query.employee ?? null;
  const groups = initialGroups(query);
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
  const employees = new Map<string, { calls: number; durations: number[]; outcomes: Record<CallOutcome, number> }>();
  // Call end per appointment in the answer, for the documents' time to reach the citizen.
  const callEnds = new Map<string, number | null>();

  for (const row of store.appointmentFacts.scan(kepId, query.from, query.to, { category, employee })) {
    const [id, slotDate, slotWeekday, slotHour, slotStart, status, employeeId, arrivedAt, admittedAt, openedAt, endedAt, outcome, verification] = row;
    const key = query.groupBy === 'day' ? slotDate : query.groupBy === 'weekday' ? String(slotWeekday) : HOUR_KEYS[slotHour]!;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = newTally()));
    callEnds.set(id, endedAt);

    const cancelled = status === 'cancelled';
    const moved = row[16] > 0;
    const expected = !cancelled && slotStart <= now;
    const isCall = openedAt !== null || endedAt !== null;
    const wait = arrivedAt !== null && admittedAt !== null ? Math.max(0, admittedAt - arrivedAt) : null;
    const duration = openedAt !== null && endedAt !== null ? Math.max(0, endedAt - openedAt) : null;
    for (const t of [totals, group]) {
      t.bookings++;
      if (status === 'completed') t.completed++;
      if (status === 'no_show') t.noShows++;
      if (expected) t.expected++;
      if (cancelled) t.cancelled++;
      if (moved) t.rescheduled++;
      if (isCall) t.calls++;
      if (wait !== null) t.waits.push(wait);
      if (duration !== null) t.durations.push(duration);
    }

    if (wait !== null) waitBands[Math.min(WAIT_BAND_COUNT - 1, Math.floor(wait / WAIT_BAND_MS))]!++;
    if (openedAt !== null) late.push(Math.max(0, openedAt - slotStart));
    if (verification === 'passed') passed++;
    if (verification === 'failed') {
      failed++;
      const reason = row[13] as FailReason | null;
      if (reason !== null && reason in failedByReason) failedByReason[reason]++;
    }
    if (row[14] === 1) interpreterCalls++;
    const cancelReason = row[15];
    if (cancelled && cancelReason !== null) cancelReasons.set(cancelReason, (cancelReasons.get(cancelReason) ?? 0) + 1);
    const rescheduleReason = row[17];
    if (moved && rescheduleReason !== null) rescheduleReasons.set(rescheduleReason, (rescheduleReasons.get(rescheduleReason) ?? 0) + 1);
    if (outcome !== null) {
      outcomes[outcome]++;
      if (employeeId !== null) {
        let e = employees.get(employeeId);
        if (!e) employees.set(employeeId, (e = { calls: 0, durations: [], outcomes: zeroOutcomes() }));
        e.calls++;
        if (duration !== null) e.durations.push(duration);
        e.outcomes[outcome]++;
      }
    }
  }

  const documents = new Map<DispatchChannel, { sent: number; done: number; failed: number; times: number[] }>(
    DISPATCH_CHANNELS.map((c) => [c, { sent: 0, done: 0, failed: 0, times: [] }]),
  );
  for (const [appointmentId, channel, , doneAt, dispatchFailed] of store.dispatchFacts.scan(kepId, query.from, query.to, category)) {
    // An employee's figures count the documents of that employee's appointments only.
    if (employee !== null && !callEnds.has(appointmentId)) continue;
    const d = documents.get(channel)!;
    d.sent++;
    if (dispatchFailed === 1) d.failed++;
    if (doneAt !== null) {
      d.done++;
      const endedAt = callEnds.get(appointmentId) ?? null;
      if (endedAt !== null) d.times.push(Math.max(0, doneAt - endedAt));
    }
  }

  const groupList = [...groups].map(([key, t]) => ({ key, figures: figuresOf(t) }));
  if (query.groupBy === 'hour') groupList.sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    kepId,
    query: { from: query.from, to: query.to, groupBy: query.groupBy, category, employee },
    computedAt: new Date(now).toISOString(),
    totals: figuresOf(totals),
    groups: groupList,
    waitBands,
    lateStart: durationFigures(late),
    outcomes,
    verification: { passed, failed, failedByReason },
    interpreterCalls,
    cancelReasons: topReasons(cancelReasons),
    rescheduleReasons: topReasons(rescheduleReasons),
    documents: [...documents].map(([channel, d]) => ({ channel, sent: d.sent, done: d.done, failed: d.failed, timeToDone: durationFigures(d.times) })),
    employees: [...employees]
      .map(([userId, e]) => {
        const user = store.users.findActive(userId);
        return {
          userId,
          // A former employee's account is gone from the list of staff; the id still tells them apart.
          name: user && user.kep_id === kepId ? user.display_name : userId,
          calls: e.calls,
          duration: durationFigures(e.durations),
          outcomes: e.outcomes,
        };
      })
      .sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1)),
  };
}
