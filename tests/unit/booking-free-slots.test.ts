import { describe, expect, it } from 'vitest';
import { bookableSlot, freeSlots, type SlotSchedule, slotGrid } from '../../hub/src/booking/free-slots';

const EIGHT_TO_NINE = [{ opens: '08:00', closes: '09:00' }];
/** Mon–Fri 08:00–09:00, 20-minute slots, 2 desks. */
const schedule: SlotSchedule = {
  desks: 2,
  slotMinutes: 20,
  hours: { 1: EIGHT_TO_NINE, 2: EIGHT_TO_NINE, 3: EIGHT_TO_NINE, 4: EIGHT_TO_NINE, 5: EIGHT_TO_NINE },
  closedDates: [],
};
/** A Monday in winter (Athens UTC+2) and the day before it was known. */
const MONDAY = '2026-12-07';
const LONG_BEFORE = Date.parse('2026-12-01T00:00:00Z');

const free = (startsAt: string, endsAt: string, n: number) => ({ startsAt, endsAt, free: n });

describe('free slots', () => {
  it('lays the grid on the opening hours in Athens time, every desk free', () => {
    expect(freeSlots(schedule, MONDAY, 1, LONG_BEFORE, [])).toEqual([
      {
        date: MONDAY,
        slots: [
          free('2026-12-07T06:00:00.000Z', '2026-12-07T06:20:00.000Z', 2),
          free('2026-12-07T06:20:00.000Z', '2026-12-07T06:40:00.000Z', 2),
          free('2026-12-07T06:40:00.000Z', '2026-12-07T07:00:00.000Z', 2),
        ],
      },
    ]);
  });

  it('has no slots on a weekend or a closed date, and still lists those days', () => {
    const closed = { ...schedule, closedDates: ['2026-12-07'] };
    expect(freeSlots(closed, '2026-12-05', 4, LONG_BEFORE, []).map((d) => [d.date, d.slots.length])).toEqual([
      ['2026-12-05', 0], // Saturday
      ['2026-12-06', 0], // Sunday
      ['2026-12-07', 0], // closed
      ['2026-12-08', 3],
    ]);
  });

  it('leaves out a slot that would end after closing', () => {
    const late = { ...schedule, hours: { 1: [{ opens: '08:00', closes: '09:10' }] } };
    expect(slotGrid(late, MONDAY).map((s) => new Date(s.start).toISOString())).toEqual([
      '2026-12-07T06:00:00.000Z',
      '2026-12-07T06:20:00.000Z',
      '2026-12-07T06:40:00.000Z',
    ]);
  });

  it('keeps local hours across the spring DST change (Athens UTC+2 → UTC+3 on 29 March 2026)', () => {
    const weekend = { ...schedule, hours: { 6: EIGHT_TO_NINE, 7: EIGHT_TO_NINE } };
    const days = freeSlots(weekend, '2026-03-28', 2, Date.parse('2026-03-01T00:00:00Z'), []);
    expect(days.map((d) => d.slots[0]?.startsAt)).toEqual(['2026-03-28T06:00:00.000Z', '2026-03-29T05:00:00.000Z']);
    expect(days[1]?.slots.map((s) => s.endsAt)).toEqual(['2026-03-29T05:20:00.000Z', '2026-03-29T05:40:00.000Z', '2026-03-29T06:00:00.000Z']);
  });

  it('offers only slots at least the lead time (15 minutes) ahead', () => {
    const now = Date.parse('2026-12-07T06:10:00Z'); // 08:10 in Athens: 08:20 is 10 minutes away
    expect(freeSlots(schedule, MONDAY, 1, now, [])[0]?.slots.map((s) => s.startsAt)).toEqual(['2026-12-07T06:40:00.000Z']);
    // A hub set to no lead time (booking.leadMinutes 0) offers the slot that starts next.
    expect(freeSlots(schedule, MONDAY, 1, now, [], 0)[0]?.slots.map((s) => s.startsAt)).toEqual(['2026-12-07T06:20:00.000Z', '2026-12-07T06:40:00.000Z']);
    expect(bookableSlot(schedule, '2026-12-07T06:20:00.000Z', now, 0)).not.toBeNull();
  });

  it('takes a desk for each booking a slot overlaps, on the grid or off it', () => {
    const occupancy = [
      { startsAt: '2026-12-07T06:00:00.000Z', endsAt: '2026-12-07T06:20:00.000Z', count: 2 }, // full
      { startsAt: '2026-12-07T06:20:00.000Z', endsAt: '2026-12-07T06:40:00.000Z', count: 1 },
      { startsAt: '2026-12-07T06:30:00.000Z', endsAt: '2026-12-07T06:50:00.000Z', count: 1 }, // off the grid: 08:20 and 08:40
    ];
    expect(freeSlots(schedule, MONDAY, 1, LONG_BEFORE, occupancy)[0]?.slots).toEqual([free('2026-12-07T06:40:00.000Z', '2026-12-07T07:00:00.000Z', 1)]);
  });

  it('knows a bookable slot: on the grid, on an open day, beyond the lead time', () => {
    expect(bookableSlot(schedule, '2026-12-07T06:20:00.000Z', LONG_BEFORE)).toEqual({
      start: Date.parse('2026-12-07T06:20:00Z'),
      end: Date.parse('2026-12-07T06:40:00Z'),
    });
    expect(bookableSlot(schedule, '2026-12-07T06:25:00.000Z', LONG_BEFORE)).toBeNull(); // off the grid
    expect(bookableSlot(schedule, '2026-12-05T06:20:00.000Z', LONG_BEFORE)).toBeNull(); // Saturday
    expect(bookableSlot(schedule, '2026-12-07T07:00:00.000Z', LONG_BEFORE)).toBeNull(); // 09:00, closing time
    expect(bookableSlot(schedule, '2026-12-07T06:20:00.000Z', Date.parse('2026-12-07T06:10:00Z'))).toBeNull(); // too soon
  });
});
