import type { Role } from '../../../../src-shared/domain/roles';
import type { StatementCache } from '../statement-cache';

/**
 * A user as the store keeps it. `failed_attempts` and `locked_until` are left from when wrong
 * passwords locked the account; they are no longer read, and a password reset still clears them.
 */
export interface UserRow {
  id: string;
  kep_id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  disabled_at: string | null;
}

export type NewUserRow = Pick<UserRow, 'id' | 'kep_id' | 'username' | 'display_name' | 'role' | 'password_hash'> & { created_at: string };

export interface StaffMember {
  id: string;
  displayName: string;
  role: Role;
}

/** Owns `users`: a KEP's staff accounts. */
export class UsersTable {
  constructor(private readonly sql: StatementCache) {}

  /** Throws SQLite's UNIQUE constraint error when the username is taken. */
  insert(row: NewUserRow): void {
    this.sql
      .prepare<NewUserRow>(
        `INSERT INTO users (id, kep_id, username, display_name, role, password_hash, created_at)
         VALUES (@id, @kep_id, @username, @display_name, @role, @password_hash, @created_at)`,
      )
      .run(row);
  }

  /** An account that is not disabled. */
  findActive(id: string): UserRow | null {
    return this.sql.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL').get(id) ?? null;
  }

  /** Any account with this username, disabled ones too. */
  findByUsername(username: string): UserRow | null {
    return this.sql.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username) ?? null;
  }

  /** Sets the password and clears what the old account lock left. */
  setPassword(id: string, passwordHash: string): void {
    this.sql.prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(passwordHash, id);
  }

  /** A KEP's active staff, for assignment. */
  listStaff(kepId: string): StaffMember[] {
    return this.sql
      .prepare<[string], StaffMember>('SELECT id, display_name AS displayName, role FROM users WHERE kep_id = ? AND disabled_at IS NULL ORDER BY display_name')
      .all(kepId);
  }
}
