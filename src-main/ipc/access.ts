import type { Access } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import type { ErrorInfo } from '../../src-shared/errors';

/**
 * The one reading of a channel's or an event's `access` rule: null when the role may use it,
 * otherwise why not (no one signed in, or a role it is not for).
 */
export function accessDenied(access: Access, role: Role | null): ErrorInfo | null {
  if (access === 'public') return null;
  if (!role) return { code: 'unauthorized', message: 'Sign in first.' };
  if (!access.includes(role)) return { code: 'forbidden', message: `The ${role} role may not do this.` };
  return null;
}
