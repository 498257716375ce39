import { FAIL_REASONS, type FailReason } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import type { DispatchChannel } from '../../../src-shared/protocol/dispatch';

/** An appointment's facts row, as a day's tally reads it (times in ms). */
export interface AppointmentFact {
  slotDate: string;
  slotHour: number;
  slotStart: number;
  status: string;
  employeeId: string | null;
  arrivedAt: number | null;
  admittedAt: number | null;
  callOpenedAt: number | null;
  callEndedAt: number | null;
  outcome: string | null;
  verification: string | null;
  failReason: string | null;
  interpreter: number;
  cancelReason: string | null;
  rescheduled: number;
  rescheduleReason: string | null;
}

/** A dispatch's facts row, as a day's tally reads it (times in ms). */
export interface DispatchFact {
  slotDate: string;
  channel: DispatchChannel;
  callEndedAt: number | null;
  doneAt: number | null;
  failed: number;
}

/** What the period figures of a group need from one hour of slots. */
export interface HourTally {
  hour: number;
  bookings: number;
  completed: number;
  noShows: number;
  /** Not cancelled, and the slot had started by `now`. */
  expected: number;
  cancelled: number;
  rescheduled: number;
  calls: number;
  /** ms: admitted − arrived. */
  waits: ArrayLike<number>;
  /** ms: call ended − call opened. */
  durations: ArrayLike<number>;
}

export interface EmployeeTally {
  employee: string;
  outcomes: Record<CallOutcome, number>;
  durations: ArrayLike<number>;
}

export interface DocumentTally {
  channel: DispatchChannel;
  sent: number;
  done: number;
  failed: number;
  /** ms: done − call ended. */
  times: ArrayLike<number>;
}

/**
 * Everything a KEP's figures need from one of its days: what groups need per hour of slot, the
 * rest for the day. Merging days' tallies gives exactly what adding up their facts rows gives.
 */
export interface DayTally {
  /** Hours with appointments, ascending. */
  hours: HourTally[];
  /** ms: max(0, call opened − slot start). */
  lates: ArrayLike<number>;
  outcomes: Record<CallOutcome, number>;
  passed: number;
  failed: number;
  failedByReason: Record<FailReason, number>;
  interpreter: number;
  /** [reason, count] */
  cancelReasons: Array<[string, number]>;
  rescheduleReasons: Array<[string, number]>;
  employees: EmployeeTally[];
  documents: DocumentTally[];
}

export const zeroOutcomes = (): Record<CallOutcome, number> => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;
export const zeroFailures = (): Record<FailReason, number> => Object.fromEntries(FAIL_REASONS.map((r) => [r, 0])) as Record<FailReason, number>;

const isOutcome = (o: string | null): o is CallOutcome => (CALL_OUTCOMES as readonly (string | null)[]).includes(o);
const isFailReason = (r: string | null): r is FailReason => (FAIL_REASONS as readonly (string | null)[]).includes(r);

/** max(0, b − a) when both are known, as SQL's max(0, b − a) over NULLs. */
const span = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(0, b - a));

/** What `tallyDay` fills: the tally's value lists as arrays it appends to. */
type Growing<T> = { [K in keyof T]: T[K] extends ArrayLike<number> ? number[] : T[K] };

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * One day's tally from its facts rows (a day's: some hundred appointments and their
 * dispatches). `now` decides which slots have started; for a day before today all have.
 */
export function tallyDay(appointments: readonly AppointmentFact[], dispatches: readonly DispatchFact[], now: number): DayTally {
  const hours = new Map<number, Growing<HourTally>>();
  const lates: number[] = [];
  const tally: DayTally = {
    hours: [],
    lates,
    outcomes: zeroOutcomes(),
    passed: 0,
    failed: 0,
    failedByReason: zeroFailures(),
    interpreter: 0,
    cancelReasons: [],
    rescheduleReasons: [],
    employees: [],
    documents: [],
  };
  const cancelReasons = new Map<string, number>();
  const rescheduleReasons = new Map<string, number>();
  const employees = new Map<string, Growing<EmployeeTally>>();
  for (const a of appointments) {
    let hour = hours.get(a.slotHour);
    if (!hour) {
      hour = { hour: a.slotHour, bookings: 0, completed: 0, noShows: 0, expected: 0, cancelled: 0, rescheduled: 0, calls: 0, waits: [], durations: [] };
      hours.set(a.slotHour, hour);
    }
    hour.bookings++;
    if (a.status === 'completed') hour.completed++;
    if (a.status === 'no_show') hour.noShows++;
    if (a.status === 'cancelled') hour.cancelled++;
    else if (a.slotStart <= now) hour.expected++;
    if (a.rescheduled > 0) hour.rescheduled++;
    if (a.callOpenedAt !== null || a.callEndedAt !== null) hour.calls++;
    const wait = span(a.arrivedAt, a.admittedAt);
    if (wait !== null) hour.waits.push(wait);
    const duration = span(a.callOpenedAt, a.callEndedAt);
    if (duration !== null) hour.durations.push(duration);
    const late = span(a.slotStart, a.callOpenedAt);
    if (late !== null) lates.push(late);
    if (a.interpreter === 1) tally.interpreter++;
    if (a.verification === 'passed') tally.passed++;
    if (a.verification === 'failed') tally.failed++;
    if (isFailReason(a.failReason)) tally.failedByReason[a.failReason]++;
    if (isOutcome(a.outcome)) tally.outcomes[a.outcome]++;
    if (a.cancelReason !== null) bump(cancelReasons, a.cancelReason);
    if (a.rescheduled > 0 && a.rescheduleReason !== null) bump(rescheduleReasons, a.rescheduleReason);
    if (a.outcome !== null && a.employeeId !== null) {
      let employee = employees.get(a.employeeId);
      if (!employee) {
        employee = { employee: a.employeeId, outcomes: zeroOutcomes(), durations: [] };
        employees.set(a.employeeId, employee);
      }
      if (isOutcome(a.outcome)) employee.outcomes[a.outcome]++;
      if (duration !== null) employee.durations.push(duration);
    }
  }
  const documents = new Map<DispatchChannel, Growing<DocumentTally>>();
  for (const d of dispatches) {
    let doc = documents.get(d.channel);
    if (!doc) {
      doc = { channel: d.channel, sent: 0, done: 0, failed: 0, times: [] };
      documents.set(d.channel, doc);
    }
    doc.sent++;
    if (d.doneAt !== null) doc.done++;
    doc.failed += d.failed;
    const time = span(d.callEndedAt, d.doneAt);
    if (time !== null) doc.times.push(time);
  }
  tally.hours = [...hours.values()].sort((a, b) => a.hour - b.hour);
  tally.cancelReasons = [...cancelReasons];
  tally.rescheduleReasons = [...rescheduleReasons];
  tally.employees = [...employees.values()];
  tally.documents = [...documents.values()];
  return tally;
}
