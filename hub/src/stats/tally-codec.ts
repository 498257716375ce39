import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES, type CallOutcome } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import { type DayTally, type DocumentTally, type HourTally, zeroFailures, zeroOutcomes } from './day-tally';

/**
 * A day's tally as stored: its numbers as float64s (`figures`, read back as views, no parsing:
 * JSON.parse of a year's tallies cost more than the whole goal) and its strings as JSON
 * (`names`: employee ids, and reasons with their counts).
 *
 * figures: hour count, then per hour [hour, bookings, completed, noShows, expected, cancelled,
 * rescheduled, calls, n, waits…, n, durations…]; n, lates…; outcomes (CALL_OUTCOMES order);
 * passed, failed, failures (FAIL_REASONS order), interpreter; per employee (names' order)
 * [outcomes…, n, durations…]; document count, then per channel [channel index, sent, done,
 * failed, n, times…].
 */
export interface EncodedTally {
  figures: Buffer;
  names: string;
}

type Names = [employees: string[], cancelReasons: Array<[string, number]>, rescheduleReasons: Array<[string, number]>];

function pushList(out: number[], values: ArrayLike<number>): void {
  out.push(values.length);
  for (let i = 0; i < values.length; i++) out.push(values[i]!);
}

export function encodeTally(t: DayTally): EncodedTally {
  const out: number[] = [t.hours.length];
  for (const h of t.hours) {
    out.push(h.hour, h.bookings, h.completed, h.noShows, h.expected, h.cancelled, h.rescheduled, h.calls);
    pushList(out, h.waits);
    pushList(out, h.durations);
  }
  pushList(out, t.lates);
  for (const o of CALL_OUTCOMES) out.push(t.outcomes[o]);
  out.push(t.passed, t.failed);
  for (const r of FAIL_REASONS) out.push(t.failedByReason[r]);
  out.push(t.interpreter);
  for (const e of t.employees) {
    for (const o of CALL_OUTCOMES) out.push(e.outcomes[o]);
    pushList(out, e.durations);
  }
  out.push(t.documents.length);
  for (const d of t.documents) {
    out.push(DISPATCH_CHANNELS.indexOf(d.channel), d.sent, d.done, d.failed);
    pushList(out, d.times);
  }
  const names: Names = [t.employees.map((e) => e.employee), t.cancelReasons, t.rescheduleReasons];
  return { figures: Buffer.from(Float64Array.from(out).buffer), names: JSON.stringify(names) };
}

export function decodeTally(figures: Uint8Array, names: string): DayTally {
  // A float64 view needs its start aligned to 8 bytes, which a read BLOB's may not be: then a copy.
  const f =
    figures.byteOffset % 8 === 0
      ? new Float64Array(figures.buffer, figures.byteOffset, figures.byteLength / 8)
      : new Float64Array(new Uint8Array(figures).buffer);
  let at = 0;
  const list = (): Float64Array => {
    const n = f[at++]!;
    at += n;
    return f.subarray(at - n, at);
  };
  const outcomes = (): Record<CallOutcome, number> => {
    const o = zeroOutcomes();
    for (const name of CALL_OUTCOMES) o[name] = f[at++]!;
    return o;
  };
  const hours: HourTally[] = [];
  for (let n = f[at++]!; n > 0; n--) {
    hours.push({
      hour: f[at++]!,
      bookings: f[at++]!,
      completed: f[at++]!,
      noShows: f[at++]!,
      expected: f[at++]!,
      cancelled: f[at++]!,
      rescheduled: f[at++]!,
      calls: f[at++]!,
      waits: list(),
      durations: list(),
    });
  }
  const lates = list();
  const dayOutcomes = outcomes();
  const passed = f[at++]!;
  const failed = f[at++]!;
  const failedByReason = zeroFailures();
  for (const r of FAIL_REASONS) failedByReason[r] = f[at++]!;
  const interpreter = f[at++]!;
  const [employeeIds, cancelReasons, rescheduleReasons] = JSON.parse(names) as Names;
  const employees = employeeIds.map((employee) => ({ employee, outcomes: outcomes(), durations: list() }));
  const documents: DocumentTally[] = [];
  for (let n = f[at++]!; n > 0; n--) {
    documents.push({ channel: DISPATCH_CHANNELS[f[at++]!]!, sent: f[at++]!, done: f[at++]!, failed: f[at++]!, times: list() });
  }
  return { hours, lates, outcomes: dayOutcomes, passed, failed, failedByReason, interpreter, cancelReasons, rescheduleReasons, employees, documents };
}
