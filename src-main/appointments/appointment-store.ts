import type { Appointment, AppointmentStatus } from '../../src-shared/domain/appointment';
import type { Role } from '../../src-shared/domain/roles';
import { athensDayRange, type IsoDate } from '../../src-shared/domain/athens-time';
import {
  canonicalInstant,
  APPOINTMENT_COLUMN_LIST,
  APPOINTMENT_COLUMNS,
  type AppointmentColumns,
  appointmentFromColumns,
  appointmentValues,
  columnsToAppointment,
} from '../../src-shared/sqlite/appointment-row';
import type { SqliteDatabase } from '../db/open-database';

/** Who booked: columns of the desk's cache only (app migration 017), beside the booking data both sides share. */
interface BookedByColumns {
  booked_via: 'online' | 'desk' | null;
  booked_by_name: string | null;
}
type StoredRow = AppointmentColumns & BookedByColumns;

const STORED_COLUMN_LIST = `${APPOINTMENT_COLUMN_LIST}, booked_via, booked_by_name`;
const CACHED_COLUMNS = [...APPOINTMENT_COLUMNS, 'booked_via', 'booked_by_name', 'synced_at'] as const;

/** The row's values in CACHED_COLUMNS order: positional parameters bind faster than named ones. */
function toParams(a: Appointment, syncedAt: string): unknown[] {
  const values = appointmentValues(a);
  values.push(a.bookedBy?.via ?? null, a.bookedBy?.employeeName ?? null, syncedAt);
  return values;
}

function withBookedBy(appointment: Appointment, r: StoredRow): Appointment {
  return { ...appointment, bookedBy: r.booked_via ? { via: r.booked_via, employeeName: r.booked_by_name } : null };
}

/** Parsed: a damaged or hand-edited row never passes as valid. */
function fromRow(r: StoredRow): Appointment {
  return withBookedBy(appointmentFromColumns(r), r);
}

/** The cached booking data of a workstation's KEP: the only module that writes `appointments`, `staff` and `synced_days` (retention aside). */
export class AppointmentStore {
  private readonly upsert;
  private readonly deleteMissing;
  private readonly selectDay;
  private readonly markDaySynced;
  /**
   * Days as listDay last read them, by `kepId date`: a day of a thousand rows costs tens of ms
   * to read and map, and the page asks for it at every sign-in, reload and change. Every write
   * of this store (the only writer of `appointments`) empties it.
   */
  private readonly days = new Map<string, readonly Appointment[]>();

  constructor(private readonly db: SqliteDatabase) {
    const updated = CACHED_COLUMNS.filter((c) => c !== 'id');
    const data = updated.filter((c) => c !== 'synced_at');
    // A row the hub sends unchanged is not written again: the hourly full sync of a day then
    // writes (and fsyncs) only what changed, not every row of it. synced_at is when the row's
    // data last came from the hub; when the day was last synced is synced_days'.
    this.upsert = db.prepare<unknown[]>(`
      INSERT INTO appointments (${CACHED_COLUMNS.join(', ')})
      VALUES (${CACHED_COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT (id) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}
      WHERE (${data.map((c) => `appointments.${c}`).join(', ')}) IS NOT (${data.map((c) => `excluded.${c}`).join(', ')})
    `);
    // json_each over a JSON array of kept ids: one statement whatever the day's size.
    this.deleteMissing = db.prepare<[string, string, string, string]>(`
      DELETE FROM appointments
      WHERE kep_id = ? AND starts_at >= ? AND starts_at < ?
        AND id NOT IN (SELECT value FROM json_each(?))
    `);
    this.selectDay = db.prepare<[string, string, string], StoredRow>(`
      SELECT ${STORED_COLUMN_LIST} FROM appointments
      WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id
    `);
    this.markDaySynced = db.prepare<[string, string, string]>(`
      INSERT INTO synced_days (kep_id, date, synced_at) VALUES (?, ?, ?)
      ON CONFLICT (kep_id, date) DO UPDATE SET synced_at = excluded.synced_at
    `);
  }

  /**
   * Makes the cached day of `kepId` exactly what the hub served, in one transaction: a reader
   * sees the old day or the new one, never a mix.
   */
  replaceDay(kepId: string, date: IsoDate, appointments: readonly Appointment[], syncedAt: string): void {
    const { start, end } = athensDayRange(date);
    this.days.clear();
    this.db.transaction(() => {
      // Before the upserts, the same rows go (the day's rows the hub no longer lists), but only
      // the old day is scanned: on a fresh cache nothing, not the 2,000 rows just written.
      this.deleteMissing.run(kepId, start.toISOString(), end.toISOString(), JSON.stringify(appointments.map((a) => a.id)));
      for (const a of appointments) this.upsert.run(toParams(a, syncedAt));
      this.markDaySynced.run(kepId, date, syncedAt);
    })();
  }

