import type { StatementCache } from '../statement-cache';

/** Owns `revoked_join_links`: the ids (`jti`) of links that no longer open anything. */
export class RevokedJoinLinksTable {
  constructor(private readonly sql: StatementCache) {}

  has(linkId: string): boolean {
    return this.sql.prepare('SELECT 1 FROM revoked_join_links WHERE link_id = ?').get(linkId) !== undefined;
  }

  /** Revoking a link twice keeps the first revocation. */
  add(linkId: string, appointmentId: string, at: string): void {
    this.sql
      .prepare('INSERT INTO revoked_join_links (link_id, appointment_id, revoked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(linkId, appointmentId, at);
  }
}
