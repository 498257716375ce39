import { randomUUID } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { AppError } from '../../../src-shared/errors';
import type { SessionUser } from '../../../src-shared/protocol/hub-api';
import type { HubStore } from '../store/hub-store';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

interface UserRow {
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

export interface KepUser extends SessionUser {
  kepId: string;
}

const toUser = (r: UserRow): KepUser => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role, kepId: r.kep_id });

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('invalid_input', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export async function addUser(
  store: HubStore,
  input: { kepId: string; username: string; displayName: string; role: Role; password: string },
): Promise<KepUser> {
  if (!store.getKep(input.kepId)) throw new AppError('not_found', `There is no KEP with id "${input.kepId}".`);
  if (!/^[a-z0-9._-]{3,64}$/i.test(input.username)) {
    throw new AppError('invalid_input', 'A username has 3–64 letters, digits, dots, dashes or underscores.');
  }
  checkPassword(input.password);
  const row = {
    id: randomUUID(),
    kep_id: input.kepId,
    username: input.username,
    display_name: input.displayName,
    role: input.role,
    password_hash: await hashPassword(input.password),
    created_at: new Date().toISOString(),
  };
  try {
    store.db
      .prepare(
        `INSERT INTO users (id, kep_id, username, display_name, role, password_hash, created_at)
         VALUES (@id, @kep_id, @username, @display_name, @role, @password_hash, @created_at)`,
      )
      .run(row);
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new AppError('conflict', `The username "${input.username}" is taken.`);
    throw error;
  }
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, kepId: row.kep_id };
}

/** Sets a new password, unlocks the account and ends its sessions. */
export async function resetPassword(store: HubStore, username: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  const user = store.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE username = ?').get(username);
  if (!user) throw new AppError('not_found', `There is no user "${username}".`);
  store.db.transaction(() => {
    store.db.prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(hash, user.id);
    store.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), user.id);
  })();
}

export function findUser(store: HubStore, id: string): KepUser | null {
  const row = store.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL').get(id);
  return row ? toUser(row) : null;
}

/**
 * Checks a password for a user of `kepId`. Wrong passwords count towards a temporary lockout;
 * the answer for an unknown user and a wrong password is the same, so names cannot be probed.
 */
export async function authenticate(store: HubStore, kepId: string, username: string, password: string): Promise<KepUser> {
  const refused = new AppError('unauthorized', 'Wrong username or password.');
  const row = store.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
  if (!row || row.kep_id !== kepId || row.disabled_at) {
    await verifyPassword(password, DUMMY_HASH); // same cost as a real check
    throw refused;
  }
  const now = new Date();
  if (row.locked_until && row.locked_until > now.toISOString()) {
    throw new AppError('locked', `Too many wrong passwords. The account is locked until ${row.locked_until}; IT can unlock it sooner.`);
  }
  if (await verifyPassword(password, row.password_hash)) {
    store.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
    return toUser(row);
  }
  const failed = row.failed_attempts + 1;
  const lock = failed >= MAX_FAILED_ATTEMPTS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  store.db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : failed, lock, row.id);
  if (lock) throw new AppError('locked', `Too many wrong passwords. The account is locked until ${lock}; IT can unlock it sooner.`);
  throw refused;
}

// A valid hash of a random password, so that unknown users cost as much time as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