  /** Stores bookings the hub changed, wherever they now fall. */
  upsertMany(appointments: readonly Appointment[], syncedAt: string): void {
    if (appointments.length > 0) this.days.clear();
    for (const a of appointments) this.upsert.run(toParams(a, syncedAt));
  }

  /** The KEP's staff, as the hub last listed them. */
  replaceStaff(kepId: string, staff: ReadonlyArray<{ id: string; displayName: string; role: string }>): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM staff WHERE kep_id = ?').run(kepId);
      const insert = this.db.prepare('INSERT INTO staff (id, kep_id, display_name, role) VALUES (?, ?, ?, ?)');
      for (const s of staff) insert.run(s.id, kepId, s.displayName, s.role);
    })();
  }

  listStaff(kepId: string): Array<{ id: string; displayName: string; role: Role }> {
    return this.db
      .prepare<[string], { id: string; displayName: string; role: Role }>(
        'SELECT id, display_name AS displayName, role FROM staff WHERE kep_id = ? ORDER BY display_name',
      )
      .all(kepId);
  }

  belongsTo(appointmentId: string, kepId: string): boolean {
    return this.db.prepare('SELECT 1 FROM appointments WHERE id = ? AND kep_id = ?').get(appointmentId, kepId) !== undefined;
  }

  /** One of the KEP's cached appointments, or null. */
  get(appointmentId: string, kepId: string): Appointment | null {
    const row = this.db
      .prepare<[string, string], StoredRow>(`SELECT ${STORED_COLUMN_LIST} FROM appointments WHERE id = ? AND kep_id = ?`)
      .get(appointmentId, kepId);
    return row ? fromRow(row) : null;
  }

  /** A change made here shows at once: the booking's new status (the hub's copy follows once it has the change). */
  setStatus(appointmentId: string, status: AppointmentStatus, reason?: string): void {
    this.days.clear();
    if (reason === undefined) this.db.prepare('UPDATE appointments SET status = ? WHERE id = ?').run(status, appointmentId);
    else this.db.prepare('UPDATE appointments SET status = ?, status_reason = ? WHERE id = ?').run(status, reason, appointmentId);
  }

  /** A booking moved here, shown at once. */
  reschedule(appointmentId: string, startsAt: string, endsAt: string, reason: string): void {
    this.days.clear();
    this.db
      .prepare('UPDATE appointments SET starts_at = ?, ends_at = ?, status_reason = ? WHERE id = ?')
      .run(canonicalInstant(startsAt), canonicalInstant(endsAt), reason, appointmentId);
  }

  /** Appointments that ended before `cutoff`, but those to `keep`, with what the daily figures count of them. */
  endedBefore(cutoff: string, keep: ReadonlySet<string>): Array<{ id: string; kepId: string; startsAt: string; category: number; status: string }> {
    return this.db
      .prepare<[string, string], { id: string; kepId: string; startsAt: string; category: number; status: string }>(
        'SELECT id, kep_id AS kepId, starts_at AS startsAt, category, status FROM appointments WHERE ends_at < ? AND id NOT IN (SELECT value FROM json_each(?))',
      )
      .all(cutoff, JSON.stringify([...keep]));
  }

  remove(appointmentId: string): void {
    this.days.clear();
    this.db.prepare('DELETE FROM appointments WHERE id = ?').run(appointmentId);
  }

  /**
   * The cached day, unchecked: its rows were checked where they entered the desk (the hub's
   * answer at sync, the renderer's changes at the router). The appointments are shared with
   * later calls: callers must not change them.
   */
  listDay(kepId: string, date: IsoDate): Appointment[] {
    const key = `${kepId} ${date}`;
    const known = this.days.get(key);
    if (known) return [...known];
    const { start, end } = athensDayRange(date);
    const day = this.selectDay.all(kepId, start.toISOString(), end.toISOString()).map((r) => withBookedBy(columnsToAppointment(r), r));
    // Inside a transaction the rows may yet be rolled back: not kept.
    if (!this.db.inTransaction) this.days.set(key, day);
    return [...day];
  }
}
