import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';
import { CATALOGUE_V19 } from './019-catalogue-data';

/**
 * Booking (issue 17). The catalogue becomes data: the agency's name, its categories and its
 * services with the documents each needs, seeded with the KEP catalogue the code carried until
 * now. A service is withdrawn (active = 0), never deleted: appointments keep its code.
 *
 * Each KEP gets a schedule. Existing KEPs were already holding video appointments, so they keep
 * offering them, on the hours the demo days were seeded with (Mon–Fri 08:00–15:00, 20-minute
 * slots), with 2 desks, and their name as the municipality until IT sets it (`kep-schedule`).
 *
 * Appointments record who booked them: online, or at a desk by a named employee; null for
 * those imported or seeded before.
 */
export const m019BookingCatalogueSchedules: Migration<HubDatabase> = {
  version: 19,
  name: 'booking-catalogue-schedules',
  up(db) {
    db.exec(`
      CREATE TABLE catalogue_agency (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name_el TEXT NOT NULL,
        name_en TEXT NOT NULL
      ) STRICT;
      CREATE TABLE catalogue_categories (
        code INTEGER PRIMARY KEY CHECK (code BETWEEN 1 AND 4),
        name_el TEXT NOT NULL,
        name_en TEXT NOT NULL,
        interpreter_offered INTEGER NOT NULL CHECK (interpreter_offered IN (0, 1))
      ) STRICT;
      CREATE TABLE catalogue_services (
        code TEXT PRIMARY KEY,
        category INTEGER NOT NULL REFERENCES catalogue_categories (code),
        name_el TEXT NOT NULL,
        name_en TEXT NOT NULL,
        documents TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        position INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE keps ADD COLUMN video_service INTEGER NOT NULL DEFAULT 1 CHECK (video_service IN (0, 1));
      ALTER TABLE keps ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
      ALTER TABLE keps ADD COLUMN desks INTEGER NOT NULL DEFAULT 2 CHECK (desks BETWEEN 1 AND 50);
      ALTER TABLE keps ADD COLUMN slot_minutes INTEGER NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 120);
      ALTER TABLE keps ADD COLUMN opening_hours TEXT NOT NULL
        DEFAULT '{"1":[{"opens":"08:00","closes":"15:00"}],"2":[{"opens":"08:00","closes":"15:00"}],"3":[{"opens":"08:00","closes":"15:00"}],"4":[{"opens":"08:00","closes":"15:00"}],"5":[{"opens":"08:00","closes":"15:00"}]}';
      UPDATE keps SET municipality = name;

      CREATE TABLE kep_closed_dates (
        kep_id TEXT NOT NULL REFERENCES keps (id),
        date TEXT NOT NULL,
        PRIMARY KEY (kep_id, date)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE appointments ADD COLUMN booked_via TEXT CHECK (booked_via IN ('online', 'desk'));
      ALTER TABLE appointments ADD COLUMN booked_by_name TEXT;
    `);
    db.prepare('INSERT INTO catalogue_agency (id, name_el, name_en) VALUES (1, ?, ?)').run(CATALOGUE_V19.agency.el, CATALOGUE_V19.agency.en);
    const category = db.prepare('INSERT INTO catalogue_categories (code, name_el, name_en, interpreter_offered) VALUES (?, ?, ?, ?)');
    for (const row of CATALOGUE_V19.categories) category.run(...row);
    const service = db.prepare('INSERT INTO catalogue_services (code, category, name_el, name_en, documents, active, position) VALUES (?, ?, ?, ?, ?, 1, ?)');
    CATALOGUE_V19.services.forEach((row, position) => service.run(...row, position));
  },
};
