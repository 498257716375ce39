import type { Appointment } from '../../../../src-shared/domain/appointment';
import {
  APPOINTMENT_COLUMN_LIST,
  APPOINTMENT_PARAM_LIST,
  type AppointmentColumns,
  appointmentFromColumns,
  appointmentToColumns,
  canonicalInstant,
  columnsToAppointment,
} from '../../../../src-shared/sqlite/appointment-row';
import type { StatementCache } from '../statement-cache';

/** Who booked, kept beside the columns the hub shares with the desk's cache (migration 019). */
interface BookedByColumns {
  booked_via: string | null;
  booked_by_name: string | null;
}
type Row = AppointmentColumns & BookedByColumns;

const COLUMNS = `${APPOINTMENT_COLUMN_LIST}, booked_via, booked_by_name`;

function fromRow(row: Row, map: (row: Row) => Appointment = appointmentFromColumns): Appointment {
  const appointment = map(row);
  const via = row.booked_via;
  return via === 'online' || via === 'desk' ? { ...appointment, bookedBy: { via, employeeName: row.booked_by_name } } : appointment;
}

/**
 * One appointment as JSON, written by SQLite in C: the same keys and values as
 * fromRow(row, columnsToAppointment) gives JSON.stringify (tests/unit/hub-day-json.test.ts).
 */
const APPOINTMENT_JSON = `json_object(
  'id', id, 'kepId', kep_id, 'startsAt', starts_at, 'endsAt', ends_at, 'category', category,
  'serviceCode', service_code, 'subject', subject,
  'citizen', json_object('firstName', citizen_first_name, 'lastName', citizen_last_name, 'afm', citizen_afm,
    'email', citizen_email, 'phone', citizen_phone, 'postalAddress', citizen_postal_address),
  'interpreterNeeded', json(CASE interpreter_needed WHEN 1 THEN 'true' ELSE 'false' END),
  'deliveryMethod', delivery_method, 'status', status, 'statusReason', status_reason, 'updatedAt', updated_at,
  'bookedBy', CASE WHEN booked_via IN ('online', 'desk') THEN json_object('via', booked_via, 'employeeName', booked_by_name) END
)`;

/** Appointments that hold their slot: a cancelled one frees it, and a rescheduled one was replaced. */
const HOLDS_SLOT = "status NOT IN ('cancelled', 'rescheduled')";
/** No appointment lasts a day: one starting earlier cannot reach into a range. */
const LONGEST_APPOINTMENT_MS = 86_400_000;

/** The appointments of one start and end, and how many. */
export interface SlotOccupancy {
  startsAt: string;
  endsAt: string;
  count: number;
}

/** Owns `appointments`. Callers record each change in the change feed in the same transaction. */
export class AppointmentsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(appointment: Appointment, createdAt: string): void {
    this.sql
      .prepare<Row & { created_at: string }>(
        `INSERT INTO appointments (${COLUMNS}, created_at) VALUES (${APPOINTMENT_PARAM_LIST}, @booked_via, @booked_by_name, @created_at)`,
      )
      .run({
        ...appointmentToColumns(appointment),
        booked_via: appointment.bookedBy?.via ?? null,
        booked_by_name: appointment.bookedBy?.employeeName ?? null,
        created_at: createdAt,
      });
  }

  get(id: string): Appointment | null {
    const row = this.sql.prepare<[string], Row>(`SELECT ${COLUMNS} FROM appointments WHERE id = ?`).get(id);
    return row ? fromRow(row) : null;
  }

  setStatus(id: string, status: Appointment['status'], reason: string | null, at: string): void {
    this.sql.prepare('UPDATE appointments SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, at, id);
  }

  reschedule(id: string, startsAt: string, endsAt: string, reason: string, at: string): void {
    this.sql
      .prepare('UPDATE appointments SET starts_at = ?, ends_at = ?, status_reason = ?, updated_at = ? WHERE id = ?')
      .run(canonicalInstant(startsAt), canonicalInstant(endsAt), reason, at, id);
  }

  /** How many of a KEP's appointments start in [start, end). */
  countStarting(kepId: string, start: Date, end: Date): number {
    return (
      this.sql
        .prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM appointments WHERE kep_id = ? AND starts_at >= ? AND starts_at < ?')
        .get(kepId, start.toISOString(), end.toISOString())?.n ?? 0
    );
  }

  /**
   * A KEP's appointments that start in [start, end), in order. Unchecked: the hub wrote every
   * row from a validated appointment, and a day is thousands of rows; the desk checks what arrives.
   */
  listStarting(kepId: string, start: Date, end: Date): Appointment[] {
    return this.sql
      .prepare<[string, string, string], Row>(
        `SELECT ${COLUMNS} FROM appointments
         WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id`,
      )
      .all(kepId, start.toISOString(), end.toISOString())
      .map((row) => fromRow(row, columnsToAppointment));
  }

  /**
   * listStarting's appointments as the UTF-8 bytes of one JSON array: a day of thousands of rows
   * becomes no JS object nor string on the way to the wire (for 2,000 rows, a third of the CPU
   * that mapping the rows, JSON.stringify and encoding the string took).
   */
  jsonStarting(kepId: string, start: Date, end: Date): Buffer {
    return this.sql
      .prepare<[string, string, string], Buffer>(
        `SELECT CAST(json_group_array(${APPOINTMENT_JSON} ORDER BY starts_at, id) AS BLOB) FROM appointments
         WHERE kep_id = ? AND starts_at >= ? AND starts_at < ?`,
      )
      .pluck()
      .get(kepId, start.toISOString(), end.toISOString()) as Buffer;
  }

  /** The ids of listStarting's appointments, in its order. */
  idsStarting(kepId: string, start: Date, end: Date): string[] {
    return this.sql
      .prepare<[string, string, string], string>('SELECT id FROM appointments WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id')
      .pluck()
      .all(kepId, start.toISOString(), end.toISOString());
  }

  /**
   * The appointments holding slots of a KEP that overlap [start, end), grouped by their start and
   * end: one query on the (kep_id, starts_at) index for a whole slot search.
   */
  occupancy(kepId: string, start: Date, end: Date): SlotOccupancy[] {
    return this.sql
      .prepare<[string, string, string, string], SlotOccupancy>(
        `SELECT starts_at AS startsAt, ends_at AS endsAt, count(*) AS count FROM appointments
         WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND ${HOLDS_SLOT}
         GROUP BY starts_at, ends_at`,
      )
      .all(kepId, new Date(start.getTime() - LONGEST_APPOINTMENT_MS).toISOString(), end.toISOString(), start.toISOString());
  }

  /** How many appointments hold a slot overlapping [start, end), leaving out `exceptId` (a booking being moved). */
  countOverlapping(kepId: string, start: Date, end: Date, exceptId: string | null): number {
    return (
      this.sql
        .prepare<[string, string, string, string, string], { n: number }>(
          `SELECT count(*) AS n FROM appointments
           WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? AND ends_at > ? AND ${HOLDS_SLOT} AND id <> ?`,
        )
        .get(kepId, new Date(start.getTime() - LONGEST_APPOINTMENT_MS).toISOString(), end.toISOString(), start.toISOString(), exceptId ?? '')?.n ?? 0
    );
  }
}
