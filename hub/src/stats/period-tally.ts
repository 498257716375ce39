import { FAIL_REASONS } from '../../../src-shared/domain/verification';
import { CALL_OUTCOMES } from '../../../src-shared/protocol/changes';
import { DISPATCH_CHANNELS } from '../../../src-shared/protocol/dispatch';
import { WAIT_BAND_COUNT, WAIT_BAND_MINUTES } from '../../../src-shared/protocol/stats';

/** What one group, or the whole period, adds up from its days' hours. */
export interface GroupTally {
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

export const newGroupTally = (): GroupTally => ({
  bookings: 0,
  completed: 0,
  noShows: 0,
  expected: 0,
  cancelled: 0,
  rescheduled: 0,
  calls: 0,
  waits: [],
  durations: [],
});

/** Counts by position: outcomes in CALL_OUTCOMES order, failures in FAIL_REASONS order. */
export interface EmployeeSums {
  outcomes: Float64Array;
  durations: number[];
}

export interface DocumentSums {
  sent: number;
  done: number;
  failed: number;
  times: number[];
}

/** A period's sums, filled day by day (tally-codec's addEncodedDay). */
export class PeriodTally {
  readonly totals = newGroupTally();
  readonly waitBandMs = WAIT_BAND_MINUTES * 60_000;
  readonly waitBands = new Array<number>(WAIT_BAND_COUNT).fill(0);
  readonly lates: number[] = [];
  readonly outcomes = new Float64Array(CALL_OUTCOMES.length);
  readonly failures = new Float64Array(FAIL_REASONS.length);
  passed = 0;
  failed = 0;
  interpreter = 0;
  readonly cancelReasons = new Map<string, number>();
  readonly rescheduleReasons = new Map<string, number>();
  readonly employees = new Map<string, EmployeeSums>();
  /** In DISPATCH_CHANNELS order. */
  readonly documents: DocumentSums[] = DISPATCH_CHANNELS.map(() => ({ sent: 0, done: 0, failed: 0, times: [] }));
  /** By hour of day, for a period grouped by hour. */
  private readonly hours: GroupTally[] = Array.from({ length: 24 }, newGroupTally);

  hourGroup(hour: number): GroupTally {
    return this.hours[hour]!;
  }

  employee(id: string): EmployeeSums {
    let employee = this.employees.get(id);
    if (!employee) {
      employee = { outcomes: new Float64Array(CALL_OUTCOMES.length), durations: [] };
      this.employees.set(id, employee);
    }
    return employee;
  }
}
