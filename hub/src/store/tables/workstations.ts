import type { StatementCache } from '../statement-cache';

export interface Workstation {
  id: string;
  kepId: string;
  label: string;
}

/** Owns `workstations`: enrolled desks, each known by the hash of its credential. */
export class WorkstationsTable {
  constructor(private readonly sql: StatementCache) {}

  insert(workstation: Workstation, tokenHash: string, createdAt: string): void {
    this.sql
      .prepare('INSERT INTO workstations (id, kep_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(workstation.id, workstation.kepId, workstation.label, tokenHash, createdAt);
  }

  /** The workstation whose credential hashes to `tokenHash`, unless it was revoked. */
  findByTokenHash(tokenHash: string): Workstation | null {
    return (
      this.sql
        .prepare<[string], Workstation>('SELECT id, kep_id AS kepId, label FROM workstations WHERE token_hash = ? AND revoked_at IS NULL')
        .get(tokenHash) ?? null
    );
  }

  /** A KEP's workstations that still hold a valid credential, by label. */
  listOfKep(kepId: string): Workstation[] {
    return this.sql
      .prepare<[string], Workstation>('SELECT id, kep_id AS kepId, label FROM workstations WHERE kep_id = ? AND revoked_at IS NULL ORDER BY label, id')
      .all(kepId);
  }
}
