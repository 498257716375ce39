import type { Role } from './roles';

/** Which roles may make each kind of change to an appointment; the app and the hub both check it. */
export const CHANGE_ROLES = {
  'work.assign': ['supervisor'],
  'work.prepare': ['employee', 'supervisor'],
  'work.notes': ['employee', 'supervisor'],
  'work.noShow': ['employee', 'supervisor'],
  'work.noShowUndo': ['employee', 'supervisor'],
  'call.end': ['employee', 'supervisor'],
  'verification.fail': ['employee', 'supervisor'],
  'booking.cancel': ['supervisor'],
  'booking.reschedule': ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type ChangeKind = keyof typeof CHANGE_ROLES;

export function mayChange(role: Role, kind: ChangeKind): boolean {
  return (CHANGE_ROLES[kind] as readonly Role[]).includes(role);
}

/** A no-show can be recorded this long after the slot starts. */
export const NO_SHOW_GRACE_MINUTES = 10;
