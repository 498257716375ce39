import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeStats } from '../../hub/src/stats/compute-stats';
import { HubStore } from '../../hub/src/store/hub-store';
import type { StatsQuery, StatsResponse } from '../../src-shared/protocol/stats';
import { makeAppointment } from '../support/booking';
import { makeTempDir } from '../support/temp-dir';

/**
 * The per-day rollups (stats_days) against the facts they tally: past days are read from the
 * rollup, a filtered period is tallied from the facts rows, so a filter that selects every row
 * must give the same answer; and a day's rollup must follow every late write to its facts.
 */
const KEP = 'kep-rollup';
const NOW = Date.parse('2026-11-20T10:00:00.000Z');
let dir: ReturnType<typeof makeTempDir>;
let store: HubStore;

beforeEach(() => {
  dir = makeTempDir();
  store = new HubStore(dir.path);
  store.upsertKep({ id: KEP, name: 'ΚΕΠ Rollup' });
});
afterEach(() => {
  store.close();
  dir.remove();
});

/** Every appointment here is of category 3, so `category: '3'` selects all: the facts path. */
const stats = (query: StatsQuery): StatsResponse => computeStats(store, KEP, query, NOW);
const fromFacts = (query: StatsQuery): StatsResponse => {
  const answer = computeStats(store, KEP, { ...query, category: '3' }, NOW);
  return { ...answer, query: { ...answer.query, category: null } };
};

/** A served call on `isoStart` (UTC), its citizen waiting `waitMin` and the call lasting `callMin`. */
function served(isoStart: string, waitMin: number, callMin: number, userId = 'user-a'): string {
  const appointment = makeAppointment(KEP, new Date(isoStart));
  store.insertAppointments([appointment]);
  const start = Date.parse(appointment.startsAt);
  store.appointmentFacts.arrived(appointment.id, start - waitMin * 60_000);
  store.appointmentFacts.callOpened(appointment.id, start + 60_000, userId);
  store.appointmentFacts.admitted(appointment.id, start);
  store.appointmentFacts.verificationPassed(appointment.id);
  store.appointmentFacts.interpreterJoined(appointment.id);
  store.recordCallEnd(appointment.id, start + (1 + callMin) * 60_000, { outcome: 'completed', userId });
  store.setAppointmentStatus(appointment.id, 'completed');
  return appointment.id;
}

function dispatched(appointmentId: string, dispatchId: string, channel: 'email' | 'inbox' | 'post' = 'inbox'): void {
  const place = store.appointmentFacts.placeOf(appointmentId)!;
  store.dispatchFacts.insert({
    kepId: KEP,
    slotDate: place.slotDate,
    appointmentId,
    dispatchId,
    channel,
    category: 3,
    employeeId: 'user-a',
    callEndedAt: place.callEndedAt,
    sentAt: place.callEndedAt,
    doneAt: null,
    failed: false,
  });
}

/** A few days of varied history in early November 2026 (Athens is UTC+2). */
function history(): { first: string } {
  const first = served('2026-11-02T07:00:00.000Z', 3, 12);
  const second = served('2026-11-02T09:30:00.000Z', 9, 25, 'user-b');
  served('2026-11-03T08:00:00.000Z', 25, 7);
  const cancelled = makeAppointment(KEP, new Date('2026-11-03T11:00:00.000Z'));
  const noShow = makeAppointment(KEP, new Date('2026-11-04T06:40:00.000Z'));
  const failed = makeAppointment(KEP, new Date('2026-11-04T12:00:00.000Z'));
  store.insertAppointments([cancelled, noShow, failed]);
  store.setAppointmentStatus(cancelled.id, 'cancelled', 'Ασθένεια');
  store.setAppointmentStatus(noShow.id, 'no_show');
  store.appointmentFacts.callOpened(failed.id, Date.parse(failed.startsAt) + 4 * 60_000, 'user-b');
  store.setAppointmentStatus(failed.id, 'failed_verification', 'data_mismatch');
  dispatched(first, 'd-first');
  dispatched(second, 'd-second', 'email');
  return { first };
}

describe('per-day rollups', () => {
  it('answers a past period from the rollups exactly as from the facts, by day, weekday and hour', () => {
    history();
    for (const groupBy of ['day', 'weekday', 'hour'] as const) {
      const query: StatsQuery = { from: '2026-11-01', to: '2026-11-07', groupBy };
      const answer = stats(query);
      expect(answer.totals.bookings).toBe(6);
      expect(answer).toEqual(fromFacts(query));
    }
  });

  it('follows a document delivered days after its call, as the facts do', () => {
    const { first } = history();
    const query: StatsQuery = { from: '2026-11-02', to: '2026-11-02', groupBy: 'day' };
    expect(stats(query).documents.find((d) => d.channel === 'inbox')).toMatchObject({ sent: 1, done: 0 });

    const place = store.appointmentFacts.placeOf(first)!;
    store.dispatchFacts.done('d-first', place.callEndedAt! + 3 * 86_400_000);
    store.dispatchFacts.setFailed('d-second', true);
    const answer = stats(query);
    expect(answer.documents.find((d) => d.channel === 'inbox')).toEqual({
      channel: 'inbox',
      sent: 1,
      done: 1,
      failed: 0,
      timeToDone: { count: 1, p50: 3 * 86_400, p90: 3 * 86_400 },
    });
    expect(answer.documents.find((d) => d.channel === 'email')).toMatchObject({ sent: 1, failed: 1 });
    expect(answer).toEqual(fromFacts(query));
  });

  it('moves a rescheduled booking’s figures, and its documents, to its new day', () => {
    const { first } = history();
    const query: StatsQuery = { from: '2026-11-02', to: '2026-11-06', groupBy: 'day' };
    const before = stats(query);
    store.rescheduleAppointment(first, '2026-11-06T08:00:00.000Z', '2026-11-06T08:20:00.000Z', 'Ζήτησε άλλη μέρα');
    const after = stats(query);
    const day = (s: StatsResponse, key: string) => s.groups.find((g) => g.key === key)!.figures;
    expect(day(after, '2026-11-02').bookings).toBe(day(before, '2026-11-02').bookings - 1);
    expect(day(after, '2026-11-06')).toMatchObject({ bookings: 1, completed: 1, rescheduled: 1, calls: 1 });
    expect(after.rescheduleReasons).toEqual([{ reason: 'Ζήτησε άλλη μέρα', count: 1 }]);
    expect(stats({ ...query, from: '2026-11-06', to: '2026-11-06' }).documents.find((d) => d.channel === 'inbox')!.sent).toBe(1);
    expect(stats({ ...query, from: '2026-11-02', to: '2026-11-02' }).documents.find((d) => d.channel === 'inbox')!.sent).toBe(0);
    expect(after).toEqual(fromFacts(query));
  });

  it('keeps each day’s stored tally equal to a fresh tally of its facts', () => {
    history();
    const stored = store.statsDays.stored(KEP, '2026-11-01', '2026-11-30');
    const fresh = store.statsDays.computed({ kepId: KEP, from: '2026-11-01', to: '2026-11-30', category: null, employee: null }, Number.POSITIVE_INFINITY);
    expect(stored.map((day) => day.slotDate)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
    const plain = (days: typeof stored) => days.map((day) => ({ ...day, figures: [...day.figures] }));
    expect(plain(stored)).toEqual(plain(fresh));
  });
});
