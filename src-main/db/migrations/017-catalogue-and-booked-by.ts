import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/**
 * The booking catalogue as the hub last served it (issue 17): categories and services are data on
 * the hub, so the desk keeps the last good copy to name services while the hub is away. One row:
 * a newer catalogue replaces the older whole. And who booked each cached appointment: `booked_via`
 * online or desk, with the employee's name for a desk booking; both null for imported bookings.
 */
export const m017CatalogueAndBookedBy: Migration<SqliteDatabase> = {
  version: 17,
  name: 'catalogue-and-booked-by',
  up(db) {
    db.exec(`
      CREATE TABLE catalogue_cache (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        catalogue TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE appointments ADD COLUMN booked_via TEXT CHECK (booked_via IN ('online', 'desk'));
      ALTER TABLE appointments ADD COLUMN booked_by_name TEXT;
    `);
  },
};
