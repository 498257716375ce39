import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppointmentStore } from '../../src-main/appointments/appointment-store';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { Appointment } from '../../src-shared/domain/appointment';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { APPOINTMENT_COLUMNS, appointmentToColumns } from '../../src-shared/sqlite/appointment-row';

/**
 * The app's own write of a synced day: AppointmentStore.replaceDay on a freshly migrated cache
 * in `dir` (opened and prepared outside the clock). Milliseconds, commit and fsync included.
 */
export function timeReplaceDay(dir: string, kepId: string, date: IsoDate, appointments: readonly Appointment[]): number {
  mkdirSync(dir, { recursive: true });
  const db = openAppDatabase(dir);
  try {
    const store = new AppointmentStore(db);
    const syncedAt = new Date().toISOString();
    const started = performance.now();
    store.replaceDay(kepId, date, appointments, syncedAt);
    const ms = performance.now() - started;
    const stored = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM appointments').get()?.n;
    if (stored !== appointments.length) throw new Error(`replaceDay stored ${stored} rows, not ${appointments.length}.`);
    return ms;
  } finally {
    db.close();
  }
}

const BARE_COLUMNS = [...APPOINTMENT_COLUMNS, 'synced_at'] as const;

/** The same rows as positional parameters, computed before the clock starts. */
export function bareRows(appointments: readonly Appointment[], syncedAt: string): unknown[][] {
  return appointments.map((a) => {
    const columns: Record<string, unknown> = { ...appointmentToColumns(a), synced_at: syncedAt };
    return BARE_COLUMNS.map((c) => columns[c]);
  });
}

/**
 * The floor for that write: bare better-sqlite3 on a fresh file with the same pragmas as the app
 * (WAL, synchronous FULL), a plain table with the same columns (no constraints, no index), the
 * rows inserted with one prepared statement in one transaction. Milliseconds, commit included.
 */
export function timeBareInsert(file: string, rows: readonly unknown[][]): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE appointments (${BARE_COLUMNS.join(', ')})`);
    const insert = db.prepare(`INSERT INTO appointments VALUES (${BARE_COLUMNS.map(() => '?').join(', ')})`);
    const started = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    const ms = performance.now() - started;
    const stored = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM appointments').get()?.n;
    if (stored !== rows.length) throw new Error(`The bare insert stored ${stored} rows, not ${rows.length}.`);
    return ms;
  } finally {
    db.close();
  }
}
