import { randomUUID } from 'node:crypto';
import type { Role } from '../../../src-shared/domain/roles';
import { AppError } from '../../../src-shared/errors';
import type { SessionUser } from '../../../src-shared/protocol/hub-api';
import type { HubStore, Workstation } from '../store/hub-store';
import type { UserRow } from '../store/tables/users';
import { endActorKeys } from './actor-keys';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { SignInThrottle } from './sign-in-throttle';

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
    store.users.insert(row);
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new AppError('conflict', `The username "${input.username}" is taken.`);
    throw error;
  }
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, kepId: row.kep_id };
}

/** Sets a new password and ends the account's sessions. */
export async function resetPassword(store: HubStore, username: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  const user = store.users.findByUsername(username);
  if (!user) throw new AppError('not_found', `There is no user "${username}".`);
  store.transaction(() => {
    store.users.setPassword(user.id, hash);
    store.refreshTokens.revokeAllOfUser(user.id, new Date().toISOString());
    // A reset usually means the password leaked: a key taken with it must sign nothing new.
    endActorKeys(store, { userId: user.id });
  });
}

export function findUser(store: HubStore, id: string): KepUser | null {
  const row = store.users.findActive(id);
  return row ? toUser(row) : null;
}

// One throttle per hub (its store), so that two hubs in one process (tests) count apart.
const throttles = new WeakMap<HubStore, SignInThrottle>();

function throttleOf(store: HubStore): SignInThrottle {
  let throttle = throttles.get(store);
  if (!throttle) throttles.set(store, (throttle = new SignInThrottle()));
  return throttle;
}

/**
 * Checks a password for a user of the workstation's KEP. Guessing is slowed per workstation
 * (SignInThrottle), not by locking the account. Whether the name exists, belongs to another KEP
 * or is disabled never changes the answer: `unauthorized` for a wrong name or password,
 * `rate_limited` when the workstation has tried too many, decided before the name is looked up.
 */
export async function authenticate(store: HubStore, workstation: Pick<Workstation, 'id' | 'kepId'>, username: string, password: string): Promise<KepUser> {
  const attempt = throttleOf(store).attempt(workstation.id, username);
  if (!attempt) throw new AppError('rate_limited', 'Too many attempts; wait a minute and try again.');
  const refused = new AppError('unauthorized', 'Wrong username or password.');
  const row = store.users.findByUsername(username);
  if (!row || row.kep_id !== workstation.kepId || row.disabled_at) {
    await verifyPassword(password, DUMMY_HASH); // same cost as a real check
    throw refused;
  }
  if (!(await verifyPassword(password, row.password_hash))) throw refused;
  attempt.succeeded();
  return toUser(row);
}

// A valid hash of a random password, so that unknown users cost as much time as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
