import type { BookableKep, KepSchedule } from '../../../../src-shared/protocol/booking';
import type { Kep, KepInput } from '../../../../src-shared/protocol/hub-api';
import type { StatementCache } from '../statement-cache';

/** A KEP's schedule as its row holds it; its closed dates are `kep_closed_dates`'. */
export type KepHours = Omit<KepSchedule, 'closedDates'>;

interface ScheduleRow {
  video_service: number;
  municipality: string;
  desks: number;
  slot_minutes: number;
  opening_hours: string;
}

/** Owns `keps`. */
export class KepsTable {
  constructor(private readonly sql: StatementCache) {}

  /** A new KEP's municipality is its name until IT sets its schedule. */
  upsert(kep: KepInput): void {
    this.sql
      .prepare(
        `INSERT INTO keps (id, name, postal_address, municipality) VALUES (@id, @name, @postalAddress, @name)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, postal_address = coalesce(excluded.postal_address, keps.postal_address)`,
      )
      .run({ id: kep.id, name: kep.name, postalAddress: kep.postalAddress ?? null });
  }

  get(id: string): Kep | null {
    return this.sql.prepare<[string], Kep>('SELECT id, name, postal_address AS postalAddress FROM keps WHERE id = ?').get(id) ?? null;
  }

  list(): Kep[] {
    return this.sql.prepare<[], Kep>('SELECT id, name, postal_address AS postalAddress FROM keps ORDER BY id').all();
  }

  /** The KEPs that take video appointments, by municipality and name. */
  bookable(): BookableKep[] {
    return this.sql.prepare<[], BookableKep>('SELECT id, name, municipality FROM keps WHERE video_service = 1 ORDER BY municipality, name, id').all();
  }

  hours(id: string): KepHours | null {
    const row = this.sql
      .prepare<[string], ScheduleRow>('SELECT video_service, municipality, desks, slot_minutes, opening_hours FROM keps WHERE id = ?')
      .get(id);
    if (!row) return null;
    return {
      videoService: row.video_service === 1,
      municipality: row.municipality,
      desks: row.desks,
      slotMinutes: row.slot_minutes,
      hours: JSON.parse(row.opening_hours) as KepHours['hours'],
    };
  }

  /** False when there is no such KEP. */
  setHours(id: string, hours: KepHours): boolean {
    return (
      this.sql
        .prepare('UPDATE keps SET video_service = ?, municipality = ?, desks = ?, slot_minutes = ?, opening_hours = ? WHERE id = ?')
        .run(hours.videoService ? 1 : 0, hours.municipality, hours.desks, hours.slotMinutes, JSON.stringify(hours.hours), id).changes === 1
    );
  }

  /** The update channel the KEP's desks follow (`stable` unless IT moved it), or null for an unknown KEP. */
  channel(id: string): string | null {
    return this.sql.prepare<[string], { channel: string }>('SELECT update_channel AS channel FROM keps WHERE id = ?').get(id)?.channel ?? null;
  }

  /** False when there is no such KEP. */
  setChannel(id: string, channel: string): boolean {
    return this.sql.prepare('UPDATE keps SET update_channel = ? WHERE id = ?').run(channel, id).changes === 1;
  }
}
