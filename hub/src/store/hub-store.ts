import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { athensDayRange, type IsoDate } from '../../../src-shared/domain/athens-time';
import type { Kep } from '../../../src-shared/protocol/hub-api';
import { migrate } from '../../../src-shared/sqlite/migrations';
import {
  APPOINTMENT_COLUMN_LIST,
  APPOINTMENT_PARAM_LIST,
  type AppointmentColumns,
  appointmentFromColumns,
  appointmentToColumns,
  canonicalInstant,
} from '../../../src-shared/sqlite/appointment-row';
import type { AppointmentWork } from '../../../src-shared/protocol/changes';
import { UPSERT_WORK_SQL, type WorkColumns, workFromColumns } from '../../../src-shared/sqlite/work-row';
import type { Role } from '../../../src-shared/domain/roles';
import { HUB_MIGRATIONS } from './migrations';
import { type HubDatabase, openHubDatabase } from './open-database';

export const HUB_DATABASE_FILE = 'hub.sqlite';

export interface Workstation {
  id: string;
  kepId: string;
  label: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The hub's data: KEPs, enrolled workstations and booked appointments. */
export class HubStore {
  readonly db: HubDatabase;
  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once: some of these run for every connection and every token check. */
  private prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P extends unknown[] ? P : [P], R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P extends unknown[] ? P : [P], R>;
  }

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.db = openHubDatabase(join(dataDir, HUB_DATABASE_FILE));
    try {
      migrate(this.db, HUB_MIGRATIONS);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  upsertKep(kep: Kep): void {
    this
      .prepare('INSERT INTO keps (id, name) VALUES (@id, @name) ON CONFLICT (id) DO UPDATE SET name = excluded.name')
      .run(kep);
  }

  getKep(id: string): Kep | null {
    return this.prepare<[string], Kep>('SELECT id, name FROM keps WHERE id = ?').get(id) ?? null;
  }

  listKeps(): Kep[] {
    return this.prepare<[], Kep>('SELECT id, name FROM keps ORDER BY id').all();
  }

  /** Creates a workstation credential for a KEP. The token is returned once and stored hashed. */
  addWorkstation(kepId: string, label: string, token: string = randomBytes(32).toString('base64url')): { workstation: Workstation; token: string } {
    if (!this.getKep(kepId)) throw new Error(`There is no KEP with id "${kepId}".`);
    const workstation = { id: randomUUID(), kepId, label };
    this
      .prepare('INSERT INTO workstations (id, kep_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(workstation.id, kepId, label, hashToken(token), new Date().toISOString());
    return { workstation, token };
  }

  findWorkstationByToken(token: string): Workstation | null {
    return (
      this
        .prepare<[string], Workstation>(
          'SELECT id, kep_id AS kepId, label FROM workstations WHERE token_hash = ? AND revoked_at IS NULL',
        )
        .get(hashToken(token)) ?? null
    );
  }

  insertAppointments(appointments: readonly Appointment[]): void {
    const insert = this.prepare<AppointmentColumns & { created_at: string }>(
      `INSERT INTO appointments (${APPOINTMENT_COLUMN_LIST}, created_at) VALUES (${APPOINTMENT_PARAM_LIST}, @created_at)`,
    );
    const createdAt = new Date().toISOString();
    this.db.transaction(() => {
      for (const a of appointments) {
        insert.run({ ...appointmentToColumns(a), created_at: createdAt });
        this.recordChange(a.kepId, a.id);
      }
    })();
  }

  getAppointment(id: string): Appointment | null {
    const row = this
      .prepare<[string], AppointmentColumns>(`SELECT ${APPOINTMENT_COLUMN_LIST} FROM appointments WHERE id = ?`)
      .get(id);
    return row ? appointmentFromColumns(row) : null;
  }

  /** Changes a booking's status (e.g. cancelled, with the reason); its join links stop working with it. */
  setAppointmentStatus(id: string, status: Appointment['status'], reason: string | null = null): void {
    const appointment = this.getAppointment(id);
    if (!appointment) return;
    this.db.transaction(() => {
      this.prepare('UPDATE appointments SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, new Date().toISOString(), id);
      this.recordChange(appointment.kepId, id);
    })();
  }

  /** Moves a booking to another slot; its join links follow the new times. */
  rescheduleAppointment(id: string, startsAt: string, endsAt: string, reason: string): void {
    const appointment = this.getAppointment(id);
    if (!appointment) return;
    this.db.transaction(() => {
      this.prepare('UPDATE appointments SET starts_at = ?, ends_at = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
        canonicalInstant(startsAt),
        canonicalInstant(endsAt),
        reason,
        new Date().toISOString(),
        id,
      );
      this.recordChange(appointment.kepId, id);
    })();
  }

  /** Appends to the change feed; call inside the transaction that made the change. */
  recordChange(kepId: string, appointmentId: string): void {
    this.prepare('INSERT INTO appointment_changes (kep_id, appointment_id, at) VALUES (?, ?, ?)').run(kepId, appointmentId, new Date().toISOString());
  }

  /** The newest position of the change feed (0 when nothing has changed yet). */
  latestChange(): number {
    return this.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM appointment_changes').get()?.seq ?? 0;
  }

  /** KEPs with changes after `since`. */
  kepsChangedSince(since: number): string[] {
    return this.prepare<[number], { kep_id: string }>('SELECT DISTINCT kep_id FROM appointment_changes WHERE seq > ?').all(since).map((r) => r.kep_id);
  }

  /** Ids of a KEP's appointments changed after `since`. */
  appointmentsChangedSince(kepId: string, since: number): string[] {
    return this.prepare<[string, number], { appointment_id: string }>(
      'SELECT DISTINCT appointment_id FROM appointment_changes WHERE kep_id = ? AND seq > ?',
    )
      .all(kepId, since)
      .map((r) => r.appointment_id);
  }

  /** A KEP's active staff, for assignment. */
  listStaff(kepId: string): Array<{ id: string; displayName: string; role: Role }> {
    return this.prepare<[string], { id: string; displayName: string; role: Role }>(
      'SELECT id, display_name AS displayName, role FROM users WHERE kep_id = ? AND disabled_at IS NULL ORDER BY display_name',
    ).all(kepId);
  }

  getWork(appointmentIds: readonly string[]): AppointmentWork[] {
    return this.prepare<[string], WorkColumns>('SELECT * FROM appointment_work WHERE appointment_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(appointmentIds))
      .map(workFromColumns);
  }

  /** Sets some of an appointment's work fields; the rest keep their values. */
  updateWork(appointment: Appointment, patch: Partial<Omit<AppointmentWork, 'appointmentId' | 'updatedAt'>>): void {
    const current = this.getWork([appointment.id])[0];
    const next: AppointmentWork = {
      appointmentId: appointment.id,
      assignedTo: current?.assignedTo ?? null,
      preparedAt: current?.preparedAt ?? null,
      notes: current?.notes ?? '',
      noShowAt: current?.noShowAt ?? null,
      callOutcome: current?.callOutcome ?? null,
      callEndedAt: current?.callEndedAt ?? null,
      ...patch,
      updatedAt: new Date().toISOString(),
    };
    this.prepare(UPSERT_WORK_SQL).run(next);
    this.recordChange(appointment.kepId, appointment.id);
  }

  countAppointments(kepId: string, date: IsoDate): number {
    const { start, end } = athensDayRange(date);
    const row = this
      .prepare<[string, string, string], { n: number }>(
        'SELECT count(*) AS n FROM appointments WHERE kep_id = ? AND starts_at >= ? AND starts_at < ?',
      )
      .get(kepId, start.toISOString(), end.toISOString());
    return row?.n ?? 0;
  }

  listAppointments(kepId: string, date: IsoDate): Appointment[] {
    const { start, end } = athensDayRange(date);
    return this
      .prepare<[string, string, string], AppointmentColumns>(
        `SELECT ${APPOINTMENT_COLUMN_LIST} FROM appointments
         WHERE kep_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id`,
      )
      .all(kepId, start.toISOString(), end.toISOString())
      .map(appointmentFromColumns);
  }
}
