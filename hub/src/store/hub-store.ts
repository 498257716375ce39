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
} from '../../../src-shared/sqlite/appointment-row';
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
      for (const a of appointments) insert.run({ ...appointmentToColumns(a), created_at: createdAt });
    })();
  }

  getAppointment(id: string): Appointment | null {
    const row = this
      .prepare<[string], AppointmentColumns>(`SELECT ${APPOINTMENT_COLUMN_LIST} FROM appointments WHERE id = ?`)
      .get(id);
    return row ? appointmentFromColumns(row) : null;
  }

  /** Changes a booking's status (e.g. cancelled); its join links stop working with it. */
  setAppointmentStatus(id: string, status: Appointment['status']): void {
    this.prepare('UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?').run(status, new Date().toISOString(), id);
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
