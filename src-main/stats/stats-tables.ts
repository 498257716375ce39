import { FAIL_REASONS } from '../../src-shared/domain/verification';
import { CALL_OUTCOMES } from '../../src-shared/protocol/changes';
import { type PeriodFigures, type StatsResponse, WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../src-shared/protocol/stats';
import type { ExportTexts } from './export-texts';

/** A cell: text, a number (kept a number in XLSX), or nothing measured. */
export type Cell = string | number | null;

export interface StatsTable {
  id: 'groups' | 'waitBands' | 'outcomes' | 'verification' | 'documents' | 'employees' | 'reasons';
  title: string;
  headers: string[];
  rows: Cell[][];
}

/** Seconds as minutes with one decimal, as every export shows durations. */
export function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);

/** A group's key as a person reads it: a date as is, a weekday by name, an hour as 09:00. */
export function groupLabel(groupBy: StatsResponse['query']['groupBy'], key: string, texts: ExportTexts): string {
  if (groupBy === 'weekday') return texts.weekdays[Number(key) - 1] ?? key;
  if (groupBy === 'hour') return `${key}:00`;
  return key;
}

export function bandLabel(index: number, texts: ExportTexts): string {
  const from = index * WAIT_BAND_MINUTES;
  return index === WAIT_BAND_COUNT - 1 ? `${from} ${texts.bandOver}` : `${from}–${from + WAIT_BAND_MINUTES}`;
}

function figureCells(f: PeriodFigures): Cell[] {
  return [
    f.bookings,
    f.completed,
    f.noShows,
    percent(f.noShowRate),
    f.cancelled,
    f.rescheduled,
    f.calls,
    minutes(f.wait.p50),
    minutes(f.wait.p90),
    minutes(f.duration.p50),
    minutes(f.duration.p90),
  ];
}

/** The answer as the tables every export shows, in this order, the grouped table first. */
export function statsTables(stats: StatsResponse, texts: ExportTexts): StatsTable[] {
  const c = texts.columns;
  const figureHeaders = [
    c.bookings,
    c.completed,
    c.noShows,
    c.noShowRate,
    c.cancelled,
    c.rescheduled,
    c.calls,
    c.waitP50,
    c.waitP90,
    c.durationP50,
    c.durationP90,
  ];
  return [
    {
      id: 'groups',
      title: texts.sections.groups,
      headers: [texts.groupBy[stats.query.groupBy], ...figureHeaders],
      rows: [
        ...stats.groups.map((g) => [groupLabel(stats.query.groupBy, g.key, texts), ...figureCells(g.figures)]),
        [texts.total, ...figureCells(stats.totals)],
      ],
    },
    {
      id: 'waitBands',
      title: texts.sections.waitBands,
      headers: [c.band, c.citizens],
      rows: stats.waitBands.map((count, i) => [bandLabel(i, texts), count]),
    },
    {
      id: 'outcomes',
      title: texts.sections.outcomes,
      headers: [c.outcome, c.count],
      rows: CALL_OUTCOMES.map((o) => [texts.outcomes[o], stats.outcomes[o]]),
    },
    {
      id: 'verification',
      title: texts.sections.verification,
      headers: [c.check, c.count],
      rows: [
        [texts.passed, stats.verification.passed],
        [texts.failedCheck, stats.verification.failed],
        ...FAIL_REASONS.map((r) => [`${texts.failedCheck}: ${texts.failReasons[r]}`, stats.verification.failedByReason[r]]),
        [c.interpreterCalls, stats.interpreterCalls],
      ],
    },
    {
      id: 'documents',
      title: texts.sections.documents,
      headers: [c.channel, c.sent, c.done, c.failed, c.timeToDoneP50, c.timeToDoneP90],
      rows: stats.documents.map((d) => [texts.channels[d.channel], d.sent, d.done, d.failed, minutes(d.timeToDone.p50), minutes(d.timeToDone.p90)]),
    },
    {
      id: 'employees',
      title: texts.sections.employees,
      headers: [c.employee, c.calls, c.durationP50, c.durationP90, ...CALL_OUTCOMES.map((o) => texts.outcomes[o])],
      rows: stats.employees.map((e) => [e.name, e.calls, minutes(e.duration.p50), minutes(e.duration.p90), ...CALL_OUTCOMES.map((o) => e.outcomes[o])]),
    },
    {
      id: 'reasons',
      title: texts.sections.reasons,
      headers: [c.kind, c.reason, c.count],
      rows: [
        ...stats.cancelReasons.map((r) => [texts.cancellation, r.reason, r.count]),
        ...stats.rescheduleReasons.map((r) => [texts.reschedule, r.reason, r.count]),
      ],
    },
  ];
}

/** The figures a reader wants first, as label and value. */
export function keyFigures(stats: StatsResponse, texts: ExportTexts): Array<[string, Cell]> {
  const c = texts.columns;
  const t = stats.totals;
  return [
    [c.bookings, t.bookings],
    [c.completed, t.completed],
    [c.noShows, t.noShows],
    [c.noShowRate, percent(t.noShowRate)],
    [c.cancelled, t.cancelled],
    [c.rescheduled, t.rescheduled],
    [c.calls, t.calls],
    [c.waitP50, minutes(t.wait.p50)],
    [c.waitP90, minutes(t.wait.p90)],
    [c.durationP50, minutes(t.duration.p50)],
    [c.durationP90, minutes(t.duration.p90)],
    [c.lateStartP50, minutes(stats.lateStart.p50)],
    [c.lateStartP90, minutes(stats.lateStart.p90)],
    [c.interpreterCalls, stats.interpreterCalls],
  ];
}
