import type { CitizenIdentity } from '../../../../src-shared/protocol/booking';
import type { StatementCache } from '../statement-cache';

/** Owns `citizen_sessions`. Times in ms since the epoch. */
export class CitizenSessionsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(tokenHash: string, identity: CitizenIdentity, createdAt: number, expiresAt: number): void {
    // Expired sessions go as new ones come: the table stays the size of the people booking now.
    this.sql.prepare('DELETE FROM citizen_sessions WHERE expires_at <= ?').run(createdAt);
    this.sql
      .prepare('INSERT INTO citizen_sessions (token_hash, afm, first_name, last_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(tokenHash, identity.afm, identity.firstName, identity.lastName, createdAt, expiresAt);
  }

  /** The identity of a session still valid at `now`, or null. */
  find(tokenHash: string, now: number): CitizenIdentity | null {
    return (
      this.sql
        .prepare<[string, number], CitizenIdentity>(
          'SELECT afm, first_name AS firstName, last_name AS lastName FROM citizen_sessions WHERE token_hash = ? AND expires_at > ?',
        )
        .get(tokenHash, now) ?? null
    );
  }

  delete(tokenHash: string): void {
    this.sql.prepare('DELETE FROM citizen_sessions WHERE token_hash = ?').run(tokenHash);
  }
}
