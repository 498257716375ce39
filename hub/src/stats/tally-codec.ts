import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import type { DayTally } from './day-tally';
import type { GroupTally, PeriodTally } from './period-tally';

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

/** A day's encoded tally, as a period reads it. */
export interface EncodedDay {
  slotDate: string;
  figures: Float64Array;
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

/** The float64s of stored figures: a view, or a copy when the BLOB's bytes do not start on an 8-byte boundary. */
export function figuresView(figures: Uint8Array): Float64Array {
  return figures.byteOffset % 8 === 0
    ? new Float64Array(figures.buffer, figures.byteOffset, figures.byteLength / 8)
    : new Float64Array(new Uint8Array(figures).buffer);
}

/** Appends f[at, at + n) to `into`. */
function appendRange(into: number[], f: Float64Array, at: number, n: number): void {
  for (let i = at; i < at + n; i++) into.push(f[i]!);
}

/** Adds an hour's seven counts, starting at f[at], to a group. */
function addCounts(g: GroupTally, f: Float64Array, at: number): void {
  g.bookings += f[at]!;
  g.completed += f[at + 1]!;
  g.noShows += f[at + 2]!;
  g.expected += f[at + 3]!;
  g.cancelled += f[at + 4]!;
  g.rescheduled += f[at + 5]!;
  g.calls += f[at + 6]!;
}

function addReasons(into: Map<string, number>, reasons: ReadonlyArray<[string, number]>): void {
  for (const [reason, count] of reasons) into.set(reason, (into.get(reason) ?? 0) + count);
}

/**
 * Adds one encoded day to a period, straight from its numbers (no per-day objects: building
 * them cost more than the adding). `dayGroup` takes the day's hours, or, when null, each hour
 * goes to the period's group of that hour.
 */
export function addEncodedDay(period: PeriodTally, day: EncodedDay, dayGroup: GroupTally | null): void {
  const f = day.figures;
  const { totals, waitBands } = period;
  let at = 0;
  for (let hours = f[at++]!; hours > 0; hours--) {
    const group = dayGroup ?? period.hourGroup(f[at]!);
    at++;
    addCounts(totals, f, at);
    addCounts(group, f, at);
    at += 7;
    let n = f[at++]!;
    appendRange(totals.waits, f, at, n);
    appendRange(group.waits, f, at, n);
    for (let i = at; i < at + n; i++) waitBands[Math.min(waitBands.length - 1, Math.floor(f[i]! / period.waitBandMs))]!++;
    at += n;
    n = f[at++]!;
    appendRange(totals.durations, f, at, n);
    appendRange(group.durations, f, at, n);
    at += n;
  }
  let n = f[at++]!;
  appendRange(period.lates, f, at, n);
  at += n;
  for (let o = 0; o < CALL_OUTCOMES.length; o++) period.outcomes[o]! += f[at++]!;
  period.passed += f[at++]!;
  period.failed += f[at++]!;
  for (let r = 0; r < FAIL_REASONS.length; r++) period.failures[r]! += f[at++]!;
  period.interpreter += f[at++]!;
  const [employeeIds, cancelReasons, rescheduleReasons] = JSON.parse(day.names) as Names;
  for (const id of employeeIds) {
    const employee = period.employee(id);
    for (let o = 0; o < CALL_OUTCOMES.length; o++) employee.outcomes[o]! += f[at++]!;
    n = f[at++]!;
    appendRange(employee.durations, f, at, n);
    at += n;
  }
  for (let docs = f[at++]!; docs > 0; docs--) {
    const doc = period.documents[f[at++]!]!;
    doc.sent += f[at++]!;
    doc.done += f[at++]!;
    doc.failed += f[at++]!;
    n = f[at++]!;
    appendRange(doc.times, f, at, n);
    at += n;
  }
  addReasons(period.cancelReasons, cancelReasons);
  addReasons(period.rescheduleReasons, rescheduleReasons);
}
