import type { StatementCache } from '../statement-cache';

export interface EnrolmentCodeRow {
  kep_id: string;
  expires_at: string;
  used_at: string | null;
}

/** Owns `enrolment_codes`, each kept by the hash of the code. */
export class EnrolmentCodesTable {
  constructor(private readonly sql: StatementCache) {}

  insert(codeHash: string, kepId: string, createdAt: string, expiresAt: string): void {
    this.sql.prepare('INSERT INTO enrolment_codes (code_hash, kep_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(codeHash, kepId, createdAt, expiresAt);
  }

  find(codeHash: string): EnrolmentCodeRow | null {
    return this.sql.prepare<[string], EnrolmentCodeRow>('SELECT kep_id, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?').get(codeHash) ?? null;
  }

  markUsed(codeHash: string, workstationId: string, at: string): void {
    this.sql.prepare('UPDATE enrolment_codes SET used_at = ?, workstation_id = ? WHERE code_hash = ?').run(at, workstationId, codeHash);
  }
}
